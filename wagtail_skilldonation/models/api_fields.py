"""How the portal's pages read in Wagtail's API v2 (``api_fields``): what a partner site
or a volunteering aggregator needs, and nothing personal (no contact e-mail, no
volunteer, no author's name or photo)."""

from rest_framework import serializers
from wagtail.api import APIField
from wagtail.rich_text import expand_db_html


class RichTextField(serializers.Field):
    """Rich text as HTML a partner can show (internal links resolved)."""

    def to_representation(self, value):
        return expand_db_html(value or "")


class OrganisationField(serializers.Field):
    def to_representation(self, organisation):
        return {"name": organisation.name, "city": organisation.city, "website": organisation.website}


class SkillsField(serializers.Field):
    """Skill names, in the language the API was asked in (``?locale=`` sets it)."""

    def to_representation(self, skills):
        return [{"slug": skill.slug, "name": skill.label, "category": skill.category} for skill in skills.all()]


class PageLinkField(serializers.Field):
    def to_representation(self, page):
        return {"id": page.pk, "title": page.title}


def mission_api_fields():
    return [
        APIField("intro"),
        APIField("format"),
        APIField("place"),
        APIField("postcode"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("application_deadline"),
        APIField("estimated_hours"),
        APIField("places_available"),
        APIField("places_left", serializer=serializers.IntegerField(read_only=True)),
        # As visitors read it: past its deadline a mission is closed.
        APIField("status", serializer=serializers.CharField(source="shown_status", read_only=True)),
        APIField("skills", serializer=SkillsField(read_only=True)),
        APIField("organisation", serializer=OrganisationField(read_only=True)),
        APIField("need", serializer=PageLinkField(read_only=True)),
        APIField("body", serializer=RichTextField(read_only=True)),
        APIField("objectives"),
        APIField("share_url", serializer=serializers.CharField(read_only=True)),
    ]


def need_api_fields():
    return [
        APIField("context", serializer=RichTextField(read_only=True)),
        APIField("expected_outcome", serializer=RichTextField(read_only=True)),
        APIField("priority"),
        APIField("status"),
        APIField("skills", serializer=SkillsField(read_only=True)),
        APIField("organisation", serializer=OrganisationField(read_only=True)),
    ]


def testimonial_api_fields():
    return [
        APIField("quote"),
        APIField("author_role"),
        APIField("mission", serializer=PageLinkField(read_only=True)),
    ]
