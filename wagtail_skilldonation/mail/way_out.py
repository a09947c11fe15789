"""What a volunteer chose to receive besides answers to their applications, and the
one-click way out of every e-mail that proposes missions (alerts, invitations)."""

from ..links import portal_url, sign, unsign
from ..models import Volunteer

STOP_SALT = "wagtail_skilldonation.stop"
CHOICES = ("alerts", "proposals")  # what a one-click link may stop


def stop_url(volunteer, what):
    return portal_url("space_stop", sign({"v": volunteer.pk, "w": what}, STOP_SALT))


def read_stop_token(token):
    """``(volunteer, what)`` for a genuine link, else ``None``. No expiry: a way out
    must keep working."""
    value = unsign(token, STOP_SALT)
    if not isinstance(value, dict) or value.get("w") not in CHOICES:
        return None
    volunteer = Volunteer.objects.filter(pk=value.get("v")).first()
    return (volunteer, value["w"]) if volunteer is not None else None


def stop(volunteer, what):
    if what == "alerts":
        Volunteer.objects.filter(pk=volunteer.pk).update(alerts_at=None)
    else:
        volunteer.consent_at, volunteer.consent_version = None, ""
        volunteer.save()  # the matching's copy and counts follow


def with_way_out(message, url):
    """The ``List-Unsubscribe`` headers (RFC 2369, one-click RFC 8058) of a mail: ``url``
    is the way out its text gives (signed once: the same link in both places)."""
    message.extra_headers["List-Unsubscribe"] = f"<{url}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message
