"""Demo content for "Savoir partagé": idempotent, so ``skilldonation_demo`` can run twice.

Objects are looked up by a natural key (slug, e-mail, name) and created only when
missing; pages an editor has changed are left alone.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from ..applications import lifecycle
from ..certificates import issuing
from ..conf import get_setting
from ..followup import hours as hours_ledger
from ..models import (
    Application,
    Certificate,
    Feedback,
    HoursDeclaration,
    ImpactFollowUp,
    InformationPage,
    MissionFormField,
    MissionIndexPage,
    MissionObjective,
    MissionPage,
    NeedIndexPage,
    NeedPage,
    NeedProposal,
    Organisation,
    OrganisationMessage,
    PortalSettings,
    Skill,
    Submission,
    TestimonialIndexPage,
    TestimonialPage,
    Volunteer,
    WorkFormat,
)
from ..portal.setup import ascii_slug
from . import english
from .data import (
    APPLICATIONS,
    ASSOCIATION,
    CITIES,
    CONVERSATION,
    FEEDBACK,
    FIRST_NAMES,
    INFORMATION_PAGES,
    LAST_NAMES,
    LASTING,
    MESSAGES,
    MISSIONS,
    NEEDS,
    ORGANISATIONS,
    PATHS,
    SKILLS,
    TESTIMONIALS,
)


def build(stdout=None):
    """Create whatever demo content is missing; return counts of each kind."""
    with transaction.atomic():
        site = _site()
        _portal_settings(site)
        _information_pages(site)
        skills = _skills()
        organisations = _organisations()
        root = site.root_page.specific
        need_index = _index(root, NeedIndexPage, "besoins", "Besoins des structures")
        mission_index = _index(root, MissionIndexPage, "missions", "Missions")
        testimonial_index = _index(root, TestimonialIndexPage, "temoignages", "Témoignages")
        needs = _needs(need_index, organisations, skills)
        missions = _missions(mission_index, needs, organisations, skills)
        _testimonials(testimonial_index, missions)
        _proposals(needs, organisations, skills)
        _volunteers(skills)
        _applications(missions)
        _unconfirmed(missions)
        _hours()
        _feedback()
        _certificates()  # after the feedback: certificates attest the objectives' results
        _lasting(missions)
        if english.wanted():
            english.build(site)
    return counts()


def counts():
    return {
        "skills": Skill.objects.count(),
        "organisations": Organisation.objects.count(),
        "needs": NeedPage.objects.count(),
        "missions": MissionPage.objects.count(),
        "testimonials": TestimonialPage.objects.count(),
        "volunteers": Volunteer.objects.count(),
        "applications": Application.objects.count(),
        "certificates": Certificate.objects.count(),
        "hours_declarations": HoursDeclaration.objects.count(),
        "feedback": Feedback.objects.count(),
    }


def _site():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise RuntimeError("No default Wagtail site: create one before running the demo.")
    return site


def _portal_settings(site):
    portal = PortalSettings.for_site(site)
    for field, value in ASSOCIATION.items():
        if not getattr(portal, field):
            setattr(portal, field, value)
    portal.save()


def _information_pages(site):
    """The legal notice and the privacy notice, linked from the portal's settings (the
    footer and the application form show them); an editor's own choice is kept."""
    portal = PortalSettings.for_site(site)
    root = site.root_page.specific
    for field, slug, title, body in INFORMATION_PAGES:
        if getattr(portal, f"{field}_id"):
            continue
        page = InformationPage.objects.child_of(root).filter(slug=slug).first()
        if page is None:
            page = InformationPage(title=title, slug=slug, body=body)
            root.add_child(instance=page)
            page.save_revision().publish()
        setattr(portal, field, page)
    portal.save()


def _skills():
    skills = {}
    for category, names in SKILLS.items():
        for name in names:
            skill, _ = Skill.objects.get_or_create(name=name, defaults={"category": category, "slug": ascii_slug(name)})
            skills[name] = skill
    return skills


def _organisations():
    organisations = {}
    for data in ORGANISATIONS:
        data = dict(data)
        organisation, _ = Organisation.objects.get_or_create(name=data.pop("name"), defaults=data)
        organisations[organisation.name] = organisation
    return organisations


def _index(root, model, slug, title):
    existing = model.objects.child_of(root).filter(slug=slug).first()
    if existing:
        return existing
    page = model(title=title, slug=slug, show_in_menus=True)
    root.add_child(instance=page)
    page.save_revision().publish()
    return page


def _add_page(parent, page, skills=()):
    if skills:
        page.skills.add(*skills)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _needs(index, organisations, skills):
    needs = {}
    for data in NEEDS:
        page = NeedPage.objects.child_of(index).filter(slug=data["slug"]).first()
        if page is None:
            page = _add_page(
                index,
                NeedPage(
                    title=data["title"],
                    slug=data["slug"],
                    organisation=organisations[data["organisation"]],
                    priority=data["priority"],
                    status=data["status"],
                    context=data["context"],
                    expected_outcome=data["expected_outcome"],
                ),
                [skills[s] for s in data["skills"]],
            )
        needs[data["slug"]] = page
    return needs


