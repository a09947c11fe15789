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
    assert not Application.objects.exists() and not Volunteer.objects.exists()


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
def phone_page(language="fr-FR"):
    """A 390 px phone screen, in the visitor's language."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield browser.new_page(
                locale=language, viewport={"width": 390, "height": 844},
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
        mission, volunteer_data={"email": "camille@example.org", "first_name": "Camille-Anne",
                                 "last_name": "Martin", "city": "Saint-Denis"},
        skills=[skills["Mentorat"]], message="Je peux animer le mardi soir.", notify=False,
    )
    path = link_url(submission).split("testserver", 1)[1]
    with phone_page() as page:
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", level=1).inner_text() == "Confirmez vos informations"
        assert "Saint-Denis" in page.content() and fits_the_screen(page)
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
        assert "Léa Bernard" in page.content() and fits_the_screen(page)
        page.screenshot(path=tmp_path / "verify-fr-390.png", full_page=True)
    keep_screenshots(tmp_path)


def no_axe_violations(page):
    """axe-core (shipped by axe-playwright-python) finds nothing on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    assert not violations, [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    return True


def keep_screenshots(folder):
    """``SKILLDONATION_SCREENSHOTS=dir`` keeps them for a person to look at."""
    import os
    import shutil

    target = os.environ.get("SKILLDONATION_SCREENSHOTS")
    if target:
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
    volunteer = Volunteer.objects.create(first_name="Inès", last_name="Martin", email="ines@example.org", consent_at=timezone.now())
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
        assert page.get_by_role("heading", level=1).inner_text() == "Bonjour Inès" and fits_the_screen(page)
        assert no_axe_violations(page)
        page.screenshot(path=tmp_path / "space-home-fr-390.png", full_page=True)
        page.get_by_role("link", name="Campagne d'affiches").click()
        page.wait_for_load_state()
        page.get_by_label("Votre message").fill("Quand commence-t-on ?")
        page.get_by_role("button", name="Envoyer à l'équipe").click()
        page.wait_for_load_state()
        assert "Votre message est envoyé" in page.content() and fits_the_screen(page)
        assert no_axe_violations(page)
        page.screenshot(path=tmp_path / "space-application-fr-390.png", full_page=True)
        page.get_by_label("Un mot pour l'équipe (facultatif)").fill("Je pars à l'étranger.")
        page.get_by_role("button", name="Retirer ma candidature").click()
        page.wait_for_load_state()
        assert "Votre candidature est retirée" in page.content()
        page.get_by_role("link", name="Mes informations").click()
        page.wait_for_load_state()
        assert fits_the_screen(page) and no_axe_violations(page)
        page.get_by_label("Indisponible jusqu'au").fill(away.isoformat())
        page.get_by_role("button", name="Enregistrer").click()
        page.wait_for_load_state()
        assert "Vos informations sont enregistrées" in page.content()
        page.get_by_role("link", name="Mes choix et mes données").click()
        page.wait_for_load_state()
        assert fits_the_screen(page) and no_axe_violations(page)
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
