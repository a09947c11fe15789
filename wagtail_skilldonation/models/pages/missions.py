"""Missions and their index: what the mission asks, its places and the status
visitors read, one mission in every language, its objectives."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import strip_tags
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, PanelPlaceholder, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index

from ... import cache
from ...conf import get_setting
from ...links import absolute_url, page_url
from ..api_fields import mission_api_fields
from ..choices import MissionStatus, WorkFormat
from ..forms import MissionPageForm
from ..skills import MissionSkill
from .base import PAGE_MODEL, IndexPageMixin, KeepsItsPlace, PortalPageMixin
from .mission_form import MissionFormMixin
from .statuses import listing_rank


class MissionPageMixin(MissionFormMixin, PortalPageMixin, models.Model):
    """A mission: objectives, skills, practical details, places and the status visitors
    read; it serves its own application form (``MissionFormMixin``)."""

    api_fields = mission_api_fields()

    base_form_class = MissionPageForm

    intro = models.TextField(
        _("summary"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences shown in mission lists."),
    )
    body = RichTextField(_("description"), blank=True)
    format = models.CharField(_("format"), max_length=10, choices=WorkFormat.choices, default=WorkFormat.BOTH)
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("City or address."))
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    estimated_hours = models.PositiveSmallIntegerField(
        _("estimated hours"),
        default=10,
        help_text=_("Total hours a volunteer is expected to give."),
    )
    places_available = models.PositiveSmallIntegerField(_("places available"), default=1)
    application_deadline = models.DateField(_("application deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MissionStatus.choices,
        default=MissionStatus.OPEN,
        db_index=True,
    )
    need = models.ForeignKey(
        PAGE_MODEL,
        verbose_name=_("need"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "wagtail_skilldonation.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # This mission's word in the status e-mails; empty: the portal's (its settings).
    answer_accepted = models.TextField(_("when accepting"), blank=True, max_length=2000)
    answer_declined = models.TextField(_("when declining"), blank=True, max_length=2000)
    answer_waiting_list = models.TextField(_("when putting on the waiting list"), blank=True, max_length=2000)

    mission_panels = [
        PanelPlaceholder("wagtail_skilldonation.applications.panels.MissionApplicationsPanel", [], {}),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel(
            "objectives",
            heading=_("Objectives"),
            label=_("Objective"),
            help_text=_("Each objective comes with the indicator that shows it is met."),
        ),
        FieldPanel("skills"),
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldRowPanel([FieldPanel("place"), FieldPanel("postcode")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("estimated_hours"), FieldPanel("places_available")]),
                FieldRowPanel([FieldPanel("application_deadline"), FieldPanel("status")]),
            ],
            heading=_("Practical details"),
        ),
        MultiFieldPanel(
            [
                PageChooserPanel("need", "wagtail_skilldonation.NeedPage"),
                FieldPanel("organisation"),
                FieldPanel("contact_email"),
            ],
            heading=_("Served need"),
        ),
        MultiFieldPanel(
            [FieldPanel("answer_accepted"), FieldPanel("answer_declined"), FieldPanel("answer_waiting_list")],
            heading=_("Answers to applicants"),
            help_text=_(
                "Added to the status e-mails of this mission; empty: the portal's text "
                "(Settings). The editor can change it before each sending."
            ),
            classname="collapsed",
        ),
    ]
    # Each feature's panel, named by its path: the models import no feature.
    matching_panels = [PanelPlaceholder("wagtail_skilldonation.matching.panels.MatchingPanel", [], {})]
    form_panels = [
        InlinePanel(
            "form_fields",
            heading=_("Extra questions"),
            label=_("Question"),
            help_text=_(
                "Applicants always give their name, e-mail, place, format, availability, "
                "skills and a message; add the questions specific to this mission."
            ),
        ),
    ]
    search_fields = [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("place"),
        index.SearchField("search_text"),
        index.FilterField("status"),
        index.FilterField("format"),
        index.RelatedFields("skills", [index.SearchField("name")]),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.RelatedFields(
            "objectives",
            [index.SearchField("title"), index.SearchField("success_indicator")],
        ),
    ]

    class Meta:
        abstract = True

    def search_text_parts(self):
        skills = [name for skill in self.skills.all() for name in (skill.name, *(skill.names or {}).values())]
        return [
            self.title,
            self.intro,
            strip_tags(self.body),
            self.place,
            self.postcode,
            self.organisation.name if self.organisation_id else "",
            *skills,
            *(part for objective in self.objectives.all() for part in (objective.title, objective.success_indicator)),
        ]

    def clean(self):
        """Every problem at once (one per submit made editors submit again and again);
        what only matters to visitors waits for publishing: a draft always saves."""
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors.setdefault("end_date", []).append(_("The end date cannot be before the start date."))
        if not getattr(self, "_saving_draft", False) and not self.places_available:
            errors.setdefault("places_available", []).append(_("A mission needs at least one place."))
        if errors:
            raise ValidationError(errors)

    @cached_property
    def skill_list(self):
        # A listing's prefetch (``MissionQuerySet.with_skill_list``), else .all() so
        # Django's own prefetch is used (.names() would query again).
        if hasattr(self, "_skill_list"):
            return self._skill_list
        return list(self.skills.all())

    # One mission in every language ----------------------------------------------------

    @cached_property
    def canonical(self):
        """The page that holds this mission's places and applications: the version in
        the default locale (else the group's first page). A translation of a mission
        is the same mission: it must not have places of its own."""
        if not getattr(settings, "WAGTAIL_I18N_ENABLED", False) or self.pk is None:
            return self
        group = type(self).objects.filter(translation_key=self.translation_key)
        return (
            group.filter(locale__language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)).first()
            or group.order_by("pk").first()
            or self
        )

    # What the page says of itself (feeds, calendar, link previews, search engines) --

    head_template = "wagtail_skilldonation/head/mission.html"

    @cached_property
    def share_url(self):
        """The page's address by the portal's one rule (``WAGTAILADMIN_BASE_URL``)."""
        return page_url(self)

    def get_share_url(self, request):
        """The page's address while serving ``request``, from its site (already read)."""
        path = self.get_url(request=request)
        return path if path.startswith(("http://", "https://")) else absolute_url(path)

    def in_language(self, language):
        """This mission's live version in ``language`` (a certificate or an e-mail
        written in it), else this page."""
        if not getattr(settings, "WAGTAIL_I18N_ENABLED", False) or self.pk is None:
            return self
        try:
            code = get_supported_content_language_variant(language)
        except LookupError:
            return self
        if self.locale.language_code == code:
            return self
        version = (
            type(self).objects.live().filter(translation_key=self.translation_key, locale__language_code=code).first()
        )
        return version or self

    # Places and status as visitors see them -----------------------------------------

    @cached_property
    def places_taken(self):
        try:
            return self.canonical.capacity.accepted
        except ObjectDoesNotExist:
            return 0

    @property
    def places_left(self):
        return max(self.canonical.places_available - self.places_taken, 0)

    @property
    def is_full(self):
        return self.canonical.status == MissionStatus.FULL or self.places_left == 0

    @property
    def shown_status(self):
        """What visitors read (see ``shown_status_q``, its twin in SQL)."""
        if self.status in (MissionStatus.OPEN, MissionStatus.FULL) and self.deadline_passed:
            return MissionStatus.CLOSED
        if self.status == MissionStatus.OPEN and self.is_full:
            return MissionStatus.FULL
        return MissionStatus(self.status)

    @property
    def deadline_passed(self):
        return bool(self.application_deadline and self.application_deadline < timezone.localdate())

    @property
    def takes_applications(self):
        return self.shown_status.takes_applications

    @property
    def format_label(self):
        """``get_format_display()`` without the dictionary of choices Django builds
        again at each call (once per mission card)."""
        try:
            return WorkFormat(self.format).label
        except ValueError:
            return self.format

    def application_closed_reason(self):
        """Why the form is not shown, in words for the visitor; None while it is.

        A full mission still takes applications, onto its waiting list."""
        if self.status == MissionStatus.CLOSED:
            return _("This mission is closed: it no longer takes applications.")
        if self.status == MissionStatus.COMPLETED:
            return _("This mission is completed. Have a look at the other missions!")
        if self.application_deadline and self.application_deadline < timezone.localdate():
            return _("The deadline to apply to this mission has passed.")
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["application_closed_reason"] = self.application_closed_reason()
        context["share_url"] = self.get_share_url(request)
        return context


class MissionIndexPageMixin(IndexPageMixin):
    """Lists missions, filtered by words, place, skill, skill category, format and
    status, in the order asked for; its feeds and calendar follow the same filters."""

    listing_context_name = "missions"
    head_template = "wagtail_skilldonation/head/mission_index.html"

    class Meta:
        abstract = True

    def route(self, request, path_components):
        """A mission under the index in one query, with its places (its form reads
        them); Wagtail's route reads the child page, then its specific page."""
        if path_components:
            found = MissionPage.objects.child_of(self).select_related("capacity").filter(slug=path_components[0])
            mission = found.first()
            if mission is not None:
                mission._cached_parent_obj = self
                return mission.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_filter_form(self, request):
        # The site's choice (``MISSION_FILTER_FORM``): the models import no feature.
        return import_string(get_setting("MISSION_FILTER_FORM"))(request.GET or None)

    def _filters(self, request):
        """The filter form, built once per request: the filters and the listing read it."""
        if not hasattr(request, "_skilldonation_filters"):
            request._skilldonation_filters = self.get_filter_form(request)
        return request._skilldonation_filters

    def _active_filters(self, request):
        """The filters the form kept, by the rule its ``filter()`` applies them (a
        value, once cleaned): one it ignores (an old link's skill since deleted, words
        of spaces) filters nothing, so it is not counted."""
        form = self._filters(request)
        if not form.is_bound:
            return 0
        form.is_valid()  # cleaned_data then holds the valid fields only
        return sum(1 for name, value in form.cleaned_data.items() if name != "sort" and value)

    def get_listing(self, request):
        missions = super().get_listing(request).select_related("organisation", "capacity").with_skill_list()
        form = self._filters(request)
        missions = form.filter(missions)  # by default, only missions taking applications
        if ordering := form.ordering():
            return missions.order_by(*ordering)
        order = ("application_deadline", "-first_published_at", "pk")
        # The form says which statuses the listing can hold (a site's own form may not).
        rank = listing_rank(form.statuses() if hasattr(form, "statuses") else set(MissionStatus))
        if rank is None:
            return missions.order_by(*order)
        return missions.annotate(_status_rank=rank).order_by("_status_rank", *order)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["filter_form"] = SimpleLazyObject(lambda: self._filters(request))
        # How many filters apply (the folded filters say so on a phone), counted when the
        # filters are rendered.
        context["active_filters"] = lambda: self._active_filters(request)
        # "See past missions too" keeps the words and filters the visitor gave.
        past = request.GET.copy()
        past.pop("page", None)
        past["status"] = "all"
        context["past_querystring"] = past.urlencode()
        # The listing (count, cards, pages) is cached per filters and page, until content
        # changes, a place is taken or freed, or the day changes (deadlines).
        context["listing_version"] = f"{cache.places_version()}-{timezone.localdate().isoformat()}"
        if request.GET.get("q"):  # and the search index's, once it has taken a publish in
            context["listing_version"] += f"-{cache.search_version()}"
        return context


class MissionIndexPage(MissionIndexPageMixin, Page):
    listing_model = "wagtail_skilldonation.MissionPage"
    subpage_types = ["wagtail_skilldonation.MissionPage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + IndexPageMixin.content_panels
    search_fields = Page.search_fields + IndexPageMixin.search_fields

    class Meta:
        verbose_name = _("mission index")
        verbose_name_plural = _("mission indexes")


class MissionQuerySet(PageQuerySet):
    def with_skill_list(self):
        """Each mission's ``skill_list`` in one query for the lot, kept as a plain list:
        ``prefetch_related("skills")`` builds a tag queryset per mission (taggit's
        manager), which cost a listing more than its queries."""
        return self.prefetch_related(Prefetch("skills", to_attr="_skill_list"))

    def for_routing(self):
        """What a mission page's form reads as soon as it is served: its places
        (``portal.routing``, as the index's own route does)."""
        return self.select_related("capacity")

    def one_per_mission(self):
        """One page per mission, whatever its languages: counts, rankings and reports
        read these (the canonical pages, which hold the applications)."""
        if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return self
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        in_default = MissionPage.objects.filter(locale__language_code=default).values("translation_key")
        return self.filter(Q(locale__language_code=default) | ~Q(translation_key__in=in_default))


class MissionPage(MissionPageMixin, Page):
    objects = PageManager.from_queryset(MissionQuerySet)()

    skills = ClusterTaggableManager(through=MissionSkill, blank=True, verbose_name=_("skills"), help_text="")

    parent_page_types = ["wagtail_skilldonation.MissionIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + MissionPageMixin.mission_panels
    form_panels = MissionPageMixin.form_panels
    search_fields = Page.search_fields + MissionPageMixin.search_fields
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(MissionPageMixin.matching_panels, heading=_("Matching")),
            ObjectList(form_panels, heading=_("Application form")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")


class MissionObjective(KeepsItsPlace, TranslatableMixin, Orderable):
    """A mission objective and how everyone will know it was reached. Translatable
    (wagtail-localize offers its text for translation; a translation keeps the
    objective's ``translation_key``, so feedback on one reads on the other)."""

    parent_field = "mission"

    mission = ParentalKey(
        "wagtail_skilldonation.MissionPage",
        on_delete=models.CASCADE,
        related_name="objectives",
    )
    title = models.CharField(_("objective"), max_length=255)
    success_indicator = models.CharField(
        _("success indicator"),
        max_length=255,
        help_text=_("What will show the objective was reached."),
    )

    panels = [FieldPanel("title"), FieldPanel("success_indicator")]
    api_fields = [APIField("title"), APIField("success_indicator")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self):
        return self.title
