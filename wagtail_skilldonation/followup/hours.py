"""The hours ledger: lines declared by the volunteer through a signed, expiring link
and approved by an editor, or entered by an editor. Every total (application page,
certificate, report) is the sum of the approved lines; nothing else holds hours."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting
from ..links import LinkExpired, absolute_url, sign, unsign
from ..models import Application, ApplicationStatus, HoursDeclaration
from ..models.languages import long_date
from ..portal.widgets import PortalWidgets
from ..validators import clean_texts

SALT = "wagtail_skilldonation.hours"


def link_token(application):
    return sign(application.pk, SALT)


def link_url(application):
    return absolute_url(reverse("wagtail_skilldonation:hours", args=[link_token(application)]))


def application_for_token(token):
    """The application a link opens; ``None`` when it was tampered with, and
    ``LinkExpired`` when it is too old or the application no longer takes hours."""
    pk = unsign(token, SALT, "HOURS_LINK_MAX_AGE")
    if pk is None:
        return None
    application = Application.objects.select_related("mission", "volunteer").filter(pk=pk).first()
    if application is None:
        return None
    if not takes_hours(application):
        raise LinkExpired
    return application


def takes_hours(application):
    """Whether the hours link opens: while the volunteer is on the mission (once it is
    completed, the editor enters what is left), and never for someone forgotten (their
    links all stop). The space offers the link by this too."""
    return application.status == ApplicationStatus.ACCEPTED and not application.volunteer.is_forgotten


class HoursForm(PortalWidgets, forms.ModelForm):
    # On the application's page it sits beside the decision form, which has its own
    # "hours": the prefix keeps names and ids apart.
    ADMIN_PREFIX = "line"

    class Meta:
        model = HoursDeclaration
        fields = ["date", "hours", "description"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        first, last = participation(application)
        # The browser's date picker offers only the days the form accepts.
        self.fields["date"].widget.attrs.update(
            {"max": last.isoformat(), **({"min": first.isoformat()} if first else {})}
        )

    def clean(self):
        cleaned = clean_texts(super().clean(), self.fields)
        date, hours = cleaned.get("date"), cleaned.get("hours")
        if self.application is not None and date and hours:
            already = (
                self.application.hours_declarations.filter(date=date)
                .exclude(status=HoursDeclaration.Status.REJECTED)
                .aggregate(total=Sum("hours"))["total"]
                or 0
            )
            if already + hours > 24:
                self.add_error(
                    "hours",
                    _("With what is already declared for this date, that makes more than 24 hours."),
                )
        return cleaned

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours <= 0:
            raise ValidationError(_("Declare a positive number of hours."), code="negative")
        if hours > 24:
            raise ValidationError(_("A day has 24 hours: declare at most 24 per date."), code="absurd")
        return hours

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("You cannot declare hours in the future."), code="future")
        first, last = participation(self.application)
        if first and date < first:
            raise ValidationError(
                _("Hours are dated from the day of the application, %(date)s."),
                code="before_application",
                params={"date": long_date(first)},
            )
        if date > last:
            raise ValidationError(
                _("The mission ended on %(end)s: hours can be dated until %(date)s."),
                code="after_mission",
                params={"end": long_date(self.application.mission.end_date), "date": long_date(last)},
            )
        return date


def participation(application):
    """``(first, last)``: the days hours may be dated, from the day of the application
    to today, and no later than the mission's end plus ``HOURS_DAYS_AFTER_END`` days
    (``first`` is None without an application)."""
    last = timezone.localdate()
    if application is None:
        return None, last
    end = application.mission.end_date
    if end:
        last = min(last, end + datetime.timedelta(days=get_setting("HOURS_DAYS_AFTER_END")))
    return timezone.localdate(application.created_at), last


def outside_the_mission(declaration):
    """Why an editor should look twice at a line before approving it: dated before the
    mission starts or after it ends (``""`` when it is within its dates)."""
    mission = declaration.application.mission
    if mission.start_date and declaration.date < mission.start_date:
        return _("dated before the mission starts (%(date)s)") % {"date": long_date(mission.start_date)}
    if mission.end_date and declaration.date > mission.end_date:
        return _("dated after the mission ends (%(date)s)") % {"date": long_date(mission.end_date)}
    return ""


def approve(declaration, user):
    """Approve a pending declaration: from now on it counts, once."""
    return bool(
        HoursDeclaration.objects.filter(pk=declaration.pk, status=HoursDeclaration.Status.PENDING).update(
            status=HoursDeclaration.Status.APPROVED, reviewed_by=user, reviewed_at=timezone.now()
        )
    )


def enter(application, user, *, date, hours, description, source=HoursDeclaration.Source.EDITOR):
    """An editor's own line: approved at once, signed with their name."""
    now = timezone.now()
    return HoursDeclaration.objects.create(
        application=application,
        date=date,
        hours=hours,
        description=description,
        source=source,
        status=HoursDeclaration.Status.APPROVED,
        author=user,
        reviewed_by=user,
        reviewed_at=now,
    )


def reject(declaration, user):
    return bool(
        HoursDeclaration.objects.filter(pk=declaration.pk, status=HoursDeclaration.Status.PENDING).update(
            status=HoursDeclaration.Status.REJECTED, reviewed_by=user, reviewed_at=timezone.now()
        )
    )
