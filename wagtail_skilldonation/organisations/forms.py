"""The public form where an organisation proposes a need: who they are, a contact,
the need in their words; the data notice and consent; the applications' spam defence
(a hidden field, a minimum time, one use per display, rate limits)."""

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .. import throttle
from ..conf import get_setting
from ..models import ImpactFollowUp, NeedProposal, Skill
from ..portal import traps
from ..portal.widgets import PortalWidgets
from ..validators import CleanTexts, normalise_identifier

STARTED_SALT = "wagtail_skilldonation.proposal-started"


def started_token(at=None):
    return traps.started_token(STARTED_SALT, at)


class ProposalForm(CleanTexts, traps.FormTraps, forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree that the association keeps these details to assess our need and answer us."),
    )
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("category", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Skills you think it takes (optional)"),
    )

    class Meta:
        model = NeedProposal
        fields = [
            "organisation_name",
            "organisation_kind",
            "siret",
            "rna",
            "address",
            "postcode",
            "city",
            "contact_name",
            "contact_email",
            "contact_phone",
            "need",
            "hoped_outcome",
            "skills",
            "urgency",
            "availability",
        ]
        labels = {
            "organisation_name": _("Name of your organisation"),
            "need": _("Your need, in your own words"),
            "hoped_outcome": _("What you hope to achieve"),
            "availability": _("When you are available to work with a volunteer"),
        }
        help_texts = {
            "siret": _("14-digit SIRET or 9-digit SIREN; spaces are ignored."),
            "rna": _("Associations only: W followed by 9 digits."),
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 2}), "need": forms.Textarea(attrs={"rows": 6})}

    started_salt = STARTED_SALT

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.is_spam = False
        self.fields["started"].initial = started_token()

    def clean_siret(self):
        return normalise_identifier(self.cleaned_data.get("siret", ""))

    def clean_rna(self):
        return normalise_identifier(self.cleaned_data.get("rna", ""))

    def clean(self):
        cleaned = super().clean()
        if self.errors or not self.passes_traps(cleaned) or self.is_spam:
            return cleaned
        limit, window = get_setting("RATE_LIMIT_PER_IP")
        if self.request is not None and not throttle.allow(self.request, "propose", limit, window):
            raise forms.ValidationError(
                _("Too many proposals were sent from your connection. Please try again in a few minutes."),
                code="rate_limited",
            )
        return cleaned

    def save(self, commit=True):
        proposal = super().save(commit=False)
        proposal.consent_at = timezone.now()
        proposal.consent_version = get_setting("CONSENT_VERSION")
        proposal.language = (get_language() or "")[:10]
        proposal.suspected_spam = self.is_spam
        proposal.save()
        self.save_m2m()
        return proposal


class ContactSignInForm(PortalWidgets, CleanTexts, forms.Form):
    email = forms.EmailField(
        label=_("Your organisation's contact e-mail address"),
        max_length=254,
        help_text=_("The address the association has for your organisation."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class OrganisationMessageForm(PortalWidgets, CleanTexts, forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text; the team receives it by e-mail."),
    )


class FollowUpForm(PortalWidgets, CleanTexts, forms.ModelForm):
    class Meta:
        model = ImpactFollowUp
        fields = ["still_used", "what_changed"]
        labels = {
            "still_used": _("Is what was built still in use?"),
            "what_changed": _("What changed for your organisation, or for the people it serves?"),
        }
        widgets = {"still_used": forms.RadioSelect, "what_changed": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["still_used"].required = True
        self.fields["still_used"].choices = ImpactFollowUp.StillUsed.choices
