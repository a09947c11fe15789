"""Missions at a glance: Wagtail's flat page listing of missions with what editors
look for first — the status visitors read, places taken / total, applications waiting
for an answer and the deadline (Wagtail's explorer has no columns per page type)."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet

from ..models import Application, ApplicationStatus, MissionCapacity, MissionIndexPage, MissionPage
from ..models.languages import long_date


class MissionIndexView(IndexView):
    add_item_label = _("Add a mission")  # not Wagtail's generic "Ajouter un(e) mission"

    def get_base_queryset(self):
        waiting = (
            Application.objects.filter(mission=OuterRef("pk"), status=ApplicationStatus.SUBMITTED)
            .order_by()
            .values("mission")
            .annotate(n=Count("pk"))
            .values("n")
        )
        taken = MissionCapacity.objects.filter(mission=OuterRef("pk")).values("accepted")
        # Annotations, not select_related: the listing reads its pages again as their
        # specific type, which keeps annotations only.
        return (
            super()
            .get_base_queryset()
            .annotate(
                waiting_count=Coalesce(Subquery(waiting, output_field=IntegerField()), 0),
                taken_count=Coalesce(Subquery(taken, output_field=IntegerField()), 0),
            )
        )


def _counted(mission):
    """The places taken as annotated (``places_taken`` would read them row by row)."""
    mission.__dict__.setdefault("places_taken", mission.taken_count)
    return mission


def _places(mission):
    return f"{_counted(mission).places_taken} / {mission.places_available}"


def _status(mission):
    return _counted(mission).shown_status.label


def _deadline(mission):
    # The date itself (Wagtail's date column says "in 3 days"/"Just now", made for the past).
    return long_date(mission.application_deadline) if mission.application_deadline else ""


class MissionListingViewSet(PageListingViewSet):
    name = "skilldonation_missions"
    model = MissionPage
    icon = "tasks"
    menu_label = _("Missions")
    menu_order = 235
    add_to_admin_menu = True
    index_view_class = MissionIndexView
    columns = [
        *[column for column in IndexView.base_columns if column.name in ("bulk_actions", "title", "status")],
        Column("mission_status", label=_("Mission status"), accessor=_status, width="12%"),
        Column("places", label=_("Places taken"), accessor=_places, width="10%"),
        Column("waiting_count", label=_("Waiting for an answer"), accessor="waiting_count", width="12%"),
        Column(
            "application_deadline",
            label=_("Apply by"),
            accessor=_deadline,
            sort_key="application_deadline",
            width="12%",
        ),
    ]


class MissionsAtAGlanceButton(PageMenuItem):
    """In the explorer's header of a mission index: the way to the listing above."""

    label = _("Missions at a glance")
    icon_name = "tasks"
    priority = 12

    @property
    def url(self):
        return reverse("skilldonation_missions:index")


def header_buttons(page, user, view_name, next_url=None):
    if issubclass(page.specific_class or type(page), MissionIndexPage):
        yield MissionsAtAGlanceButton(page=page)
