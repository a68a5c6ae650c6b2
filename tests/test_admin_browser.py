"""End to end: a curator logs in, renames a character, and readers see the new name.

Runs headless Chromium (Debian's /usr/bin/chromium) through Playwright
against pytest-django's live server. Skips, saying why, where no browser is
installed; CI installs one so it always runs there.
"""

import os
import shutil

import pytest
from django.urls import NoReverseMatch, reverse

from filmkb.curators import create_curator
from tests import builders as b

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "curator-browser-pass-123"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_page():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright not installed")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()


def test_a_curator_renames_a_character_and_readers_see_the_new_name(live_server, browser_page):
    film = b.make_film(name="Her", slug="her")
    character = b.make_character(film=film, name="Samanta", slug="samantha")
    b.make_credit(film=film, character=character, billing_order=1)
    try:
        public_path = reverse("films:character", kwargs={"slug": "her", "character": "samantha"})
    except NoReverseMatch:
        pytest.skip("the public character page (films:character) is not routed yet")
    create_curator("curator", "", PASSWORD, validate=False)
    page = browser_page

    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "curator")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")

    page.goto(f"{live_server.url}{reverse('admin:films_character_change', args=[character.pk])}")
    page.fill("#id_name", "Samantha")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    page.goto(f"{live_server.url}{public_path}")
    assert page.locator("h1").inner_text().strip().startswith("Samantha")
    film_page = reverse("films:film_cast", kwargs={"slug": "her"})
    page.goto(f"{live_server.url}{film_page}")
    assert page.locator("#cast").locator("xpath=..").get_by_text("Samantha").count() >= 1
    assert "Samanta<" not in page.content()
