"""Public pages: needs, missions, testimonials and their indexes, one module a family.

Behaviour and fields live in abstract mixins so a site with its own base page model
(``WAGTAIL_PAGE_MODEL``) can build its concrete pages from them; the concrete classes
are thin. Links to other pages go through the swappable page model. Panels of the
features are named by dotted path (``PanelPlaceholder``), the form builder and the
filter form by settings: nothing here imports a feature.
"""

from .base import PAGE_MODEL, IndexPageMixin, KeepsItsPlace, PortalPageMixin
from .information import InformationPage, InformationPageMixin
from .mission_form import MissionFormField, MissionFormMixin
from .missions import (
    MissionIndexPage,
    MissionIndexPageMixin,
    MissionObjective,
    MissionPage,
    MissionPageMixin,
    MissionQuerySet,
)
from .needs import NeedIndexPage, NeedIndexPageMixin, NeedPage, NeedPageMixin
from .statuses import FULL_Q, listing_rank, shown_status_q, taking_applications_q
from .testimonials import TestimonialIndexPage, TestimonialIndexPageMixin, TestimonialPage, TestimonialPageMixin

__all__ = [
    "FULL_Q",
    "PAGE_MODEL",
    "IndexPageMixin",
    "InformationPage",
    "InformationPageMixin",
    "KeepsItsPlace",
    "MissionFormField",
    "MissionFormMixin",
    "MissionIndexPage",
    "MissionIndexPageMixin",
    "MissionObjective",
    "MissionPage",
    "MissionPageMixin",
    "MissionQuerySet",
    "NeedIndexPage",
    "NeedIndexPageMixin",
    "NeedPage",
    "NeedPageMixin",
    "PortalPageMixin",
    "TestimonialIndexPage",
    "TestimonialIndexPageMixin",
    "TestimonialPage",
    "TestimonialPageMixin",
    "listing_rank",
    "shown_status_q",
    "taking_applications_q",
]
