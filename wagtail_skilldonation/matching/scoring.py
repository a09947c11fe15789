"""The parts of a match's score, each between 0 and 1, and what a match holds: the
ranking (``sql``) computes the same parts in SQL, ``rank_missions`` in Python."""

import math
from dataclasses import dataclass, field

from django.db.models import Q

from ..conf import get_setting
from ..models import MissionPage, Volunteer, WorkFormat
from ..models.places import department, normalise_city

# Active, agreeing to be proposed missions, and not away ("not available until": the
# date is cleared once passed, by ``Volunteer.save`` and the daily ``skilldonation_purge``).
ELIGIBLE = Q(is_active=True, consent_at__isnull=False, unavailable_until__isnull=True)
MASK_BITS = 62  # required skills whose presence fits in one signed 64-bit sum


@dataclass
class Match:
    volunteer: Volunteer
    score: float
    matched_skills: list
    missing_skills: list
    reasons: list = field(default_factory=list)
    applied: str = ""  # the application's status when they already applied
    components: dict = field(default_factory=dict)  # the parts, each in [0, 1]
    raw_score: float = 0.0  # before clamping to [0, 1]

    @property
    def percent(self):
        return round(self.score * 100)


@dataclass
class MissionMatch:
    mission: MissionPage
    score: float
    matched_skills: list
    missing_skills: list
    reasons: list = field(default_factory=list)
    applied: str = ""

    @property
    def percent(self):
        return round(self.score * 100)


def weights():
    configured = get_setting("MATCHING_WEIGHTS")
    parts = ("skills", "format", "place", "availability")
    total = float(sum(configured[k] for k in parts)) or 1.0
    return {
        **{k: configured[k] / total for k in parts},
        "busy_penalty": float(configured["busy_penalty"]),
        "busy_penalty_max": float(configured["busy_penalty_max"]),
    }


def idf(df, n):
    """Rarity weight of a skill held by ``df`` of ``n`` eligible volunteers (≥ 1)."""
    return math.log((n + 1) / (df + 1)) + 1


# Components shared by both directions ----------------------------------------------------


def format_fit(mission_format, volunteer_format):
    if mission_format == WorkFormat.BOTH or volunteer_format == WorkFormat.BOTH:
        return 1.0
    if mission_format == volunteer_format:
        return 1.0
    # An on-site-only volunteer can still be asked to work remotely; not the reverse.
    return 0.5 if mission_format == WorkFormat.REMOTE else 0.0


def place_fit(mission, volunteer_format, postcode, city):
    if mission.format == WorkFormat.REMOTE or (
        mission.format == WorkFormat.BOTH and volunteer_format == WorkFormat.REMOTE
    ):
        return 1.0
    here, postcode = (mission.postcode or "").strip(), (postcode or "").strip()
    town = normalise_city(mission.place)
    if not (here or town):
        return 1.0
    if (here and postcode == here) or (town and normalise_city(city) == town):
        return 1.0
    if here and postcode and department(postcode) == department(here):
        return 0.7
    return 0.0


def hours_needed_per_month(mission):
    months = 1
    if mission.start_date and mission.end_date:
        months = max(1, round((mission.end_date - mission.start_date).days / 30))
    return max(1, math.ceil(mission.estimated_hours / months))


def availability_fit(hours, needed):
    return min(1.0, hours / needed) if needed else 1.0


def busy_penalty(active, w):
    return min(active * w["busy_penalty"], w["busy_penalty_max"])
