"""A visitor applies in real Chromium (Debian's /usr/bin/chromium through Playwright)."""

from contextlib import contextmanager

import pytest

from wagtail_skilldonation.models import Application, Volunteer

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@contextmanager
def chromium_page():
    """Playwright runs an event loop: touch the database only outside this block."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield browser.new_page(locale="en-GB")
        finally:
            browser.close()


@pytest.fixture
def mission(make_mission, skills, settings):
    settings.WAGTAIL_SKILLDONATION = {"MIN_FILL_SECONDS": 1}
    mission = make_mission(
        title="Formation en informatique pour les jeunes",
        skills=[skills["Développement web"], skills["Mentorat"]],
        places_available=3,
    )
    return mission.title, mission.url


def test_visitor_applies_and_sees_thank_you(live_server, mission):
    title, path = mission
    with chromium_page() as page:
        browse_and_apply(page, live_server.url + path, title)

    application = Application.objects.get()
    assert application.volunteer.email == "lea.bernard@example.org"
    assert application.volunteer.format == "on_site"
    assert [s.name for s in application.skills_offered.all()] == ["Développement web"]


def browse_and_apply(page, url, title):
    page.goto(url)
    assert page.get_by_role("heading", level=1).inner_text() == title
    page.get_by_label("First name").fill("Léa")
    page.get_by_label("Last name").fill("Bernard")
    page.get_by_label("E-mail").fill("lea.bernard@example.org")
    page.get_by_label("Postcode").fill("93200")
    page.get_by_label("City").fill("Saint-Denis")
    page.get_by_label("On site", exact=True).check()
    page.get_by_label("Availability (hours per month)").fill("6")
    page.get_by_label("Développement web").check()
    page.get_by_label("Your message").fill("J'anime déjà des ateliers de code.")
    page.get_by_label("Propose other missions to me").check()
    page.wait_for_timeout(1200)  # a person takes at least the minimum fill time
    page.get_by_role("button", name="Send my application").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Thank you for your application!").is_visible()
    assert "What happens next" in page.content()


def test_server_validates_when_browser_validation_is_off(live_server, mission):
    with chromium_page() as page:
        submit_invalid_email(page, live_server.url + mission[1])
    assert not Application.objects.exists()
    assert not Volunteer.objects.exists()


def submit_invalid_email(page, url):
    page.goto(url)
    page.evaluate("document.querySelector('form.sd-form').noValidate = true")
    page.get_by_label("First name").fill("Léa")
    page.get_by_label("Last name").fill("Bernard")
    page.get_by_label("E-mail").fill("not-an-email")
    page.get_by_label("Propose other missions to me").check()
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Send my application").click()
    page.wait_for_load_state()
    error = page.locator("#id_email_error")
    assert error.inner_text() == "Enter a valid email address."
    email = page.get_by_label("E-mail")
    assert email.get_attribute("aria-invalid") == "true"
    assert "id_email_error" in email.get_attribute("aria-describedby")
    assert email.input_value() == "not-an-email"  # what was typed is kept
    assert page.get_by_label("First name").input_value() == "Léa"


@contextmanager
def phone_page(language="fr-FR", color_scheme="light"):
    """A 390 px phone screen, in the visitor's language and light or dark preference."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield browser.new_page(
                locale=language,
                color_scheme=color_scheme,
                viewport={"width": 390, "height": 844},
                extra_http_headers={"Accept-Language": language},
            )
        finally:
            browser.close()


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_owner_of_an_address_confirms_on_a_phone_in_french(live_server, make_mission, skills, tmp_path):
    from wagtail_skilldonation import applications
    from wagtail_skilldonation.applications.confirmation import link_url

    mission = make_mission(title="Atelier numérique", places_available=2, skills=[skills["Mentorat"]])
    Volunteer.objects.create(first_name="Camille", last_name="Martin", email="camille@example.org", city="Paris")
    submission = applications.submit(
        mission,
        volunteer_data={
            "email": "camille@example.org",
            "first_name": "Camille-Anne",
            "last_name": "Martin",
            "city": "Saint-Denis",
        },
        skills=[skills["Mentorat"]],
        message="Je peux animer le mardi soir.",
        notify=False,
    )
    path = link_url(submission).split("testserver", 1)[1]
    with phone_page() as page:
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", level=1).inner_text() == "Confirmez vos informations"
        assert "Saint-Denis" in page.content()
        assert fits_the_screen(page)
        page.screenshot(path=tmp_path / "confirm-fr-390.png", full_page=True)
        page.get_by_role("button", name="Oui, c'était moi : appliquer ces changements").click()
        page.wait_for_load_state()
        assert "vos informations et votre candidature" in page.content()
        page.screenshot(path=tmp_path / "confirmed-fr-390.png", full_page=True)
    keep_screenshots(tmp_path)
    volunteer = Volunteer.objects.get()
    assert (volunteer.first_name, volunteer.city) == ("Camille-Anne", "Saint-Denis")


