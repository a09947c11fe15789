"""The invitation e-mail an editor sends a matching volunteer."""

from django.conf import settings
from django_tasks import task

from ..links import page_url
from ..mail import deliver, enqueue_on_commit, portal_settings, render_message
from ..models import Invitation


def notify_invitation(invitation):
    enqueue_on_commit(send_invitation_email, invitation.pk)


@task()
def send_invitation_email(invitation_id: int) -> bool:
    invitation = (
        Invitation.objects.select_related("mission", "volunteer", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return False
    mission = invitation.mission
    context = {
        "invitation": invitation,
        "volunteer": invitation.volunteer,
        "mission": mission,
        "mission_url": page_url(mission),
        "portal": portal_settings(mission),
    }
    message = render_message(
        "invitation", context, [invitation.volunteer.email], settings.LANGUAGE_CODE
    )
    return deliver(message, f"invitation {invitation_id}")
