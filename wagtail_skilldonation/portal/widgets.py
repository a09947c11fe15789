"""The portal's choice widgets: Django's own, with their options written by
``{% choice %}`` (``templatetags/skilldonation_widgets``) instead of three nested
template includes per option. The markup is Django's, with less white space."""

from django import forms


class Select(forms.Select):
    template_name = "wagtail_skilldonation/widgets/select.html"


class RadioSelect(forms.RadioSelect):
    template_name = "wagtail_skilldonation/widgets/choices.html"


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    template_name = "wagtail_skilldonation/widgets/choices.html"
