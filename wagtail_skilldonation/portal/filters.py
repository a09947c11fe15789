"""The mission index's GET filters: words, place, skill, skill category, format,
status and order. Everything lives in the URL, so a filtered page can be shared,
bookmarked and paged through."""

import functools
import hashlib
import json
import operator
import re

from django import forms
from django.core.cache import cache
from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..cache import search_version
from ..cache import version as content_version
from ..models import MissionStatus, Skill, SkillCategory, WorkFormat
from ..models.choices import ACTIVE_MISSION_STATUSES
from ..models.languages import name_in
from ..models.pages import shown_status_q, taking_applications_q
from ..models.places import department, search_words
from .widgets import PortalWidgets

REMOTE_WORDS = {"remote", "online", "distance", "à distance", "a distance", "en ligne", "télétravail"}
DEPARTMENT = re.compile(r"^(\d{2,3}|2[ab])$", re.I)
POSTCODE = re.compile(r"^\d{5}$")
SEARCH_CACHE_SECONDS = 3600
SORTS = {
    "deadline": ("application_deadline", "-first_published_at", "pk"),
    "start": ("start_date", "application_deadline", "pk"),
    "newest": ("-first_published_at", "pk"),
}


# A phone's closed menu shows the choice whole: the categories' full names were cut at 390 px.
SHORT_CATEGORIES = {
    SkillCategory.STRATEGY: _("Strategy & management"),
    SkillCategory.TRAINING: _("Training & mentoring"),
    SkillCategory.TECHNICAL: _("IT, web & data"),
    SkillCategory.COMMUNICATION: _("Content & communication"),
}


class SkillOptions(ModelChoiceIterator):
    """The skill filter's options from the skills' keys (``to_field_name``) and names
    alone: a Skill object built for each option was a quarter of the filters' cost on
    a cold listing. Labels as ``Skill.label`` gives them (the active language's name)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        language = get_language()
        key = self.field.to_field_name or "pk"  # what the option's value holds
        for value, name, names in self.queryset.values_list(key, "name", "names"):
            yield (value, name_in(names, name, language))


class SkillFilterField(forms.ModelChoiceField):
    """Django's ``ModelChoiceField`` (the chosen skill's object in ``cleaned_data``),
    its options written from values (``SkillOptions``)."""

    iterator = SkillOptions


class MissionFilterForm(PortalWidgets, forms.Form):
    """GET filters of the mission index; invalid values are ignored, never a 500."""

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Words: web, accounting, youth…")}),
    )
    place = forms.CharField(
        label=_("Where"),
        max_length=60,
        required=False,
        help_text=_("Town, postcode or département number, or “remote”."),
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )

    skill = SkillFilterField(
        label=_("Skill"),
        queryset=Skill.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All skills"),
    )
    category = forms.ChoiceField(
        label=_("Skill category"),
        choices=[("", _("All categories"))]
        + [(value, SHORT_CATEGORIES.get(value, label)) for value, label in SkillCategory.choices],
        required=False,
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("Any format"))] + WorkFormat.choices,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Taking applications")), *MissionStatus.choices, ("all", _("All, past ones too"))],
        required=False,
    )

    sort = forms.ChoiceField(
        label=_("Order"),
        choices=[
            ("", _("Open first, then by deadline")),
            ("deadline", _("Deadline")),
            ("start", _("Start date")),
            ("newest", _("Newest")),
        ],
        required=False,
    )

    def ordering(self):
        """The order asked for, or ``None`` for the listing's own."""
        return SORTS.get(self.cleaned_data.get("sort", "")) if self.is_bound else None

    def statuses(self):
        """The statuses, as visitors see them, of the missions the filtered listing can
        hold: its order tells apart only these (``MissionIndexPageMixin.get_listing``)."""
        status = ""
        if self.is_bound:
            self.is_valid()  # cleaned_data then holds the valid fields only
            status = self.cleaned_data.get("status", "")
        if status == "all":
            return set(MissionStatus)
        return {MissionStatus(status)} if status else set(ACTIVE_MISSION_STATUSES)

    def filter(self, missions):
        if not self.is_bound:
            return missions.filter(taking_applications_q())
        self.is_valid()  # cleaned_data then holds the valid fields only
        data = {k: v for k, v in self.cleaned_data.items() if v}
        if words := " ".join(data.get("q", "").split()):
            missions = missions.filter(pk__in=among(search_ids(missions.model, words), missions.db))
        if place := " ".join(data.get("place", "").split()):
            missions = missions.filter(_place_q(place))
        tagged = missions.model.skills.through.objects
        if skill := data.get("skill"):
            missions = missions.filter(pk__in=tagged.filter(tag=skill).values("content_object"))
        if category := data.get("category"):
            missions = missions.filter(pk__in=tagged.filter(tag__category=category).values("content_object"))
        if fmt := data.get("format"):
            missions = missions.filter(format__in=WorkFormat.compatible_with(fmt))
        status = data.get("status")
        if status == "all":
            return missions
        if status:
            return missions.filter(shown_status_q()[MissionStatus(status)])
        return missions.filter(taking_applications_q())


