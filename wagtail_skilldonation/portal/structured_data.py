"""What a public page says of itself to search engines and aggregators (schema.org
JSON-LD), read from the page models."""

from django.utils import timezone
from django.utils.translation import get_language

from ..models.choices import WorkFormat


def mission_event(mission, url):
    """schema.org JSON-LD of ``mission`` at ``url``: an event-like description with
    organiser, place or online, and dates (what volunteering aggregators and search
    engines read)."""
    modes = {
        WorkFormat.REMOTE: "OnlineEventAttendanceMode",
        WorkFormat.ON_SITE: "OfflineEventAttendanceMode",
        WorkFormat.BOTH: "MixedEventAttendanceMode",
    }
    place = {
        "@type": "Place",
        "name": mission.place or mission.postcode,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": mission.place,
            "postalCode": mission.postcode,
            "addressCountry": "FR",
        },
    }
    online = {"@type": "VirtualLocation", "url": url}
    location = {WorkFormat.REMOTE: online, WorkFormat.ON_SITE: place}.get(mission.format, [place, online])
    if mission.format != WorkFormat.REMOTE and not (mission.place or mission.postcode):
        location = online if mission.format == WorkFormat.BOTH else place
    start = mission.start_date or (
        timezone.localdate(mission.first_published_at) if mission.first_published_at else None
    )
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": mission.title,
        "description": mission.intro,
        "url": url,
        "startDate": start.isoformat() if start else None,
        "endDate": (mission.end_date or start).isoformat() if start else None,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": f"https://schema.org/{modes.get(mission.format, modes[WorkFormat.BOTH])}",
        "location": location,
        "inLanguage": get_language() or mission.locale.language_code,
        "isAccessibleForFree": True,
    }
    if mission.organisation_id:
        organiser = {"@type": "Organization", "name": mission.organisation.name}
        if mission.organisation.website:
            organiser["url"] = mission.organisation.website
        data["organizer"] = organiser
    if mission.takes_applications and mission.application_deadline:
        data["offers"] = {
            "@type": "Offer",
            "price": 0,
            "priceCurrency": "EUR",
            "url": url,
            "availability": "https://schema.org/SoldOut" if mission.is_full else "https://schema.org/InStock",
            "validThrough": mission.application_deadline.isoformat(),
        }
    return {key: value for key, value in data.items() if value not in (None, "")}
