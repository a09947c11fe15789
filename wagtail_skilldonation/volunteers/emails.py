"""The e-mail of the volunteer's space: the sign-in link (messages about an
application live with the application's e-mails)."""

from django.conf import settings
from wagtail.models import Site

from ..conf import get_setting
from ..mail import outbox, render_message
from ..models import PortalSettings
from . import access as access_module


@outbox.builds("sign_in")
def build_sign_in(mail):
    if not mail.access_id and not access_module.is_fresh(None, requested_at=mail.created_at):
        raise outbox.NotNeeded("expired")  # asked too long ago: they have asked again since
    access = access_module.start_access(mail)
    if access is None:
        raise outbox.NotNeeded("unknown")
    if access.used_at or access.ended_at or not access_module.is_fresh(access):
        raise outbox.NotNeeded("expired")
    volunteer = access.volunteer
    site = Site.objects.filter(is_default_site=True).first()
    context = {
        "volunteer": volunteer,
        "link_url": access_module.link_url(access, access_module.next_path(mail.payload.get("next"))),
        "minutes": max(1, get_setting("SIGN_IN_LINK_MAX_AGE") // 60),
        "portal": PortalSettings.for_site(site) if site else None,
    }
    return render_message("sign_in", context, [volunteer.email], mail.language or settings.LANGUAGE_CODE)
