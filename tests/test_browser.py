"""End-to-end in Debian's Chromium driven by Playwright against a live server.

A reader searches for an actor, opens her page, follows a credit to the film
and clicks a citation marker to land on its reference, by mouse and by
keyboard alone; axe-core (vendored in tests/vendor, MPL-2.0) finds no serious
or critical accessibility violation; screenshots at 1280 and 375 px go to
test-artifacts/ (gitignored).
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.site_data import build_site

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() or shutil.which("chromium")),
        reason=f"no Chromium at {CHROMIUM}; install Debian's chromium package to run browser tests",
    ),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(transactional_db, live_server):
    build_site()
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _reference_is_targeted(page):
    assert page.url.split("#")[1].startswith("cite-")
    target = page.locator(":target")
    assert target.get_attribute("id") == page.url.split("#")[1]
    assert target.evaluate("el => el.closest('.references') !== null")
    assert target.is_visible()


def test_search_person_film_and_citation_by_mouse(page, site):
    page.goto(site + "/")
    page.get_by_label("Search films, people, organizations, characters and sources").fill(
        "Johansson"
    )
    page.locator("main").get_by_role("button", name="Search").click()
    page.locator("main").get_by_role("link", name="Scarlett Johansson").click()
    assert page.locator("h1").inner_text() == "Scarlett Johansson"
    page.locator("#credits").locator("xpath=..").get_by_role("link", name="Her (2013)").click()
    assert page.url.endswith("/films/her/")
    page.locator("sup.cite a").first.click()
    _reference_is_targeted(page)


def _tab_to(page, predicate, limit=400):
    """Press Tab until the focused element satisfies a JS predicate(el)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"never reached an element with {predicate}")


def test_the_same_path_by_keyboard_alone(page, site):
    page.goto(site + "/")
    _tab_to(page, "el.getAttribute('href') === '#content'")  # the skip link comes first
    _tab_to(page, "el.id === 'site-search'")
    page.keyboard.type("Johansson")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Johansson")
    _tab_to(page, "el.closest('main') && el.textContent.trim() === 'Scarlett Johansson'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/people/scarlett-johansson/")
    _tab_to(page, "el.closest('main') && el.getAttribute('href') === '/films/her/'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/films/her/")
    _tab_to(page, "el.closest('sup.cite') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**#cite-*")
    _reference_is_targeted(page)


PAGES = {
    "home": "/",
    "film": "/films/her/",
    "person": "/people/scarlett-johansson/",
    "list": "/films/",
    "people-list": "/people/?department=cast",
    "search": "/search/?q=Johansson",
}


def _axe_violations(page):
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))
            }));
        }"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violations(browser, site, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        problems = {}
        for name, path in PAGES.items():
            page.goto(site + path)
            bad = [v for v in _axe_violations(page) if v["impact"] in {"serious", "critical"}]
            if bad:
                problems[name] = bad
        assert not problems
    finally:
        context.close()


def test_screenshots_at_desktop_and_phone_widths(browser, site):
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 375):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for name, path in PAGES.items():
            page.goto(site + path)
            page.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)
            # readable at this width: nothing wider than the viewport
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, (name, width, overflow)
        context.close()
    assert len(list(ARTIFACTS.glob("*-375.png"))) == len(PAGES)
