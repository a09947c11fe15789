"""Applications: submission and status changes (``lifecycle``), the confirmation
link of a known address (``confirmation``, ``views``), their e-mails (``emails``), the
public form (``forms``), the editors' inbox (``inbox``) and the panels on missions and
volunteers (``panels``).

``wagtail_skilldonation.applications.submit`` and friends are the lifecycle's API.
"""

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


def __getattr__(name):
    # models/ imports this package's panels while it loads, and the lifecycle needs
    # the whole models package: so it is imported on first use, not here.
    if name in __all__:
        from . import lifecycle

        return getattr(lifecycle, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
