"""A curator's first edits in Chromium at 1366x768, on the article's data.

Loads the real fixtures, signs in as a curator and: edits a credit in the
film's form (no horizontal scroll, billing order on screen) and saves it;
meets the duplicate-billing error naming both rows; reads the credit's
history (the loaded version by "the fixtures"), its diff and reverts to the
loaded value; picks a source from the autocomplete; sees a verified fact's
mark on the film page. Every page is checked for horizontal scrolling.

Screenshots go to test-artifacts/curating/; with UPDATE_DOC_SCREENSHOTS=1
they also replace the ones docs/curating.md shows (docs/curating/).
"""

import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from filmkb.curators import create_curator
from films import sync
from films.models import Credit, Film
from films.verification import mark_verified

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "curating"
DOCS = ROOT / "docs" / "curating"
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
WIDTH, HEIGHT = 1366, 768

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright not installed")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
            tab = context.new_page()
            tab.set_default_timeout(15_000)
            yield tab
        finally:
            browser.close()


@pytest.fixture
def article():
    if not sync.default_paths()[0]:
        pytest.skip("fixtures/ holds no fixture files yet")
    call_command("reload_fixtures", stdout=StringIO())
    return Film.objects.get(slug="her-2013")


def shot(page, name, element=None):
    """Save a screenshot of the window (scrolled to ``element``) for the guide."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if element is not None:
        page.locator(element).first.scroll_into_view_if_needed()
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=path)
    if os.environ.get("UPDATE_DOC_SCREENSHOTS"):
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS / path.name)


def assert_no_horizontal_scroll(page):
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"{page.url}: {scroll} px wide in a {client} px window"


def go(page, live_server, path):
    page.goto(f"{live_server.url}{path}")
    assert_no_horizontal_scroll(page)


def sign_in(page, live_server):
    create_curator("ann", "", PASSWORD, validate=False)
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "ann")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


def credit_row(page, billing_order):
    """The index of the credits inline row with this billing order."""
    inputs = page.locator("#credits-group input[name$='-billing_order']")
    for i in range(inputs.count()):
        if inputs.nth(i).input_value() == str(billing_order):
            return inputs.nth(i).get_attribute("name").split("-")[1]
    raise AssertionError(f"no credit with billing order {billing_order}")


def test_a_curator_edits_a_credit_in_the_film_form_at_1366_px_and_saves_it(
    live_server, page, article
):
    sign_in(page, live_server)
    go(page, live_server, reverse("admin:index"))
    shot(page, "admin-index")

    film_form = reverse("admin:films_film_change", args=[article.pk])
    go(page, live_server, film_form)
    header = page.locator("#credits-group th.column-billing_order").bounding_box()
    assert header["x"] >= 0
    assert header["x"] + header["width"] <= WIDTH  # billing order on screen
    row = credit_row(page, 1)
    page.fill(f"#id_credits-{row}-credited_as", "Joaquin Phoenix (test)")
    shot(page, "film-credits", "#credits-group")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    credit = Credit.objects.get(film=article, billing_order=1)
    assert credit.credited_as == "Joaquin Phoenix (test)"

    # Two credits with one billing order: the error names both rows.
    go(page, live_server, film_form)
    page.fill(f"#id_credits-{credit_row(page, 2)}-billing_order", "1")
    page.click("input[name=_save]")
    page.wait_for_selector("#credits-group .errorlist.nonform")
    message = page.locator("#credits-group .errorlist.nonform").inner_text()
    assert "have the same billing order (1)" in message
    assert "Joaquin Phoenix" in message
    assert_no_horizontal_scroll(page)
    shot(page, "duplicate-billing", "#credits-group .errorlist.nonform")
    assert Credit.objects.filter(film=article, billing_order=1).count() == 1


def test_a_curator_compares_an_edit_with_the_loaded_value_and_reverts_it(
    live_server, page, article
):
    sign_in(page, live_server)
    credit = Credit.objects.get(film=article, billing_order=1)
    change = reverse("admin:films_credit_change", args=[credit.pk])
    go(page, live_server, change)
    page.fill("#id_credited_as", "A test edit")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    go(page, live_server, reverse("admin:films_credit_history", args=[credit.pk]))
    history = page.locator("#change-history").inner_text()
    assert "the fixtures" in history
    assert (
        f"Loaded from fixture file fixtures/films/{credit.film.slug}/cast-and-crew.json" in history
    )
    shot(page, "history")

    page.locator(".version-diff-link").first.click()
    page.wait_for_selector("#field-changes")
    assert_no_horizontal_scroll(page)
    assert "A test edit" in page.locator("#field-changes").inner_text()
    assert "by the fixtures (the loaded value)" in page.content()
    shot(page, "diff")

    go(page, live_server, reverse("admin:films_credit_history", args=[credit.pk]))
    page.locator("tr", has_text="the fixtures").locator(".version-revert-link").click()
    page.wait_for_selector("input[name=_save]")
    assert_no_horizontal_scroll(page)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    credit.refresh_from_db()
    assert credit.credited_as == ""


def test_a_curator_tells_look_alike_sources_apart_in_the_autocomplete(live_server, page, article):
    sign_in(page, live_server)
    credit = Credit.objects.filter(film=article, citations__isnull=False).first()
    go(page, live_server, reverse("admin:films_credit_change", args=[credit.pk]))
    page.locator("#citations-0 .field-source .select2-selection").click()
    page.keyboard.type("-her")  # the keys of the sources titled just "Her" end so
    page.wait_for_selector(".select2-results__option >> text=Slant Magazine")
    options = page.locator(".select2-results__option").all_inner_texts()
    hers = [text for text in options if text.startswith("Her — ")]
    assert len(hers) >= 4
    assert len(set(options)) == len(options)
    shot(page, "source-autocomplete")
    page.keyboard.press("Escape")


def test_a_verified_fact_is_marked_on_the_film_page(live_server, page, article):

    create_curator("ann", "", PASSWORD, validate=False)
    credit = Credit.objects.get(film=article, billing_order=1)
    mark_verified(Credit.objects.filter(pk=credit.pk), User.objects.get(username="ann"))
    go(page, live_server, reverse("films:film_cast", kwargs={"slug": article.slug}))
    cast = page.locator("#cast").locator("xpath=..")
    assert cast.locator(".verified").count() == 1
    shot(page, "verified-mark", "#cast")
