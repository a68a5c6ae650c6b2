"""Curated text is shown, never run: hostile names, quotations, summaries and URLs stay inert.

Data can arrive without passing a form's validation (a fixture file, a bulk
load), so the rows here are written straight to the database: markup in
every kind of text field, ``javascript:`` URLs in a source and an external
link, and ``</script>`` inside values that end up in the JSON-LD. Each page
that shows them is read as a browser would (``tests.html_audit``): no script
but JSON-LD, no event handler, no scriptable URL, the hostile text present
as text, and every JSON-LD block parses and holds the text unchanged. A
browser test then loads the pages in Chromium and checks that no dialog
opens and the page is whole.
"""

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from films.models import Credit, ExternalLink, Source
from people.models import Person
from tests.builders import (
    cite,
    make_character,
    make_credit,
    make_film,
    make_person,
    make_quote,
    make_review,
    make_source,
)
from tests.html_audit import audit_html, jsonld_documents

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
CLOSE_SCRIPT = '</script><script>alert("jsonld")</script>'
COMMENT = "<!--<script>"
JS_URLS = [
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]


def build_hostile_site():
    film = make_film(
        name=f"Her {CLOSE_SCRIPT}",
        slug="hostile-her",
        synopsis=f"A plot {SCRIPT} {ATTRIBUTE} {COMMENT}",
        tagline=f"Tagline {CLOSE_SCRIPT}",
    )
    person = make_person(name=f"Ann {ATTRIBUTE}", slug="hostile-ann", description=f"Bio {SCRIPT}")
    character = make_character(film=film, name=f"Samantha {CLOSE_SCRIPT}", slug="samantha")
    credit = make_credit(film=film, person=person, character=character)
    sources = [
        make_source(title=f"Source {SCRIPT} {n}", url=url, archive_url=url)
        for n, url in enumerate(JS_URLS)
    ]
    cite(credit, *sources)
    links = [
        ExternalLink.objects.create(
            film=film, key=f"link-{n}", site=ExternalLink.Site.OTHER, url=url, identifier=ATTRIBUTE
        )
        for n, url in enumerate(JS_URLS)
    ]
    for link in links:
        cite(link, sources[0])
    review = make_review(film=film, critic=person, summary=f"Summary {CLOSE_SCRIPT} {ATTRIBUTE}")
    make_quote(review, text=f"Quoted {SCRIPT}")
    cite(review, sources[1])
    return film, person, character, sources, review


@pytest.fixture
def hostile(db):
    return build_hostile_site()


def hostile_pages(film, person, character, sources, review):
    return [
        film.get_absolute_url(),
        person.get_absolute_url(),
        character.get_absolute_url(),
        review.get_absolute_url(),
        *[source.get_absolute_url() for source in sources],
        reverse("films:film_list"),
        reverse("people:person_list"),
        reverse("films:source_list"),
        reverse("films:review_list"),
        reverse("films:search") + "?q=Ann",
        reverse("films:search") + "?q=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        reverse("films:timeline"),
        "/",
    ]


def visible_text(html):
    chunks = []

    class Text(HTMLParser):
        def handle_data(self, data):
            chunks.append(data)

    Text(convert_charrefs=True).feed(html)
    return "".join(chunks)


def test_the_hostile_rows_really_are_in_the_database(hostile):
    film, person, *_ = hostile
    assert film.name.endswith(CLOSE_SCRIPT)
    assert Person.objects.get(slug="hostile-ann").name == f"Ann {ATTRIBUTE}"
    assert Source.objects.filter(url__in=JS_URLS).count() == len(JS_URLS)
    assert ExternalLink.objects.filter(url__in=JS_URLS).count() == len(JS_URLS)
    assert Credit.objects.filter(person=person).exists()


def test_no_page_showing_hostile_text_contains_anything_that_could_run(client, hostile):
    for url in hostile_pages(*hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        audit = audit_html(response.content.decode())
        assert audit.problems == {}, url
        assert audit.external_scripts == [], url
        tags = {tag for tag, _ in audit.elements}
        assert "img" not in tags, url
        assert "iframe" not in tags, url
        assert "object" not in tags, url


def test_the_hostile_text_is_shown_literally(client, hostile):
    film, person, _character, _sources, review = hostile
    film_text = visible_text(client.get(film.get_absolute_url()).content.decode())
    assert film.name in film_text
    assert f"A plot {SCRIPT} {ATTRIBUTE} {COMMENT}" in film_text
    assert person.name in film_text

    person_text = visible_text(client.get(person.get_absolute_url()).content.decode())
    assert person.name in person_text
    assert f"Bio {SCRIPT}" in person_text

    review_text = visible_text(client.get(review.get_absolute_url()).content.decode())
    assert f"Quoted {SCRIPT}" in review_text
    assert review.summary in review_text


def test_javascript_urls_are_never_links(client, hostile):
    film, _, _, sources, _ = hostile
    for url in [film.get_absolute_url(), *[s.get_absolute_url() for s in sources]]:
        audit = audit_html(client.get(url).content.decode())
        hrefs = [attrs.get("href", "") for tag, attrs in audit.elements if tag == "a"]
        assert hrefs, url
        for href in hrefs:
            compact = "".join(ch for ch in href if ch > " ").lower()
            assert not compact.startswith(("javascript:", "data:", "vbscript:")), (url, href)


def test_the_json_ld_parses_and_holds_the_hostile_text_unchanged(client, hostile):
    film, person, character, _sources, _review = hostile
    film_html = client.get(film.get_absolute_url()).content.decode()
    audit = audit_html(film_html)
    (movie,) = [d for d in jsonld_documents(audit) if d.get("@type") == "Movie"]
    assert movie["name"] == film.name
    assert movie["description"] == film.tagline
    actors = movie["actor"]
    assert any(a["actor"]["name"] == person.name for a in actors if "actor" in a) or any(
        person.name in str(a) for a in actors
    )
    assert character.name in str(movie)
    # The raw block never holds a literal closing tag or comment opener.
    for block in audit.jsonld:
        assert "</script" not in block.lower()
        assert "<!--" not in block
    # Citations keep only http(s) addresses.
    for citation in movie.get("citation", []):
        assert (
            not citation.get("url", "https://").strip().lower().startswith(("javascript", "data"))
        )

    person_audit = audit_html(client.get(person.get_absolute_url()).content.decode())
    documents = jsonld_documents(person_audit)
    assert any(d.get("name") == person.name for d in documents)


# --------------------------------------------------------------------------- in a browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.mark.browser
@pytest.mark.skipif(
    not (Path(CHROMIUM).exists() or shutil.which("chromium")),
    reason=f"no Chromium at {CHROMIUM}; install Debian's chromium package to run browser tests",
)
def test_in_chromium_no_dialog_opens_and_no_policy_is_violated(
    transactional_db, live_server, monkeypatch
):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    urls = hostile_pages(*build_hostile_site())
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop
    dialogs, violations, errors = [], [], []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on(
                "console",
                lambda m: (
                    violations.append(m.text) if "Content Security Policy" in m.text else None
                ),
            )
            for url in urls:
                response = page.goto(live_server.url + url)
                assert response.status == 200, url
                assert page.locator("h1").count() == 1, url
                assert page.locator("footer").count() == 1, url  # the page was not cut short
                # No executable script element was injected into the document.
                page.evaluate(
                    "() => window.__filmkb_probe = document.querySelectorAll('script:not([type])')"
                    ".length"
                )
                assert page.evaluate("() => window.__filmkb_probe") == 0, url
        finally:
            browser.close()
    assert dialogs == []
    assert errors == []
    assert violations == []
