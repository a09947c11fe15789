"""Following missions from elsewhere (#17): RSS/Atom feeds and iCalendar files that
match the listing, and what a mission page says of itself (Open Graph, JSON-LD)."""

import datetime
import json
import re

import feedparser
import icalendar
import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from wagtail_skilldonation.models import Organisation

TODAY = timezone.localdate()


@pytest.fixture
def listed(make_mission, skills):
    web = make_mission(
        title="Site web",
        format="remote",
        skills=[skills["Développement web"]],
        start_date=TODAY + datetime.timedelta(days=10),
        end_date=TODAY + datetime.timedelta(days=40),
        application_deadline=TODAY + datetime.timedelta(days=5),
        intro="Refaire le site.",
    )
    lyon = make_mission(
        title="Plan à Lyon",
        format="on_site",
        place="Lyon",
        postcode="69007",
        start_date=TODAY + datetime.timedelta(days=20),
    )
    past = make_mission(title="Passée", application_deadline=TODAY - datetime.timedelta(days=1))
    return web, lyon, past


def test_feeds_list_what_the_listing_lists(client, listed):
    web, lyon, past = listed
    for name in ("rss", "atom"):
        feed = feedparser.parse(client.get(f"/portal/missions/feed/{name}/").content)
        assert not feed.bozo, feed.bozo_exception
        assert {entry.title for entry in feed.entries} == {"Site web", "Plan à Lyon"}  # not the past one
        entry = next(e for e in feed.entries if e.title == "Site web")
        assert entry.link == "http://testserver" + web.url
        assert "Refaire le site." in entry.summary
        assert entry.id == f"urn:uuid:{web.translation_key}"
    filtered = feedparser.parse(client.get("/portal/missions/feed/rss/?format=on_site&place=69").content)
    assert [entry.title for entry in filtered.entries] == ["Plan à Lyon"]


