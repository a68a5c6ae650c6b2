"""Benchmarks for issue 6: throughput ratio, latency at scale, queries per page.

Run by ``bench/run.sh`` (``make bench``) after the database is migrated, the
article loaded and the synthetic archive generated. It

1. counts the queries each measured page runs (Django's test client inside
   this process, page cache off) and compares them with the counts asserted in
   ``tests/test_pages_queries.py``;
2. starts gunicorn as ``make run`` does (``filmkb.wsgi``, 2 sync workers on
   127.0.0.1) once with the page cache on and once with it off, and for each
   * drives ``/healthz`` and the film page with wrk, in the same run on the
     same server, for the throughput ratio;
   * measures p50/p95 of every page from a sequential keep-alive client;
   * with the cache on, runs the issue-7 load mix (64 connections, 30 s);
3. merges the timings run.sh collected (reload and generate) and writes
   ``bench/results.json`` and ``bench/results.md``.

Environment: DATABASE_URL (the bench database), BENCH_PORT, BENCH_WRK_SECONDS,
BENCH_SAMPLES (requests per page for latency), BENCH_LOAD_SECONDS.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / "bench" / "results"


def free_port():
    """A port nobody listens on now (others may run servers on this machine)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT") or free_port())
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "10"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "60"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "30"))
LOAD_CONNECTIONS = 64


def log(message):
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


def django_setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmkb.settings")
    import django

    django.setup()


# --------------------------------------------------------------------------- pages


