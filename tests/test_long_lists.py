"""Lists on an entity's page that grow with the knowledge base show their first rows
(a ceremony's or a category's nominations and a publication's sources and reviews: a
list page's worth, ``PER_PAGE``; the films of a genre, a language or a country:
``LONG_LIST``) and link to the filtered list page holding them all; a list within the
limit shows every row and no link."""

import re

import pytest

from filmkb.listing import PER_PAGE
from films.models import Film, Genre, Language, Territory
from films.pages.linked import LONG_LIST
from tests.builders import (
    cite,
    make_category,
    make_ceremony,
    make_film,
    make_nomination,
    make_organization,
    make_review,
    make_source,
)

pytestmark = pytest.mark.django_db


def _films(count):
    return [make_film(name=f"Film {n:04d}", slug=f"long-film-{n:04d}") for n in range(count)]


def _shown(html, pattern):
    return len(re.findall(pattern, html))


@pytest.mark.parametrize("count", [PER_PAGE, PER_PAGE + 1])
def test_a_ceremony_and_a_category_show_a_bounded_list_and_link_to_the_whole(client, count):
    ceremony = make_ceremony(name="Big Awards", slug="big-awards")
    category = make_category(ceremony.body, name="Best Film", slug="best-film")
    for film in _films(count):
        cite(make_nomination(film, ceremony, category))
    for url, link in [
        ("/awards/ceremonies/big-awards/", "/awards/nominations/?ceremony=big-awards"),
        ("/awards/categories/best-film/", "/awards/nominations/?category=best-film"),
    ]:
        html = client.get(url).content.decode()
        assert _shown(html, r'href="/films/long-film-\d+/"') == min(count, PER_PAGE)
        assert (f'href="{link}"' in html) == (count > PER_PAGE)
        if count > PER_PAGE:  # the list it links to holds every one of them
            assert client.get(link).context["listing"].paginator.count == count


@pytest.mark.parametrize(
    ("model", "relation", "path", "parameter"),
    [
        (Genre, "genres", "genres", "genre"),
        (Language, "languages", "languages", "language"),
        (Territory, "countries", "territories", "country"),
    ],
)
def test_the_films_of_a_genre_language_or_country_are_bounded_with_a_link(
    client, model, relation, path, parameter
):
    place = model.objects.create(name="Somewhere", slug="somewhere")
    through = model.films.through
    through.objects.bulk_create(
        through(**{f"{model._meta.model_name}_id": place.pk, "film_id": film.pk})
        for film in _films(LONG_LIST + 1)
    )
    html = client.get(f"/{path}/somewhere/").content.decode()
    assert _shown(html, r'href="/films/long-film-\d+/"') == LONG_LIST
    link = f"/films/?{parameter}=somewhere"
    assert f'href="{link}"' in html
    assert client.get(link).context["listing"].paginator.count == LONG_LIST + 1
    assert Film.objects.filter(**{relation: place}).count() == LONG_LIST + 1


def test_a_publication_shows_its_first_sources_and_reviews_and_links_to_them_all(client):
    paper = make_organization(name="The Long Paper", slug="long-paper")
    film = make_film()
    for n in range(PER_PAGE + 1):
        make_source(publication=paper, key=f"long-source-{n:03d}")
        make_review(film, publication=paper, key=f"long-review-{n:03d}")
    html = client.get("/organizations/long-paper/").content.decode()
    assert _shown(html, r'href="/sources/long-source-\d+/"') == PER_PAGE
    assert _shown(html, r'href="/films/[\w-]+/reviews/long-review-\d+/"') == PER_PAGE
    for link in ["/sources/?publication=long-paper", "/reviews/?publication=long-paper"]:
        assert f'href="{link}"' in html
        assert client.get(link).context["listing"].paginator.count == PER_PAGE + 1
