"""The public application form of a mission, built from Wagtail's form builder: fixed
questions, the editor's extra questions, consent and the anti-spam checks."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from .. import throttle
from ..conf import get_setting
from ..models import PortalSettings, Skill, WorkFormat
from ..portal import traps
from ..validators import clean_texts
from . import lifecycle

STARTED_SALT = "wagtail_skilldonation.form-started"


def started_token(page, at=None):
    """When the form of ``page`` was shown, signed: it names its mission and carries
    a nonce, so it cannot be reused for another mission nor accepted twice."""
    return traps.started_token(STARTED_SALT, at, m=page.pk)


EXTRA_PREFIX = "q_"


class FoldedCheckboxes(forms.CheckboxSelectMultiple):
    """The mission's own skills in view; every other group folded behind a
    disclosure (opened when one of its boxes is ticked), so a phone does not scroll
    through the whole vocabulary."""

    template_name = "wagtail_skilldonation/widgets/folded_checkboxes.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["groups"] = [
            {
                "label": group,
                "options": options,
                "folded": position > 0,
                "open": any(option["selected"] for option in options),
            }
            for position, (group, options, _index) in enumerate(context["widget"]["optgroups"])
        ]
        return context


class SkillChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ApplicationForm(traps.FormTraps, BaseForm):
    """Fixed questions asked for every mission; the editor's extra questions are
    added by ``ApplicationFormBuilder``. Validation never relies on the browser."""

    # Autocomplete tokens (WCAG 1.3.5) and the right keyboard on a phone.
    first_name = forms.CharField(
        label=_("First name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We only use it to answer you about missions."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    city = forms.CharField(
        label=_("City"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    format = forms.ChoiceField(
        label=_("How would you like to work?"),
        choices=WorkFormat.choices,
        initial=WorkFormat.BOTH,
        widget=forms.RadioSelect,
    )
    availability_hours = forms.IntegerField(
        label=_("Availability (hours per month)"), min_value=1, max_value=200, initial=4
    )
    skills = SkillChoiceField(
        label=_("Skills you offer"),
        queryset=Skill.objects.none(),
        widget=FoldedCheckboxes,
        required=False,
    )
    message = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        required=False,
        help_text=_("Why this mission, what you would bring (optional)."),
    )
    # Processing the application needs no checkbox (it is what the visitor asks for:
    # the notice above the button says so); being proposed other missions is a choice.
    proposals = forms.BooleanField(label="", required=False)
    started_salt = STARTED_SALT

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.is_spam = False
        self.rate_limited = False
        self.fields["proposals"].label = _(
            "Propose other missions to me that match my skills (the team may invite me). "
            "I can stop this at any time from my volunteer space."
        )
        self.fields["skills"].queryset = Skill.objects.all()
        # Read when the field is rendered (a cached form reads no skill at all).
        self.fields["skills"].choices = self._grouped_skill_choices
        self.initial.setdefault("started", started_token(self.page))

    def _grouped_skill_choices(self):
        sought = list(self.page.skill_list) if self.page and self.page.pk else []  # read once per page
        sought_ids = {s.pk for s in sought}
        others = [s for s in Skill.objects.order_by("name") if s.pk not in sought_ids]
        groups = []
        if sought:
            groups.append((_("Skills sought for this mission"), [(s.pk, s.label) for s in sought]))
        if others:
            groups.append((_("Other skills"), [(s.pk, s.label) for s in others]))
        return groups

    @property
    def extra_field_names(self):
        return [name for name in self.fields if name.startswith(EXTRA_PREFIX)]

    def visible_fixed_fields(self):
        return [
            self[name]
            for name in self.fields
            if name not in self.trap_fields and name != "proposals" and not name.startswith(EXTRA_PREFIX)
        ]

    def _portal(self):
        """The portal settings, read once per request (Wagtail keeps them on it)."""
        if self.request is not None:
            return PortalSettings.for_request(self.request)
        site = self.page.get_site() if self.page is not None and self.page.pk else None
        return PortalSettings.for_site(site) if site else None

    def notice(self):
        return consent_text(self.page, portal=self._portal())

    def privacy_url(self):
        portal = self._portal()
        page = portal.privacy_page if portal is not None and portal.privacy_page_id else None
        return page.url if page is not None and page.live else ""

    def extra_fields(self):
        return [self[name] for name in self.extra_field_names]

    def started_names(self):
        return {"m": getattr(self.page, "pk", None)}  # shown for another mission: as good as forged

    def clean(self):
        cleaned = clean_texts(super().clean(), self.fields)
        if self.errors or not self.passes_traps(cleaned):
            return cleaned
        if self.request is not None and not rate_limit_allows(self.request, cleaned.get("email", "")):
            self.rate_limited = True
            raise forms.ValidationError(
                _("Too many applications were sent from your connection. Please try again in a few minutes."),
                code="rate_limited",
            )
        return cleaned

    def full_clean(self):
        super().full_clean()
        # Tie each error to its field for screen readers.
        for name in self.errors:
            if name in self.fields:
                bound = self[name]
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described = [f"{bound.auto_id}_error"]
                if self.fields[name].help_text:
                    described.append(f"{bound.auto_id}_helptext")
                attrs["aria-describedby"] = " ".join(described)

    def volunteer_data(self):
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in (
                "first_name",
                "last_name",
                "email",
                "phone",
                "postcode",
                "city",
                "format",
                "availability_hours",
            )
        }

    def save(self, page):
        """Keep what was sent to ``page`` (the mission's ``process_form_submission``):
        an application, or, for a filled honeypot, suspected spam kept apart for an
        editor to look at, never dropped."""
        keep = lifecycle.quarantine if self.is_spam else lifecycle.submit
        return keep(
            page,
            volunteer_data=self.volunteer_data(),
            skills=self.cleaned_data["skills"],
            message=self.cleaned_data.get("message", ""),
            answers=self.answers(),
            language=getattr(self.request, "LANGUAGE_CODE", ""),
            proposals=self.cleaned_data.get("proposals", False),
        )

    def answers(self):
        """The extra questions' answers, JSON-ready, with their labels."""
        answers = {}
        for name in self.extra_field_names:
            value = self.cleaned_data.get(name)
            if isinstance(value, (datetime.date, datetime.datetime)):
                value = value.isoformat()
            elif isinstance(value, (list, tuple)):
                value = [str(v) for v in value]
            elif value is not None and not isinstance(value, (bool, int, float, str)):
                value = str(value)
            answers[name[len(EXTRA_PREFIX) :]] = {
                "label": str(self.fields[name].label),
                "value": value,
            }
        return answers


class ApplicationFormBuilder(FormBuilder):
    """Wagtail's form builder, adding the editor's questions to ``ApplicationForm``
    under a prefix so they never clash with the fixed fields. A site extends the form
    by subclassing this builder with its own ``form_class`` (an ``ApplicationForm``)."""

    form_class = ApplicationForm

    @property
    def formfields(self):
        return {EXTRA_PREFIX + name: field for name, field in super().formfields.items()}

    def create_multiline_field(self, field, options):
        # Every answer has a length limit, as the fixed questions do.
        options["max_length"] = 3000
        return super().create_multiline_field(field, options)

    def create_dropdown_field(self, field, options):
        formfield = super().create_dropdown_field(field, options)
        if not field.default_value:
            # Without an empty first line the browser shows the first answer as chosen,
            # and a required question is answered for the applicant.
            formfield.choices = [("", _("Choose…")), *formfield.choices]
        return formfield

    def get_form_class(self):
        return type("MissionApplicationForm", (self.form_class,), self.formfields)


def consent_text(page=None, portal=None):
    """The notice shown above the button: what is kept, why, and the rights."""
    if portal is None and page is not None and page.pk:
        site = page.get_site()
        portal = PortalSettings.for_site(site) if site else None
    name = portal.association_name if portal is not None else ""
    return _(
        "%(association)s keeps the details you give here to process your application. "
        "You can see, correct, download or erase them at any time from your volunteer space."
    ) % {"association": name or _("The association")}


def rate_limit_allows(request, email=""):
    """Counts a submission for this client and e-mail, and for this client alone
    (both stored hashed) in the shared cache."""
    limit, window = get_setting("RATE_LIMIT")
    per_ip, ip_window = get_setting("RATE_LIMIT_PER_IP")
    client = throttle.client_ip(request)
    return throttle.allow_key("apply", f"{client}|{email.strip().casefold()}", limit, window) and throttle.allow(
        request, "apply_ip", per_ip, ip_window
    )
