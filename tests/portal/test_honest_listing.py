"""An honest listing (#17): a mission past its application deadline is closed for
applications on every surface; the default listing shows what takes applications."""

import datetime

from django.utils import timezone

from wagtail_skilldonation.models import MissionCapacity, MissionPage
from wagtail_skilldonation.reports.figures import home_summary, supply_and_demand

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def titles(html, missions):
    return [m.title for m in missions if f">{m.title}<" in html]


def test_past_deadline_is_closed_everywhere(client, make_mission, mission_index, skills):
    # Made in an order the listing must reorder.
    past = make_mission(title="Passée", application_deadline=YESTERDAY, skills=[skills["Graphisme"]])
    completed = make_mission(title="Terminée", status="completed")
    full = make_mission(title="Complète", places_available=1)
    MissionCapacity.objects.update_or_create(mission=full, defaults={"accepted": 1})
    open_ = make_mission(title="Ouverte", application_deadline=timezone.localdate())  # today: still open
    listing = client.get(mission_index.url).content.decode()
    assert titles(listing, [past, completed, full, open_]) == ["Complète", "Ouverte"]
    assert listing.index(">Ouverte<") < listing.index(">Complète<")  # open first, then full
    assert "See past missions too" in listing
    everything = client.get(mission_index.url + "?status=all").content.decode()
    assert set(titles(everything, [past, completed, full, open_])) == {"Passée", "Terminée", "Complète", "Ouverte"}
    closed = client.get(mission_index.url + "?status=closed").content.decode()
    assert titles(closed, [past, completed, full, open_]) == ["Passée"]
    opened = client.get(mission_index.url + "?status=open").content.decode()
    assert titles(opened, [past, completed, full, open_]) == ["Ouverte"]
    # The page says closed, without "apply by" or a form.
    page = client.get(past.url).content.decode()
    assert "sd-status--closed" in page
    assert "Apply by" not in page
    assert 'name="first_name"' not in page
    assert MissionPage.objects.get(pk=past.pk).shown_status == "closed"
    # The dashboard counts what is truly open; demand counts what takes applications.
    assert home_summary()["open_missions"] == 1
    demand = {row["skill"].name: row["demand"] for row in supply_and_demand()}
    assert demand.get("Graphisme", 0) == 0


def test_a_completed_mission_does_not_say_apply_by(client, make_mission):
    done = make_mission(
        title="Finie", status="completed", application_deadline=timezone.localdate() + datetime.timedelta(days=3)
    )
    assert "Apply by" not in client.get(done.url).content.decode()


def test_widening_to_past_missions_keeps_the_words(client, make_mission, mission_index):
    """#29: after a search with no result, "See past missions too" dropped the words."""
    from html.parser import HTMLParser

    past = make_mission(title="Affiches passées", intro="Des affiches.", application_deadline=YESTERDAY)

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = {}
            self._href = None

        def handle_starttag(self, tag, attrs):
            self._href = dict(attrs).get("href") if tag == "a" else None

        def handle_data(self, data):
            if self._href and data.strip():
                self.found[data.strip()] = self._href

    links = Links()
    links.feed(client.get(mission_index.url + "?q=affiches&page=1").content.decode())
    widen = links.found["See past missions too"]
    assert widen.startswith("?")
    from urllib.parse import parse_qs

    assert parse_qs(widen[1:]) == {"q": ["affiches"], "status": ["all"]}
    assert titles(client.get(mission_index.url + widen).content.decode(), [past]) == ["Affiches passées"]


def test_the_listings_sql_says_what_each_mission_page_says(make_mission):
    """``taking_applications_q`` and ``shown_status_q`` (every listing's count and page)
    against the page's own ``takes_applications`` and ``shown_status``, for every
    status, deadline (past, today, later, none) and places (none taken, all taken, no
    counter yet): the SQL condition is written whole, not as the statuses joined."""
    import itertools

    from wagtail_skilldonation.models import MissionStatus
    from wagtail_skilldonation.models.pages import shown_status_q, taking_applications_q

    today = timezone.localdate()
    deadlines = [YESTERDAY, today, today + datetime.timedelta(days=3), None]
    missions = []
    for status, deadline, taken in itertools.product(MissionStatus.values, deadlines, [0, 2, None]):
        mission = make_mission(status=status, application_deadline=deadline, places_available=2)
        MissionCapacity.objects.filter(mission=mission).delete()
        if taken is not None:
            MissionCapacity.objects.create(mission=mission, accepted=taken)
        missions.append(mission.pk)
    pages = MissionPage.objects.filter(pk__in=missions)
    assert pages.count() == 4 * 4 * 3
    taking = {page.pk for page in pages if page.takes_applications}
    assert {True, False} == {page.takes_applications for page in pages}
    assert set(pages.filter(taking_applications_q()).values_list("pk", flat=True)) == taking
    for status, condition in shown_status_q().items():
        shown = {page.pk for page in pages if page.shown_status == status}
        assert shown, status  # every status is met by some mission
        assert set(pages.filter(condition).values_list("pk", flat=True)) == shown, status


def test_the_listing_puts_open_missions_first_then_full_ones_under_every_filter(rf, make_mission, mission_index):
    """The default order: open, then full (a waiting list), then the rest, each by
    deadline. A mission left open whose places are all taken is full, and one whose
    deadline passed is closed, whatever the editor left: under the default filters the
    listing tells the two kinds it holds apart by their places alone."""
    soon = timezone.localdate() + datetime.timedelta(days=2)
    later = timezone.localdate() + datetime.timedelta(days=9)
    taken = make_mission(title="Prise", places_available=1, application_deadline=soon)  # open, all places taken
    MissionCapacity.objects.update_or_create(mission=taken, defaults={"accepted": 1})
    marked_full = make_mission(title="Marquée complète", status="full", application_deadline=later)
    open_later = make_mission(title="Ouverte plus tard", application_deadline=later)
    open_soon = make_mission(title="Ouverte bientôt", places_available=3, application_deadline=soon)
    MissionCapacity.objects.update_or_create(mission=open_soon, defaults={"accepted": 2})
    closed = make_mission(title="Fermée", status="closed", application_deadline=soon)
    past = make_mission(title="Passée", application_deadline=YESTERDAY)
    everything = [taken, marked_full, open_later, open_soon, closed, past]

    def order(query=""):
        missions = mission_index.get_listing(rf.get("/" + query))
        return [m.title for m in missions if m in everything]

    assert order() == ["Ouverte bientôt", "Ouverte plus tard", "Prise", "Marquée complète"]
    assert order("?q=&place=") == order()
    assert order("?status=all")[:4] == order()
    assert set(order("?status=all")[4:]) == {"Fermée", "Passée"}
    assert order("?status=full") == ["Prise", "Marquée complète"]
    assert order("?status=open") == ["Ouverte bientôt", "Ouverte plus tard"]
    assert order("?status=nonsense") == order()  # an invalid value is ignored


def test_a_card_and_a_mission_page_say_the_format_in_words(client, make_mission, mission_index):
    """The format as visitors read it (here in English): never the stored value."""
    from django.test.html import parse_html

    mission = make_mission(title="Sur place à Lyon", format="on_site", place="Lyon", postcode="69007")
    listing = client.get(mission_index.url).content.decode()
    start = listing.rindex("<article", 0, listing.index(">Sur place à Lyon<"))
    card = listing[start : listing.index("</article>", start) + len("</article>")]
    assert parse_html("<span>On site · Lyon</span>") in parse_html(card)
    assert "on_site" not in card
    page = client.get(mission.url).content.decode()
    assert "<dd>On site · Lyon</dd>" in page
