"""Forms of the volunteer's space."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..applications.forms import EXTRA_PREFIX, ApplicationForm
from ..certificates.passport import live_certificates
from ..models import Skill, Volunteer
from ..models.space import MESSAGE_MAX_LENGTH
from ..portal.widgets import PortalWidgets
from ..validators import CleanTexts, clean_texts


class SignInForm(PortalWidgets, CleanTexts, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class MessageForm(PortalWidgets, CleanTexts, forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text; the team receives it by e-mail."),
    )


class WithdrawForm(PortalWidgets, CleanTexts, forms.Form):
    body = forms.CharField(
        label=_("A word to the team (optional)"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProfileForm(PortalWidgets, CleanTexts, forms.ModelForm):
    """What a volunteer may change of their own record (the session proves the
    address, so changes apply at once)."""

    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"),
        queryset=Skill.objects.order_by("category", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Volunteer
        fields = [
            "first_name",
            "last_name",
            "phone",
            "postcode",
            "city",
            "format",
            "availability_hours",
            "unavailable_until",
            "bio",
            "profile_url",
        ]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "unavailable_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "bio": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["skills"].initial = list(self.instance.skills.values_list("pk", flat=True))
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True

    def clean_unavailable_until(self):
        value = self.cleaned_data.get("unavailable_until")
        if value and value <= timezone.localdate():
            return None  # a date already passed means available now
        return value

    def save(self, commit=True):
        volunteer = super().save(commit=commit)
        if commit:
            volunteer.skills.set(self.cleaned_data["skills"])
        return volunteer


class ChoicesForm(PortalWidgets, forms.Form):
    """What the volunteer agrees to receive besides answers to their applications."""

    proposals = forms.BooleanField(
        label=_("Propose other missions to me that match my skills (the team may invite me)"),
        required=False,
    )
    alerts = forms.BooleanField(
        label=_("Send me a weekly e-mail of new missions that match my skills"),
        required=False,
    )


class QuickApplyForm(PortalWidgets, forms.Form):
    """Applying from the space: the profile is the application's details; only a
    message and the mission's own questions are asked."""

    message = ApplicationForm.base_fields["message"]  # the public form's, limits included

    @property
    def extra_field_names(self):
        return [name for name in self.fields if name.startswith(EXTRA_PREFIX)]

    def clean(self):
        return clean_texts(super().clean(), self.fields)

    answers = ApplicationForm.answers

    @classmethod
    def for_mission(cls, mission):
        """The form with ``mission``'s questions, built as the public form builds them."""
        fields = mission.form_builder(mission.get_form_fields()).formfields
        return type("QuickApplyForm", (cls,), dict(fields))


class PassportForm(PortalWidgets, forms.Form):
    """The volunteer passport: a public page of the certificates the volunteer ticks."""

    public = forms.BooleanField(
        label=_("Show my volunteer passport: a public page with the certificates I tick below"),
        required=False,
    )
    certificates = forms.ModelMultipleChoiceField(
        label=_("Certificates to show"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, volunteer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificates"].queryset = live_certificates(volunteer)
        self.fields["certificates"].label_from_instance = lambda c: f"{c.mission_title} ({c.issued_at:%Y})"
