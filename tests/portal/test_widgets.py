"""The portal's choice widgets write Django's markup without a template per option:
on a cold page, Django's three nested includes per option were most of a form."""

import pytest
from django import forms
from django.test.html import parse_html
from django.test.signals import template_rendered
from django.utils.safestring import mark_safe

from wagtail_skilldonation.portal import widgets
from wagtail_skilldonation.portal.filters import MissionFilterForm

CHOICES = [
    ("", "Tous"),
    ("Groupe <1>", [("a", "Ça & là"), ("b", "B")]),
    ("c", "« C »"),
    (3, "Trois"),
    (mark_safe("d&e"), mark_safe("<b>D</b>")),  # a safe value is escaped all the same, a safe label is not
]


def portal(widget):
    """``widget`` with the template ``PortalWidgets`` gives it."""
    widget.template_name = widgets.PORTAL_TEMPLATES[widget.template_name]
    return widget


@pytest.mark.parametrize(
    ("djangos", "value"),
    [
        (forms.Select, "b"),
        (forms.Select, ""),
        (forms.RadioSelect, "c"),
        (forms.CheckboxSelectMultiple, ["a", "3"]),
        (forms.CheckboxSelectMultiple, None),
    ],
)
def test_the_same_markup_as_djangos_widgets(djangos, value):
    attrs = {"id": "id_field", "class": "sd-x", "aria-describedby": "id_field_helptext", "required": True}
    mine = portal(djangos(attrs=attrs, choices=CHOICES)).render("field", value)
    theirs = djangos(attrs=attrs, choices=CHOICES).render("field", value)
    assert parse_html(mine) == parse_html(theirs)
    assert "Ça &amp; là" in mine  # escaped as Django escapes
    assert "Groupe &lt;1&gt;" in mine
    assert 'value="d&amp;e"' in mine  # parse_html reads "d&e" and "d&amp;e" alike
    assert "<b>D</b>" in mine


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


def test_the_skill_filter_names_skills_without_building_them(db, skills, django_assert_num_queries):
    """The skill filter's options come from the skills' slugs and names (a Skill object
    per option was a quarter of the filters' cost on a cold listing): one query, no
    object, each name in the visitor's language, the one asked for still selected."""
    from django.db.models.signals import post_init
    from django.utils import translation

    from wagtail_skilldonation.models import Skill

    skills["Mentorat"].names = {"en": "Mentoring & coaching"}
    skills["Mentorat"].save()
    built = []

    def count(sender, **kwargs):
        built.append(sender)

    post_init.connect(count, sender=Skill)
    try:
        with translation.override("en"), django_assert_num_queries(1):
            english = str(MissionFilterForm(None)["skill"])
    finally:
        post_init.disconnect(count, sender=Skill)
    assert built == []
    options = {dict(option.attributes)["value"] or "": option.children[0] for option in parse_html(english).children}
    assert options["mentorat"] == "Mentoring & coaching"
    assert options["graphisme"] == "Graphisme"  # no English name: the default one
    assert options[""] == "All skills"
    with translation.override("fr"):
        french = parse_html(str(MissionFilterForm({"skill": "mentorat"})["skill"]))
    chosen = [option for option in french.children if ("selected", None) in option.attributes]
    assert [(dict(option.attributes)["value"], option.children[0]) for option in chosen] == [("mentorat", "Mentorat")]


def test_the_skill_field_gives_what_its_site_keys_skills_by(db, skills):
    """A site's form may key skills by id (no ``to_field_name``): the options say ids,
    the one asked for is selected and the form keeps that skill."""
    from wagtail_skilldonation.models import Skill
    from wagtail_skilldonation.portal.filters import SkillFilterField

    class ById(forms.Form):
        skill = SkillFilterField(queryset=Skill.objects.order_by("name"), required=False)

    chosen = skills["Rédaction"]
    form = ById({"skill": str(chosen.pk)})
    assert form.is_valid()
    assert form.cleaned_data["skill"] == chosen
    options = parse_html(str(form["skill"])).children
    assert {dict(option.attributes)["value"] or "" for option in options} == {"", *(str(s.pk) for s in skills.values())}
    selected = [option for option in options if ("selected", None) in option.attributes]
    assert [(dict(option.attributes)["value"], option.children[0]) for option in selected] == [
        (str(chosen.pk), "Rédaction")
    ]


class Plain(forms.Form):
    q = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "placeholder": "Mots : « web » & co"}))
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email", "required": True}))
    hours = forms.IntegerField()  # no widget named: Django's NumberInput
    started = forms.CharField(widget=forms.HiddenInput)
    agree = forms.BooleanField()
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}))
    format = forms.ChoiceField(choices=CHOICES)


class Ours(widgets.PortalWidgets, Plain):
    pass


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"q": 'a "b" <c>', "email": "léa@example.org", "hours": "4", "started": "x&y", "agree": "on"},
        {"message": "Ligne 1\n<script>alert(1)</script>", "format": "b", "agree": ""},
    ],
)
def test_every_input_writes_djangos_markup(data):
    for name in Plain.base_fields:
        assert parse_html(str(Ours(data)[name])) == parse_html(str(Plain(data)[name])), name


def rendered_templates(render):
    names = []

    def record(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    try:
        html = render()
    finally:
        template_rendered.disconnect(record)
    return html, names


def test_the_public_forms_use_no_widget_template_of_djangos(open_mission, rf):
    """The application form, with an editor's own question (added as the form is built),
    and the filters: each widget is written by the portal's template, none includes
    Django's attributes template."""
    from wagtail_skilldonation.models import MissionFormField

    MissionFormField.objects.create(page=open_mission, label="Votre expérience", field_type="multiline")
    MissionFormField.objects.create(page=open_mission, label="Ville", field_type="singleline")
    form = open_mission.get_form(page=open_mission, user=None, request=rf.get("/"))
    html, names = rendered_templates(lambda: "".join(str(field) for field in form))
    assert "<textarea" in html
    assert 'type="email"' in html
    assert 'type="hidden"' in html
    assert [name for name in names if name.startswith("django/forms/widgets/")] == []
    html, names = rendered_templates(lambda: "".join(str(field) for field in MissionFilterForm({"q": "web"})))
    assert 'type="search"' in html
    assert 'value="web"' in html
    assert [name for name in names if name.startswith("django/forms/widgets/")] == []


def test_a_skill_list_is_written_whole_or_not_at_all(skills):
    """``{% skill_list %}`` (a mission card's skills, written without a template per card):
    each skill's name in the visitor's language, escaped; nothing at all for none."""
    from django.template import engines
    from django.utils import translation

    from wagtail_skilldonation.models import Skill

    tool = Skill.objects.create(name="Tableur & macros", category="technical", names={"en": "Spreadsheets & macros"})
    template = engines["django"].from_string("{% load skilldonation_tags %}{% skill_list skills %}")
    with translation.override("en"):
        html = template.render({"skills": [skills["Graphisme"], tool]})
    assert parse_html(html) == parse_html(
        '<ul class="sd-skills" aria-label="Skills"><li class="sd-skill sd-skill--communication">Graphisme</li>'
        '<li class="sd-skill sd-skill--technical">Spreadsheets &amp; macros</li></ul>'
    )
    with translation.override("fr"):
        assert "Compétences" in template.render({"skills": [tool]})
        assert template.render({"skills": Skill.objects.none()}) == ""