def test_a_recruiter_checks_a_pdf_on_a_phone(live_server, make_mission, tmp_path):
    from wagtail_skilldonation import applications, certificates
    from wagtail_skilldonation.certificates.files import stored_pdf

    mission = make_mission(title="Site vitrine", places_available=1)
    volunteer = Volunteer.objects.create(first_name="Léa", last_name="Bernard", email="lea@example.org")
    application = Application.objects.create(mission=mission, volunteer=volunteer)
    applications.change_status(application, "accepted", notify=False)
    applications.change_status(application, "completed", hours=12, notify=False)
    certificate = certificates.issue(application, notify=False)
    issued = tmp_path / "attestation.pdf"
    issued.write_bytes(stored_pdf(certificate))
    with phone_page() as page:
        page.goto(live_server.url + "/portal/certificates/")
        assert fits_the_screen(page)
        page.screenshot(path=tmp_path / "lookup-fr-390.png", full_page=True)
        page.get_by_label("Le fichier PDF de l'attestation").set_input_files(str(issued))
        page.get_by_role("button", name="Vérifier le fichier").click()
        page.wait_for_load_state()
        assert "exactement le PDF émis sous ce code" in page.content()
        assert "Léa Bernard" in page.content()
        assert fits_the_screen(page)
        page.screenshot(path=tmp_path / "verify-fr-390.png", full_page=True)
    keep_screenshots(tmp_path)


WCAG = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
}