def test_calendars_with_stable_uids(client, listed):
    web, lyon, past = listed
    response = client.get(f"/portal/missions/{web.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Site web"
    assert str(event["uid"]) == f"{web.translation_key}@wagtail-skilldonation"
    assert event.decoded("dtstart") == web.start_date
    assert event.decoded("dtend") == web.end_date + datetime.timedelta(days=1)
    assert str(event["location"]) == "Remote"
    assert str(event["url"]).endswith(web.url)
    again = icalendar.Calendar.from_ical(client.get(f"/portal/missions/{web.pk}/calendar.ics").content).walk("VEVENT")[
        0
    ]
    assert again["uid"] == event["uid"]
    everything = icalendar.Calendar.from_ical(client.get("/portal/missions/calendar.ics").content)
    assert {str(e["summary"]) for e in everything.walk("VEVENT")} == {"Site web", "Plan à Lyon"}
    lyon_event = next(e for e in everything.walk("VEVENT") if str(e["summary"]) == "Plan à Lyon")
    assert str(lyon_event["location"]) == "69007 Lyon"
    assert client.get("/portal/missions/999999/calendar.ics").status_code == 404
    # Past what SQL integers hold: no mission, not a 500 (SQLite could not take the number).
    assert client.get(f"/portal/missions/{10**30}/calendar.ics").status_code == 404


def test_pages_link_their_feeds_and_calendar(client, listed, mission_index):
    web = listed[0]
    index = client.get(mission_index.url + "?format=remote").content.decode()
    assert 'type="application/rss+xml"' in index
    assert "/portal/missions/feed/rss/?format=remote" in index
    page = client.get(web.url).content.decode()
    assert f'href="/portal/missions/{web.pk}/calendar.ics"' in page
    assert 'rel="alternate" type="text/calendar"' in page


def test_a_mission_page_describes_itself_to_previews_and_search_engines(client, listed):
    web = listed[0]
    web.organisation = Organisation.objects.create(name="Les Jardins", website="https://jardins.example")
    web.save_revision().publish()
    html = client.get(web.url).content.decode()
    assert f'<link rel="canonical" href="http://testserver{web.url}">' in html
    assert '<meta property="og:title" content="Site web">' in html
    assert 'name="twitter:card"' in html
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["@type"] == "Event"
    assert data["name"] == "Site web"
    assert data["startDate"] == web.start_date.isoformat()
    assert data["endDate"] == web.end_date.isoformat()
    assert data["location"]["@type"] == "VirtualLocation"
    assert data["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")
    assert data["organizer"] == {"@type": "Organization", "name": "Les Jardins", "url": "https://jardins.example"}
    assert data["offers"]["validThrough"] == web.application_deadline.isoformat()


def test_json_ld_cannot_be_broken_out_of(client, make_mission):
    mission = make_mission(title="</script><script>alert(1)</script>", intro="x")
    html = client.get(mission.url).content.decode()
    assert "<script>alert(1)" not in html
    data = json.loads(re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[0])
    assert data["name"] == "</script><script>alert(1)</script>"
    lyon = make_mission(title="Sur place", format="on_site", place="Lyon", postcode="69007")
    place = json.loads(
        re.findall(r'<script type="application/ld\+json">(.*?)</script>', client.get(lyon.url).content.decode(), re.S)[
            0
        ]
    )["location"]
    assert place["@type"] == "Place"
    assert place["address"]["postalCode"] == "69007"


@pytest.mark.parametrize("restriction", ["password", "login"])
def test_a_restricted_mission_reaches_no_feed_nor_calendar(client, listed, restriction):
    web, lyon, _past = listed
    PageViewRestriction.objects.create(page=web, restriction_type=restriction, password="secret")
    for name in ("rss", "atom"):
        feed = feedparser.parse(client.get(f"/portal/missions/feed/{name}/").content)
        assert [entry.title for entry in feed.entries] == ["Plan à Lyon"], name
    calendar = icalendar.Calendar.from_ical(client.get("/portal/missions/calendar.ics").content)
    assert [str(event["summary"]) for event in calendar.walk("VEVENT")] == ["Plan à Lyon"]
    assert client.get(f"/portal/missions/{web.pk}/calendar.ics").status_code == 404
    assert client.get(f"/portal/missions/{lyon.pk}/calendar.ics").status_code == 200


def test_each_site_s_feeds_and_calendars_list_its_own_missions(client, listed, settings):
    """A second Site in the same Wagtail: its mission reaches neither this site's
    feeds nor its calendars, and its own visitors read it there."""
    from wagtail.models import Page, Site

    from wagtail_skilldonation.models import MissionIndexPage, MissionPage

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "autre.example"]
    other_home = Page.get_first_root_node().add_child(instance=Page(title="Autre site", slug="autre-site"))
    Site.objects.create(hostname="autre.example", port=80, root_page=other_home)
    other_index = other_home.add_child(instance=MissionIndexPage(title="Missions", slug="missions"))
    elsewhere = other_index.add_child(instance=MissionPage(title="Ailleurs", slug="ailleurs", places_available=1))
    elsewhere.save_revision().publish()  # as an editor does (its places are counted on publish)
    for name in ("rss", "atom"):
        ours = feedparser.parse(client.get(f"/portal/missions/feed/{name}/").content)
        assert {entry.title for entry in ours.entries} == {"Site web", "Plan à Lyon"}, name
        theirs = feedparser.parse(client.get(f"/portal/missions/feed/{name}/", HTTP_HOST="autre.example").content)
        assert [entry.title for entry in theirs.entries] == ["Ailleurs"], name
    calendar = icalendar.Calendar.from_ical(client.get("/portal/missions/calendar.ics").content)
    assert {str(event["summary"]) for event in calendar.walk("VEVENT")} == {"Site web", "Plan à Lyon"}
    assert client.get(f"/portal/missions/{elsewhere.pk}/calendar.ics").status_code == 404
    assert client.get(f"/portal/missions/{elsewhere.pk}/calendar.ics", HTTP_HOST="autre.example").status_code == 200


