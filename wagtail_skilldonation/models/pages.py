"""Public pages: needs, missions, testimonials and their indexes.

Behaviour and fields live in abstract mixins so a site with its own base page model
(``WAGTAIL_PAGE_MODEL``) can build its concrete pages from them; the concrete classes
here are thin. Links to other pages go through the swappable page model.
"""

import swapper
from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.conf import settings
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language, gettext_lazy as _
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
from wagtail.contrib.forms.models import AbstractFormField, FormMixin
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Orderable, Page, PageManager, TranslatableMixin
from wagtail.api import APIField
from wagtail.query import PageQuerySet
from wagtail.search import index

from ..conf import get_setting
from ..links import absolute_url, page_url
from ..portal import fragments
from ..applications.panels import MissionApplicationsPanel
from ..matching.panels import MatchingPanel
from .api_fields import mission_api_fields, need_api_fields, testimonial_api_fields
from .forms import MissionPageForm, PortalPageForm
from .choices import AuthorRole, MissionStatus, NeedPriority, NeedStatus, WorkFormat

# A mission the editor left open but whose places are all taken shows as full.
FULL_Q = Q(capacity__accepted__gte=F("places_available"))


def shown_status_q(today=None):
    """The condition for each status visitors see, today. A mission past its
    application deadline is closed for applications whatever the editor left it at;
    an open one whose places are all taken is full (it takes a waiting list)."""
    today = today or timezone.localdate()
    past = Q(application_deadline__lt=today)
    taking = Q(status__in=[MissionStatus.OPEN, MissionStatus.FULL]) & ~past
    return {
        MissionStatus.OPEN: taking & Q(status=MissionStatus.OPEN) & ~FULL_Q,
        MissionStatus.FULL: taking & (Q(status=MissionStatus.FULL) | FULL_Q),
        MissionStatus.CLOSED: Q(status=MissionStatus.CLOSED) | (Q(status__in=[MissionStatus.OPEN, MissionStatus.FULL]) & past),
        MissionStatus.COMPLETED: Q(status=MissionStatus.COMPLETED),
    }


def taking_applications_q(today=None):
    """Missions a visitor can apply to (open, or full with a waiting list)."""
    shown = shown_status_q(today)
    return shown[MissionStatus.OPEN] | shown[MissionStatus.FULL]
from .skills import MissionSkill, NeedSkill

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


