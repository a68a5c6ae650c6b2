"""schema.org JSON-LD and Open Graph on the film, person and organization pages."""

import json
import re
from html import unescape

import pytest

from films.models import Film
from tests.site_data import build_site

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def site(db):
    return build_site()


def _jsonld(client, url):
    html = client.get(url).content.decode()
    blocks = JSONLD.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0]), html


def test_film_page_describes_a_schema_org_movie(client, site):
    Film.objects.filter(slug="her").update(runtime_minutes=126)
    data, html = _jsonld(client, "/films/her/")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Movie"
    assert data["name"] == "Her"
    assert data["url"] == "http://testserver/films/her/"
    assert data["director"] == [
        {"@type": "Person", "name": "Ada Director", "url": "http://testserver/people/ada-director/"}
    ]
    roles = {r["characterName"]: r for r in data["actor"]}
    assert roles["Samantha"]["@type"] == "PerformanceRole"
    assert roles["Samantha"]["actor"]["name"] == "Scarlett Johansson"
    assert "Cora Early" not in json.dumps(data["actor"])  # replaced, not in the film
    assert data["datePublished"] == "2013-10-12"
    assert data["duration"] == "PT2H6M"
    assert data["aggregateRating"]["@type"] == "AggregateRating"
    assert data["aggregateRating"]["ratingValue"] == "91"
    assert {r["@type"] for r in data["review"]} == {"Review"}
    assert data["review"][0]["author"]["name"] == "Dana Critic"
    assert data["award"] == ["1st Screen Awards: Best Screenplay"]
    assert data["productionCompany"][0]["name"] == "Lantern Films"
    assert data["musicBy"][0]["name"] == "Paper Lanterns"
    assert {c["@type"] for c in data["citation"]} == {"CreativeWork"}
    # the sources the page itself cites: its reference list, in its order
    listed = re.findall(r'<li id="cite-\d+"[^>]*>\s*<a href="[^"]+">([^<]+)</a>', html)
    assert len(listed) == 3
    assert [c["name"] for c in data["citation"]] == [unescape(title) for title in listed]


def test_duration_is_omitted_when_no_source_states_the_running_time(client, site):
    data, _ = _jsonld(client, "/films/her/")
    assert "duration" not in data


def test_film_page_has_open_graph_video_movie_tags_and_a_canonical_link(client, site):
    _, html = _jsonld(client, "/films/her/")
    assert '<meta property="og:type" content="video.movie">' in html
    assert '<meta property="og:title" content="Her (2013)">' in html
    assert '<meta property="og:url" content="http://testserver/films/her/">' in html
    assert 'property="video:director" content="http://testserver/people/ada-director/"' in html
    assert 'property="video:release_date" content="2013-10-12"' in html
    assert '<link rel="canonical" href="http://testserver/films/her/">' in html


def test_person_and_organization_pages_describe_themselves(client, site):
    person, _ = _jsonld(client, "/people/scarlett-johansson/")
    assert person["@type"] == "Person"
    assert person["alternateName"] == ["S. Johansson"]
    organization, _ = _jsonld(client, "/organizations/daily-reel/")
    assert organization["@type"] == "Organization"
    assert organization["parentOrganization"]["name"] == "Reel Media Group"


def test_script_endings_in_data_cannot_break_out_of_json_ld(client, site):
    Film.objects.filter(slug="her").update(name="</script><script>alert(1)</script>")
    data, html = _jsonld(client, "/films/her/")
    assert data["name"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html