def test_what_a_feed_reader_and_a_calendar_show(client, listed, mission_index, home):
    """The channel's name, link and description; entries newest first; each event's
    dates, time stamp and description; the calendars' identity and file name."""
    from wagtail.models import Site

    from wagtail_skilldonation.models import MissionPage, PortalSettings

    web, lyon, _past = listed
    MissionPage.objects.filter(pk=web.pk).update(first_published_at=timezone.now() - datetime.timedelta(days=2))
    Site.objects.filter(is_default_site=True).update(site_name="Le site")
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.association_name = "Savoir partagé"  # the association's name comes first
    portal.save()
    feed = feedparser.parse(client.get("/portal/missions/feed/rss/").content)
    assert feed.feed.title == "Missions of Savoir partagé"
    assert feed.feed.link == "http://testserver" + mission_index.url
    assert feed.feed.description == "Skill-donation missions that take applications."
    assert [entry.title for entry in feed.entries] == ["Plan à Lyon", "Site web"]  # newest first
    same_day = timezone.now() - datetime.timedelta(days=1)
    MissionPage.objects.filter(pk__in=[web.pk, lyon.pk]).update(first_published_at=same_day)
    tied = feedparser.parse(client.get("/portal/missions/feed/rss/").content)
    assert [entry.title for entry in tied.entries] == ["Site web", "Plan à Lyon"]  # then in creation order
    # Without the association's name, the site's; without either, a plain title.
    portal.association_name = ""
    portal.save()
    assert feedparser.parse(client.get("/portal/missions/feed/rss/").content).feed.title == "Missions of Le site"
    Site.objects.filter(is_default_site=True).update(site_name="")
    assert (
        feedparser.parse(client.get("/portal/missions/feed/rss/").content).feed.title == "Missions of the association"
    )

    published = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    MissionPage.objects.filter(pk=web.pk).update(last_published_at=published)
    web.refresh_from_db()
    response = client.get(f"/portal/missions/{web.pk}/calendar.ics")
    assert response["Content-Disposition"] == 'inline; filename="missions.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    assert (str(calendar["prodid"]), str(calendar["version"])) == ("-//wagtail-skilldonation//missions//FR", "2.0")
    assert str(calendar["x-wr-calname"]) == "Site web"
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("dtstamp") == published
    assert str(event["description"]) == f"Refaire le site.\nApply by {web.application_deadline.isoformat()}"
    assert str(icalendar.Calendar.from_ical(client.get("/portal/missions/calendar.ics").content)["x-wr-calname"]) == (
        "Missions"
    )


def test_an_event_without_dates_starts_at_its_deadline_or_today(client, make_mission):
    deadline_only = make_mission(title="Date limite", intro="", application_deadline=TODAY + datetime.timedelta(days=3))
    undated = make_mission(title="Sans date", intro="")
    event = icalendar.Calendar.from_ical(client.get(f"/portal/missions/{deadline_only.pk}/calendar.ics").content).walk(
        "VEVENT"
    )[0]
    assert event.decoded("dtstart") == deadline_only.application_deadline
    assert event.decoded("dtend") == deadline_only.application_deadline + datetime.timedelta(days=1)
    assert str(event["description"]) == f"Apply by {deadline_only.application_deadline.isoformat()}"
    event = icalendar.Calendar.from_ical(client.get(f"/portal/missions/{undated.pk}/calendar.ics").content).walk(
        "VEVENT"
    )[0]
    assert event.decoded("dtstart") == timezone.localdate()
    assert str(event["description"]) == ""  # no summary, no deadline: nothing made up


def test_a_feed_without_a_default_site_or_a_live_index_still_answers(client, listed, mission_index):
    """A site being set up (no default Site yet, the missions index unpublished): the
    feed answers with a plain title and the site's root as its link, and lists nothing
    it cannot place."""
    from wagtail.models import Site

    Site.objects.update(is_default_site=False)
    mission_index.unpublish()
    response = client.get("/portal/missions/feed/rss/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.feed.title == "Missions of the association"
    assert feed.feed.link == "http://testserver/"
    assert feed.entries == []
