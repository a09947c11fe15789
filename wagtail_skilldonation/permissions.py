"""The one check every admin view of the app starts with."""

from django.core.exceptions import PermissionDenied


def can_read_applications(user):
    """Whoever may change applications may read them (the inbox, the impact report,
    the e-mails not sent): Django's ``has_perm`` does not infer it."""
    return user.has_perm("wagtail_skilldonation.view_application") or user.has_perm(
        "wagtail_skilldonation.change_application"
    )


def require_permission(request, *codenames):
    """Refuse unless the user holds one of these permissions of the app."""
    if not any(request.user.has_perm(f"wagtail_skilldonation.{c}") for c in codenames):
        raise PermissionDenied
