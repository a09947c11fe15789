"""The hours ledger: lines declared by the volunteer through a signed, expiring link
and approved by an editor, or entered by an editor. Every total (application page,
certificate, report) is the sum of the approved lines; nothing else holds hours."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..links import LinkExpired, absolute_url, sign, unsign
from ..models import Application, ApplicationStatus, HoursDeclaration
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
    if application.status != ApplicationStatus.ACCEPTED:
        raise LinkExpired
    return application


class HoursForm(forms.ModelForm):
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

    def clean(self):
        cleaned = clean_texts(super().clean())
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
        return date


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