def pick_pages():
    """The URLs measured: name -> list of URLs (cycled through for latency)."""
    from films.models import Film
    from films.pages.sections import section_urls
    from films.scale import SYNTHETIC_PREFIX
    from people.models import Person

    films = Film.objects.filter(slug__startswith=SYNTHETIC_PREFIX)
    people = Person.objects.filter(slug__startswith=SYNTHETIC_PREFIX)
    n_films, n_people = films.count(), people.count()
    if not n_films:
        raise SystemExit("No synthetic data: run generate_scale_data first.")
    film_slugs = [
        films.order_by("pk").values_list("slug", flat=True)[i * n_films // 20] for i in range(20)
    ]
    person_slugs = [
        people.order_by("pk").values_list("slug", flat=True)[i * n_people // 20] for i in range(20)
    ]
    from awards.models import Nomination
    from filmkb.listing import MAX_COUNT, PER_PAGE
    from films.models import Review
    from films.pages.site import TIMELINE_FILMS

    def deepest(model):
        """The last page a list reaches (lists count at most MAX_COUNT rows)."""
        return max(1, (min(model.objects.count(), MAX_COUNT) + PER_PAGE - 1) // PER_PAGE)

    return {
        "film page": [f"/films/{slug}/" for slug in film_slugs],
        "film page (the article)": ["/films/her-2013/"],
        **{
            f"film {section} page": [section_urls(slug)[section] for slug in film_slugs]
            for section in section_urls("x")
        },
        "a film's nominations": [f"/awards/nominations/{slug}/" for slug in film_slugs],
        **detail_pages(),
        "person page": [f"/people/{slug}/" for slug in person_slugs],
        "person page (Scarlett Johansson)": ["/people/scarlett-johansson/"],
        "home": ["/"],
        "film list": ["/films/"],
        "film list, filtered by genre": ["/films/?genre=synthetic-genre-0000001"],
        "film list, filtered by year, sorted": ["/films/?year=2013&sort=-name"],
        "people list": ["/people/"],
        "people list, cast actors": ["/people/?department=cast&job=actor"],
        "people list, name contains": ["/people/?name=abbott"],
        "organization list": ["/organizations/"],
        "organization list, publications": ["/organizations/?kind=publication"],
        "source list": ["/sources/"],
        "source list, by year": ["/sources/?year=2013"],
        "review list": ["/reviews/"],
        "review list, positive": ["/reviews/?sentiment=positive"],
        "nomination list": ["/awards/nominations/"],
        "nomination list, won": ["/awards/nominations/?result=won"],
        "people list, deep page": [f"/people/?page={deepest(Person)}"],
        "film list, deep page": [f"/films/?page={deepest(Film)}"],
        "review list, deep page": [f"/reviews/?page={deepest(Review)}"],
        "nomination list, deep page": [f"/awards/nominations/?page={deepest(Nomination)}"],
        "timeline": ["/timeline/"],
        "timeline, deep page": [f"/timeline/?page={deepest(Film) * PER_PAGE // TIMELINE_FILMS}"],
        "search, rare name": ["/search/?q=Johansson"],
        "search, common words": ["/search/?q=silent+harbor"],
        "search, synthetic person": ["/search/?q=Ada+Abbott"],
        "search, no match": ["/search/?q=zzqxv"],
    }


# Every other detail page type, measured on objects spread over its table.
DETAIL_MODELS = {
    "character page": ("films", "Character"),
    "production event page": ("films", "ProductionEvent"),
    "release page": ("films", "Release"),
    "review page": ("films", "Review"),
    "nomination page": ("awards", "Nomination"),
    "ceremony page": ("awards", "Ceremony"),
    "award category page": ("awards", "Category"),
    "organization page": ("people", "Organization"),
    "source page": ("films", "Source"),
    "genre page": ("films", "Genre"),
    "territory page": ("films", "Territory"),
    "location page": ("films", "Location"),
    "theme page": ("films", "Theme"),
    "work page": ("films", "Work"),
    "music page": ("films", "MusicWork"),
    "top-ten list page": ("films", "TopTenList"),
}


def detail_pages(per_type=20):
    """name -> up to ``per_type`` URLs of objects spread over each model's table."""
    from django.apps import apps

    pages = {}
    for name, (app, model_name) in DETAIL_MODELS.items():
        model = apps.get_model(app, model_name)
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
        if not ids:
            continue
        picked = sorted({ids[i * len(ids) // per_type] for i in range(per_type)})
        objects = model.objects.in_bulk(picked)
        pages[name] = [objects[pk].get_absolute_url() for pk in picked]
    return pages


def expected_counts():
    """Query counts asserted by tests/test_pages_queries.py, by path (and exact URL)."""
    sys.path.insert(0, str(ROOT))
    from tests import test_pages_queries as t

    exact = {url: len(queries) for url, queries in t.PAGES}
    by_path = {}
    for url, queries in t.PAGES:
        by_path.setdefault(url.split("?")[0], len(queries))
    return exact, by_path, len(t.FILM_PAGE_QUERIES["overview"]), len(t.PERSON_PAGE_QUERIES)


def count_queries(pages):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    exact, _, film_expected, person_expected = expected_counts()
    results = {}
    client = Client()
    with override_settings(PAGE_CACHE=False, ALLOWED_HOSTS=["*"], DEBUG=False):
        for name, urls in pages.items():
            counts = []
            for url in urls[:3]:
                client.get(url)
                with CaptureQueriesContext(connection) as ctx:
                    status = client.get(url).status_code
                counts.append(len(ctx.captured_queries))
            url = urls[0]
            detail = name.startswith(("film page", "person page"))
            if name.startswith("film page"):
                expected = film_expected
            elif name.startswith("person page"):
                expected = person_expected
            else:
                # The page number changes which rows, not which queries.
                path, _, query = url.partition("?")
                plain = not query or query.startswith("page=")
                expected = exact.get(url, exact.get(path) if plain else None)
            results[name] = {
                "url": url,
                "status": status,
                "queries": counts,
                "expected": expected,
                # A list or search URL the tests also open must run exactly the
                # tests' count. A detail page runs one query per relation plus one
                # nested prefetch per relation that has rows, so its count depends
                # on which kinds of rows exist, never on how many: it must be the
                # same for every sampled film or person, whatever their size.
                "constant": len(set(counts)) == 1,
                "matches": (
                    None if detail or expected is None else all(c == expected for c in counts)
                ),
            }
            log(f"queries {name}: {counts} (tests: {expected})")
    return results


# --------------------------------------------------------------------------- server


class Gunicorn:
    """gunicorn as `make run` starts it, with the page cache on or off."""

    def __init__(self, page_cache):
        self.page_cache = page_cache
        self.process = None

    def __enter__(self):
        env = dict(os.environ, PAGE_CACHE="1" if self.page_cache else "0", DEBUG="0")
        # BENCH_REDIS_URL=redis://127.0.0.1:6379/5 shares the page cache between workers.
        env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "")
        logfile = (SCRATCH / f"gunicorn-cache-{'on' if self.page_cache else 'off'}.log").open("w")
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "filmkb.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                os.environ.get("WORKERS", "2"),
                "--access-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {logfile.name}")
            try:
                status, _ = fetch(
                    http.client.HTTPConnection("127.0.0.1", PORT, timeout=5), "/healthz"
                )
                if status == 200:
                    return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise SystemExit("gunicorn did not answer /healthz within 30 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def fetch(conn, url):
    conn.request("GET", url, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read()
    return response.status, body


def wrk(url, seconds=WRK_SECONDS, connections=16, threads=2, script=None):
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if script:
        command += ["-s", str(script)]
    command.append(f"http://127.0.0.1:{PORT}{url}")
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    errors = re.search(r"Socket errors: (.*)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {
        "url": url,
        "rps": rps,
        "requests": total,
        "p99_ms": _ms(*p99.groups()) if p99 else None,
        "socket_errors": errors.group(1) if errors else "none",
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "raw": out,
    }


def _ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def throughput(film_url):
    health = wrk("/healthz")
    film = wrk(film_url)
    return {
        "healthz_rps": health["rps"],
        "film_rps": film["rps"],
        "ratio": film["rps"] / health["rps"] if health["rps"] else None,
        "healthz": {k: v for k, v in health.items() if k != "raw"},
        "film": {k: v for k, v in film.items() if k != "raw"},
    }


def latency(pages):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    results = {}
    for name, urls in pages.items():
        for url in urls:  # warm each URL once (connection, caches)
            fetch(conn, url)
        timings, statuses = [], set()
        for i in range(SAMPLES):
            url = urls[i % len(urls)]
            started = time.perf_counter()
            status, _ = fetch(conn, url)
            timings.append((time.perf_counter() - started) * 1000)
            statuses.add(status)
        timings.sort()
        results[name] = {
            "url": urls[0],
            "statuses": sorted(statuses),
            "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 2),
            "max_ms": round(timings[-1], 2),
        }
        log(f"latency {name}: p50 {results[name]['p50_ms']} p95 {results[name]['p95_ms']} ms")
    conn.close()
    return results


def load_mix(pages):
    """Issue 7's load run: 64 connections for LOAD_SECONDS over a mix of pages."""
    urls = [u for name, urls in pages.items() for u in urls[:2] if "no match" not in name]
    script = SCRATCH / "mix.lua"
    script.write_text(
        "local urls = {"
        + ", ".join(json.dumps(u) for u in urls)
        + "}\nlocal i = 0\nrequest = function()\n  i = i % #urls + 1\n"
        "  return wrk.format('GET', urls[i])\nend\n"
    )
    result = wrk("/", seconds=LOAD_SECONDS, connections=LOAD_CONNECTIONS, threads=2, script=script)
    result.pop("raw")
    result["urls"] = len(urls)
    return result


# --------------------------------------------------------------------------- report


def machine():
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "loadavg_at_start": os.getloadavg(),
        "platform": platform.platform(),
    }


def data_sizes():
    from films.scale import synthetic_counts

    return synthetic_counts()


def read_time_file(path):
    """Elapsed seconds and peak RSS (MiB) from a `/usr/bin/time -v` report."""
    if not path.exists():
        return None
    text = path.read_text()
    elapsed = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    seconds = 0.0
    for part in elapsed.group(1).split(":"):
        seconds = seconds * 60 + float(part)
    return {"seconds": round(seconds, 1), "peak_rss_mib": round(int(rss.group(1)) / 1024, 1)}


def main():
    django_setup()
    SCRATCH.mkdir(parents=True, exist_ok=True)
    started = time.time()
    pages = pick_pages()
    report = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "cache_backend": "redis" if os.environ.get("BENCH_REDIS_URL") else "local memory",
        "data": data_sizes(),
        "memory": {
            "reload_fixtures": read_time_file(SCRATCH / "reload.time"),
            "generate_scale_data": read_time_file(SCRATCH / "generate.time"),
            "generate_args": os.environ.get("BENCH_GENERATE_ARGS", ""),
        },
        "queries": count_queries(pages),
        "runs": {},
    }
    from django.db import connections

    connections.close_all()
    for page_cache in (True, False):
        label = "cache on" if page_cache else "cache off"
        with Gunicorn(page_cache):
            log(f"gunicorn up ({label})")
            run = {"throughput": throughput(pages["film page"][0]), "latency": latency(pages)}
            if page_cache and LOAD_SECONDS:
                run["load_mix"] = load_mix(pages)
            report["runs"][label] = run
            log(f"{label}: film/healthz = {run['throughput']['ratio']:.2f}")
    report["duration_s"] = round(time.time() - started)
    (ROOT / "bench" / "results.json").write_text(json.dumps(report, indent=2) + "\n")
    (ROOT / "bench" / "results.md").write_text(markdown(report))
    sys.stdout.write(markdown(report))


def markdown(r):
    on, off = r["runs"].get("cache on"), r["runs"].get("cache off")
    load = ", ".join(f"{x:.1f}" for x in r["machine"]["loadavg_at_start"])
    lines = [
        "# Benchmark results",
        "",
        f"Taken {r['when']} on {r['machine']['cpus']} CPUs "
        f"(load average at start {load}),"
        " PostgreSQL, gunicorn with 2 sync workers as `make run` starts it (DEBUG off),"
        f" page cache in {r['cache_backend']}.",
        "",
        "Data: " + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in r["data"].items()) + ".",
        "",
        "## 1. Throughput: film page / `/healthz` (wrk, 16 connections)",
        "",
        "| page cache | /healthz rps | film page rps | ratio (target ≥ 0.50) |",
        "|---|---:|---:|---:|",
    ]
    for label, run in r["runs"].items():
        t = run["throughput"]
        lines.append(
            f"| {label} | {t['healthz_rps']:.0f} | {t['film_rps']:.0f} | {t['ratio']:.2f} |"
        )
    lines += [
        "",
        "## 2. Latency at scale (sequential keep-alive client, same machine)",
        "",
        f"{SAMPLES} requests per page, cycling over up to 20 different films or people.",
        "Cache on: pages served from the page cache after the first request;",
        "cache off: every request renders the page (the worst case, target p95 < 50 ms).",
        "",
        "| page | URL | cache off p50 | cache off p95 | cache on p50 | cache on p95 |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name in (off or on)["latency"]:
        a = off["latency"][name] if off else {}
        b = on["latency"][name] if on else {}
        flag = " ⚠" if a and a["p95_ms"] >= 50 else ""
        lines.append(
            f"| {name} | `{(a or b)['url']}` | {a.get('p50_ms', '')} | {a.get('p95_ms', '')}{flag} "
            f"| {b.get('p50_ms', '')} | {b.get('p95_ms', '')} |"
        )
    lines += [
        "",
        "## 3. Queries per page at scale (page cache off)",
        "",
        "Compared with `tests/test_pages_queries.py`. A cache hit runs 1 query (the"
        " knowledge-base version); a miss runs the page's queries plus that one.",
        "",
        "Detail pages: the tests' count is for a test film/person with every kind of row;"
        " a page runs one more query for each kind whose nested rows exist, so what must"
        " hold is that the count is the same for every sampled page, whatever its size.",
        "",
        "| page | queries (up to 3 URLs) | tests assert | equal to tests | constant |",
        "|---|---:|---:|---|---|",
    ]
    for name, q in r["queries"].items():
        matches = {True: "yes", False: "**no**", None: "n/a"}[q["matches"]]
        lines.append(
            f"| {name} | {', '.join(map(str, q['queries']))} | {q['expected'] or ''} | "
            f"{matches} | {'yes' if q['constant'] else '**no**'} |"
        )
    mem = r["memory"]
    lines += ["", "## 4. Time and peak memory (`/usr/bin/time -v`)", ""]
    for command, target in (("reload_fixtures", 300), ("generate_scale_data", 1024)):
        m = mem.get(command)
        if m:
            lines.append(
                f"- `{command}`: {m['seconds']} s, peak {m['peak_rss_mib']} MiB "
                f"(target < {target} MiB)"
            )
    if mem.get("generate_args"):
        lines.append(f"- generate arguments: `{mem['generate_args']}`")
    if on and on.get("load_mix"):
        m = on["load_mix"]
        lines += [
            "",
            f"## Load run (issue 7): {LOAD_CONNECTIONS} connections, {LOAD_SECONDS} s, "
            f"{m['urls']} URLs, cache on",
            "",
            f"{m['requests']:,} requests, {m['rps']:.0f} rps, p99 {m['p99_ms']} ms, "
            f"non-2xx {m['non_2xx']}, socket errors: {m['socket_errors']}.",
        ]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
