"""The weekly alert: new open missions that match a volunteer who asked for it, and
the one-click way out of every e-mail that proposes missions (alerts, invitations).

``send_alerts`` runs from cron (``manage.py skilldonation_alerts``) or as a task; each
volunteer is taken by a conditional UPDATE of ``alerted_at``, so two runs at once
queue one alert per person. The missions listed are fixed in the outbox row.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django_tasks import task

from ..links import page_url, portal_url
from ..mail import outbox, render_message
from ..mail.way_out import stop_url, with_way_out
from ..matching.engine import rank_missions
from ..models import Application, MissionPage, MissionStatus, Volunteer
from ..models.people import FORGOTTEN_DOMAIN

EVERY = timedelta(days=7)


def language_of(volunteer):
    last = Application.objects.filter(volunteer=volunteer).exclude(language="").order_by("-created_at").first()
    return last.language if last else settings.LANGUAGE_CODE


def due(now=None):
    now = now or timezone.now()
    return Volunteer.objects.filter(
        Q(alerted_at__isnull=True) | Q(alerted_at__lte=now - EVERY),
        alerts_at__isnull=False,
        is_active=True,
        unavailable_until__isnull=True,
    ).exclude(email__iendswith="@" + FORGOTTEN_DOMAIN)


def new_missions(volunteer, since):
    """Missions published since the last alert that take new volunteers: a full one
    (waiting list only) is not news to announce."""
    return [
        match.mission
        for match in rank_missions(volunteer)
        if not match.applied
        and match.mission.first_published_at
        and match.mission.first_published_at >= since
        and match.mission.shown_status == MissionStatus.OPEN
    ]


def send_alerts(now=None):
    """Queue this week's alert for each volunteer due one; returns how many."""
    now = now or timezone.now()
    queued = 0
    for volunteer in due(now):
        since = max(d for d in (volunteer.alerted_at, volunteer.alerts_at - EVERY) if d is not None)
        with transaction.atomic():
            taken = Volunteer.objects.filter(pk=volunteer.pk, alerted_at=volunteer.alerted_at).update(alerted_at=now)
            if not taken:  # another run took this one
                continue
            missions = new_missions(volunteer, since)
            if missions:
                outbox.queue(
                    "alert",
                    volunteer.email,
                    language=language_of(volunteer),
                    volunteer=volunteer,
                    payload={"missions": [mission.pk for mission in missions]},
                )
                queued += 1
    return queued


@task()
def send_alerts_task():
    return send_alerts()


@outbox.builds("alert")
def build_alert(mail):
    volunteer = mail.volunteer
    if volunteer is None or volunteer.alerts_at is None:
        raise outbox.NotNeeded("withdrawn")
    missions = [
        mission
        for mission in MissionPage.objects.live().filter(pk__in=mail.payload.get("missions", []))
        if not mission.application_closed_reason()
    ]
    if not missions:
        raise outbox.NotNeeded("used")
    language = mail.language or settings.LANGUAGE_CODE
    with translation.override(language):  # each mission in the reader's language
        listed = [(mission.localized.title, page_url(mission.localized)) for mission in missions]
    context = {
        "volunteer": volunteer,
        "missions": listed,
        "mission_urls": [url for _title, url in listed],
        "missions_url": portal_url("space_missions"),
        "stop_url": stop_url(volunteer, "alerts"),
    }
    message = render_message("alert", context, [volunteer.email], language)
    return with_way_out(message, context["stop_url"])
