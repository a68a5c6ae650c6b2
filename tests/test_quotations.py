"""Quotations render verbatim, marked as quotations, attributed and cited, on the
pages where they belong; the film's descriptions are shown and searchable."""

import html
import re

import pytest

from films.models import FilmMusic, MusicWork
from films.pages.sections import section_urls
from films.search import search
from tests import builders as b

pytestmark = pytest.mark.django_db

WORDS = "For the first, maybe, 20 seconds of it, it had this real <buzz> & 'trippy' [...] feel."


@pytest.fixture
def quoted():
    film = b.make_film(name="Glass", slug="glass", year=2031)
    speaker = b.make_person(name="Ada Maker", slug="ada-maker")
    source = b.make_source(key="interview", title="The interview")
    event = b.cite(b.make_event(film, key="idea", title="The idea"), source)
    quotation = b.cite(
        b.make_quotation(
            film,
            speaker,
            key="buzz",
            text=WORDS,
            about="Her first chat with a program",
            production_event=event,
        ),
        source,
        locator="development:1",
    )
    return film, speaker, event, quotation


def _block(page, anchor):
    """The element with id=anchor, up to its closing tag."""
    match = re.search(rf'<(figure|p) class="quotation" id="{anchor}">(.*?)</\1>', page, re.S)
    assert match, f"no quotation {anchor} on the page"
    return match.group(2)


@pytest.mark.parametrize("where", ["film", "event", "speaker"])
def test_a_quotation_renders_verbatim_in_a_blockquote_with_its_speaker_and_citation(
    client, quoted, where
):
    film, speaker, event, _quotation = quoted
    url = {
        "film": section_urls(film.slug)["production"],
        "event": event.get_absolute_url(),
        "speaker": speaker.get_absolute_url(),
    }[where]
    page = client.get(url).content.decode()
    block = _block(page, "quotation-buzz")
    quoted_text = re.search(r"<blockquote><p>(.*?)</p></blockquote>", block, re.S).group(1)
    assert html.unescape(quoted_text) == WORDS  # verbatim, and escaped in the HTML
    assert "<buzz>" not in quoted_text
    caption = re.search(r"<figcaption>(.*?)</figcaption>", block, re.S).group(1)
    assert f'<a href="{speaker.get_absolute_url()}">Ada Maker</a>' in caption
    assert re.search(r'<sup class="cite"><a href="#cite-\d+"[^>]*title="development:1"', caption)
    number = re.search(r'href="#cite-(\d+)"', caption).group(1)
    assert re.search(rf'<li id="cite-{number}"[^>]*>\s*<a href="/sources/interview/">', page)


def test_a_quotation_of_a_few_words_is_an_inline_q_with_its_speaker(client):
    film = b.make_film(slug="short-words")
    critic = b.make_person(name="Cy Critic", slug="cy-critic")
    review = b.cite(b.make_review(film, critic=critic, key="cy"))
    b.cite(b.make_quotation(film, critic, key="fearsome", text="fearsome", review=review))
    for url in (section_urls(film.slug)["reception"], review.get_absolute_url()):
        block = _block(client.get(url).content.decode(), "quotation-fearsome")
        assert "<q>fearsome</q>" in block
        assert ">Cy Critic</a>" in block
        assert 'class="cite"' in block


def test_an_organization_s_quotation_shows_with_the_score_and_on_its_page(client):
    film = b.make_film(slug="scored")
    site = b.make_organization(name="Tomato Site", slug="tomato-site")
    score = b.cite(b.make_score(film, aggregator=site, key="approval"))
    b.cite(
        b.make_quotation(
            film,
            site,
            key="consensus",
            text="Warm, odd and wise about how people love now.",
            aggregate_score=score,
        )
    )
    for url in (section_urls(film.slug)["reception"], site.get_absolute_url()):
        block = _block(client.get(url).content.decode(), "quotation-consensus")
        assert (
            "<blockquote><p>Warm, odd and wise about how people love now.</p></blockquote>" in block
        )
        assert ">Tomato Site</a>" in block


def test_a_music_entry_shows_its_lyric_on_the_film_and_music_pages(client):
    film = b.make_film(slug="sung")
    band = b.make_organization(name="The Band", slug="the-band")
    work = MusicWork.objects.create(name="Sad tune", slug="sad-tune", kind=MusicWork.Kind.FRAGMENT)
    use = b.cite(
        FilmMusic.objects.create(film=film, work=work, usage=FilmMusic.Usage.FRAGMENT, key="sad")
    )
    b.cite(
        b.make_quotation(
            film, band, key="lyric", text="When it rains it is not easy, la la", film_music=use
        )
    )
    for url in (section_urls(film.slug)["music"], work.get_absolute_url()):
        block = _block(client.get(url).content.decode(), "quotation-lyric")
        assert "<blockquote><p>When it rains it is not easy, la la</p></blockquote>" in block


def test_the_film_page_shows_its_descriptions_with_citations_and_search_finds_them(client):
    film = b.make_film(name="Glass", slug="glass-2031", year=2031)
    b.cite(
        b.make_description(
            film,
            key="genre-line",
            label="Science-fiction romantic drama",
            text="A love story set slightly ahead.",
        ),
        locator="lead:1",
    )
    page = client.get(section_urls(film.slug)["about"]).content.decode()
    assert '<dt id="filmdescription-genre-line">Science-fiction romantic drama</dt>' in page
    dd = re.search(r'id="filmdescription-genre-line">.*?<dd>(.*?)</dd>', page, re.S).group(1)
    assert dd.startswith("A love story set slightly ahead.")
    assert 'title="lead:1"' in dd
    results = search("romantic drama")
    assert [str(i) for g in results.groups if g.kind == "films" for i in g.items] == [str(film)]
