"""The one check every admin view of the app starts with."""

from django.core.exceptions import PermissionDenied


def require_permission(request, *codenames):
    """Refuse unless the user holds one of these permissions of the app."""
    if not any(request.user.has_perm(f"wagtail_skilldonation.{c}") for c in codenames):
        raise PermissionDenied
