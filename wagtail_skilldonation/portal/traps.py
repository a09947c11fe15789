"""The public forms' spam defence, one for the application form and the need proposal:
a honeypot field (filled in: kept as suspected spam, never dropped silently), the time
the form was shown (signed; sent faster than ``MIN_FILL_SECONDS``, or shown longer than
``FORM_MAX_AGE`` ago, it comes back with what was typed and nothing is stored), and one
use per display (its nonce taken in the shared cache). Rate limits stay each form's
own: who counts as one sender differs."""

import secrets
import time

from django import forms
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting
from .widgets import PortalWidgets


def started_token(salt, at=None, **names):
    """When a form was shown, signed, with a nonce and what it was shown for (``names``,
    such as its mission: a token shown elsewhere is as good as forged)."""
    return signing.dumps({"t": time.time() if at is None else at, "n": secrets.token_hex(8), **names}, salt=salt)


class FormTraps(PortalWidgets, forms.Form):
    """A form mixin (list it before the form class). A subclass sets ``started_salt``
    (which also names the nonces in the cache) and may override ``started_names``."""

    started_salt = ""
    # Honeypot: hidden from people and from assistive technology; bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    # When the form was displayed, signed so it cannot be forged.
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    trap_fields = ("website", "started")

    def started_names(self):
        """What the token must name besides its time (e.g. ``{"m": mission.pk}``)."""
        return {}

    def new_started_token(self):
        return started_token(self.started_salt, **self.started_names())

    def passes_traps(self, cleaned):
        """True when the form may go on: a person, or a bot caught by the honeypot
        (``is_spam``, kept apart). Otherwise an error is added, the clock restarts and
        nothing may be stored."""
        self.is_spam = bool(cleaned.get("website"))
        if self.is_spam:
            return True
        token = cleaned.get("started") or ""
        try:
            started = signing.loads(token, salt=self.started_salt, max_age=get_setting("FORM_MAX_AGE"))
        except signing.SignatureExpired:
            return self._refuse(_("This form was open for too long. Please check your answers and send it again."))
        except signing.BadSignature:
            started = None
        names = self.started_names()
        if (
            not isinstance(started, dict)
            or any(started.get(key) != value for key, value in names.items())
            or time.time() - float(started.get("t", 0)) < get_setting("MIN_FILL_SECONDS")
        ):
            # Autofill and a quick click look like a bot, but may be a person.
            return self._refuse(
                _("This form was sent very quickly after it appeared. Please check your answers and send it again.")
            )
        if not cache.add(f"{self.started_salt}:{started['n']}", 1, get_setting("FORM_MAX_AGE")):
            return self._refuse(_("This form was already sent. Please check your answers and send it again."))
        return True

    def _refuse(self, message):
        self.add_error(None, message)
        self.data = self.data.copy()
        self.data["started"] = self.new_started_token()  # shown again: its time counts from now
        return False
