"""The portal's choice widgets write Django's markup without a template per option:
on a cold page, Django's three nested includes per option were most of a form."""

import pytest
from django import forms
from django.test.html import parse_html
from django.test.signals import template_rendered

from wagtail_skilldonation.portal import widgets
from wagtail_skilldonation.portal.filters import MissionFilterForm

CHOICES = [
    ("", "Tous"),
    ("Groupe <1>", [("a", "Ça & là"), ("b", "B")]),
    ("c", "« C »"),
    (3, "Trois"),
]


@pytest.mark.parametrize(
    ("ours", "djangos", "value"),
    [
        (widgets.Select, forms.Select, "b"),
        (widgets.Select, forms.Select, ""),
        (widgets.RadioSelect, forms.RadioSelect, "c"),
        (widgets.CheckboxSelectMultiple, forms.CheckboxSelectMultiple, ["a", "3"]),
        (widgets.CheckboxSelectMultiple, forms.CheckboxSelectMultiple, None),
    ],
)
def test_the_same_markup_as_djangos_widgets(ours, djangos, value):
    attrs = {"id": "id_field", "class": "sd-x", "aria-describedby": "id_field_helptext", "required": True}
    mine = ours(attrs=attrs, choices=CHOICES).render("field", value)
    theirs = djangos(attrs=attrs, choices=CHOICES).render("field", value)
    assert parse_html(mine) == parse_html(theirs)
    assert "Ça &amp; là" in mine  # escaped as Django escapes
    assert "Groupe &lt;1&gt;" in mine


def test_the_filters_render_no_template_per_option(db, skills):
    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        html = "".join(str(field) for field in MissionFilterForm({"skill": skills["Graphisme"].slug}))
    finally:
        template_rendered.disconnect(record)
    assert html.count("<option") > len(skills)  # every skill, category, format, status, order
    assert 'value="graphisme" selected' in html
    assert not [name for name in rendered if "option" in name]
    assert len(rendered) <= 3 * len(MissionFilterForm.base_fields)  # a widget, its input, its attributes
