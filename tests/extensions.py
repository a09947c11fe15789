"""What a host site writes to extend the portal through its settings (see
``tests/portal/test_extension_points.py``)."""

from django import forms

from wagtail_skilldonation.applications.forms import ApplicationForm, ApplicationFormBuilder
from wagtail_skilldonation.portal.filters import MissionFilterForm


class FormWithReferral(ApplicationForm):
    referral = forms.CharField(label="How did you hear of us?", required=False, max_length=100)

    def answers(self):
        return {**super().answers(), "referral": {"label": "Referral", "value": self.cleaned_data["referral"]}}


class BuilderWithReferral(ApplicationFormBuilder):
    form_class = FormWithReferral


class FilterWithoutFull(MissionFilterForm):
    """A site that never lists full missions, whatever the visitor asks."""

    def filter(self, missions):
        return super().filter(missions).exclude(status="full")


class CountedFilters(MissionFilterForm):
    """The default filters, counting how many forms a request builds."""

    built = []

    def __init__(self, *args, **kwargs):
        self.built.append(args)
        super().__init__(*args, **kwargs)
