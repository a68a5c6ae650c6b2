"""References that can be followed: the recorded address, or a labelled web search
built from the title and publication, never an invented address."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from films.models import ExternalLink, Source
from tests.admin_forms import admin_url
from tests.builders import (
    cite,
    make_credit,
    make_event,
    make_figure,
    make_film,
    make_nomination,
    make_organization,
    make_quotation,
    make_source,
)

pytestmark = pytest.mark.django_db


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _reference(html, title):
    references = html[html.index('id="references"') :]
    start = references.index(title)
    return references[start : references.index("</li>", start)]


def test_a_source_with_an_address_links_to_its_original_only(client):
    film = make_film(slug="addressed")
    cite(make_figure(film), make_source(title="Known place", url="https://example.org/a"))
    reference = _reference(_html(client, "/films/addressed/release/"), "Known place")
    assert 'href="https://example.org/a"' in reference and ">Original</a>" in reference
    assert "duckduckgo" not in reference


def test_a_source_without_an_address_offers_a_labelled_search_by_title_and_publication(client):
    film = make_film(slug="unaddressed")
    paper = make_organization(name="The Daily Reel")
    source = make_source(title="Weekend Report", publication=paper)
    cite(make_figure(film), source)
    reference = _reference(_html(client, "/films/unaddressed/release/"), "Weekend Report")
    assert "Address not recorded:" in reference
    assert ">search the web for it</a>" in reference
    href = reference.split('href="')[-1].split('"')[0].replace("&amp;", "&")
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc) == ("https", "duckduckgo.com")
    assert parse_qs(parts.query)["q"] == ['"Weekend Report" The Daily Reel']
    assert ">Original</a>" not in reference


def test_the_source_page_offers_the_same_search_when_no_address_is_recorded(client):
    source = make_source(key="no-address", title="Lost interview")
    html = _html(client, source.get_absolute_url())
    assert "no address recorded" in html
    assert source.search_url.replace("&", "&amp;") in html
    assert Source.objects.get(pk=source.pk).url == ""  # nothing was invented or stored


def test_external_links_say_when_no_address_is_recorded(client):
    film = make_film(slug="linked")
    cite(ExternalLink.objects.create(film=film, key="imdb", site=ExternalLink.Site.IMDB))
    cite(
        ExternalLink.objects.create(
            film=film, key="site", site=ExternalLink.Site.OFFICIAL, url="https://example.org/"
        )
    )
    html = _html(client, "/films/linked/about/")
    links = html[
        html.index('id="external-links"') : html.index(
            "</section>", html.index('id="external-links"')
        )
    ]
    assert 'IMDb <span class="unknown">(address not recorded)</span>' in links
    assert '<a href="https://example.org/" rel="external noopener">Official website</a>' in links


def test_curators_can_record_addresses_in_the_admin(curator_client):
    source = make_source()
    film = make_film()
    link = ExternalLink.objects.create(film=film, key="imdb", site=ExternalLink.Site.IMDB)
    for url in [admin_url(Source, "change", source.pk), admin_url(ExternalLink, "change", link.pk)]:
        html = curator_client.get(url).content.decode()
        assert 'name="url"' in html, url


def _listed_titles(html):
    references = html[html.index('id="references"') :]
    return re.findall(r'<li id="cite-(\d+)"[^>]*>\s*<a href="[^"]+">([^<]+)</a>', references)


def test_the_references_page_lists_every_source_of_every_section_once_in_section_order(client):
    film = make_film(slug="referenced")
    other = make_film(slug="elsewhere")
    shared = make_source(title="Shared source")
    cite(make_credit(film), make_source(title="Cast source"), shared)
    event = cite(make_event(film), make_source(title="Production source"), shared)
    cite(make_quotation(film, production_event=event), make_source(title="Quotation source"))
    cite(make_figure(film), make_source(title="Box office source"), shared)
    cite(make_nomination(film), make_source(title="Awards source"))
    cite(make_credit(other), make_source(title="Another film's source"))
    html = _html(client, "/films/referenced/references/")
    listed = _listed_titles(html)
    assert [title for _, title in listed] == [
        "Cast source",
        "Shared source",
        "Box office source",  # the cast page's summary box shows the box office
        "Production source",
        "Quotation source",
        "Awards source",
    ]
    assert [int(number) for number, _ in listed] == [1, 2, 3, 4, 5, 6]
