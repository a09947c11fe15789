"""Impact figures: what the admin report and the home panel show. No HTTP here.

Every figure is one aggregate query (or a handful of rows grouped in Python), so the
number of queries does not grow with the data.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Site

from ..conf import get_setting
from ..models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Feedback,
    HoursDeclaration,
    ImpactFollowUp,
    MissionPage,
    MissionSkill,
    MissionStatus,
    Organisation,
    PortalSettings,
    Skill,
    SkillCategory,
    VolunteerSkill,
)
from ..models.pages import shown_status_q, taking_applications_q

RESULT_SCORE = {"reached": 1.0, "partly": 0.5, "not_reached": 0.0}


@dataclass
class Impact:
    missions_completed: int = 0
    volunteers_engaged: int = 0
    hours: Decimal = Decimal(0)
    valuation: Decimal = Decimal(0)
    hours_by_category: dict = field(default_factory=dict)
    objectives_reached: float | None = None  # 0..1, from feedback
    rating_volunteers: float | None = None
    rating_beneficiaries: float | None = None
    skills: list = field(default_factory=list)  # rows: skill, supply, demand
    lasting: dict = field(default_factory=dict)  # the follow-ups' answers (``lasting``)


def _mission_filter(prefix, organisation=None, need=None, category=None):
    q = Q()
    if organisation:
        q &= Q(**{f"{prefix}organisation": organisation})
    if need:
        q &= Q(**{f"{prefix}need": need})
    if category:
        q &= Q(**{f"{prefix}skill_items__tag__category": category})
    return q


def main_category(categories):
    """The category most of a mission's skills belong to (ties: alphabetical)."""
    counts = Counter(categories)
    if not counts:
        return SkillCategory.OTHER
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]


def impact(start=None, end=None, organisation=None, need=None, category=None, site=None):
    """Figures for missions matching the filters, over the period [start, end]."""
    end = end or timezone.localdate()
    start = start or datetime.date(1970, 1, 1)
    missions_q = _mission_filter("", organisation, need, category)
    missions = MissionPage.objects.one_per_mission().filter(missions_q).distinct()
    result = Impact()
    result.missions_completed = (
        missions.filter(status=MissionStatus.COMPLETED)
        .filter(Q(end_date__isnull=True) | Q(end_date__range=(start, end)))
        .count()
    )
    in_scope = Application.objects.filter(mission__in=missions.values("pk"))
    engaged = ApplicationEvent.objects.filter(
        application__in=in_scope.values("pk"),
        to_status__in=[ApplicationStatus.ACCEPTED, ApplicationStatus.COMPLETED],
        created_at__date__range=(start, end),
    )
    result.volunteers_engaged = engaged.values("application__volunteer").distinct().count()

    # Hours: the ledger's approved lines dated in the period (lines entered at
    # completion included), the one source the pages and certificates read too.
    hours_by_mission = Counter()
    for row in (
        HoursDeclaration.objects.approved()
        .filter(application__in=in_scope.values("pk"), date__range=(start, end))
        .values("application__mission")
        .annotate(total=Sum("hours"))
    ):
        hours_by_mission[row["application__mission"]] += row["total"] or 0
    skills_by_mission = {}
    for mission_id, skill_category in MissionSkill.objects.filter(
        content_object_id__in=list(hours_by_mission)
    ).values_list("content_object_id", "tag__category"):
        skills_by_mission.setdefault(mission_id, []).append(skill_category)
    rates = _rates(site)
    by_category = Counter()
    for mission_id, hours in hours_by_mission.items():
        by_category[main_category(skills_by_mission.get(mission_id, []))] += Decimal(hours)
    result.hours_by_category = dict(by_category)
    # Two decimals whatever the database (PostgreSQL keeps the scale, SQLite does not).
    result.hours = sum(by_category.values(), Decimal(0)).quantize(Decimal("0.01"))
    result.valuation = sum(
        (hours * rates.get(cat, rates[SkillCategory.OTHER]) for cat, hours in by_category.items()),
        Decimal(0),
    ).quantize(Decimal("0.01"))

    feedback = Feedback.objects.filter(application__in=in_scope.values("pk"), created_at__date__range=(start, end))
    scores = [
        RESULT_SCORE[item["result"]]
        for objectives in feedback.values_list("objectives", flat=True)
        for item in (objectives or {}).values()
        if item.get("result") in RESULT_SCORE
    ]
    result.objectives_reached = sum(scores) / len(scores) if scores else None
    ratings = dict(feedback.values_list("role").annotate(avg=Avg("rating")).values_list("role", "avg"))
    result.rating_volunteers = ratings.get(Feedback.Role.VOLUNTEER)
    result.rating_beneficiaries = ratings.get(Feedback.Role.BENEFICIARY)
    result.skills = supply_and_demand(category=category)
    result.lasting = lasting(missions, start, end)
    return result


