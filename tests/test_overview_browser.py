"""The film overview and its section pages in Debian's Chromium (Playwright).

With the article and the suite's fictional film loaded: the overview's
header, ratings strip and awards line are in the first screen at 1366×768 and
within two screens at 375×812; no page (every page of each film, every list,
and one page of every other page type) scrolls sideways at 375 px, and axe
finds no violation at all on any of them; the
chart's labels stay readable and the nominations table shows its Result
column on a phone. Screenshots of the overview, a section page and the
timeline go to test-artifacts/overview/ (gitignored).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from films.models import Film
from films.pages.sections import section_urls
from tests import knowledge_base

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "overview"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 375, "height": 812}
FIRST_SCREEN = [".film-header", ".ratings", ".awards-summary"]

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
def films(transactional_db, live_server):
    knowledge_base.load()
    return live_server.url, list(Film.objects.order_by("slug"))


def _tab(browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return context, page, errors


def _bottom(page, selector):
    return page.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return r.bottom + window.scrollY; }",
        selector,
    )


LIST_PAGES = [
    "/",
    "/films/",
    "/people/",
    "/organizations/",
    "/sources/",
    "/reviews/",
    "/awards/",
    "/awards/nominations/",
    "/awards/categories/",
    "/awards/ceremonies/",
    "/genres/",
    "/lists/",
    "/timeline/",
    "/search/?q=spike",
]


def _touched_paths(films):
    """Every page of every film, every list, and one page of every other page type."""
    paths = list(LIST_PAGES)
    for film in films:
        paths += [film.get_absolute_url(), *section_urls(film.slug).values()]
        paths.append(f"/awards/nominations/{film.slug}/")
        paths.append(reverse("films:film_disagreements", kwargs={"slug": film.slug}))
    for model in apps.get_models():
        if model is Film or not hasattr(model, "get_absolute_url"):
            continue
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            paths.append(first.get_absolute_url())
    return list(dict.fromkeys(paths))


def test_header_ratings_and_awards_line_come_first_on_desktop_and_phone(browser, films):
    base, film_list = films
    for viewport, screens in [(DESKTOP, 1), (PHONE, 2)]:
        context, page, errors = _tab(browser, viewport)
        try:
            for film in film_list:
                page.goto(base + film.get_absolute_url())
                for selector in FIRST_SCREEN:
                    bottom = _bottom(page, selector)
                    assert bottom <= screens * viewport["height"], (film.slug, viewport, selector)
            assert errors == []  # no console error, a missing favicon included
        finally:
            context.close()


def test_no_page_scrolls_sideways_on_a_phone_and_axe_finds_no_violation(browser, films):
    base, film_list = films
    context, page, _ = _tab(browser, PHONE)
    try:
        problems = {}
        for path in _touched_paths(film_list):
            page.goto(base + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (path, width)
            page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
            violations = page.evaluate(
                """async () => (await axe.run(document, {resultTypes: ['violations']}))
                    .violations.map(v => v.id + ': ' + v.nodes.slice(0, 2)
                    .map(n => n.target.join(' ')).join(', '))"""
            )
            if violations:
                problems[path] = violations
        assert problems == {}
    finally:
        context.close()


def test_chart_labels_stay_readable_and_results_are_not_clipped_on_a_phone(browser, films):
    base, film_list = films
    context, page, _ = _tab(browser, PHONE)
    try:
        for film in film_list:
            page.goto(base + section_urls(film.slug)["release"])
            sizes = page.evaluate(
                "[...document.querySelectorAll('.chart text')]"
                ".map(t => t.getBoundingClientRect().height)"
            )
            assert all(size >= 11 for size in sizes), (film.slug, sizes)
            page.goto(base + section_urls(film.slug)["awards"])
            clipped = page.evaluate(
                """[...document.querySelectorAll('a.result')].filter(a => {
                    const cell = a.closest('td').getBoundingClientRect();
                    const table = a.closest('table').getBoundingClientRect();
                    return cell.right > table.right + 1 || a.scrollWidth > a.clientWidth + 1;
                }).map(a => a.textContent)"""
            )
            assert clipped == [], film.slug
    finally:
        context.close()


def test_screenshots_of_the_overview_a_section_page_and_the_timeline(browser, films):
    base, film_list = films
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    film = film_list[0]
    pages = {
        "overview": film.get_absolute_url(),
        "section-reception": section_urls(film.slug)["reception"],
        "timeline": "/timeline/",
    }
    for viewport in (DESKTOP, PHONE):
        context, page, _ = _tab(browser, viewport)
        try:
            for name, path in pages.items():
                page.goto(base + path)
                target = ARTIFACTS / f"{name}-{viewport['width']}.png"
                page.screenshot(path=target, full_page=name != "overview")
                assert target.stat().st_size > 0
        finally:
            context.close()
