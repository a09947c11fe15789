"""The second drop-in site in real Chromium: its dark base has no head block and its own
navigation, yet the portal's pages are styled, reachable from its home page and pass axe
in light and dark mode. Usage: refuge_browser.py BASE_URL SHOTS"""

import sys
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STYLESHEET = 'link[rel="stylesheet"][href*="wagtail_skilldonation/css/portal.css"]'


def contrast_and_all(page, where):
    violations = Axe().run(page).response["violations"]
    assert not violations, (where, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations])


def main(base, shots):
    shots = Path(shots)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        try:
            for scheme in ("light", "dark"):
                page = browser.new_page(locale="fr-FR", color_scheme=scheme, viewport={"width": 390, "height": 844})
                print(f"== browser: the host's home page, {scheme}", flush=True)
                page.goto(base + "/")
                # The host's navigation holds the portal's menu, styled by the menu tag itself.
                page.locator(".refuge-nav .sd-menu").get_by_role("link", name="Missions").click()
                page.wait_for_load_state()
                assert page.locator(STYLESHEET).count() == 1, "the stylesheet, once"
                contrast_and_all(page, f"missions, {scheme}")
                page.get_by_role("link", name="Refaire le site du Refuge").first.click()
                page.wait_for_load_state()
                assert page.locator(STYLESHEET).count() == 1
                assert page.locator(".refuge-nav").count() == 2, "not the host's own base"
                # The facts box and skill chips: the portal's colours, text and background together.
                facts = page.locator(".sd-facts").evaluate(
                    "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]"
                )
                expected = {
                    "light": ["rgb(29, 36, 51)", "rgb(242, 245, 249)"],
                    "dark": ["rgb(230, 235, 242)", "rgb(30, 37, 48)"],
                }
                assert facts == expected[scheme], (scheme, facts)
                contrast_and_all(page, f"mission, {scheme}")
                page.screenshot(path=str(shots / f"refuge-mission-{scheme}.png"), full_page=True)
                page.close()
        finally:
            browser.close()
    print("== browser: the second host passes axe in light and dark mode", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
