"""Lasting impact: a set time after a mission is completed (``IMPACT_FOLLOW_UP_MONTHS``)
its organisation is asked what lasted, once per mission and step (a unique row taken
before the mail is queued: two runs at once ask once). A step found more than
``LATE_BY`` late (the feature turned on over old missions, cron down for months) is
skipped rather than asked out of the blue. Answers feed the impact report and the
partnership summary."""

import calendar
import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from ..conf import get_setting
from ..models import ApplicationEvent, ApplicationStatus, ImpactFollowUp, MissionPage, MissionStatus
from . import emails

LATE_BY = datetime.timedelta(days=60)


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def completed_on(missions):
    """{mission pk: the day it was completed}: its end date, else the day its last
    application was marked completed."""
    last = dict(
        ApplicationEvent.objects.filter(
            application__mission__in=[m.pk for m in missions], to_status=ApplicationStatus.COMPLETED
        )
        .values_list("application__mission")
        .annotate(last=Max("created_at"))
    )
    days = {}
    for mission in missions:
        if mission.end_date:
            days[mission.pk] = mission.end_date
        elif mission.pk in last:
            days[mission.pk] = timezone.localtime(last[mission.pk]).date()
    return days


def due(today=None):
    """``(mission, months)`` for each follow-up due today and not yet asked."""
    today = today or timezone.localdate()
    steps = sorted(set(get_setting("IMPACT_FOLLOW_UP_MONTHS")))
    missions = list(
        MissionPage.objects.one_per_mission()
        .filter(status=MissionStatus.COMPLETED, organisation__isnull=False)
        .exclude(Q(organisation__contact_email="") | Q(organisation__contact_email__isnull=True))
        .select_related("organisation")
    )
    asked = set(ImpactFollowUp.objects.values_list("mission", "months"))
    days = completed_on(missions)
    found = []
    for mission in missions:
        completed = days.get(mission.pk)
        if completed is None:
            continue
        for months in steps:
            day = add_months(completed, months)
            if day <= today < day + LATE_BY and (mission.pk, months) not in asked:
                found.append((mission, months))
    return found


def send_due(today=None):
    """Ask each follow-up due; returns how many were asked."""
    count = 0
    for mission, months in due(today):
        try:
            with transaction.atomic():
                followup = ImpactFollowUp.objects.create(
                    mission=mission, organisation=mission.organisation, months=months
                )
                emails.notify_followup(followup)
        except IntegrityError:
            continue  # another run asked it a moment ago
        count += 1
    return count


def answer(followup, still_used, what_changed):
    """Keep the organisation's answer (it may change it later: the latest counts)."""
    followup.still_used, followup.what_changed = still_used, what_changed
    followup.answered_at = timezone.now()
    followup.save(update_fields=["still_used", "what_changed", "answered_at"])
