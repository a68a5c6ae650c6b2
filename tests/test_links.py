"""Walk the site from / following every internal link: every one answers 200.

Runs on the representative builder dataset, and on the real fixtures (the
article's knowledge base) when they load.
"""

import re
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.conf import settings

from films.models import Film
from films.pages.sections import section_urls
from tests import knowledge_base
from tests.site_data import build_site

HREF = re.compile(r'href="([^"]*)"')
SKIP_PREFIXES = ("/static/", f"/{settings.ADMIN_URL}")


def crawl(client, start="/", limit=5000):
    """Return {url: status} for every internal page reachable from start."""
    seen = {}
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            target = urljoin(f"http://testserver{url}", href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc != "testserver" or parts.path.startswith(SKIP_PREFIXES):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                queue.append(target)
        assert len(seen) < limit, "the crawl does not end"
    return seen


def unreached_pages(statuses):
    """Objects with a page that no link from / leads to."""

    paths = {url.split("?")[0] for url in statuses}
    return [
        f"{model._meta.label} {obj}"
        for model in apps.get_models()
        if hasattr(model, "get_absolute_url")
        for obj in model._default_manager.all()
        if obj.get_absolute_url() not in paths
    ]


def test_every_link_from_home_answers_200_on_the_builder_dataset(client, db):
    build_site()
    statuses = crawl(client)
    broken = {url: status for url, status in statuses.items() if status != 200}
    assert not broken
    assert unreached_pages(statuses) == []
    # every kind of page was reached
    for fragment in [
        "/films/her/", "/people/", "/organizations/", "/sources/", "/awards/ceremonies/",
        "/awards/categories/", "/awards/nominations/her/", "/characters/", "/production/",
        "/releases/", "/reviews/", "/disagreements/", "/genres/", "/territories/",
        "/languages/", "/locations/", "/themes/", "/works/", "/music/", "/lists/",
        "/timeline/",
    ]:  # fmt: skip
        assert any(fragment in url for url in statuses), fragment


def test_every_link_from_home_answers_200_on_the_article_and_the_test_film(client, db):

    knowledge_base.load()
    statuses = crawl(client)
    broken = {url: status for url, status in statuses.items() if status != 200}
    assert not broken
    assert unreached_pages(statuses) == []
    assert len(statuses) > 300
    # every fact a film's pages show is on its overview or a section page (tests/
    # test_many_films.py), and the crawl reaches each of them
    for film in Film.objects.all():
        for url in [film.get_absolute_url(), *section_urls(film.slug).values()]:
            assert url in statuses, url
    # every path above a page is a page too (/genres/ above /genres/drama/)
    parents = {
        "/" + "/".join(parts[:i]) + "/"
        for url in statuses
        for parts in [urlsplit(url).path.strip("/").split("/")]
        for i in range(1, len(parts))
    }
    # (most were crawled already; the rest are fetched now)
    answered = {p: statuses[p] if p in statuses else client.get(p).status_code for p in parents}
    assert answered == dict.fromkeys(parents, 200)
