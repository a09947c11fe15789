"""#29: the volunteer editor showed a literal "None" for fields nobody filled in yet."""

import re

from django.urls import reverse
from django.utils import timezone

from wagtail_skilldonation.models import Volunteer


def read_only_values(html):
    return [value.strip() for value in re.findall(r'class="w-field__textoutput"[^>]*>\s*([^<]*)<', html)]


def test_read_only_fields_say_what_empty_means(admin_client, db):
    volunteer = Volunteer.objects.create(first_name="Nadia", last_name="K", email="nadia@example.org")
    url = reverse("wagtailsnippets_wagtail_skilldonation_volunteer:edit", args=[volunteer.pk])
    values = read_only_values(admin_client.get(url).content.decode())
    assert values == ["No consent recorded", "–", "No weekly alert asked for"]
    assert "None" not in values
    Volunteer.objects.filter(pk=volunteer.pk).update(consent_at=timezone.now(), consent_version="2026-11")
    values = read_only_values(admin_client.get(url).content.decode())
    assert values[1] == "2026-11"
    assert values[0] not in ("No consent recorded", "None", "")
