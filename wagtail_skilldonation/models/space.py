"""The volunteer's own space: sign-in links and the sessions they open, and the
conversation on each application."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .applications import Application

MESSAGE_MAX_LENGTH = 2000


class LinkSession(models.Model):
    """What every e-mailed sign-in link is, then the session it opened (the rules:
    ``portal.sessions.LinkSessions``)."""

    requested_at = models.DateTimeField(_("link asked for at"), auto_now_add=True)
    used_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at"]


class VolunteerAccess(LinkSession):
    """One sign-in link asked for at ``/portal/me/``, then the session it opened.

    The e-mailed link names this row (signed); opening it sets ``used_at`` once (a
    conditional UPDATE: a second click, or a second process, finds it used). The
    browser's cookie names the row too, so signing out, or erasing the volunteer,
    ends the session everywhere by setting ``ended_at``.
    """

    volunteer = models.ForeignKey(
        "wagtail_skilldonation.Volunteer",
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="accesses",
    )

    class Meta(LinkSession.Meta):
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        ordering = ["-requested_at"]


class ApplicationMessage(models.Model):
    """A message between the volunteer and the team about one application: plain text,
    kept with it, shown escaped everywhere."""

    class Author(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer")
        TEAM = "team", _("Team")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.CharField(_("from"), max_length=10, choices=Author.choices)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]
