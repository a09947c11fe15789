"""The matching's copy of volunteer columns, checked and rebuilt.

``Volunteer.save`` keeps the copy (``match_*`` and ``active_missions`` on the volunteer,
the same columns on each of their skill rows) and status changes recount the active
missions. Paths that skip ``save`` — ``QuerySet.update``, ``bulk_create``, raw SQL,
imports — leave it stale (and the rarity counts with it): ``drift`` counts what is out of step (the system check
``wagtail_skilldonation.W001`` reports it) and ``rebuild`` puts it right
(``manage.py skilldonation_rebuild_matching``).
"""

from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce, Substr, Trim

from ..models import Application, Volunteer, VolunteerSkill
from ..models.places import department, normalise_city
from .scoring import ELIGIBLE
from .statistics import recount, stored_drift

CHUNK = 2000


def _department_sql(column):
    """``department()`` in SQL, for the drift check (the copy stores it spelled out)."""
    overseas = Q(**{f"{column}__startswith": "97"}) | Q(**{f"{column}__startswith": "98"})
    return Case(When(overseas, then=Substr(column, 1, 3)), default=Substr(column, 1, 2))


def drift():
    """How many volunteers and skill rows disagree with what the copy should hold."""
    volunteers = (
        Volunteer.objects.annotate(held=Application.objects.places_held_by("pk"), dept=_department_sql("postcode"))
        .filter(
            ~Q(active_missions=F("held"))
            | ~Q(match_department=F("dept"))
            | ~Q(postcode=Trim("postcode"))
            | (Q(match_city="") & ~Q(city=""))
        )
        .count()
    )
    rows = (
        VolunteerSkill.objects.annotate(
            should_be_eligible=ExpressionWrapper(
                Q(content_object__is_active=True, content_object__consent_at__isnull=False),
                output_field=BooleanField(),
            )
        )
        .exclude(
            eligible=F("should_be_eligible"),
            format=F("content_object__format"),
            postcode=F("content_object__postcode"),
            department=F("content_object__match_department"),
            city=F("content_object__match_city"),
            availability_hours=F("content_object__availability_hours"),
            active_missions=F("content_object__active_missions"),
        )
        .count()
    )
    return {"volunteers": volunteers, "skill_rows": rows, "rarity_counts": stored_drift()}


def rebuild():
    """Recompute the whole copy from the volunteers and their applications; returns
    how many volunteers' place columns changed. Safe to run at any time."""
    changed = 0
    with transaction.atomic():
        # Places need Python (case-folding); read and write in chunks.
        last = 0
        while True:
            chunk = list(
                Volunteer.objects.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", "postcode", "city", "match_department", "match_city")[:CHUNK]
            )
            if not chunk:
                break
            last = chunk[-1][0]
            stale = []
            for pk, postcode, city, dept, town in chunk:
                wanted = ((postcode or "").strip(), department(postcode), normalise_city(city))
                if wanted != (postcode, dept, town):
                    stale.append(Volunteer(pk=pk, postcode=wanted[0], match_department=wanted[1], match_city=wanted[2]))
            Volunteer.objects.bulk_update(stale, ["postcode", "match_department", "match_city"])
            changed += len(stale)
        Volunteer.objects.update(active_missions=Application.objects.places_held_by("pk"))
        source = Volunteer.objects.filter(pk=OuterRef("content_object_id"))
        VolunteerSkill.objects.update(
            eligible=Coalesce(
                Subquery(
                    source.annotate(flag=ExpressionWrapper(ELIGIBLE, output_field=BooleanField())).values("flag")[:1]
                ),
                False,
            ),
            format=Subquery(source.values("format")[:1]),
            postcode=Subquery(source.values("postcode")[:1]),
            department=Subquery(source.values("match_department")[:1]),
            city=Subquery(source.values("match_city")[:1]),
            availability_hours=Subquery(source.values("availability_hours")[:1]),
            active_missions=Subquery(source.values("active_missions")[:1]),
        )
        recount()  # the rarity counts follow the copy's eligibility
    return changed