def _proposals(needs, organisations, skills):
    """Two needs organisations proposed from the portal: one the team accepted (it
    became the atelier's need), one waiting for an answer."""
    if NeedProposal.objects.exists():
        return
    atelier = organisations["L'Atelier Coopératif"]
    accepted = NeedProposal.objects.create(
        organisation_name=atelier.name,
        organisation_kind=atelier.kind,
        siret=atelier.siret,
        postcode=atelier.postcode,
        city=atelier.city,
        contact_name=atelier.contact_name,
        contact_email=atelier.contact_email,
        need="Notre site n'est plus maintenu et personne ne sait le mettre à jour.",
        hoped_outcome="Un site lisible sur mobile, que l'équipe met à jour seule.",
        urgency=NeedProposal.Urgency.MONTHS,
        language="fr",
        consent_at=timezone.now() - datetime.timedelta(days=40),
        status=NeedProposal.Status.ACCEPTED,
        organisation=atelier,
        need_page=needs["site-web-atelier"],
        decided_at=timezone.now() - datetime.timedelta(days=38),
    )
    accepted.skills.add(skills["Développement web"])
    waiting = NeedProposal.objects.create(
        organisation_name="Épicerie solidaire du Onzième",
        rna="W751000017",
        address="12 rue Oberkampf",
        postcode="75011",
        city="Paris",
        contact_name="Joëlle Martin",
        contact_email="joelle@epicerie-onze.example",
        need="Nous tenons nos comptes sur papier et voulons passer à un tableur partagé.",
        hoped_outcome="Des comptes à jour chaque mois, que deux bénévoles savent tenir.",
        urgency=NeedProposal.Urgency.WEEKS,
        availability="Le samedi matin",
        language="fr",
        consent_at=timezone.now() - datetime.timedelta(days=2),
    )
    waiting.skills.add(skills["Finance et comptabilité"])


def _missions(index, needs, organisations, skills):
    today = timezone.localdate()
    missions = {}
    for data in MISSIONS:
        page = MissionPage.objects.child_of(index).filter(slug=data["slug"]).first()
        if page is None:
            need = needs[data["need"]]
            start = today + datetime.timedelta(days=data["start"])
            page = MissionPage(
                title=data["title"],
                slug=data["slug"],
                intro=data["intro"],
                format=data["format"],
                place=data["place"],
                postcode=data["postcode"],
                estimated_hours=data["estimated_hours"],
                places_available=data["places_available"],
                status=data["status"],
                start_date=start,
                end_date=start + datetime.timedelta(weeks=data["weeks"]),
                application_deadline=start - datetime.timedelta(days=3),
                need=need,
                organisation=need.organisation,
                contact_email=need.organisation.contact_email,
            )
            page.objectives = [
                MissionObjective(title=title, success_indicator=indicator) for title, indicator in data["objectives"]
            ]
            page.form_fields = [
                MissionFormField(sort_order=i, **question) for i, question in enumerate(data.get("questions", []))
            ]
            _add_page(index, page, [skills[s] for s in data["skills"]])
        missions[data["slug"]] = page
    return missions


def _testimonials(index, missions):
    for data in TESTIMONIALS:
        if TestimonialPage.objects.child_of(index).filter(slug=data["slug"]).exists():
            continue
        _add_page(
            index,
            TestimonialPage(
                title=data["title"],
                slug=data["slug"],
                quote=data["quote"],
                author_name=data["author_name"],
                author_role=data["author_role"],
                mission=missions[data["mission"]],
            ),
        )


def _volunteers(skills):
    # A fixed seed: the same volunteers with the same skills on every run.
    rng = random.Random(2026)
    by_category = {c: [skills[n] for n in names] for c, names in SKILLS.items()}
    formats = [WorkFormat.REMOTE, WorkFormat.ON_SITE, WorkFormat.BOTH]
    now = timezone.now()
    for i, (first, last) in enumerate(zip(FIRST_NAMES, LAST_NAMES, strict=False)):
        email = f"{ascii_slug(first)}.{ascii_slug(last)}@example.org"
        main, second = rng.sample(list(by_category), 2)
        chosen = set(rng.sample(by_category[main], rng.randint(2, 3)))
        chosen |= set(rng.sample(by_category[second], rng.randint(0, 2)))
        city, postcode = rng.choice(CITIES)
        volunteer, created = Volunteer.objects.get_or_create(
            email__iexact=email,
            defaults={
                "email": email,
                "first_name": first,
                "last_name": last,
                "city": city,
                "postcode": postcode,
                "format": rng.choice(formats),
                "availability_hours": rng.choice([4, 6, 8, 10, 12, 16, 20]),
                "bio": f"Bénévole depuis {2015 + i % 10}, {main.label.lower()}.",
                "consent_at": now,
                "consent_version": get_setting("CONSENT_VERSION"),
                # Two retired profiles show that inactive volunteers are never proposed.
                "is_active": i % 15 != 14,
            },
        )
        if created:
            volunteer.skills.set(sorted(chosen, key=lambda s: s.name))