def search_ids(model, words):
    """The ids of the pages Wagtail's search backend finds for ``words`` (titles,
    introductions, bodies, objectives, skills, organisations, places; PostgreSQL full
    text on PostgreSQL). Kept in the shared cache under the words, the content version
    and the search index's (``wagtail_skilldonation.cache``): a publish, once indexed,
    makes a new key, and pages unpublished or deleted since are dropped by the listing's
    own query."""
    version = f"{content_version()}|{search_version()}"
    digest = hashlib.sha256(f"{words.casefold()}|{version}".encode()).hexdigest()[:32]
    key = f"wagtail_skilldonation:search:{model._meta.label_lower}:{digest}"
    ids = cache.get(key)
    if ids is None:
        # The words read as the index reads pages (``PortalPageMixin.search_text``).
        read = search_words(words, query=True)
        ids = _found_ids(model.objects.all(), read) if read else []
        cache.set(key, ids, SEARCH_CACHE_SECONDS)
    return ids


def among(ids, db):
    """The right-hand side of ``pk__in`` for ``ids`` as one parameter (a JSON list on
    SQLite, an array on PostgreSQL) instead of one per id: a word found in 200
    missions was 200 parameters prepared one by one for the count and again for the
    page (about 1 ms of a cold search), and a long list no longer meets SQLite's limit
    on variables. Other databases take the list."""
    vendor = connections[db].vendor
    if vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])
    if vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])
    return ids


def _found_ids(pages, words):
    # The database backends (SQLite, PostgreSQL, MySQL, the fallback) build a query set
    # (``get_queryset``): its ids alone cost a query; the results themselves are page
    # objects, 200 of them took 5 ms to build for a one-word search of 1,000 missions.
    found = pages.search(words, operator="and", order_by_relevance=False)
    if query_set := getattr(found, "get_queryset", None):
        # Unordered: the listing orders them (the pages' tree order needed a join and a sort).
        return list(query_set().order_by().values_list("pk", flat=True))
    return [page.pk for page in found]  # Elasticsearch and OpenSearch


def _place_q(place):
    """Missions in ``place``: a département ("69", "2A", "974"), a postcode (its
    département), a town (any part of it, hyphens or spaces), or remote work ("remote",
    "à distance")."""
    if place.casefold() in REMOTE_WORDS:
        return Q(format__in=WorkFormat.compatible_with(WorkFormat.REMOTE))
    if POSTCODE.match(place):
        # Its town and its neighbours: "69001" finds a mission in Lyon 7e (69007).
        return Q(postcode__startswith=department(place))
    if DEPARTMENT.match(place):
        return Q(postcode__istartswith=place.upper())
    # "Saint Denis" and "Saint-Denis" are one town.
    spellings = {place, place.replace("-", " "), place.replace(" ", "-")}
    return functools.reduce(operator.or_, (Q(place__icontains=spelling) for spelling in spellings))
