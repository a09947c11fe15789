"""Feedback from both sides of a completed mission, through signed expiring links,
and the testimonials editors may draw from it (only with the author's consent)."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..links import absolute_url, sign, unsign
from ..models import (
    Application,
    ApplicationStatus,
    AuthorRole,
    Feedback,
    TestimonialIndexPage,
    TestimonialPage,
)
from ..portal.widgets import PortalWidgets
from ..validators import clean_texts

SALT = "wagtail_skilldonation.feedback"
FREE_TEXT_MAX = 3000


def link_url(application, role):
    token = sign([application.pk, role], SALT)
    return absolute_url(reverse("wagtail_skilldonation:feedback", args=[token]))


def open_link(token):
    """``(application, role)`` for a valid link, ``None`` when tampered with;
    ``LinkExpired`` when too old."""
    value = unsign(token, SALT, "FEEDBACK_LINK_MAX_AGE")
    if not (isinstance(value, list) and len(value) == 2):
        return None
    pk, role = value
    application = (
        Application.objects.select_related("mission", "volunteer")
        .filter(pk=pk, status=ApplicationStatus.COMPLETED)
        .first()
    )
    if application is None or role not in Feedback.Role.values:
        return None
    if role == Feedback.Role.VOLUNTEER and application.volunteer.is_forgotten:
        return None  # nobody speaks for someone forgotten
    return application, role


class FeedbackForm(PortalWidgets, forms.ModelForm):
    RATINGS = [(i, str(i)) for i in range(1, 6)]

    rating = forms.TypedChoiceField(
        label=_("Overall, how was it? (1 = poor, 5 = excellent)"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Feedback
        fields = ["rating", "worked", "improve", "consent_publish", "show_name"]
        labels = {
            "worked": _("What worked well?"),
            "improve": _("What could be improved?"),
            "consent_publish": _("You may quote what I wrote about what worked on the website."),
            "show_name": _("You may show my name with the quote."),
        }
        widgets = {
            "worked": forms.Textarea(attrs={"rows": 4}),
            "improve": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, objectives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.objective_list = list(objectives)
        previous = (self.instance.objectives or {}) if self.instance.pk else {}
        for objective in self.objective_list:
            self.fields[f"objective_{objective.pk}"] = forms.ChoiceField(
                label=objective.title,
                help_text=objective.success_indicator,
                choices=Feedback.Result.choices,
                widget=forms.RadioSelect,
                initial=previous.get(str(objective.pk), {}).get("result"),
            )
        # Objectives first: they are the point of the exercise.
        order = [f"objective_{o.pk}" for o in self.objective_list]
        self.order_fields(order + ["rating", "worked", "improve", "consent_publish", "show_name"])
        for name in ("worked", "improve"):  # free texts have a limit, as every field
            self.fields[name].max_length = FREE_TEXT_MAX
            self.fields[name].validators.append(MaxLengthValidator(FREE_TEXT_MAX))
            self.fields[name].widget.attrs["maxlength"] = str(FREE_TEXT_MAX)

    def clean(self):
        return clean_texts(super().clean(), self.fields)

    def save(self, commit=True):
        self.instance.objectives = {
            str(o.pk): {"title": o.title, "result": self.cleaned_data[f"objective_{o.pk}"]} for o in self.objective_list
        }
        if not self.cleaned_data.get("consent_publish"):
            self.instance.show_name = False
        return super().save(commit)


def author_name(application, role):
    if role == Feedback.Role.VOLUNTEER:
        return application.volunteer.full_name
    organisation = application.mission.specific.organisation
    return (organisation.contact_name or organisation.name) if organisation else ""


def to_testimonial(feedback, user):
    """A draft testimonial from a consenting author's words; None without consent."""
    if not feedback.consent_publish or not feedback.worked.strip():
        return None
    index = TestimonialIndexPage.objects.first()
    if index is None or not index.permissions_for_user(user).can_add_subpage():
        return None
    mission = feedback.application.mission
    role = AuthorRole.VOLUNTEER if feedback.role == Feedback.Role.VOLUNTEER else AuthorRole.BENEFICIARY
    if feedback.show_name and feedback.author_name:
        name = feedback.author_name
    else:
        name = str(_("A volunteer") if role == AuthorRole.VOLUNTEER else _("A beneficiary organisation"))
    with transaction.atomic():
        page = TestimonialPage(
            title=f"{name} – {mission.title}"[:255],
            quote=feedback.worked.strip(),
            author_name=name,
            author_role=role,
            mission=mission,
            source_feedback=feedback,
            live=False,
        )
        index.add_child(instance=page)
        page.save_revision(user=user)
        Feedback.objects.filter(pk=feedback.pk).update(reviewed_at=timezone.now(), reviewed_by=user)
    return page