def no_axe_violations(page, options=None):
    """axe-core (shipped by axe-playwright-python) finds nothing on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=options) if options else Axe().run(page)
    violations = results.response["violations"]
    assert not violations, [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    return True


def keep_screenshots(folder):
    """``SKILLDONATION_SCREENSHOTS=dir`` keeps them for a person to look at."""
    import os
    import shutil

    target = os.environ.get("SKILLDONATION_SCREENSHOTS")
    if target:
        os.makedirs(target, exist_ok=True)
        for png in folder.glob("*.png"):
            shutil.copy(png, target)


def test_a_volunteer_uses_their_space_on_a_phone_in_french(live_server, make_mission, tmp_path, settings):
    """#16: ask for the link, open it from the e-mail, write to the team, withdraw,
    change availability, download the data — on a 390 px phone, in French."""
    import datetime
    import json
    import re

    from django.core import mail
    from django.utils import timezone

    mission = make_mission(title="Campagne d'affiches", places_available=2)
    volunteer = Volunteer.objects.create(
        first_name="Inès", last_name="Martin", email="ines@example.org", consent_at=timezone.now()
    )
    Application.objects.create(mission=mission, volunteer=volunteer, language="fr")
    away = timezone.localdate() + datetime.timedelta(days=40)
    mail.outbox.clear()
    with phone_page() as page:
        page.goto(live_server.url + "/portal/me/")
        assert fits_the_screen(page)
        page.get_by_label("Votre adresse e-mail").fill("ines@example.org")
        page.get_by_role("button", name="M'envoyer un lien").click()
        page.wait_for_load_state()
        assert "un lien est en route" in page.content()
        link = re.search(r"http://testserver(/portal/me/link/\S+/)", mail.outbox[-1].body).group(1)
        page.goto(live_server.url + link)
        page.get_by_role("button", name="Ouvrir mon espace").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == "Bonjour Inès"
        assert fits_the_screen(page)
        assert no_axe_violations(page)
        page.screenshot(path=tmp_path / "space-home-fr-390.png", full_page=True)
        page.get_by_role("link", name="Campagne d'affiches").click()
        page.wait_for_load_state()
        page.get_by_label("Votre message").fill("Quand commence-t-on ?")
        page.get_by_role("button", name="Envoyer à l'équipe").click()
        page.wait_for_load_state()
        assert "Votre message est envoyé" in page.content()
        assert fits_the_screen(page)
        assert no_axe_violations(page)
        page.screenshot(path=tmp_path / "space-application-fr-390.png", full_page=True)
        page.get_by_label("Un mot pour l'équipe (facultatif)").fill("Je pars à l'étranger.")
        page.get_by_role("button", name="Retirer ma candidature").click()
        page.wait_for_load_state()
        assert "Votre candidature est retirée" in page.content()
        page.get_by_role("link", name="Mes informations").click()
        page.wait_for_load_state()
        assert fits_the_screen(page)
        assert no_axe_violations(page)
        page.get_by_label("Indisponible jusqu'au").fill(away.isoformat())
        page.get_by_role("button", name="Enregistrer").click()
        page.wait_for_load_state()
        assert "Vos informations sont enregistrées" in page.content()
        page.get_by_role("link", name="Mes choix et mes données").click()
        page.wait_for_load_state()
        assert fits_the_screen(page)
        assert no_axe_violations(page)
        # A link drawn as a button is readable: its ink is not its background (the
        # portal's link colour made "Télécharger mes données" blue on blue).
        inks = page.evaluate(
            """() => [...document.querySelectorAll('a.sd-button')].map(a =>
                [a.innerText, getComputedStyle(a).color, getComputedStyle(a).backgroundColor])"""
        )
        assert inks, "the page has its download button"
        assert all(color != background for _text, color, background in inks), inks
        with page.expect_download() as download:
            page.get_by_role("link", name="Télécharger mes données (JSON)").click()
        exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    keep_screenshots(tmp_path)
    assert exported["volunteer"]["email"] == "ines@example.org"
    application = Application.objects.get()
    assert application.status == "withdrawn"
    assert [m.body for m in application.messages.all()] == ["Quand commence-t-on ?", "Je pars à l'étranger."]
    volunteer.refresh_from_db()
    assert volunteer.unavailable_until == away


@pytest.fixture
def public_site(make_mission, make_need, testimonial_index, skills, settings):
    """One of each public page, with enough in it to show every part."""
    import datetime

    from django.utils import timezone

    from wagtail_skilldonation.models import MissionObjective, TestimonialPage

    settings.WAGTAIL_SKILLDONATION = {"MIN_FILL_SECONDS": 1}
    need = make_need(title="Rendre visibles les jardins partagés du quartier", skills=[skills["Graphisme"]])
    mission = make_mission(
        title="Création de campagnes de sensibilisation",
        intro="Concevoir une campagne.",
        need=need,
        skills=[skills["Graphisme"], skills["Rédaction"]],
        places_available=2,
        place="Saint-Denis",
        postcode="93200",
        format="both",
        start_date=timezone.localdate() + datetime.timedelta(days=12),
        application_deadline=timezone.localdate() + datetime.timedelta(days=9),
    )
    mission.objectives = [MissionObjective(title="Écrire les messages clés", success_indicator="Un guide validé")]
    mission.save_revision().publish()
    testimonial = testimonial_index.add_child(
        instance=TestimonialPage(
            title="Un vrai regard extérieur",
            slug="regard",
            quote="Des outils utiles chaque semaine.",
            author_name="Samir",
            mission=mission,
        )
    )
    testimonial.save_revision().publish()
    index = mission.get_parent()
    organisation = mission.organisation
    organisation.public_page, organisation.description = True, "Des jardins partagés ouverts à tous."
    organisation.save()
    # A volunteer passport, turned on with one certificate.
    from tests.factories import ApplicationFactory
    from wagtail_skilldonation.certificates import issue
    from wagtail_skilldonation.certificates.passport import choose

    done = ApplicationFactory(mission=mission, volunteer__first_name="Léa", status="completed", hours=6)
    choose(done.volunteer, True, [issue(done, notify=False)])
    return {
        "mission index": index.url,
        "mission index, nothing found": index.url + "?q=zzzz&place=remote",
        "mission": mission.url,
        "need index": need.get_parent().url,
        "need": need.url,
        "testimonial index": testimonial_index.url,
        "testimonial": testimonial.url,
        "certificate check": "/portal/certificates/",
        "volunteer space": "/portal/me/",
        "need proposal": "/portal/needs/propose/",
        "need proposal received": "/portal/needs/propose/thanks/",
        "organisation": f"/portal/organisations/{organisation.pk}/",
        "organisation space": "/portal/organisation/",
        "volunteer passport": f"/portal/passport/{done.volunteer.passport_key}/",
    }


def test_every_public_page_fits_a_phone_and_passes_axe_in_both_languages(live_server, public_site, tmp_path):
    """#17: at 390 px nothing scrolls sideways, in French and in English, and axe-core
    finds nothing — on every public page and state (an error, a thank-you)."""
    from tests.conftest import form_data  # noqa: F401  (the form is filled in the browser)

    seen = []
    for language in ("fr-FR", "en-GB"):
        with phone_page(language) as page:
            for name, path in public_site.items():
                page.goto(live_server.url + path)
                assert fits_the_screen(page), (language, name, page.evaluate("document.documentElement.scrollWidth"))
                assert no_axe_violations(page), (language, name)
                seen.append((language, name))
            # The mission: the bar's Apply reaches the form.
            page.goto(live_server.url + public_site["mission"])
            page.locator(".sd-apply-bar a").click()
            page.wait_for_timeout(300)
            top = page.evaluate("document.getElementById('sd-apply').getBoundingClientRect().top")
            assert -5 <= top < 844, top  # in view (scrolling lands on it give or take a pixel)
            # A server-side error: the page opens at the form, the summary focused.
            page.evaluate("document.querySelector('form.sd-form').noValidate = true")
            page.locator('input[name="first_name"]').fill("Léa")
            page.locator('input[name="last_name"]').fill("Bernard")
            page.locator('input[name="email"]').fill("pas-une-adresse")
            page.wait_for_timeout(1100)
            page.locator('form.sd-form button[type="submit"]').click()
            page.wait_for_load_state()
            assert page.evaluate("document.activeElement.classList.contains('sd-error-summary')"), (
                page.title(),
                page.evaluate("document.activeElement.outerHTML.slice(0, 200)"),
                "sd-errors" in page.content(),
            )
            assert page.url.endswith("#sd-apply")
            assert page.title().startswith(("Erreur", "Error"))
            assert fits_the_screen(page)
            assert no_axe_violations(page)
            page.screenshot(path=tmp_path / f"mission-error-{language}-390.png")
            # Corrected: the thank-you page.
            page.locator('input[name="email"]').fill(f"lea-{language}@example.org")
            page.wait_for_timeout(1100)
            page.locator('form.sd-form button[type="submit"]').click()
            page.wait_for_load_state()
            assert fits_the_screen(page)
            assert no_axe_violations(page)
            seen += [(language, "mission, error"), (language, "thank you")]
            page.goto(live_server.url + public_site["mission"])
            page.screenshot(path=tmp_path / f"mission-{language}-390.png", full_page=True)
    # The visitor who prefers dark: the portal's colours turn, every text stays readable.
    # Only colours change with the scheme, so axe checks the rules that read colours
    # (the pages' structure passed every rule above).
    colours = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}}
    with phone_page("fr-FR", "dark") as page:
        for name, path in public_site.items():
            page.goto(live_server.url + path)
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert background == "rgb(18, 22, 29)", (name, background)  # --sd-bg, dark
            assert no_axe_violations(page, colours), ("dark", name)
            seen.append(("dark", name))
        page.goto(live_server.url + public_site["mission"])
        page.screenshot(path=tmp_path / "mission-fr-390-dark.png", full_page=True)
    keep_screenshots(tmp_path)
    assert len(seen) == 2 * (len(public_site) + 2) + len(public_site)


def test_the_index_shows_its_first_result_on_a_phones_first_screen(live_server, public_site, tmp_path):
    """#29: at 390 px the first mission started at 1,127 px, below seven filter fields.
    On a phone the filters fold behind a summary that says how many are set; on a wide
    screen they stay open."""
    index = live_server.url + public_site["mission index"]
    with phone_page("fr-FR") as page:
        page.goto(index)
        first = page.locator(".sd-cards li").first.bounding_box()
        assert first is not None
        assert first["y"] < 844, first
        # "Candidater avant le" and its date are one sentence, not two items of the card's
        # flex row (they stood 0.75 rem apart).
        gap = page.evaluate(
            """() => { const date = document.querySelector('.sd-cards time'), words = document.createRange();
                words.selectNodeContents(date.previousSibling);
                return date.getBoundingClientRect().left - words.getBoundingClientRect().right; }"""
        )
        assert abs(gap) < 1, gap
        assert page.evaluate("document.getElementById('sd-filter-box').open") is False
        summary = page.locator("#sd-filter-box > summary")
        assert summary.inner_text().strip() == "Recherche et filtres"
        summary.click()
        # No choice of any menu is cut (the sort menu's was): its longest text, in the
        # menu's own font, fits inside it beside the arrow.
        menus = page.evaluate(
            """() => [...document.querySelectorAll('#sd-filter-box select')].map(s => {
                const st = getComputedStyle(s), pen = document.createElement('canvas').getContext('2d');
                pen.font = `${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
                const text = Math.max(...[...s.options].map(o => pen.measureText(o.text).width));
                const room = s.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight) - 20;
                return {name: s.name, text: Math.ceil(text), room: Math.floor(room)};
            })"""
        )
        assert {menu["name"] for menu in menus} >= {"sort", "format", "status"}, menus
        assert all(menu["text"] <= menu["room"] for menu in menus), menus
        page.screenshot(path=tmp_path / "mission-index-filters-fr-390.png", full_page=True)
        page.get_by_label("Rechercher").fill("campagne")
        page.locator("#sd-filter-box button[type=submit]").click()
        page.wait_for_load_state()
        assert "1 actif" in page.locator("#sd-filter-box > summary").inner_text()
        assert fits_the_screen(page)
        assert no_axe_violations(page)
        page.screenshot(path=tmp_path / "mission-index-fr-390.png")
        # A skill chosen from the menu (its options written from the skills' names): the
        # mission that asks for it stays, the choice stays shown; one it does not ask for
        # leaves none.
        for skill, found in (("Graphisme", 1), ("Mentorat", 0)):
            page.locator("#sd-filter-box > summary").click()
            page.get_by_label("Compétence", exact=True).select_option(label=skill)
            page.locator("#sd-filter-box button[type=submit]").click()
            page.wait_for_load_state()
            assert "2 actifs" in page.locator("#sd-filter-box > summary").inner_text()
            chosen = page.evaluate("(s => s.options[s.selectedIndex].text)(document.getElementById('id_skill'))")
            assert chosen == skill
            assert page.locator(".sd-cards > li").count() == found
            if not found:
                assert "Aucune mission ne correspond encore à ces filtres." in page.content()
    keep_screenshots(tmp_path)


VNU = __import__("pathlib").Path(__file__).resolve().parent.parent / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"


def test_every_public_page_is_valid_html(client, public_site, tmp_path):
    """The Nu HTML checker (vnu-jar from npm, on Java; `make test` installs it) finds
    no error on any public page or state, in either language."""
    import json
    import os
    import subprocess

    from tests.conftest import form_data
    from wagtail_skilldonation.models import MissionPage

    jar = os.environ.get("VNU_JAR", str(VNU))
    assert os.path.exists(jar), f"the Nu HTML checker is missing: run `make test` (it installs {VNU})"
    pages = []
    mission = MissionPage.objects.get(url_path__endswith="/mission-0/")
    for language in ("fr", "en"):
        for name, path in public_site.items():
            pages.append((f"{language}-{name}", client.get(path, HTTP_ACCEPT_LANGUAGE=language)))
        pages.append(
            (
                f"{language}-mission-error",
                client.post(mission.url, form_data(mission, email="nope"), HTTP_ACCEPT_LANGUAGE=language),
            )
        )
        pages.append(
            (
                f"{language}-thank-you",
                client.post(
                    mission.url,
                    form_data(mission, email=f"ok-{language}@example.org"),
                    HTTP_ACCEPT_LANGUAGE=language,
                    follow=True,  # kept, then the thank-you page
                ),
            )
        )
    # The organisation's space, signed in: its home, a feedback form, a follow-up, the summary.
    from tests.factories import ApplicationFactory
    from wagtail_skilldonation.models import ImpactFollowUp, OrganisationAccess
    from wagtail_skilldonation.organisations.access import SESSIONS

    organisation = mission.organisation
    organisation.contact_email = "amel@jardins.example"
    organisation.save()
    done = ApplicationFactory(mission=mission, volunteer__first_name="Léa", status="completed", hours=2)
    followup = ImpactFollowUp.objects.create(mission=mission, organisation=organisation, months=3)
    access = OrganisationAccess.objects.create(email=organisation.contact_email)
    SESSIONS.use(access)
    client.cookies[SESSIONS.cookie_name] = SESSIONS.cookie_value(access)
    space = {
        "organisation-home": "/portal/organisation/",
        "organisation-feedback": f"/portal/organisation/feedback/{done.pk}/",
        "organisation-follow-up": f"/portal/organisation/follow-up/{followup.pk}/",
        "organisation-partnership": f"/portal/organisation/{organisation.pk}/partnership/",
    }
    for language in ("fr", "en"):
        for name, path in space.items():
            pages.append((f"{language}-{name}", client.get(path, HTTP_ACCEPT_LANGUAGE=language)))
    files = []
    for name, response in pages:
        assert response.status_code == 200, name
        path = tmp_path / (name.replace(" ", "-").replace(",", "") + ".html")
        path.write_bytes(response.content)
        files.append(str(path))
    run = subprocess.run(
        ["java", "-jar", jar, "--errors-only", "--format", "json", *files], capture_output=True, text=True, timeout=300
    )
    messages = json.loads(run.stderr or "{}").get("messages", [])
    errors = [(m["url"].rsplit("/", 1)[-1], m.get("lastLine"), m["message"]) for m in messages if m["type"] == "error"]
    assert not errors, errors
    assert len(files) == 2 * (len(public_site) + 2 + len(space))


def test_the_editors_pages_pass_axe_and_show_at_a_glance(live_server, make_mission, skills, superuser, tmp_path):
    """#19: the inbox, an application's page, the missions listing, the mission editor,
    a volunteer's editor (the skills tag input) and the impact report, in real Chromium
    at 1280 px: no violation of WCAG 2.x A/AA rules by axe-core (its best-practice rules
    would judge Wagtail's admin shell, such as a snippet editor without a level-one
    heading, rather than this app)."""
    from django.urls import reverse

    from wagtail_skilldonation import applications
    from wagtail_skilldonation.models import Application, Volunteer

    mission = make_mission(title="Campagne d'affiches", places_available=1, skills=[skills["Graphisme"]])
    people = []
    for first, city in [("Alice", "Lyon"), ("Alice", "Paris"), ("Bruno", "Marseille")]:
        volunteer = Volunteer.objects.create(
            first_name=first, last_name="Durand", email=f"{first.lower()}.{city.lower()}@example.org", city=city
        )
        volunteer.skills.add(skills["Graphisme"])
        people.append(Application.objects.create(mission=mission, volunteer=volunteer))
    applications.change_status(people[0], "accepted", notify=False)
    pages = {
        "inbox": reverse("wagtail_skilldonation_application_modeladmin_index"),
        "application": reverse("wagtail_skilldonation_application_modeladmin_inspect", args=[people[1].pk]),
        "missions": reverse("skilldonation_missions:index"),
        "mission-editor": reverse("wagtailadmin_pages:edit", args=[mission.pk]),
        "volunteer-editor": reverse(
            "wagtailsnippets_wagtail_skilldonation_volunteer:edit", args=[people[1].volunteer.pk]
        ),
        "impact": reverse("wagtail_skilldonation_reports:impact"),
    }
    with chromium_page() as page:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + reverse("wagtailadmin_login"))
        page.fill("#id_username", superuser.username)
        page.fill("#id_password", "password")
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        for name, path in pages.items():
            page.goto(live_server.url + path)
            page.screenshot(path=tmp_path / f"admin-{name}-1280.png", full_page=True)
            try:
                no_axe_violations(page, WCAG)
            except AssertionError as error:
                raise AssertionError(f"{name}: {str(error)[:400]}") from None
        # Accept is disabled with its reason on the full mission's other application.
        page.goto(live_server.url + pages["application"])
        assert page.locator("button[value=accepted][disabled]").count() == 1
        assert "places of this mission are taken" in page.inner_text("#sd-accept-refusal")
    keep_screenshots(tmp_path)


def test_the_sign_in_link_clicked_in_the_mail_s_html_part_opens_the_space(
    live_server, client, settings, django_capture_on_commit_callbacks
):
    """The HTML part of the sign-in e-mail, shown as a mail client shows it, in French:
    the link a person clicks is the whole sign-in link, and it opens their space."""
    from django.core import mail
    from django.urls import reverse

    settings.WAGTAILADMIN_BASE_URL = live_server.url
    Volunteer.objects.create(first_name="Inès", last_name="Martin", email="ines@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtail_skilldonation:space"), {"email": "ines@example.org"}, HTTP_ACCEPT_LANGUAGE="fr")
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert message.subject == "Votre lien vers votre espace bénévole"  # the French mail
    with chromium_page() as page:
        page.set_viewport_size({"width": 390, "height": 844})
        page.set_content(html)
        links = page.locator("a[href*='/portal/me/link/']")
        assert links.count() == 1
        links.click()
        page.wait_for_load_state()
        assert "/portal/me/link/" in page.url
        page.get_by_role("button").filter(has_text="space").or_(
            page.get_by_role("button").filter(has_text="espace")
        ).click()
        page.wait_for_load_state()
        landed, text = page.url, page.content()
    assert landed == live_server.url + reverse("wagtail_skilldonation:space")
    assert "Inès" in text


def test_every_kind_of_mail_followed_from_its_html_part_in_chromium(
    live_server, settings, make_mission, skills, superuser, client, django_capture_on_commit_callbacks, monkeypatch
):
    """Each mail of every kind, in French and English, shown as a mail client shows its
    HTML part: each of our links is clicked there, in a browser in the mail's language,
    and leads to a page that answers 200 in that language (tests/mail/every_kind.py)."""
    from playwright.sync_api import sync_playwright

    from tests.mail.every_kind import KINDS, ROUNDS, send_every_kind, two_language_site
    from tests.mail.test_every_kind import check_html_part

    # The outbox writes in this thread while Playwright's loop runs here: Django's guard
    # against async code is for servers, not for this test's one thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    versions = two_language_site(settings, make_mission, skills)
    followed = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            pages = {x: browser.new_context(locale={"fr": "fr-FR", "en": "en-GB"}[x]).new_page() for x in ("fr", "en")}

            def received(kind, language, message):
                page = pages[language]  # the reader's browser speaks the mail's language
                html = message.alternatives[0][0]
                for i, href in enumerate(check_html_part(kind, message, language, live_server.url)):
                    page.set_content(html)
                    link = page.locator("a").nth(i)
                    assert link.get_attribute("href") == href
                    if "/credential.jwt" in href:  # the open credential: a file the browser keeps
                        with page.expect_download() as download:
                            link.click()
                        assert download.value.suggested_filename.endswith(".jwt")
                        assert open(download.value.path()).read().count(".") == 2  # a compact JWT
                        followed.append((language, kind, href, 200, language))
                        continue
                    with page.expect_navigation() as opened:
                        link.click()
                    if opened.value.headers["content-type"] == "application/pdf":  # the certificate itself
                        followed.append((language, kind, href, opened.value.status, language))
                        continue
                    lang = page.evaluate("document.documentElement.lang")
                    followed.append((language, kind, href, opened.value.status, lang))

            for language, site_language in ROUNDS:
                send_every_kind(
                    language,
                    site_language,
                    client,
                    django_capture_on_commit_callbacks,
                    superuser,
                    versions,
                    settings,
                    received,
                )
        finally:
            browser.close()
    assert {(language, kind) for language, kind, *_ in followed} == {(x, k) for x in ("fr", "en") for k in KINDS}
    for language, kind, href, status, lang in followed:
        assert status == 200, (kind, href, status)
        if "/admin/" not in href:  # the admin speaks the editor's own language
            assert lang == language, (kind, href, lang)


def test_an_organisation_proposes_is_triaged_in_two_clicks_then_follows_its_missions_on_a_phone(
    live_server,
    client,
    make_mission,
    need_index,
    skills,
    superuser,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    """#32: the editor turns a proposal into a draft need and an organisation in two
    clicks (open it, accept it); the organisation's contact signs in from the HTML part
    of the e-mail on a 390 px phone in French, sees who helps, gives feedback on one
    volunteer per objective and downloads the partnership summary."""
    from bs4 import BeautifulSoup
    from django.core import mail
    from django.urls import reverse
    from django.utils import timezone

    from tests.factories import ApplicationFactory
    from wagtail_skilldonation.models import Feedback, MissionObjective, NeedPage, NeedProposal, Organisation

    settings.WAGTAILADMIN_BASE_URL = live_server.url
    proposal = NeedProposal.objects.create(
        organisation_name="La Recyclerie",
        siret="73282932000074",
        contact_name="Bruno",
        contact_email="bruno@recyclerie.example",
        need="Un site pour annoncer nos ateliers.",
        consent_at=timezone.now(),
    )
    mission = make_mission(title="Refonte du site", skills=[skills["Graphisme"]])
    mission.objectives = [MissionObjective(title="Un site que l’équipe met à jour")]
    mission.save_revision().publish()
    organisation = mission.organisation
    organisation.contact_email = "amel@jardins.example"
    organisation.save()
    lea = ApplicationFactory(mission=mission, volunteer__first_name="Léa", status="completed", hours=4)
    lea.volunteer.skills.add(skills["Graphisme"])
    client.force_login(superuser)
    session = client.cookies["sessionid"].value
    with chromium_page() as page:
        page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + reverse("wagtail_skilldonation_proposals:index"))
        page.get_by_role("link", name="La Recyclerie").click()  # 1
        page.get_by_role("button", name="Accept: draft the need").click()  # 2
        page.wait_for_load_state()
        editing = page.url
        page.screenshot(path=tmp_path / "admin-proposal-accepted-1280.png")
    need = NeedPage.objects.get(pk=NeedProposal.objects.get(pk=proposal.pk).need_page_id)
    assert editing.endswith(reverse("wagtailadmin_pages:edit", args=[need.pk]))
    assert not need.live
    assert need.get_parent().pk == need_index.pk
    assert Organisation.objects.get(siret="73282932000074") == NeedProposal.objects.get(pk=proposal.pk).organisation
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/portal/organisation/", {"email": "amel@jardins.example"}, HTTP_ACCEPT_LANGUAGE="fr")
    (message,) = mail.outbox
    assert message.subject == "Votre lien vers l’espace de votre organisation"
    html = message.alternatives[0][0]
    assert len(BeautifulSoup(html, "html.parser").select("a[href*='/portal/organisation/link/']")) == 1
    with phone_page() as page:
        page.set_content(html)
        page.locator("a[href*='/portal/organisation/link/']").click()
        page.wait_for_load_state()
        page.get_by_role("button", name="Ouvrir notre espace").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == "Notre partenariat"
        assert "Léa" in page.inner_text("main")
        assert "Graphisme" in page.inner_text("main")
        assert fits_the_screen(page)
        assert no_axe_violations(page)
        page.screenshot(path=tmp_path / "organisation-space-fr-390.png", full_page=True)
        page.get_by_role("link", name="Comment s’est passée la participation de Léa").click()
        page.wait_for_load_state()
        assert fits_the_screen(page)
        assert no_axe_violations(page)
        page.locator("input[name^=objective_][value=reached]").check()
        page.locator("input[name=rating][value='5']").check()
        page.get_by_role("button", name="Envoyer").click()
        page.wait_for_load_state()
        assert "votre retour est enregistré" in page.content()
        page.get_by_role("link", name="Bilan du partenariat avec Les Jardins").first.click()
        page.wait_for_load_state()
        assert fits_the_screen(page)
        assert no_axe_violations(page)
        page.screenshot(path=tmp_path / "organisation-partnership-fr-390.png", full_page=True)
        with page.expect_download() as download:
            page.get_by_role("link", name="Télécharger en PDF").click()
        pdf = open(download.value.path(), "rb").read()
    keep_screenshots(tmp_path)
    assert pdf.startswith(b"%PDF")
    feedback = Feedback.objects.get(application=lea, role="beneficiary")
    assert [item["result"] for item in feedback.objectives.values()] == ["reached"]
    assert feedback.rating == 5


def test_a_volunteer_keeps_their_open_credential_and_adds_it_to_linkedin_on_a_phone(
    live_server, completed, settings, tmp_path
):
    """#33: from their space, on a 390 px phone in French, the holder downloads the
    credential (a JWT that verifies against the published keys) and opens LinkedIn's
    add-a-certification form filled in (LinkedIn itself is answered by the test: no
    network)."""
    import json
    from urllib.parse import parse_qs, urlsplit

    from django.urls import reverse
    from jwt import PyJWKSet, decode, get_unverified_header

    from wagtail_skilldonation.certificates import issue
    from wagtail_skilldonation.models import VolunteerAccess
    from wagtail_skilldonation.volunteers import access

    settings.WAGTAILADMIN_BASE_URL = live_server.url  # the links the page writes lead here
    certificate = issue(completed, notify=False)
    session = VolunteerAccess.objects.create(volunteer=completed.volunteer)
    access.use(session)
    cookie = access.cookie_value(session)
    jwks = None
    with phone_page() as page:
        page.context.add_cookies(
            [{"name": access.COOKIE_NAME, "value": cookie, "url": live_server.url + "/portal/me/"}]
        )
        asked = []
        page.context.route(
            "https://www.linkedin.com/**",
            lambda route: (
                asked.append(route.request.url),
                route.fulfill(
                    status=200, body="<html lang=en><title>LinkedIn</title></html>", content_type="text/html"
                ),
            ),
        )
        page.goto(live_server.url + reverse("wagtail_skilldonation:space_application", args=[completed.pk]))
        assert fits_the_screen(page)
        assert no_axe_violations(page)
        page.screenshot(path=tmp_path / "space-credential-fr-390.png", full_page=True)
        with page.expect_download() as download:
            page.get_by_role("link", name="la télécharger (.jwt)").click()
        token = open(download.value.path()).read()
        with page.context.expect_page() as opened:
            page.get_by_role("link", name="L’ajouter à mon profil LinkedIn").click()
        opened.value.wait_for_load_state()
        page.goto(live_server.url + reverse("wagtail_skilldonation:issuer_jwks"))
        jwks = json.loads(page.inner_text("body"))
    kid = get_unverified_header(token)["kid"]
    (key,) = [k for k in PyJWKSet.from_dict(jwks).keys if k.key_id == kid]
    assert (
        decode(token, key=key.key, algorithms=["EdDSA"])["credentialSubject"]["achievement"]["name"]
        == certificate.mission_title
    )
    keep_screenshots(tmp_path)
    (linkedin,) = asked
    query = {k: v[0] for k, v in parse_qs(urlsplit(linkedin).query).items()}
    assert query["name"] == certificate.mission_title
    assert query["certId"] == certificate.code