def lasting(missions, start, end):
    """What lasted, from the follow-ups answered in the period: how many, how many
    say it is still in use (wholly or partly), and their latest words."""
    answered = ImpactFollowUp.objects.filter(
        mission__in=missions.values("pk"), answered_at__date__range=(start, end)
    ).exclude(still_used="")
    counts = dict(answered.values_list("still_used").annotate(n=Count("pk")).values_list("still_used", "n"))
    labels = dict(ImpactFollowUp.StillUsed.choices)
    return {
        "answered": sum(counts.values()),
        "counts": [(labels[key], counts.get(key, 0)) for key in ImpactFollowUp.StillUsed.values],
        "in_use": counts.get("yes", 0) + counts.get("partly", 0),
        "words": list(
            answered.exclude(what_changed="")
            .select_related("mission", "organisation")
            .order_by("-answered_at", "-pk")[:5]
        ),
    }


def quiet_partnerships(today=None):
    """Organisations that had missions and have not been in touch for
    ``PARTNERSHIP_QUIET_DAYS``: no message, proposal, feedback, follow-up answer or
    mission running since. Oldest silence first: (organisation, last contact day)."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=get_setting("PARTNERSHIP_QUIET_DAYS"))
    organisations = Organisation.objects.filter(
        pk__in=MissionPage.objects.filter(organisation__isnull=False).values("organisation")
    ).annotate(
        last_message=Max("messages__created_at"),
        last_proposal=Max("proposals__created_at"),
        last_answer=Max("impact_followups__answered_at"),
    )
    feedback = dict(
        Feedback.objects.filter(role=Feedback.Role.BENEFICIARY)
        .values_list("application__mission__organisation")
        .annotate(last=Max("created_at"))
    )
    missions = dict(
        MissionPage.objects.filter(organisation__isnull=False)
        .values_list("organisation")
        .annotate(last=Max(Coalesce("end_date", "start_date")))
    )
    quiet = []
    for organisation in organisations:
        days = [
            timezone.localtime(value).date()
            for value in (
                organisation.last_message,
                organisation.last_proposal,
                organisation.last_answer,
                feedback.get(organisation.pk),
            )
            if value
        ]
        if missions.get(organisation.pk):
            days.append(missions[organisation.pk])
        last = max(days) if days else None
        if last is None or last < since:
            quiet.append((organisation, last))
    quiet.sort(key=lambda row: (row[1] or datetime.date.min, row[0].name))
    return quiet


def _rates(site=None):
    site = site or Site.objects.filter(is_default_site=True).first()
    portal = PortalSettings.for_site(site) if site else PortalSettings()
    return portal.hourly_rates


def supply_and_demand(category=None):
    """Per skill: eligible volunteers offering it vs open missions asking for it,
    the largest shortfall first (where to recruit)."""
    supply = dict(
        VolunteerSkill.objects.filter(eligible=True).values_list("tag").annotate(n=Count("pk")).values_list("tag", "n")
    )
    open_missions = MissionPage.objects.live().one_per_mission().filter(taking_applications_q())
    demand = dict(
        MissionSkill.objects.filter(content_object__in=open_missions)
        .values_list("tag")
        .annotate(n=Count("pk"))
        .values_list("tag", "n")
    )
    skills = Skill.objects.filter(pk__in=set(supply) | set(demand))
    if category:
        skills = skills.filter(category=category)
    rows = [{"skill": skill, "supply": supply.get(skill.pk, 0), "demand": demand.get(skill.pk, 0)} for skill in skills]
    rows.sort(key=lambda r: (-r["demand"], r["supply"], r["skill"].name))
    return rows


def home_summary(site=None):
    """The four figures of the admin home panel."""
    today = timezone.localdate()
    year = impact(start=datetime.date(today.year, 1, 1), end=today, site=site)
    return {
        # Open as visitors see it: not full, deadline not passed.
        "open_missions": MissionPage.objects.live()
        .one_per_mission()
        .filter(shown_status_q()[MissionStatus.OPEN])
        .count(),
        "waiting": Application.objects.filter(status=ApplicationStatus.SUBMITTED).count(),
        "hours": year.hours,
        "valuation": year.valuation,
    }
