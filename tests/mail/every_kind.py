"""One mail of every kind the outbox knows, in one language, on a site with both language
versions of a mission (its example site's multilingual mode): what the e-mail tests read
and follow.

``send_every_kind`` walks a volunteer through what people do (apply, apply again, sign
in, be put on the waiting list, accepted, written to, write back, complete, get the
certificate, see it revoked, be alerted), a second one declined and a third invited,
an organisation's proposed need declined, the partner organisation's contact signed in,
written to and asked what lasted, and hands each message to the caller as it
arrives; it returns the kinds sent, with their languages.
"""

import datetime
import time
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale, Site

from tests.conftest import form_data
from wagtail_skilldonation.applications import change_status, conversation
from wagtail_skilldonation.certificates.issuing import issue, revoke
from wagtail_skilldonation.mail import outbox
from wagtail_skilldonation.matching.invitations import invite
from wagtail_skilldonation.models import (
    Application,
    ImpactFollowUp,
    NeedProposal,
    OutgoingMail,
    PortalSettings,
    Volunteer,
)
from wagtail_skilldonation.organisations import conversation as organisation_conversation
from wagtail_skilldonation.organisations import emails as organisation_emails
from wagtail_skilldonation.organisations.forms import started_token
from wagtail_skilldonation.organisations.triage import decline
from wagtail_skilldonation.volunteers import alerts

MULTILINGUAL = {
    "WAGTAIL_I18N_ENABLED": True,
    "WAGTAIL_CONTENT_LANGUAGES": [("en", "English"), ("fr", "Français")],
    "ROOT_URLCONF": "example_site.urls_multilingual",
}
KINDS = set(OutgoingMail.KIND_LABELS)


def two_language_site(settings, make_mission, skills):
    """The mission "Campagne" and a newer one, each in English and French, live."""
    for name, value in MULTILINGUAL.items():
        setattr(settings, name, value)
    settings.WAGTAIL_SKILLDONATION = {"MIN_FILL_SECONDS": 1}
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.notification_email = "equipe@savoir-partage.example"  # where proposed needs are announced
    portal.save()
    french = Locale.objects.create(language_code="fr")
    versions = {}
    for slug, title, french_title in [("campaign", "Campaign", "Campagne"), ("poster", "Poster", "Affiche")]:
        mission = make_mission(
            title=title,
            slug=slug,
            skills=[skills["Graphisme"]],
            places_available=5,
            application_deadline=timezone.localdate() + datetime.timedelta(days=10),
            contact_email="contact@jardins.example",
        )
        copy = mission.copy_for_translation(french, copy_parents=True)
        for parent in copy.get_ancestors().filter(depth__gt=1, live=False):
            parent.specific.save_revision().publish()
        copy.title = french_title
        copy.save_revision().publish()
        versions[slug] = {"en": mission, "fr": type(mission).objects.get(pk=copy.pk)}
    organisation = versions["campaign"]["en"].organisation
    organisation.contact_email = "bureau@jardins.example"
    organisation.save()
    return versions


# Each round: the applicant's language, then the site's (the team's, the association's,
# the one the mission's record is in). Together: every kind in both languages, and an
# applicant who applied from the other language version than the mission's record.
ROUNDS = [("fr", "en"), ("en", "fr")]


