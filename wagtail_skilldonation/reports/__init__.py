"""Impact reports: the figures (``figures``: no HTTP), the admin report (``views``)
and the home and partnership panels (``panels``).

``wagtail_skilldonation.reports.impact`` and ``home_summary`` are the figures' API.
"""

__all__ = ["Impact", "home_summary", "impact", "supply_and_demand"]


def __getattr__(name):
    # models/ imports this package's panels while it loads, and the figures need the
    # whole models package: so they are imported on first use, not here.
    if name in __all__:
        from . import figures

        return getattr(figures, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