def _applications(missions):
    volunteers = list(Volunteer.objects.filter(is_active=True).prefetch_related("skills").order_by("pk"))
    for slug, statuses in APPLICATIONS.items():
        mission = missions[slug]
        wanted = {s.pk for s in mission.skills.all()}
        # The volunteers who share most skills with the mission apply first.
        ranked = sorted(volunteers, key=lambda v: (-len(wanted & {s.pk for s in v.skills.all()}), v.pk))
        for i, (volunteer, status) in enumerate(zip(ranked, statuses, strict=False)):
            if Application.objects.filter(mission=mission, volunteer=volunteer).exists():
                continue
            offered = [s for s in volunteer.skills.all() if s.pk in wanted]
            application = Application.objects.create(
                mission=mission,
                volunteer=volunteer,
                message=MESSAGES[i % len(MESSAGES)],
                language="fr",
                consent_at=volunteer.consent_at,
                consent_version=volunteer.consent_version,
            )
            application.skills_offered.set(offered)
            Submission.objects.create(
                application=application,
                details={name: getattr(volunteer, name) for name in Submission.DETAIL_FIELDS},
                skill_ids=sorted(s.pk for s in offered),
                message=application.message,
                language="fr",
                consent_at=volunteer.consent_at,
                consent_version=volunteer.consent_version,
            )
            lifecycle._log(application, "submitted", note="Candidature reçue")
            for step in PATHS[status]:
                hours = mission.estimated_hours if step == "completed" else None
                lifecycle.change_status(application, step, hours=hours, notify=False)


def _unconfirmed(missions):
    """Someone typed a known volunteer's address on a mission they had not applied to:
    the application waits, unconfirmed, for the owner of the address."""
    if Application.objects.filter(status="unconfirmed").exists():
        return
    for mission in missions.values():
        known = Volunteer.objects.exclude(applications__mission=mission).order_by("pk").first()
        if known is None or not mission.takes_applications:
            continue
        details = {name: getattr(known, name) for name in Submission.DETAIL_FIELDS}
        lifecycle.submit(
            mission,
            volunteer_data={**details, "city": "Marseille", "postcode": "13001"},
            skills=list(known.skills.all()),
            message="Je souhaite rejoindre cette mission.",
            language="fr",
            notify=False,
        )
        return


def _certificates():
    """Every completed demo application has its certificate (no e-mail sent)."""
    for application in Application.objects.filter(status="completed").exclude(certificates__isnull=False):
        issuing.issue(application, notify=False)


def _hours():
    """Accepted volunteers have declared hours: some approved, the latest pending."""
    today = timezone.localdate()
    for application in Application.objects.filter(status="accepted").order_by("pk"):
        if application.hours_declarations.exists():
            continue
        for days, amount, text, approve in [
            (14, 3, "Premier rendez-vous et cadrage", True),
            (7, 2.5, "Atelier de travail", True),
            (1, 2, "Préparation de la séance suivante", False),
        ]:
            declaration = HoursDeclaration.objects.create(
                application=application,
                date=today - datetime.timedelta(days=days),
                hours=amount,
                description=text,
            )
            if approve:
                hours_ledger.approve(declaration, None)


def _lasting(missions):
    """The completed mission's organisation said what lasted, and wrote to the team."""
    mission = missions[LASTING["mission"]]
    organisation = mission.organisation
    if not ImpactFollowUp.objects.filter(mission=mission).exists():
        ImpactFollowUp.objects.create(
            mission=mission,
            organisation=organisation,
            months=3,
            answered_at=timezone.now(),
            still_used=LASTING["still_used"],
            what_changed=LASTING["what_changed"],
        )
    if not OrganisationMessage.objects.filter(organisation=organisation).exists():
        for author, body in CONVERSATION:
            OrganisationMessage.objects.create(organisation=organisation, author=author, body=body)


def _feedback():
    """Both sides of completed missions have answered, objective by objective."""
    for application in Application.objects.filter(status="completed").select_related("mission", "volunteer"):
        objectives = list(application.mission.objectives.all())
        for i, (role, rating, worked, improve, consent, show_name) in enumerate(FEEDBACK):
            if Feedback.objects.filter(application=application, role=role).exists():
                continue
            results = ["reached", "partly"] if (application.pk + i) % 2 else ["reached", "reached"]
            Feedback.objects.create(
                application=application,
                role=role,
                author_name=application.volunteer.full_name if role == "volunteer" else "",
                objectives={str(o.pk): {"title": o.title, "result": results[j % 2]} for j, o in enumerate(objectives)},
                rating=rating - (application.pk % 2),
                worked=worked,
                improve=improve,
                consent_publish=consent,
                show_name=show_name,
            )
