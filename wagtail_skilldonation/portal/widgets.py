"""The portal's choice widgets: Django's own, with their options written by
``{% choice %}`` (``templatetags/skilldonation_widgets``) instead of three nested
template includes per option. The markup is Django's (less white space; an
option's attributes in name order, as ``flatatt`` writes them)."""

from django import forms


class Select(forms.Select):
    template_name = "wagtail_skilldonation/widgets/select.html"


class RadioSelect(forms.RadioSelect):
    template_name = "wagtail_skilldonation/widgets/choices.html"


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    template_name = "wagtail_skilldonation/widgets/choices.html"
