"""A host site extends the mission page through settings, never by editing the app:
the application form builder and the mission index's filter form are named by dotted
path (the page models import no feature)."""

import datetime

from django.core import checks
from django.utils import timezone

from tests.conftest import form_data
from wagtail_skilldonation.models import Application


def test_the_site_s_form_builder_serves_and_keeps_its_own_question(client, open_mission, settings):
    settings.WAGTAIL_SKILLDONATION = {"APPLICATION_FORM_BUILDER": "tests.extensions.BuilderWithReferral"}
    assert 'name="referral"' in client.get(open_mission.url).content.decode()
    response = client.post(open_mission.url, form_data(open_mission, referral="a friend"), follow=True)
    assert response.status_code == 200
    assert "Thank you for your application" in response.content.decode()
    assert Application.objects.get().answers["referral"]["value"] == "a friend"


def test_the_site_s_filter_form_decides_the_listing(client, mission_index, make_mission, settings):
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    make_mission(title="Toujours ouverte", application_deadline=deadline)
    make_mission(title="Déjà complète", application_deadline=deadline, status="full")
    assert "Déjà complète" in client.get(mission_index.url).content.decode()
    settings.WAGTAIL_SKILLDONATION = {"MISSION_FILTER_FORM": "tests.extensions.FilterWithoutFull"}
    html = client.get(mission_index.url).content.decode()
    assert "Toujours ouverte" in html
    assert "Déjà complète" not in html


def test_a_path_that_does_not_import_is_a_check_error(settings):
    settings.WAGTAIL_SKILLDONATION = {"MISSION_FILTER_FORM": "tests.extensions.NoSuchForm"}
    errors = [e for e in checks.run_checks() if e.id == "wagtail_skilldonation.E006"]
    assert errors
    assert "MISSION_FILTER_FORM" in errors[0].msg


def test_a_listing_builds_its_filter_form_once(client, mission_index, make_mission, settings):
    """The filters shown and the listing filtered read one form (it was built twice)."""
    from tests.extensions import CountedFilters

    make_mission(title="Atelier vidéo")
    settings.WAGTAIL_SKILLDONATION = {"MISSION_FILTER_FORM": "tests.extensions.CountedFilters"}
    CountedFilters.built.clear()
    html = client.get(f"{mission_index.url}?q=vid%C3%A9o").content.decode()
    assert "Atelier vidéo" in html
    assert 'value="vidéo"' in html
    assert len(CountedFilters.built) == 1