class PortalPageMixin:
    """Every public page of the portal extends the base template the site chose."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["skilldonation_base_template"] = get_setting("BASE_TEMPLATE")
        return context


class IndexPageMixin(PortalPageMixin, models.Model):
    """A page listing its live children of one type, paginated.

    Subclasses name the listed model in ``listing_model`` and may narrow or order the
    queryset in ``get_listing(request)``.
    """

    intro = RichTextField(_("introduction"), blank=True)

    listing_model = None
    listing_context_name = "items"

    content_panels = [FieldPanel("intro")]
    search_fields = [index.SearchField("intro")]

    class Meta:
        abstract = True

    def get_listing_model(self):
        model = self.listing_model
        return apps.get_model(model) if isinstance(model, str) else model

    def get_listing(self, request):
        return self.get_listing_model().objects.child_of(self).live()

    def paginate(self, request, queryset):
        paginator = Paginator(queryset, get_setting("INDEX_PAGE_SIZE"))
        return paginator.get_page(request.GET.get("page"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read when the template uses them: a listing served from the cache reads nothing.
        page_obj = SimpleLazyObject(lambda: self.paginate(request, self.get_listing(request)))
        context.update(
            {
                "page_obj": page_obj,
                self.listing_context_name: SimpleLazyObject(lambda: page_obj.object_list),
                # Filters survive pagination links.
                "querystring": _querystring_without_page(request),
            }
        )
        return context


def _querystring_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class NeedPageMixin(PortalPageMixin, models.Model):
    base_form_class = PortalPageForm
    api_fields = need_api_fields()

    organisation = models.ForeignKey(
        "wagtail_skilldonation.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    context = RichTextField(_("context"), blank=True)
    expected_outcome = RichTextField(_("expected outcome"), blank=True)
    priority = models.CharField(
        _("priority"),
        max_length=10,
        choices=NeedPriority.choices,
        default=NeedPriority.MEDIUM,
    )
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=NeedStatus.choices,
        default=NeedStatus.IDENTIFIED,
        db_index=True,
    )

    need_panels = [
        FieldPanel("organisation"),
        FieldPanel("context"),
        FieldPanel("expected_outcome"),
        FieldPanel("skills"),
        FieldRowPanel([FieldPanel("priority"), FieldPanel("status")]),
    ]
    search_fields = [
        index.SearchField("context"),
        index.SearchField("expected_outcome"),
        index.FilterField("status"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
    ]

    class Meta:
        abstract = True

    def get_missions(self):
        mission_model = apps.get_model("wagtail_skilldonation", "MissionPage")
        return (
            mission_model.objects.live()
            .filter(need=self)
            .select_related("organisation")
            .prefetch_related("skills")
            .order_by("-first_published_at")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["missions"] = self.get_missions()
        return context


def _detached(instance):
    """A copy of ``instance`` with its columns only (no cached relation to a page and
    its request), as the cache can keep it."""
    return type(instance)(**{field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields})


class MissionPageMixin(FormMixin, PortalPageMixin, models.Model):
    """A mission, which serves its own application form (Wagtail's form builder
    machinery: fixed questions plus the editor's extra ones in ``form_fields``)."""

    api_fields = mission_api_fields()

    base_form_class = MissionPageForm

    intro = models.TextField(
        _("summary"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences shown in mission lists."),
    )
    body = RichTextField(_("description"), blank=True)
    format = models.CharField(
        _("format"), max_length=10, choices=WorkFormat.choices, default=WorkFormat.BOTH
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("City or address.")
    )
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    estimated_hours = models.PositiveSmallIntegerField(
        _("estimated hours"),
        default=10,
        help_text=_("Total hours a volunteer is expected to give."),
    )
    places_available = models.PositiveSmallIntegerField(
        _("places available"), default=1
    )
    application_deadline = models.DateField(
        _("application deadline"), null=True, blank=True
    )
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
        MissionApplicationsPanel(),
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
                FieldRowPanel(
                    [FieldPanel("estimated_hours"), FieldPanel("places_available")]
                ),
                FieldRowPanel(
                    [FieldPanel("application_deadline"), FieldPanel("status")]
                ),
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
            help_text=_("Added to the status e-mails of this mission; empty: the portal's text "
                        "(Settings). The editor can change it before each sending."),
            classname="collapsed",
        ),
    ]
    matching_panels = [MatchingPanel()]
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
        # Iterate .all() so a prefetch is used (.names() would query again).
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
        """The page's address by the portal's one rule (``WAGTAILADMIN_BASE_URL``);
        while serving, from the request's site (already read)."""
        request = getattr(self, "_serving_request", None)
        if request is None:
            return page_url(self)
        path = self.get_url(request=request)
        return path if path.startswith(("http://", "https://")) else absolute_url(path)

    def structured_data(self):
        """schema.org JSON-LD: an event-like description with organiser, place or
        online, and dates (what volunteering aggregators and search engines read)."""
        url = self.share_url
        modes = {
            WorkFormat.REMOTE: "OnlineEventAttendanceMode",
            WorkFormat.ON_SITE: "OfflineEventAttendanceMode",
            WorkFormat.BOTH: "MixedEventAttendanceMode",
        }
        place = {
            "@type": "Place",
            "name": self.place or self.postcode,
            "address": {
                "@type": "PostalAddress", "addressLocality": self.place,
                "postalCode": self.postcode, "addressCountry": "FR",
            },
        }
        online = {"@type": "VirtualLocation", "url": url}
        location = {WorkFormat.REMOTE: online, WorkFormat.ON_SITE: place}.get(self.format, [place, online])
        if self.format != WorkFormat.REMOTE and not (self.place or self.postcode):
            location = online if self.format == WorkFormat.BOTH else place
        start = self.start_date or (self.first_published_at.date() if self.first_published_at else None)
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.intro,
            "url": url,
            "startDate": start.isoformat() if start else None,
            "endDate": (self.end_date or start).isoformat() if start else None,
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": f"https://schema.org/{modes.get(self.format, modes[WorkFormat.BOTH])}",
            "location": location,
            "inLanguage": get_language() or self.locale.language_code,
            "isAccessibleForFree": True,
        }
        if self.organisation_id:
            organiser = {"@type": "Organization", "name": self.organisation.name}
            if self.organisation.website:
                organiser["url"] = self.organisation.website
            data["organizer"] = organiser
        if self.takes_applications and self.application_deadline:
            data["offers"] = {
                "@type": "Offer", "price": 0, "priceCurrency": "EUR", "url": url,
                "availability": "https://schema.org/SoldOut" if self.is_full else "https://schema.org/InStock",
                "validThrough": self.application_deadline.isoformat(),
            }
        return {key: value for key, value in data.items() if value not in (None, "")}

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
        version = type(self).objects.live().filter(translation_key=self.translation_key, locale__language_code=code).first()
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
        return self.shown_status in (MissionStatus.OPEN, MissionStatus.FULL)

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

    # The application form (hooks of Wagtail's FormMixin) ------------------------------

    @property
    def form_builder(self):
        # The form and the domain below import the models: load them on first use.
        from ..applications.forms import ApplicationFormBuilder

        return ApplicationFormBuilder

    def get_form_fields(self):
        # The extra questions change only when the page is published again.
        request = getattr(self, "_serving_request", None)
        read = super().get_form_fields
        if request is None or self.pk is None:
            return read()
        return fragments.cached("form-fields", request, [self.pk], lambda: [_detached(field) for field in read()])

    def get_form(self, *args, **kwargs):
        kwargs.setdefault("request", getattr(self, "_serving_request", None))
        return super().get_form(*args, **kwargs)

    def process_form_submission(self, form):
        from ..applications import lifecycle  # imports the models, as above

        # A filled honeypot is kept apart for an editor to look at, never dropped: the
        # visitor's answer is the same either way (a robot learns nothing).
        keep = lifecycle.quarantine if form.is_spam else lifecycle.submit
        return keep(
            self,
            volunteer_data=form.volunteer_data(),
            skills=form.cleaned_data["skills"],
            message=form.cleaned_data.get("message", ""),
            answers=form.answers(),
            language=getattr(form.request, "LANGUAGE_CODE", ""),
            proposals=form.cleaned_data.get("proposals", False),
        )

    def serve(self, request, *args, **kwargs):
        self._serving_request = request
        if request.method == "POST" and self.application_closed_reason():
            # Posted to a mission that closed meanwhile: show why, store nothing.
            response = TemplateResponse(
                request, self.get_template(request), self.get_context(request)
            )
        else:
            response = super().serve(request, *args, **kwargs)
            form = (getattr(response, "context_data", None) or {}).get("form")
            if form is not None and form.rate_limited:
                response.status_code = 429
        # The page carries a CSRF token: never let a shared cache keep it.
        add_never_cache_headers(response)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["application_closed_reason"] = self.application_closed_reason()
        return context

    def serve_submissions_list_view(self, request, *args, **kwargs):
        # Wagtail's "Forms" menu lands here: applications live in our inbox.
        return redirect(
            reverse("wagtail_skilldonation_application_modeladmin_index")
            + f"?mission__page_ptr__exact={self.pk}"
        )


