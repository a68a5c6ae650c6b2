"""The two-film invalidation check of ``make bench`` (issue 10, point 4).

Against the database in DATABASE_URL (the bench database: the article and the
synthetic archive), with the page cache on and in process (Django's test client):

1. every page below is rendered and stored, then read again (each a hit);
2. a fact of film A (one of its releases) is edited: A's pages, the lists and home
   must be misses, film B's pages and a person shown only with film B hits;
3. the edit is undone (itself an edit), and ``reload_fixtures`` is run with nothing
   changed: the knowledge-base version must not move, and every page stays a hit.

Prints a markdown report; exits non-zero if any expectation fails.

    .venv/bin/python bench/invalidation.py [--film-a SLUG] [--film-b SLUG]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmkb.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from filmkb.versioning import current_state  # noqa: E402
from films.models import Film, Release  # noqa: E402
from films.pages.sections import section_urls  # noqa: E402
from films.sync import reload_fixtures  # noqa: E402
from people.models import Person  # noqa: E402


def pages_of(film_a, film_b):
    """(label, URL, expected after an edit to film A) for every page checked."""
    only_b = (
        Person.objects.filter(credits__film=film_b).exclude(credits__film=film_a).order_by("pk")
    ).first()
    pages = [
        ("film A overview", film_a.get_absolute_url(), "miss"),
        ("film A release section", section_urls(film_a.slug)["release"], "miss"),
        ("film B overview", film_b.get_absolute_url(), "hit"),
        ("film B cast section", section_urls(film_b.slug)["cast"], "hit"),
        ("film list", "/films/", "miss"),
        ("home", "/", "miss"),
    ]
    if only_b is not None:
        pages.insert(4, ("a person credited on film B only", only_b.get_absolute_url(), "hit"))
    return pages


def statuses(client, pages):
    found = []
    for _label, url, _expected in pages:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        found.append(response.get("X-Page-Cache", "?"))
    return found


def run(slug_a, slug_b):
    film_a = Film.objects.get(slug=slug_a)
    film_b = (
        Film.objects.get(slug=slug_b)
        if slug_b
        else Film.objects.exclude(pk=film_a.pk).order_by("pk").first()
    )
    release = Release.objects.filter(film=film_a).order_by("pk").first()
    if film_b is None or release is None:
        raise SystemExit("needs two films, the first with a release")
    pages = pages_of(film_a, film_b)
    client = Client()
    cache.clear()
    statuses(client, pages)  # render and store
    warm = statuses(client, pages)

    note = release.note
    release.note = f"{note} (edited by bench/invalidation.py)".strip()
    release.save()
    after_edit = statuses(client, pages)
    release.note = note  # undo: an edit too
    release.save()
    statuses(client, pages)  # store again

    version = current_state()[0]
    started = time.perf_counter()
    # force: the edit and its undo above count as a curator's edits of that release
    reload_fixtures(force=True)
    reload_seconds = time.perf_counter() - started
    after_reload = statuses(client, pages)
    moved = current_state()[0] != version

    failures = []
    lines = [
        "| page | URL | stored, read again | after an edit to film A (expected) |"
        " after a reload that changed nothing |",
        "|---|---|---|---|---|",
    ]
    for (label, url, expected), a, b, c in zip(pages, warm, after_edit, after_reload, strict=True):
        mark = "" if b == expected else " ⚠"
        if b != expected:
            failures.append(f"{label}: {b} after the edit, expected {expected}")
        if a != "hit" or c != "hit":
            failures.append(f"{label}: {a} when read again, {c} after the no-op reload")
        lines.append(f"| {label} | `{url}` | {a} | {b} ({expected}){mark} | {c} |")
    if moved:
        failures.append("the no-op reload moved the knowledge-base version")
    report = [
        f"Film A: `{film_a.slug}`, film B: `{film_b.slug}`; the edit: one release's note "
        "(saved through the ORM, as the admin saves).",
        "",
        *lines,
        "",
        f"Knowledge-base version after the no-op reload: "
        f"{'moved ⚠' if moved else 'unchanged'} (reload took {reload_seconds:.1f} s).",
        "",
        "All as expected." if not failures else "Failed: " + "; ".join(failures) + ".",
    ]
    return "\n".join(report) + "\n", failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--film-a", default="her-2013")
    parser.add_argument("--film-b", default="")
    args = parser.parse_args()
    with override_settings(PAGE_CACHE=True, DEBUG=False, ALLOWED_HOSTS=["*"]):
        report, failures = run(args.film_a, args.film_b)
    sys.stdout.write(report)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
