"""The knowledge base with two films: the article's and the suite's fictional one.

Both are loaded once for the module (``tests/knowledge_base.py``) in a
transaction rolled back afterwards. Pages, crawl, JSON-LD, search and
disagreements are checked for every film, not for "the" film.
"""

import json
import re

import pytest
from django.db import connection, transaction

from awards.models import Ceremony
from films import sync
from films.models import Disagreement, Film, SiteState
from films.pages import facts
from films.pages.sections import SECTIONS, film_page, section_urls
from people.models import Person
from tests import knowledge_base as kb

pytestmark = pytest.mark.django_db
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(scope="module", autouse=True)
def both_films(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        name = str(connection.settings_dict["NAME"])
        assert "test" in name or "memory" in name, f"refusing to load fixtures into {name}"
        yield kb.load()
        transaction.set_rollback(True)


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, response.content.decode()


def test_both_films_are_loaded_and_share_people_and_a_ceremony():
    assert set(Film.objects.values_list("slug", flat=True)) == {kb.ARTICLE_FILM, kb.TEST_FILM}
    jonze = Person.objects.get(slug="spike-jonze")
    assert set(jonze.credits.values_list("film__slug", flat=True)) == {
        kb.ARTICLE_FILM,
        kb.TEST_FILM,
    }
    academy = Ceremony.objects.get(slug="86th-academy-awards")
    assert set(academy.nominations.values_list("film__slug", flat=True)) == {
        kb.ARTICLE_FILM,
        kb.TEST_FILM,
    }
    assert "test data" in Film.objects.get(slug=kb.TEST_FILM).tagline


def test_every_film_page_shows_every_fact_with_its_citations(client):
    for film in Film.objects.all():
        sections = [section for section in SECTIONS if section != "references"]
        pages = [film_page(film.slug, section) for section in sections]
        unshown = [
            f"{model.__name__} {fact.key}"
            for model in facts.fact_models()
            for fact in model._default_manager.filter(film=film)
            if not any(page.citations.is_registered(fact) for page in pages)
        ]
        assert unshown == [], film.slug
        total = 0
        for url in _film_urls(film):
            response, text = html(client, url)
            shown = len(response.context["citations"]._markers)
            assert text.count('class="cite"') >= shown, url
            total += shown
        assert total > 0, film.slug


def _film_urls(film):
    """The overview and the section pages that show facts (the references page lists
    the sources of them all)."""
    sections = section_urls(film.slug)
    del sections["references"]
    return {film.get_absolute_url(), *sections.values()}


def _pages_showing(member):
    """Pages that may show a fact: its film's, its own, and those of what it names."""
    urls = _film_urls(member.film)
    if hasattr(member, "get_absolute_url"):
        urls.add(member.get_absolute_url())
    for field in member._meta.concrete_fields:
        if field.is_relation and field.name not in {"disagreement", "verified_by"}:
            target = getattr(member, field.name)
            if target is not None and hasattr(target, "get_absolute_url"):
                urls.add(target.get_absolute_url())
    for field in member._meta.many_to_many:
        for target in getattr(member, field.name).all():
            if hasattr(target, "get_absolute_url"):
                urls.add(target.get_absolute_url())
    return urls


def test_every_disagreement_is_linked_wherever_one_of_its_facts_is_shown(client):
    # Many members share pages (their film's above all) and the data does not change
    # here, so each page is fetched once and checked for every member it may show.
    pages = {}
    checked = 0
    for disagreement in Disagreement.objects.select_related("film"):
        members = facts.disagreement_members(disagreement)
        assert len(members) >= 2, disagreement
        link = f'href="{disagreement.get_absolute_url()}"'
        on_film_pages = set()
        for member in members:
            for url in _pages_showing(member):
                if url not in pages:
                    pages[url] = html(client, url)
                response, text = pages[url]
                index = response.context.get("citations") if response.context else None
                if index is None or not index.is_registered(member):
                    continue
                assert link in text, f"{url} shows {member!r} but does not link {disagreement}"
                checked += 1
                if url in _film_urls(member.film):
                    on_film_pages.add(member.pk)
        assert len(on_film_pages) == len(members), (
            f"{disagreement}: a member is missing on its film"
        )
    assert checked >= 2 * Disagreement.objects.count()
    assert Disagreement.objects.filter(film__slug=kb.TEST_FILM, key="distributor").exists()


def test_the_two_distributors_are_shown_as_a_disagreement_on_the_film_page(client):
    _, text = html(client, f"/films/{kb.TEST_FILM}/cast/")
    glance = text[text.index('id="summary"') : text.index('id="cast"')]
    assert "Gullwing Releasing" in glance and "Tidewater Pictures" in glance
    assert glance.count(f"/films/{kb.TEST_FILM}/disagreements/distributor/") >= 2


def test_honest_unknowns_are_shown_as_such(client):
    _, text = html(client, f"/films/{kb.TEST_FILM}/cast/")
    glance = text[text.index('id="summary"') : text.index('id="cast"')]
    dates = glance[glance.index("Release dates") : glance.index("Running time")]
    assert "Theatrical release (limited or wide not stated)" in dates
    assert "November 1999" in dates
    box_office = glance[glance.index("<dt>Box office</dt>") :]
    assert "$1.25 million" in box_office
    _, text = html(client, f"/films/{kb.TEST_FILM}/release/")
    assert "without saying where it was earned" in text  # the figure's note
    _, ceremony = html(client, "/awards/ceremonies/coastal-critics-circle-awards-2000/")
    assert "The Salt Cartographer" in ceremony


def test_every_film_page_describes_its_film_in_json_ld(client):
    for film in Film.objects.all():
        _, text = html(client, film.get_absolute_url())
        (block,) = JSONLD.findall(text)
        data = json.loads(block)
        assert (data["@type"], data["name"]) == ("Movie", film.name)
        assert data["url"] == f"http://testserver{film.get_absolute_url()}"
        assert data["citation"], film.slug
    _, text = html(client, f"/films/{kb.TEST_FILM}/")
    data = json.loads(JSONLD.findall(text)[0])
    assert data["director"][0]["name"] == "Odile Varga"
    assert data["datePublished"] == "1999-11"


def test_search_finds_each_film_and_a_shared_person_lists_both(client):
    for film in Film.objects.all():
        response, _ = html(client, f"/search/?q={film.name}")
        assert film.get_absolute_url() in response.content.decode(), film.slug
    _, person = html(client, "/people/spike-jonze/")
    assert f"/films/{kb.TEST_FILM}/" in person
    assert f"/films/{kb.ARTICLE_FILM}/" in person


def test_a_shared_ceremony_page_lists_both_films(client):
    _, text = html(client, "/awards/ceremonies/86th-academy-awards/")
    assert f"/films/{kb.TEST_FILM}/" in text
    assert f"/films/{kb.ARTICLE_FILM}/" in text


def test_a_second_reload_of_both_films_changes_nothing_not_even_the_version(tmp_path):
    version = SiteState.objects.get().version
    again = kb.load()
    assert not again.changed
    assert SiteState.objects.get().version == version == again.version
    sync.export_fixtures(tmp_path)
    for film, root in [(kb.ARTICLE_FILM, kb.ARTICLE_DIR), (kb.TEST_FILM, kb.TEST_FILM_DIR)]:
        for path in sorted((root / "films" / film).iterdir()):
            exported = tmp_path / "films" / film / path.name
            assert exported.read_bytes() == path.read_bytes(), path
    assert sorted(p.name for p in (tmp_path / "films").iterdir()) == sorted(
        [kb.ARTICLE_FILM, kb.TEST_FILM]
    )
