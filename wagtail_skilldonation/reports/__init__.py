"""Impact reports: the figures (``figures``: no HTTP), the admin report (``views``)
and the home and partnership panels (``panels``).

``wagtail_skilldonation.reports.impact`` and ``home_summary`` are the figures' API.
"""

from .figures import Impact, home_summary, impact, supply_and_demand

__all__ = ["Impact", "home_summary", "impact", "supply_and_demand"]
