"""What differs between the Wagtail releases the app supports (7.4 LTS and 8.x), in
one place, so the rest of the code and the migrations read the same on both.

- ``PAGE_MODEL``: the model pages point to. Wagtail 8 makes it swappable
  (``WAGTAIL_PAGE_MODEL``, "wagtailcore.Page" by default); Wagtail 7.4 has no such setting.
- ``WAGTAILCORE_MIGRATION``: the latest ``wagtailcore`` migration of the installed
  release, which our first migration runs after.
"""

from django.conf import settings
from wagtail import VERSION as WAGTAIL_VERSION

WAGTAIL_8 = WAGTAIL_VERSION >= (8, 0)
PAGE_MODEL = getattr(settings, "WAGTAIL_PAGE_MODEL", "wagtailcore.Page")
LATEST_WAGTAILCORE = "0098_apitoken" if WAGTAIL_8 else "0097_baselogentry_uuid_action_timestamp_indexes"
WAGTAILCORE_MIGRATION = ("wagtailcore", LATEST_WAGTAILCORE)
