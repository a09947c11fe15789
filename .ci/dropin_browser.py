"""The drop-in site in real Chromium: an editor publishes a mission in the admin, a
visitor applies on the site's own design, the editor accepts, completes and certifies,
and the certificate verifies. Usage: dropin_browser.py BASE_URL MISSION_INDEX_ID SHOTS"""

import re
import sys
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TITLE = "Site web de l'épicerie solidaire"


PAGES = {}  # name → page, saved as screenshots if a step fails


def step(text):
    print(f"== browser: {text}", flush=True)


def main(base, index_id, shots):
    shots = Path(shots)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        try:
            run(browser, base, index_id, shots)
        except Exception:
            for name, page in PAGES.items():
                page.screenshot(path=str(shots / f"failed-{name}.png"), full_page=True)
                print(f"== browser: failed; {name} was at {page.url} (failed-{name}.png)", flush=True)
            raise
        finally:
            browser.close()
    step("done")


def run(browser, base, index_id, shots):
    editor = PAGES["editor"] = browser.new_page(locale="fr-FR", viewport={"width": 1280, "height": 900})
    step("the editor logs in and publishes a mission")
    editor.goto(f"{base}/admin/login/")
    editor.fill("#id_username", "editor")
    editor.fill("#id_password", "dropin-editor")
    editor.locator("button[type=submit]").click()
    editor.wait_for_url(re.compile(r"/admin/$"))
    editor.goto(f"{base}/admin/pages/add/wagtail_skilldonation/missionpage/{index_id}/")
    if not editor.locator("#id_title").count():
        (shots / "failed-editor.html").write_text(editor.content())
        raise AssertionError(f"no page form at {editor.url}")
    editor.locator("#id_title").fill(TITLE)
    editor.locator("#id_title").press("Tab")  # Wagtail fills the slug from the title on change
    editor.locator("#id_intro").fill("Un site simple pour présenter l'épicerie et ses horaires.")
    editor.locator("#id_places_available").fill("2")
    editor.get_by_role("tab", name="Promote").click()
    if not editor.locator("#id_slug").input_value():
        editor.locator("#id_slug").fill("site-web-epicerie-solidaire")
    editor.locator('button[name="action-publish"]').evaluate("button => button.click()")
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    expect(editor.locator(".messages")).to_contain_text(TITLE)

    step("a visitor applies in the site's own base template")
    visitor = PAGES["visitor"] = browser.new_page(locale="fr-FR", viewport={"width": 390, "height": 844})
    visitor.goto(f"{base}/missions/")
    visitor.get_by_role("link", name=TITLE).first.click()
    visitor.wait_for_load_state()
    assert visitor.locator('link[href*="wagtail_skilldonation/css/portal.css"]').count() == 1
    assert visitor.locator('link[href*="css/mysite.css"]').count() == 1, "not the site's own base"
    # The portal's styles apply (its button colour), and the honeypot is nowhere a person sees.
    colour = visitor.locator(".sd-button").first.evaluate("b => getComputedStyle(b).backgroundColor")
    assert colour == "rgb(11, 92, 173)", colour
    trap = visitor.locator('[name="website"]').bounding_box()
    assert trap is None or trap["x"] + trap["width"] <= 0, trap
    visitor.screenshot(path=str(shots / "dropin-mission-390.png"), full_page=True)
    # The starter site speaks English (LANGUAGE_CODE "en-us", no locale middleware).
    visitor.get_by_label("First name").fill("Léa")
    visitor.get_by_label("Last name").fill("Bernard")
    visitor.get_by_label("E-mail").fill("lea.bernard@example.org")
    visitor.get_by_label("Postcode").fill("93200")
    visitor.get_by_label("City").fill("Saint-Denis")
    # The starter site speaks English: `skilldonation_setup` named its skills in English.
    visitor.get_by_label("Web development").check()
    visitor.locator('input[name="proposals"]').check()
    visitor.wait_for_timeout(3500)  # a person takes longer than MIN_FILL_SECONDS
    visitor.get_by_role("button", name="Send my application").click()
    visitor.wait_for_load_state()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Thank you")
    wide = browser.new_page(locale="fr-FR", viewport={"width": 1280, "height": 900})
    wide.goto(f"{base}/missions/")
    wide.get_by_role("link", name=TITLE).first.click()
    wide.wait_for_load_state()
    wide.screenshot(path=str(shots / "dropin-mission-1280.png"), full_page=True)

    step("the editor accepts, completes and certifies")
    editor.goto(f"{base}/admin/wagtail_skilldonation/application/")
    editor.get_by_role("link", name=re.compile("^(Open|Ouvrir)$")).first.click()
    editor.wait_for_load_state()
    editor.locator('button[name="to_status"][value="accepted"]').click()
    editor.wait_for_load_state()
    # The e-mail the volunteer will get is shown first; nothing changes until confirmed.
    editor.get_by_role("button", name=re.compile("^(Accept and send the e-mail|Accepter et envoyer l'e-mail)$")).click()
    editor.wait_for_load_state()
    editor.locator('input[name="hours"]').fill("12")
    editor.locator('button[name="to_status"][value="completed"]').click()
    editor.wait_for_load_state()
    # The feedback requests are listed first; nothing changes until confirmed.
    editor.get_by_role(
        "button",
        name=re.compile(r"^(Mark completed and send \d e-mails?|Marquer comme terminée et envoyer \d e-mails?)$"),
    ).click()
    editor.wait_for_load_state()
    # By what the editor reads, not by the URL behind it.
    editor.get_by_role("button", name=re.compile("^(Issue the certificate|Émettre l'attestation)$")).click()
    editor.wait_for_load_state()
    code = editor.locator("section[aria-labelledby=sd-app-certificates] code").first.inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code), code

    step(f"the certificate {code} verifies")
    visitor.goto(f"{base}/portal/certificates/{code}/")
    expect(visitor.locator("body")).to_contain_text("Valid certificate")
    expect(visitor.locator("body")).to_contain_text("Léa Bernard")
    expect(visitor.locator("body")).to_contain_text(TITLE)
    assert visitor.locator('link[href*="css/mysite.css"]').count() == 1


if __name__ == "__main__":
    main(*sys.argv[1:])
