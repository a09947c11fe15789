"""The application form a mission serves, on Wagtail's form machinery (``FormMixin``):
fixed questions plus the editor's extra ones (``MissionFormField``).

The builder is the site's choice (setting ``APPLICATION_FORM_BUILDER``) and the form it
builds keeps what was sent (``form.save(page)``): the page hands the form over and
imports no feature. The request is passed along, never kept on the page.
"""

from types import SimpleNamespace
from urllib.parse import urlencode

from django.core import signing
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.contrib.forms.models import AbstractFormField, FormMixin
from wagtail.models import TranslatableMixin

from ... import cache
from ...conf import get_setting
from ..languages import LocalizeFields
from .base import KeepsItsPlace


def _detached(instance):
    """A copy of ``instance`` with its columns only (no cached relation to a page and
    its request), as the cache can keep it."""
    return type(instance)(
        **{field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}
    )


SENT_SALT = "wagtail_skilldonation.sent"
SENT_MAX_AGE = 24 * 3600  # the thank-you page survives a reload for a day


class MissionFormMixin(FormMixin):
    """Serves the application form; ``application_closed_reason()`` (the mission's)
    says when it is not offered."""

    @property
    def form_builder(self):
        return import_string(get_setting("APPLICATION_FORM_BUILDER"))

    def get_form_fields(self, request=None):
        """The extra questions; while serving, cached until the page is published again."""
        read = super().get_form_fields
        if request is None or self.pk is None:
            return read()
        return cache.cached("form-fields", request, [self.pk], lambda: [_detached(field) for field in read()])

    def get_form_class(self, request=None):
        return self.form_builder(self.get_form_fields(request)).get_form_class()

    def get_form(self, *args, request=None, **kwargs):
        form_params = self.get_form_parameters()
        form_params.update(kwargs)
        return self.get_form_class(request)(*args, request=request, **form_params)

    def process_form_submission(self, form):
        # The form keeps what was sent: an application, or suspected spam kept apart
        # for an editor (never dropped; the visitor's answer is the same either way).
        return form.save(self)

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and self.application_closed_reason():
            # Posted to a mission that closed meanwhile: show why, store nothing.
            response = TemplateResponse(request, self.get_template(request), self.get_context(request))
        else:
            response = self.serve_form(request, *args, **kwargs)
            form = (getattr(response, "context_data", None) or {}).get("form")
            if form is not None and form.rate_limited:
                response.status_code = 429
        # The page carries a CSRF token: never let a shared cache keep it.
        add_never_cache_headers(response)
        return response

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        if request.method != "POST" or form_submission is None:
            return super().render_landing_page(request, form_submission, *args, **kwargs)
        # Post/redirect/get: reloading the thank-you page shows it again, never the form
        # refilled with "send it again" (an invitation to apply twice).
        # Only "spam" or not: whether the address was known must not show (the token
        # is signed, not encrypted), so a new and a known address read the same page.
        spam = getattr(form_submission, "state", "") == "spam"
        token = signing.dumps([self.pk, "spam" if spam else ""], salt=SENT_SALT, compress=True)
        return redirect(f"{request.path}?{urlencode({'sent': token})}")

    def _sent(self, token):
        """What the signed ``?sent=`` token says was kept (the landing page reads its
        ``state``), or None when it is not this page's or too old."""
        try:
            page_pk, state = signing.loads(token, salt=SENT_SALT, max_age=SENT_MAX_AGE)
        except (signing.BadSignature, TypeError, ValueError):
            return None
        return SimpleNamespace(state=state) if page_pk == self.pk else None

    def serve_form(self, request, *args, **kwargs):
        """``FormMixin.serve``, with the request handed to the form."""
        sent = self._sent(request.GET["sent"]) if request.method == "GET" and "sent" in request.GET else None
        if sent is not None:
            return super().render_landing_page(request, sent, *args, **kwargs)
        if request.method == "POST":
            form = self.get_form(request.POST, request.FILES, page=self, user=request.user, request=request)
            if form.is_valid():
                return self.render_landing_page(request, self.process_form_submission(form), *args, **kwargs)
        else:
            form = self.get_form(page=self, user=request.user, request=request)
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context)

    def serve_submissions_list_view(self, request, *args, **kwargs):
        # Wagtail's "Forms" menu lands here: applications live in our inbox.
        return redirect(
            reverse("wagtail_skilldonation_application_modeladmin_index") + f"?mission__page_ptr__exact={self.pk}"
        )


class MissionFormField(KeepsItsPlace, TranslatableMixin, AbstractFormField):
    """An extra question the editor asks applicants to this mission; translatable,
    its ``clean_name`` shared by every language (answers stay in one column)."""

    page = ParentalKey(
        "wagtail_skilldonation.MissionPage",
        on_delete=models.CASCADE,
        related_name="form_fields",
    )

    # With wagtail-localize: the texts are translated, the field's name is the source's
    # (left to it, the name is offered as a text to translate, and a translated name
    # would split the answers of the two languages into two columns).
    translatable_fields = LocalizeFields(
        translated=["label", "help_text", "choices", "default_value"],
        synchronised=["clean_name", "field_type", "required"],
    )

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")
