"""Applications: submission and status changes (``lifecycle``), the confirmation
link of a known address (``confirmation``, ``views``), their e-mails (``emails``), the
public form (``forms``), the editors' inbox (``inbox``) and the panels on missions and
volunteers (``panels``).

``wagtail_skilldonation.applications.submit`` and friends are the lifecycle's API.
"""

from .lifecycle import (
    HOLDS_PLACE,
    TRANSITIONS,
    CapacityError,
    ConfirmationError,
    TransitionError,
    allowed_transitions,
    change_status,
    confirm,
    places_taken,
    submit,
)

__all__ = [
    "HOLDS_PLACE",
    "TRANSITIONS",
    "CapacityError",
    "ConfirmationError",
    "TransitionError",
    "allowed_transitions",
    "change_status",
    "confirm",
    "places_taken",
    "submit",
]
