"""Following missions from elsewhere: RSS and Atom feeds of the missions that take
applications (Django's syndication framework), and iCalendar files (the ``icalendar``
library), one per mission and one for all. Feeds honour the listing's filters (the same
``MissionFilterForm``, from the URL), so a partner can follow "remote missions in web
development" as easily as everything.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText
from wagtail.models import Site

from ..links import page_url
from ..models import MissionIndexPage, MissionPage, PortalSettings
from ..models.languages import contract
from .context import not_found
from .filters import MissionFilterForm

FEED_SIZE = 50


def in_this_site(queryset, request):
    """Pages of the site asked for: under its root page or one of the root's language
    versions (as Wagtail's API does), so one site's feed never lists another's."""
    site = Site.find_for_request(request)
    if site is None:
        return queryset.none()
    roots = Q()
    for root in [site.root_page, *site.root_page.get_translations()]:
        roots |= Q(path__startswith=root.path)
    return queryset.filter(roots)


def missions_for(request):
    """The missions the listing would show for these GET parameters, newest first."""
    form = MissionFilterForm(request.GET or None)
    missions = form.filter(in_this_site(MissionPage.objects.live().public(), request).one_per_mission())
    return missions.order_by("-first_published_at", "pk")


def _association():
    site = Site.objects.filter(is_default_site=True).first()
    portal = PortalSettings.for_site(site) if site else None
    return (portal.association_name if portal else "") or (site.site_name if site else "")


class MissionsFeed(Feed):
    """RSS 2.0 of the missions that take applications (filters from the URL)."""

    def get_object(self, request, *args, **kwargs):
        return request

    def title(self, request):
        return contract(_("Missions of %(association)s") % {"association": _association() or _("the association")})

    def link(self, request):
        index = MissionIndexPage.objects.live().first()
        return page_url(index) if index else "/"

    def description(self, request):
        return _("Skill-donation missions that take applications.")

    def items(self, request):
        return missions_for(request)[:FEED_SIZE]

    def item_title(self, mission):
        return mission.title

    def item_description(self, mission):
        return mission.intro

    def item_link(self, mission):
        return page_url(mission)

    def item_guid(self, mission):
        return f"urn:uuid:{mission.translation_key}"

    item_guid_is_permalink = False

    def item_pubdate(self, mission):
        return mission.first_published_at

    def item_updateddate(self, mission):
        return mission.last_published_at

    def item_categories(self, mission):
        return [skill.label for skill in mission.skills.all()]


class MissionsAtomFeed(MissionsFeed):
    feed_type = Atom1Feed
    subtitle = MissionsFeed.description


def _event(mission):
    """A mission as a calendar event: from its start to its end date (all day), with a
    stable UID (its translation key: one event whatever the language)."""
    event = Event()
    event.add("uid", f"{mission.translation_key}@wagtail-skilldonation")
    event.add("summary", mission.title)
    event.add("dtstamp", mission.last_published_at or timezone.now())
    start = mission.start_date or mission.application_deadline or timezone.localdate()
    end = mission.end_date or start
    event.add("dtstart", start)
    event.add("dtend", end + datetime.timedelta(days=1))  # DTEND of an all-day event is exclusive
    event.add("url", page_url(mission))
    description = [mission.intro] if mission.intro else []
    if mission.application_deadline:
        description.append(_("Apply by %(date)s") % {"date": mission.application_deadline.isoformat()})
    event.add("description", "\n".join(description))
    place = _("Remote") if mission.format == "remote" else " ".join(filter(None, [mission.postcode, mission.place]))
    if place:
        event.add("location", vText(place))
    return event


def _calendar(missions, name):
    calendar = Calendar()
    calendar.add("prodid", "-//wagtail-skilldonation//missions//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for mission in missions:
        calendar.add_component(_event(mission))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="missions.ics"'
    return response


def missions_calendar(request):
    """Every mission the listing shows for these filters, as one calendar."""
    return _calendar(missions_for(request)[:FEED_SIZE], _("Missions"))


def mission_calendar(request, pk):
    # By ``id``, an integer field whose lookups take any number: by ``pk`` (a link to the
    # page) SQLite refused one past its integers, a 500.
    mission = in_this_site(MissionPage.objects.live().public(), request).filter(id=pk).first()
    if mission is None:
        return not_found(request)
    return _calendar([mission], mission.title)
