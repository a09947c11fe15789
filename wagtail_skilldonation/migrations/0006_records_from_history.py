"""Data: the records kept now, made from what the portal held before (see the function)."""

from decimal import Decimal

from django.db import migrations
from django.db.models import Max, Min, Sum
from django.utils import timezone


def records_from_history(apps, schema_editor):
    """Turn what the portal held before into the records it keeps now.

    - Hours: an application's "hours done" overwritten at completion becomes an
      approved ledger line "entered at completion" for what it added to the approved
      declarations (dated and signed as the completion). When it said less than the
      approved lines, the lines stand: they are what editors approved.
    - Consent per application, and one submission per application, from the
      volunteer's details as they are now (what was typed before was not kept).
    - Certificates issued before: their facts, read now (the best that can be known);
      their PDF is rendered from those facts at the first download and kept.
    """
    Application = apps.get_model("wagtail_skilldonation", "Application")
    ApplicationEvent = apps.get_model("wagtail_skilldonation", "ApplicationEvent")
    HoursDeclaration = apps.get_model("wagtail_skilldonation", "HoursDeclaration")
    Submission = apps.get_model("wagtail_skilldonation", "Submission")
    Certificate = apps.get_model("wagtail_skilldonation", "Certificate")
    Feedback = apps.get_model("wagtail_skilldonation", "Feedback")
    PortalSettings = apps.get_model("wagtail_skilldonation", "PortalSettings")
    for application in Application.objects.select_related("volunteer").iterator(chunk_size=500):
        completed = (
            ApplicationEvent.objects.filter(application=application, to_status="completed")
            .order_by("-created_at")
            .first()
        )
        approved = HoursDeclaration.objects.filter(
            application=application, status="approved"
        ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
        extra = Decimal(application.hours_done or 0) - approved
        if extra > 0:
            when = completed.created_at if completed else application.updated_at
            HoursDeclaration.objects.create(
                application=application,
                date=timezone.localdate(when) if timezone.is_aware(when) else when.date(),
                hours=extra,
                description="",
                source="completion",
                status="approved",
                author_id=completed.actor_id if completed else None,
                reviewed_by_id=completed.actor_id if completed else None,
                reviewed_at=when,
            )
        volunteer = application.volunteer
        Application.objects.filter(pk=application.pk).update(
            consent_at=volunteer.consent_at, consent_version=volunteer.consent_version
        )
        submission = Submission.objects.create(
            application=application,
            details={
                name: getattr(volunteer, name)
                for name in ("first_name", "last_name", "email", "phone", "postcode", "city",
                             "format", "availability_hours")
            },
            skill_ids=sorted(application.skills_offered.values_list("pk", flat=True)),
            message=application.message,
            answers=application.answers,
            language=application.language,
            consent_at=volunteer.consent_at,
            consent_version=volunteer.consent_version,
            state="applied",
        )
        Submission.objects.filter(pk=submission.pk).update(created_at=application.created_at)

    portal = PortalSettings.objects.filter(site__is_default_site=True).first()
    issuer = {
        name: (getattr(portal, name, "") or "") if portal else ""
        for name in ("association_name", "rna", "siret", "address", "signatory_name",
                     "signatory_title", "certificate_closing_text")
    }
    MissionPage = apps.get_model("wagtail_skilldonation", "MissionPage")
    MissionObjective = apps.get_model("wagtail_skilldonation", "MissionObjective")
    for certificate in Certificate.objects.select_related("application__volunteer").iterator(chunk_size=500):
        application = certificate.application
        # Read as values: the historical page class cannot be instantiated here.
        title, organisation = MissionPage.objects.filter(pk=application.mission_id).values_list(
            "title", "organisation__name"
        ).get()
        events = ApplicationEvent.objects.filter(application=application)
        lines = HoursDeclaration.objects.filter(application=application, status="approved")
        starts = [
            d for d in (
                _date(events.filter(to_status="accepted").aggregate(d=Min("created_at"))["d"]),
                lines.aggregate(d=Min("date"))["d"],
            ) if d
        ]
        ends = [
            d for d in (
                _date(events.filter(to_status="completed").aggregate(d=Max("created_at"))["d"]),
                lines.aggregate(d=Max("date"))["d"],
            ) if d
        ]
        said = {}
        for feedback in Feedback.objects.filter(application=application).order_by("role"):
            for key, item in (feedback.objectives or {}).items():
                said.setdefault(str(key), item.get("result", ""))
        Certificate.objects.filter(pk=certificate.pk).update(
            holder_name=f"{application.volunteer.first_name} {application.volunteer.last_name}".strip(),
            mission_title=title,
            organisation_name=organisation or "",
            issuer=issuer,
            period_start=min(starts) if starts else None,
            period_end=max(ends) if ends else None,
            hours=lines.aggregate(total=Sum("hours"))["total"] or 0,
            skills=sorted(application.skills_offered.values_list("name", flat=True)),
            objectives=[
                {"title": o.title, "indicator": o.success_indicator, "result": said.get(str(o.pk), "")}
                for o in MissionObjective.objects.filter(mission_id=application.mission_id).order_by(
                    "sort_order", "pk"
                )
            ],
        )


def _date(moment):
    return timezone.localdate(moment) if moment else None


class Migration(migrations.Migration):
    # Apart from the schema changes around it: PostgreSQL refuses to alter a table
    # with rows written in the same transaction.

    dependencies = [("wagtail_skilldonation", "0005_records_immutable")]

    operations = [migrations.RunPython(records_from_history, migrations.RunPython.noop, elidable=True)]