class MissionIndexPageMixin(IndexPageMixin):
    """Lists missions, filtered by words, place, skill, skill category, format and
    status, in the order asked for; its feeds and calendar follow the same filters."""

    listing_context_name = "missions"
    head_template = "wagtail_skilldonation/head/mission_index.html"

    class Meta:
        abstract = True

    def get_filter_form(self, request):
        from ..portal.filters import MissionFilterForm  # imports the models, as above

        return MissionFilterForm(request.GET or None)

    def get_listing(self, request):
        missions = (
            super()
            .get_listing(request)
            .select_related("organisation", "capacity")
            .prefetch_related("skills")
        )
        form = self._filter_form = self.get_filter_form(request)
        missions = form.filter(missions)  # by default, only missions taking applications
        if ordering := form.ordering():
            return missions.order_by(*ordering)
        shown = shown_status_q()
        return missions.annotate(
            _status_rank=Case(
                When(shown[MissionStatus.OPEN], then=Value(0)),
                When(shown[MissionStatus.FULL], then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("_status_rank", "application_deadline", "-first_published_at", "pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["filter_form"] = SimpleLazyObject(
            lambda: getattr(self, "_filter_form", None) or self.get_filter_form(request)
        )
        # The listing (count, cards, pages) is cached per filters and page, until content
        # changes, a place is taken or freed, or the day changes (deadlines).
        context["listing_version"] = f"{fragments.places_version()}-{timezone.localdate().isoformat()}"
        return context


class NeedIndexPageMixin(IndexPageMixin):
    listing_context_name = "needs"

    class Meta:
        abstract = True

    def get_listing(self, request):
        return (
            super()
            .get_listing(request)
            .select_related("organisation")
            .prefetch_related("skills")
            .annotate(
                _priority_rank=Case(
                    When(priority=NeedPriority.HIGH, then=Value(0)),
                    When(priority=NeedPriority.MEDIUM, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
            .order_by("_priority_rank", "-first_published_at", "pk")
        )


class TestimonialPageMixin(PortalPageMixin, models.Model):
    api_fields = testimonial_api_fields()
    quote = models.TextField(_("quote"))
    author_name = models.CharField(_("author name"), max_length=200)
    author_role = models.CharField(
        _("author role"),
        max_length=15,
        choices=AuthorRole.choices,
        default=AuthorRole.VOLUNTEER,
    )
    photo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mission = models.ForeignKey(
        PAGE_MODEL,
        verbose_name=_("mission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    testimonial_panels = [
        FieldPanel("quote"),
        FieldRowPanel([FieldPanel("author_name"), FieldPanel("author_role")]),
        FieldPanel("photo"),
        PageChooserPanel("mission", "wagtail_skilldonation.MissionPage"),
    ]
    search_fields = [
        index.SearchField("quote"),
        index.SearchField("author_name"),
        index.FilterField("author_role"),
    ]

    class Meta:
        abstract = True


class TestimonialIndexPageMixin(IndexPageMixin):
    listing_context_name = "testimonials"

    class Meta:
        abstract = True

    def get_listing(self, request):
        return (
            super()
            .get_listing(request)
            .select_related("photo", "mission")
            .order_by("-first_published_at", "pk")
        )


# Concrete pages ---------------------------------------------------------------------


class NeedIndexPage(NeedIndexPageMixin, Page):
    listing_model = "wagtail_skilldonation.NeedPage"
    subpage_types = ["wagtail_skilldonation.NeedPage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + IndexPageMixin.content_panels
    search_fields = Page.search_fields + IndexPageMixin.search_fields

    class Meta:
        verbose_name = _("need index")
        verbose_name_plural = _("need indexes")


class NeedPage(NeedPageMixin, Page):
    skills = ClusterTaggableManager(
        through=NeedSkill, blank=True, verbose_name=_("skills"), help_text=""
    )

    parent_page_types = ["wagtail_skilldonation.NeedIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + NeedPageMixin.need_panels
    search_fields = Page.search_fields + NeedPageMixin.search_fields

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")


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

    skills = ClusterTaggableManager(
        through=MissionSkill, blank=True, verbose_name=_("skills"), help_text=""
    )

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


class KeepsItsPlace:
    """An orderable child created in code (``page.objectives = [...]``, a revision
    published) gets the next place among its siblings: with no ``sort_order`` the
    editor's formset reordered it (the objective edited jumped to the end)."""

    parent_field = "page"

    def save(self, *args, **kwargs):
        if self.sort_order is None:
            parent_id = getattr(self, f"{self.parent_field}_id")
            siblings = type(self)._default_manager.filter(**{f"{self.parent_field}_id": parent_id}).exclude(pk=self.pk)
            last = siblings.aggregate(last=models.Max("sort_order"))["last"]
            self.sort_order = 0 if last is None else last + 1
        super().save(*args, **kwargs)


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


class MissionFormField(KeepsItsPlace, TranslatableMixin, AbstractFormField):
    """An extra question the editor asks applicants to this mission; translatable,
    its ``clean_name`` shared by every language (answers stay in one column)."""

    page = ParentalKey(
        "wagtail_skilldonation.MissionPage",
        on_delete=models.CASCADE,
        related_name="form_fields",
    )

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")


class TestimonialIndexPage(TestimonialIndexPageMixin, Page):
    listing_model = "wagtail_skilldonation.TestimonialPage"
    subpage_types = ["wagtail_skilldonation.TestimonialPage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + IndexPageMixin.content_panels
    search_fields = Page.search_fields + IndexPageMixin.search_fields

    class Meta:
        verbose_name = _("testimonial index")
        verbose_name_plural = _("testimonial indexes")


class TestimonialPage(TestimonialPageMixin, Page):
    parent_page_types = ["wagtail_skilldonation.TestimonialIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + TestimonialPageMixin.testimonial_panels
    search_fields = Page.search_fields + TestimonialPageMixin.search_fields

    class Meta:
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")