def send_every_kind(language, site_language, client, capture, superuser, versions, settings, received):
    """Every kind of mail, the volunteer's in ``language``, the team's in
    ``site_language``; ``received(kind, language, message)`` is called for each as it
    arrives (its links are followed then, as its reader would)."""
    settings.LANGUAGE_CODE = site_language
    mission = versions["campaign"][language]
    who = f"elodie-{language}@example.org"
    mail.outbox.clear()
    with translation.override(language):
        space = reverse("wagtail_skilldonation:space")
    kinds = set()

    def step(action):
        """Run what a person does; each mail it queued must leave, and is kept with its kind."""
        with outbox.watch() as ids, capture(execute=True):
            action()
        rows = {row.recipient.lower(): row for row in OutgoingMail.objects.filter(pk__in=ids)}
        assert len(rows) == len(ids) == len(mail.outbox), [(r.kind, r.status, r.last_error) for r in rows.values()]
        for message in mail.outbox:
            row = rows[message.to[0].lower()]
            assert row.status == OutgoingMail.Status.SENT, (row.kind, row.last_error)
            kinds.add((row.kind, row.language))
            received(row.kind, row.language, message)
        mail.outbox.clear()

    apply = {"HTTP_ACCEPT_LANGUAGE": language}
    step(lambda: client.post(mission.url, form_data(mission, email=who, first_name="Élodie"), **apply))  # received, new
    step(lambda: client.post(mission.url, form_data(mission, email=who, first_name="Élodie"), **apply))  # confirm
    step(lambda: client.post(space, {"email": who}, **apply))  # sign_in
    application = Application.objects.get(volunteer__email=who)
    assert application.language == language
    assert application.mission.locale.language_code == site_language  # the record, in the other language
    step(lambda: change_status(application, "waiting_list", actor=superuser))
    step(lambda: change_status(application, "accepted", actor=superuser))
    step(lambda: conversation.post(application, "team", "Bienvenue !", user=superuser))  # message_to_volunteer
    step(lambda: conversation.post(application, "volunteer", "Merci !"))  # message_to_team
    step(lambda: change_status(application, "completed", actor=superuser, hours=3))  # feedback (both sides)
    certificate = []
    step(lambda: certificate.append(issue(application, user=superuser)))
    step(lambda: revoke(certificate[0], "Erreur de saisie"))  # certificate_revoked
    # A second applicant is declined; a third volunteer is invited.
    other = f"jules-{language}@example.org"
    step(lambda: client.post(mission.url, form_data(mission, email=other, first_name="Jules"), **apply))
    step(lambda: change_status(Application.objects.get(volunteer__email=other), "declined", actor=superuser))
    invited = Volunteer.objects.create(
        first_name="Nadia", last_name="Ali", email=f"nadia-{language}@example.org", consent_at=timezone.now()
    )
    step(lambda: invite(mission, invited, superuser))
    # The weekly alert: the newer mission, which Élodie has not applied to.
    Volunteer.objects.filter(email=who).update(alerts_at=timezone.now() - datetime.timedelta(days=1))
    step(alerts.send_alerts)
    # An organisation proposes a need (its contact writes in ``language``); it is declined.
    contact = f"amel-{language}@jardins.example"
    proposal = {
        "organisation_name": "Les Jardins",
        "organisation_kind": "association",
        "contact_name": "Amel",
        "contact_email": contact,
        "need": "Refaire notre site.",
        "urgency": "weeks",
        "consent": "on",
        "started": started_token(at=time.time() - 30),
    }
    step(lambda: client.post(reverse("wagtail_skilldonation:need_propose"), proposal, **apply))  # received, new
    step(lambda: decline(NeedProposal.objects.get(contact_email=contact), "Pas pour l'instant.", user=superuser))
    # The partner organisation: its contact signs in, writes to the team, is answered,
    # and is asked what lasted of a completed mission.
    organisation = versions["campaign"]["en"].organisation
    with translation.override(language):
        organisation_space = reverse("wagtail_skilldonation:organisation_space")
    step(lambda: client.post(organisation_space, {"email": organisation.contact_email}, **apply))
    step(lambda: organisation_conversation.post("organisation", "Bonjour !", organisation=organisation))
    step(lambda: organisation_conversation.post("team", "Bonjour, merci.", organisation=organisation, user=superuser))
    months = {"fr": 3, "en": 6}[language]
    followup = ImpactFollowUp(mission=versions["campaign"]["en"], organisation=organisation, months=months)
    step(lambda: (followup.save(), organisation_emails.notify_followup(followup)))
    return kinds


class Anchors(HTMLParser):
    """The ``<a>`` elements of an HTML part (href and text) and the root's ``lang``."""

    def __init__(self):
        super().__init__()
        self.anchors, self.lang, self._open = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "a":
            self._open = [attrs.get("href"), ""]
            self.anchors.append(self._open)
        elif self._open is not None:
            self._open[1] += f"<{tag}>"  # markup inside a link: a broken link

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None


def anchors(html):
    parser = Anchors()
    parser.feed(html)
    parser.close()
    return parser


def well_formed(url, base):
    """One whole absolute URL on our site: no space, quote or markup in it."""
    parts = urlsplit(url)
    return (
        parts.scheme in ("http", "https")
        and f"{parts.scheme}://{parts.netloc}" == base.rstrip("/")
        and not any(ch in url for ch in ' <>"\n')
    )


def our_text_links(text, base):
    """The URLs on our site in a text part (each one ends at a space or line end)."""
    return {word.rstrip(".,;)") for word in text.split() if word.startswith(base.rstrip("/") + "/")}
