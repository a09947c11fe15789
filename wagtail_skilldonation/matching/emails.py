"""The invitation e-mail an editor sends a matching volunteer."""

from django.conf import settings

from ..links import page_url
from ..mail import outbox, portal_settings, render_message
from ..mail.way_out import stop_url, with_way_out


def notify_invitation(invitation):
    return outbox.queue(
        "invitation", invitation.volunteer.email, language=settings.LANGUAGE_CODE, invitation=invitation
    )


@outbox.builds("invitation")
def build(mail):
    invitation = mail.invitation
    mission = invitation.mission
    context = {
        "invitation": invitation,
        "volunteer": invitation.volunteer,
        "mission": mission,
        "mission_url": page_url(mission),
        "portal": portal_settings(mission),
        "stop_url": stop_url(invitation.volunteer, "proposals"),
    }
    message = render_message("invitation", context, [invitation.volunteer.email], mail.language)
    return with_way_out(message, context["stop_url"])
