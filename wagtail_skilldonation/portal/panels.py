"""Skill names in every content language: the editor's boxes (the names themselves
are read through ``models.languages``).

A skill is one tag whatever the language (the matching compares tags), so its other
names are not separate skills but a ``names`` dict on it, edited with one text box per
content language other than the default one. ``ReadOnlyPanel``: a field editors read
and do not change, saying what an empty value means.
"""

from django import forms
from wagtail.admin.panels import FieldPanel

from ..models.languages import other_content_languages


class SkillNamesWidget(forms.Widget):
    """One text box per other content language; the value is ``{code: name}``.
    Languages are read when the form is shown, not when the form class is built."""

    template_name = "wagtail_skilldonation/widgets/skill_names.html"

    def format_value(self, value):
        if isinstance(value, str):  # a JSONField hands its value over as JSON text
            value = forms.JSONField().to_python(value)
        return value if isinstance(value, dict) else {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        names = context["widget"]["value"]
        context["languages"] = [
            {
                "code": code,
                "label": label,
                "name": f"{name}_{code}",
                "id": f"{context['widget']['attrs'].get('id', name)}_{code}",
                "value": names.get(code, ""),
            }
            for code, label in other_content_languages()
        ]
        return context

    def value_from_datadict(self, data, files, name):
        names = {}
        for code, _label in other_content_languages():
            value = " ".join((data.get(f"{name}_{code}") or "").split())
            if value:
                names[code] = value
        return names

    def value_omitted_from_data(self, data, files, name):
        return False  # an emptied box is a name taken away, not a field left out

    def id_for_label(self, id_):
        codes = [code for code, _label in other_content_languages()]
        return f"{id_}_{codes[0]}" if id_ and codes else id_


class SkillNamesPanel(FieldPanel):
    """Shown only where there is another content language to name the skill in."""

    def __init__(self, field_name="names", *args, **kwargs):
        kwargs.setdefault("widget", SkillNamesWidget)
        super().__init__(field_name, *args, **kwargs)

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            return bool(other_content_languages()) and super().is_shown()


class ReadOnlyPanel(FieldPanel):
    """A field editors read, not change (when consent was given, since when alerts are
    sent), saying what an empty one means instead of Python's "None"."""

    def __init__(self, field_name, *args, empty="", **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, *args, **kwargs)
        self.empty = empty

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "empty": self.empty}

    def format_value_for_display(self, value):
        if value is None or value == "":
            return self.empty or "–"
        return super().format_value_for_display(value)
