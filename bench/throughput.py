"""Throughput as ratios to a bare WSGI app, and the cache-busting load (issue 10).

Serves ``bench/hello.py`` and then the site with the same gunicorn settings as
``make run`` (2 sync workers, access log on, the environment as given: DEBUG and
the page cache as ``make run`` leaves them), one after the other on this machine,
and drives each with wrk:

* hello app ``/`` (16 connections): the ceiling;
* ``/healthz`` and the cached film page (16 connections; plain, and gzip as a
  browser asks for it), as ratios to it;
* the cached film page at 64 connections, and the same page with a random
  ``?nc=`` value on every request at 64 connections (cache busting), as a ratio
  to the cached figure; any socket error or non-2xx answer is counted.

Appends one section per run to the report named by ``--report`` (markdown) and
prints it. The database is whatever ``DATABASE_URL`` names, already migrated
and loaded (``bench/throughput.sh`` does that).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / "bench" / "results"
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "10"))
FILM_URL = os.environ.get("BENCH_FILM_URL", "/films/her-2013/")


def log(message):
    sys.stderr.write(f"[throughput] {message}\n")
    sys.stderr.flush()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """``gunicorn <app>`` with the flags ``make run`` uses."""

    def __init__(self, app, probe):
        self.app, self.probe = app, probe
        self.port = int(os.environ.get("BENCH_PORT") or free_port())
        self.process = None

    def __enter__(self):
        SCRATCH.mkdir(parents=True, exist_ok=True)
        logfile = (SCRATCH / f"throughput-{self.app.replace('.', '-')}.log").open("w")
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                self.app,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                os.environ.get("WORKERS", "2"),
                "--access-logfile",
                "-",
            ],
            cwd=ROOT,
            stdout=logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn {self.app} exited; see {logfile.name}")
            try:
                if self.get(self.probe) == 200:
                    return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise SystemExit(f"gunicorn {self.app} did not answer {self.probe} within 30 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)

    def get(self, url):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request("GET", url, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.status

    def wrk(self, url, connections=16, script=None, gzip=False):
        command = ["wrk", "-t2", f"-c{connections}", f"-d{WRK_SECONDS}s", "--latency"]
        command += ["-H", "Host: 127.0.0.1"]
        if gzip:
            command += ["-H", "Accept-Encoding: gzip"]
        env = dict(os.environ)
        if script:
            command += ["-s", str(ROOT / "bench" / script)]
            env["PAGE"] = url
        command.append(f"http://127.0.0.1:{self.port}{url if not script else '/'}")
        out = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, check=True, env=env
        ).stdout
        result = re.search(r"^RESULT (.*)$", out, re.MULTILINE)
        if result:
            return json.loads(result.group(1))
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        errors = re.search(
            r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
        )
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
        return {
            "rps": rps,
            "p50_ms": round(float(p50.group(1)) * scale[p50.group(2)], 2) if p50 else None,
            "socket_errors": sum(map(int, errors.groups())) if errors else 0,
            "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        }


def measure():
    with Gunicorn("bench.hello", "/") as hello:
        log("hello app up")
        base = hello.wrk("/")
    with Gunicorn("filmkb.wsgi", "/healthz") as site:
        log("site up")
        site.get(FILM_URL)  # warm: fill the page cache in both workers
        site.get(FILM_URL)
        healthz = site.wrk("/healthz")
        film = site.wrk(FILM_URL)
        film_gzip = site.wrk(FILM_URL, gzip=True)
        film64 = site.wrk(FILM_URL, connections=64)
        busting = site.wrk(FILM_URL, connections=64, script="busting.lua")
    return {
        "hello": base,
        "healthz": healthz,
        "film": film,
        "film_gzip": film_gzip,
        "film64": film64,
        "busting": busting,
    }


def section(label, r):
    hello = r["hello"]["rps"]

    def row(name, key, reference, target):
        m = r[key]
        ratio = m["rps"] / reference if reference else 0
        bad = m["socket_errors"] + m["non_2xx"]
        return f"| {name} | {m['rps']:,.0f} | {m['p50_ms']} | {ratio:.2f} | {target} | {bad} |"

    load = os.getloadavg()
    return "\n".join(
        [
            f"### {label}",
            "",
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs,"
            f" load average at the end {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f};"
            f" wrk {WRK_SECONDS} s per row, gunicorn as `make run` starts it"
            f" ({os.environ.get('WORKERS', '2')} sync workers, access log on).",
            "",
            "| what | req/s | p50 ms | ratio | target | errors + non-2xx |",
            "|---|---:|---:|---:|---|---:|",
            f"| bare WSGI hello app `/` (16 connections) | {hello:,.0f} |"
            f" {r['hello']['p50_ms']} | 1.00 | reference | "
            f"{r['hello']['socket_errors'] + r['hello']['non_2xx']} |",
            row("`/healthz` (16 connections), to hello", "healthz", hello, "≥ 0.50"),
            row(f"cached `{FILM_URL}` (16 connections), to hello", "film", hello, "≥ 0.50"),
            row("same, gzip (16 connections), to hello", "film_gzip", hello, "—"),
            row(f"cached `{FILM_URL}` (64 connections), to hello", "film64", hello, "—"),
            row(
                f"`{FILM_URL}?nc=<random>` (64 connections), to the cached page at 64",
                "busting",
                r["film64"]["rps"],
                "≥ 0.50, 0 errors",
            ),
            "",
        ]
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", required=True)
    parser.add_argument("--report", type=Path, default=SCRATCH / "throughput.md")
    args = parser.parse_args()
    results = measure()
    SCRATCH.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", args.label.lower()).strip("-")
    (SCRATCH / f"throughput-{slug}.json").write_text(json.dumps(results, indent=2))
    text = section(args.label, results)
    with args.report.open("a") as report:
        report.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
