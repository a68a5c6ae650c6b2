"""Uncached render cost of every page type, in process (issue 10's budgets).

Renders every page the site has (every sitemap address, each film's section
pages, every list and index page, search and the timeline) with Django's test
client, the page cache off and DEBUG off, against the database in DATABASE_URL
(SQLite by default). Each URL is rendered RENDER_WARMUP (8) times to warm up, then
RENDER_SAMPLES (15) times; its figure is the median. Pages are grouped by URL name; a group's figure
is its slowest URL, shown with that URL and the most queries any URL of the group ran.

Budgets: a film's pages (overview and sections) 40 ms; every other detail page
15 ms; lists (a film's nominations is the nomination list filtered to one film),
search, timeline and home 20 ms; at most 15 queries on any page.

    .venv/bin/python bench/render.py [--markdown FILE] [--json FILE] [--limit N]

--limit caps how many URLs of each group are measured (at scale: the first, the
last and evenly spread ones). Exits non-zero if any budget is missed only with --strict.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmkb.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import resolve  # noqa: E402

from films.models import Film  # noqa: E402
from films.pages.sections import section_urls  # noqa: E402
from films.sitemaps import SITEMAPS  # noqa: E402

SAMPLES = int(os.environ.get("RENDER_SAMPLES", "15"))
# Renders before timing: a running site's kept connection has prepared its statements
# (PostgreSQL prepares a query on its DATABASE_PREPARE_THRESHOLD-th run and settles on a
# generic plan after five more), so the figures are those of a process in service.
WARMUP = int(os.environ.get("RENDER_WARMUP", "8"))
# RENDER_CLOCK=cpu times the process's CPU time instead of the wall clock: steadier
# while other work shares the machine (the published figures use the wall clock).
CLOCK = time.process_time if os.environ.get("RENDER_CLOCK") == "cpu" else time.perf_counter
MAX_QUERIES = 15
FILM_PAGES = {"films:film"} | {f"films:film_{s}" for s in section_urls("x")}
LIST_PAGES = {
    "films:home",
    "films:timeline",
    "films:search",
    # one film's nominations: the nomination list, filtered to the film (facets, pages)
    "awards:film_nominations",
}
SEARCHES = ["/search/?q=Johansson", "/search/?q=love", "/search/?q=zzqxv"]
LIST_QUERIES = [
    "/films/?sort=-name",
    "/reviews/?sentiment=positive",
    "/awards/nominations/?result=won",
    "/people/?department=cast",
]


def budget(name, is_list):
    if name in FILM_PAGES:
        return 40
    if is_list:
        return 20
    return 15


def spread(items, limit):
    if not limit or len(items) <= limit:
        return items
    step = (len(items) - 1) / (limit - 1) if limit > 1 else 0
    return [items[round(i * step)] for i in range(limit)]


def urls(limit):
    """name -> URLs, every page type the site has."""
    found = {}
    for sitemap in SITEMAPS.values():
        instance = sitemap()
        for item in instance.items():
            url = instance.location(item)
            found.setdefault(url, None)
    for slug in Film.objects.order_by("pk").values_list("slug", flat=True):
        for url in section_urls(slug).values():
            found.setdefault(url, None)
        found.setdefault(f"/films/{slug}/disagreements/", None)
        found.setdefault(f"/awards/nominations/{slug}/", None)
    for url in [*SEARCHES, *LIST_QUERIES, "/awards/categories/", "/awards/ceremonies/"]:
        found.setdefault(url, None)
    for pattern in ("genre", "territory", "language", "location", "theme", "work", "music"):
        found.setdefault(f"/{index_path(pattern)}", None)
    groups = {}
    for url in found:
        match = resolve(url.split("?")[0])
        groups.setdefault(match.view_name, []).append(url)
    return {name: spread(group, limit) for name, group in groups.items()}


def index_path(pattern):
    return {
        "genre": "genres/",
        "territory": "territories/",
        "language": "languages/",
        "location": "locations/",
        "theme": "themes/",
        "work": "works/",
        "music": "music/",
    }[pattern]


def measure(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    for _ in range(WARMUP - 1):
        client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)  # read now: the next request clears the log
    times = []
    for _ in range(SAMPLES):
        start = CLOCK()
        client.get(url)
        times.append((CLOCK() - start) * 1000)
    return statistics.median(times), queries, len(response.content)


def run(limit, only=None):
    client = Client()
    rows = []
    pages = {k: v for k, v in urls(limit).items() if not only or only in k}
    with override_settings(PAGE_CACHE=False, DEBUG=False, ALLOWED_HOSTS=["*"]):
        for name, group in sorted(pages.items()):
            measured = [(url, *measure(client, url)) for url in group]
            url, ms, _, size = max(measured, key=lambda m: m[1])
            queries = max(m[2] for m in measured)
            is_list = name in LIST_PAGES or not resolve(group[0].split("?")[0]).captured_kwargs
            rows.append(
                {
                    "page": name,
                    "url": url,
                    "urls": len(measured),
                    "median_ms": round(ms, 1),
                    "queries": queries,
                    "kb": round(size / 1024),
                    "budget_ms": budget(name, is_list),
                }
            )
            sys.stderr.write(f"[render] {name}: {ms:.1f} ms, {queries} queries ({url})\n")
    return rows


def markdown(rows, engine):
    lines = [
        f"| page type ({engine}) | slowest URL | URLs | median ms | budget "
        f"| queries (≤ {MAX_QUERIES}) | KB |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        over = " ⚠" if r["median_ms"] > r["budget_ms"] else ""
        q_over = " ⚠" if r["queries"] > MAX_QUERIES else ""
        lines.append(
            f"| {r['page']} | `{r['url']}` | {r['urls']} | {r['median_ms']}{over} "
            f"| {r['budget_ms']} | {r['queries']}{q_over} | {r['kb']} |"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown")
    parser.add_argument("--json")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--only", help="measure only page types containing this text")
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    rows = run(args.limit, args.only)
    table = markdown(rows, engine)
    print(table)
    if args.markdown:
        Path(args.markdown).write_text(table)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    missed = [r for r in rows if r["median_ms"] > r["budget_ms"] or r["queries"] > MAX_QUERIES]
    if args.strict and missed:
        sys.exit(f"{len(missed)} page types over budget")


if __name__ == "__main__":
    main()
