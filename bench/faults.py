"""make faults: start the site as `make run` does, then break what it depends on, one at a time.

The site (gunicorn, 2 workers, DEBUG as `make run` leaves it) serves a fresh
PostgreSQL database (FAULTS_PG, default the local server as user postgres)
through a proxy this script can cut or silence, and uses its own redis-server
(no persistence) on a free port as the page cache. Clients keep requesting
pages throughout. For each fault the report gives the status codes seen, the
time from the fault to the first 503, the time from the end of the fault (or
from the fault itself, for the instantaneous ones) to recovery (the first 200
after which nothing failed), and whether any row of the knowledge base was lost.
It exits non-zero when a fault's expectation did not hold.

    make faults                      # or: .venv/bin/python bench/faults.py
    FAULTS_PG=postgres://user:pw@host:5432 FAULTS_PORT=8140 make faults

Needs PostgreSQL and `redis-server` (Debian: apt-get install redis-server).
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.faultkit import FaultProxy, RedisServer, free_port  # noqa: E402

PG = os.environ.get("FAULTS_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB = os.environ.get("FAULTS_DB", "filmkb_faults")
PORT = int(os.environ.get("FAULTS_PORT", "0")) or free_port()
RESULTS = ROOT / "bench" / "results"
CONTENT_TABLES = re.compile(r"^(films|people|awards)_")
REQUEST_TIMEOUT = 30
HEADER = (
    "| fault | status codes seen | slowest answer | first 503 | recovery | rows lost | verdict |"
)


def say(message):
    print(message, flush=True)


# The site --------------------------------------------------------------------------


class Site:
    """`make run` in its own session: migrate, reload_fixtures, collectstatic, gunicorn."""

    def __init__(self, database_url, redis_url):
        RESULTS.mkdir(parents=True, exist_ok=True)
        self.log = open(RESULTS / "faults-site.log", "w")  # noqa: SIM115 - closed in stop()
        env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "DEBUG"}}
        env.update(DATABASE_URL=database_url, REDIS_URL=redis_url, PYTHONUNBUFFERED="1")
        self.base = f"http://127.0.0.1:{PORT}"
        self.process = subprocess.Popen(  # noqa: S603 - fixed command
            ["make", "--no-print-directory", "run", f"PORT={PORT}", "WORKERS=2"],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_up(self, timeout=600):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"make run exited; see {RESULTS / 'faults-site.log'}")
            if fetch(self.base + "/healthz", timeout=5)[0] == 200:
                return
            time.sleep(1)
        raise SystemExit("the site did not come up in time")

    def master(self):
        """The gunicorn master: the gunicorn process whose parent is not gunicorn."""
        for pid, ppid, command in processes_in_session(self.process.pid):
            if "gunicorn" in command and "gunicorn" not in command_of(ppid):
                return pid
        raise RuntimeError("no gunicorn master found")

    def workers(self):
        master = self.master()
        return [pid for pid, ppid, _ in processes_in_session(self.process.pid) if ppid == master]

    def stop(self):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


def command_of(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def processes_in_session(session):
    """(pid, ppid, command) of every process in the session started for the site."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == session:  # field 6 of stat: the session id
            found.append((int(entry.name), int(fields[1]), command_of(entry.name)))
    return found


def fetch(url, timeout=REQUEST_TIMEOUT):
    """(status, headers) of a GET; status is a word for a failure without an answer."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - local site
            response.read()
            return response.status, response.headers
    except urllib.error.HTTPError as exc:
        exc.read()
        return exc.code, exc.headers
    except TimeoutError:
        return "timeout", {}
    except (ConnectionError, urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return ("refused" if "refused" in str(reason).lower() else "reset"), {}


# Clients ---------------------------------------------------------------------------


@dataclass
class Sample:
    at: float
    path: str
    status: object
    seconds: float
    cache: str = ""
    retry_after: str = ""
    health: dict = field(default_factory=dict)


class Clients:
    """Threads requesting pages in turn (and /healthz) until stopped."""

    def __init__(self, base, paths, threads):
        self.base, self.paths, self.threads = base, paths, threads
        self.samples = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._workers = []

    def __enter__(self):
        self.start = time.monotonic()
        for n in range(self.threads):
            thread = threading.Thread(target=self._run, args=(n,), daemon=True)
            thread.start()
            self._workers.append(thread)
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._workers:
            thread.join(REQUEST_TIMEOUT + 5)

    def _run(self, n):
        i = n
        while not self._stop.is_set():
            path = self.paths[i % len(self.paths)]
            i += 1
            began = time.monotonic()
            status, headers = fetch(self.base + path)
            sample = Sample(
                began, path, status, time.monotonic() - began, headers.get("X-Page-Cache", "")
            )
            sample.retry_after = headers.get("Retry-After", "")
            with self._lock:
                self.samples.append(sample)
            time.sleep(0.05)

    def since(self, moment):
        with self._lock:
            return [s for s in self.samples if s.at >= moment]


def healthz(base):
    status, _ = fetch(base + "/healthz", timeout=10)
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=10) as response:  # noqa: S310
            return status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())
    except OSError:
        return status, {}


# Measuring -------------------------------------------------------------------------


def snapshot():
    """A digest of every row of every knowledge-base table, read straight from PostgreSQL."""
    with psycopg.connect(f"{PG}/{DB}", autocommit=True, connect_timeout=5) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
            if CONTENT_TABLES.match(row[0])
        ]
        digest = {}
        for table in tables:
            count, md5 = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: E501, S608 - table names from the catalogue
            ).fetchone()
            digest[table] = (count, md5)
    return digest


@dataclass
class Result:
    fault: str
    statuses: collections.Counter
    first_503: float | None
    recovery: float | None
    rows_lost: bool
    notes: list
    problems: list
    slowest: float = 0.0

    def row(self):
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(self.statuses.items(), key=str))
        slowest = f"{self.slowest:.1f} s"
        first = f"{self.first_503:.1f} s" if self.first_503 is not None else "none"
        recovery = f"{self.recovery:.1f} s" if self.recovery is not None else "not recovered"
        verdict = "ok" if not self.problems else "FAILED: " + "; ".join(self.problems)
        lost = "yes" if self.rows_lost else "no"
        return f"| {self.fault} | {codes} | {slowest} | {first} | {recovery} | {lost} | {verdict} |"


def measure(name, samples, *, fault_at, ended_at, rows_before, notes, expect):
    statuses = collections.Counter(s.status for s in samples)
    first_503 = next((s.at + s.seconds - fault_at for s in samples if s.status == 503), None)
    after = [s for s in samples if s.at + s.seconds >= ended_at]
    last_failure = max((s.at + s.seconds for s in after if s.status != 200), default=None)
    recovered = [
        s.at + s.seconds
        for s in after
        if s.status == 200 and (last_failure is None or s.at + s.seconds > last_failure)
    ]
    recovery = (min(recovered) - ended_at) if recovered else None
    rows_lost = snapshot() != rows_before
    problems = []
    if any(code == 500 for code in statuses):
        problems.append("a 500")
    if expect == "503" and first_503 is None:
        problems.append("no 503 seen")
    if expect == "503" and first_503 is not None and first_503 > 5:
        problems.append(f"first 503 after {first_503:.1f} s (> 5 s)")
    if expect == "served" and statuses.get(503):
        problems.append("a 503 where pages should be served")
    if any(s.status == 503 and s.retry_after != "30" for s in samples if s.path != "/healthz"):
        problems.append("a 503 without Retry-After")
    if recovery is None:
        problems.append("did not recover")
    if rows_lost:
        problems.append("rows lost")
    slowest = max((s.seconds for s in samples), default=0.0)
    return Result(name, statuses, first_503, recovery, rows_lost, notes, problems, slowest)


def run_fault(site, name, inject, remove, *, hold=6.0, threads=2, expect="503", paths):
    """Baseline, fault for `hold` seconds (or instantaneous when remove is None), recovery.

    ``expect``: "503" (the outage page within 5 s), "served" (no 503 at all) or
    "either" (a request caught in the middle may get a 503)."""
    say(f"[faults] {name}")
    before = snapshot()
    notes = []
    with Clients(site.base, paths, threads) as clients:
        time.sleep(2)
        fault_at = time.monotonic()
        inject(notes)
        if remove is None:
            ended_at = fault_at
        else:
            time.sleep(hold)
            notes.append("healthz during the fault: {} {}".format(*healthz(site.base)))
            ended_at = time.monotonic()
            remove(notes)
        time.sleep(8)
        samples = clients.since(fault_at - 2)
    notes.append("healthz after: {} {}".format(*healthz(site.base)))
    result = measure(
        name,
        samples,
        fault_at=fault_at,
        ended_at=ended_at,
        rows_before=before,
        notes=notes,
        expect=expect,
    )
    say(result.row())
    for note in notes:
        say(f"      {note}")
    return result


def discover_paths(base):
    paths = ["/", "/films/", "/people/", "/timeline/", "/sources/"]
    with urllib.request.urlopen(base + "/films/", timeout=10) as response:  # noqa: S310
        film = re.search(r'href="(/films/[a-z0-9-]+/)"', response.read().decode())
    if film:
        paths.insert(1, film.group(1))
    return paths


# The faults ------------------------------------------------------------------------


def terminate_backends(notes):
    with psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=5) as conn:
        killed = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [DB],
        ).fetchone()[0]
    notes.append(f"pg_terminate_backend: {killed} server processes of the site terminated")


def kill_a_worker(site):
    def inject(notes):
        victim = site.workers()[0]
        os.kill(victim, signal.SIGKILL)
        notes.append(f"SIGKILL to worker {victim}; workers before: 2")

    return inject


def kill_a_reload(notes):
    """A reload that adds 300 people, SIGKILLed after it wrote them, before it commits."""
    folder = Path(tempfile.mkdtemp(prefix="filmkb_faults_"))
    try:
        files = []
        for source in sorted((ROOT / "fixtures").rglob("*.json")):
            target = folder / source.relative_to(ROOT / "fixtures")
            target.parent.mkdir(parents=True, exist_ok=True)
            objects = json.loads(source.read_text())
            if any(o.get("model") == "people.person" for o in objects):
                objects += [
                    {"model": "people.person", "fields": {"name": f"Fault {i}", "slug": f"f-{i}"}}
                    for i in range(300)
                ]
            target.write_text(json.dumps(objects))
            files.append(str(target))
        env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "DEBUG"}}
        env.update(
            DATABASE_URL=f"{PG}/{DB}",
            FILMKB_RELOAD_PAUSE_AFTER_WRITE="120",
            PYTHONUNBUFFERED="1",
        )
        reload = subprocess.Popen(  # noqa: S603 - our own manage.py
            [str(ROOT / ".venv/bin/python"), "manage.py", "reload_fixtures", *files, "-v", "2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        wrote = []
        for line in reload.stdout:
            wrote.append(line.strip())
            if line.startswith("Paused"):
                break
        reload.send_signal(signal.SIGKILL)
        reload.wait(timeout=30)
        reload.stdout.close()
        created = [line for line in wrote if "people.person: created" in line]
        notes.append(
            f"reload SIGKILLed while paused (exit {reload.returncode}); "
            f"it had written: {created[0] if created else 'nothing reported'}"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def cache_resumed(site, paths):
    """Seconds until a page is served from the cache again (a miss, then a hit), or None."""
    start = time.monotonic()
    while time.monotonic() - start < 20:
        status, headers = fetch(site.base + paths[1])
        if status == 200 and headers.get("X-Page-Cache") == "hit":
            return time.monotonic() - start
        time.sleep(0.1)
    return None


def main():
    if shutil.which("redis-server") is None:
        raise SystemExit("make faults needs redis-server: apt-get install redis-server")
    try:
        admin = psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        raise SystemExit(f"make faults needs PostgreSQL at {PG} (FAULTS_PG): {exc}") from None
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DB}"')
    host, port = re.search(r"@([^:/]+):(\d+)$", PG).groups()
    proxy = FaultProxy(host, int(port)).start()
    redis = RedisServer().start()
    proxied = f"{PG.rsplit(':', 1)[0]}:{proxy.port}/{DB}"
    say(f"[faults] starting the site as `make run` does on port {PORT} (log: bench/results/)")
    site = Site(proxied, redis.url)
    results = []
    try:
        site.wait_until_up()
        paths = discover_paths(site.base)
        say(f"[faults] clients request {', '.join(paths)} and /healthz")
        paths.append("/healthz")
        page_paths = paths[:-1]

        results.append(
            run_fault(
                site,
                "database refused",
                lambda notes: proxy.refuse(),
                lambda notes: proxy.restore(),
                paths=paths,
            )
        )
        results.append(
            run_fault(
                site,
                "database silent",
                lambda notes: proxy.silence(),
                lambda notes: proxy.restore(),
                hold=8.0,
                paths=paths,
            )
        )
        results.append(
            run_fault(
                site,
                "database connections killed",
                terminate_backends,
                None,
                expect="either",
                paths=paths,
            )
        )

        def redis_back(notes, action):
            action()
            seconds = cache_resumed(site, paths)
            notes.append(
                "page cache hits again "
                + (f"{seconds:.1f} s after Redis returned" if seconds else "NEVER")
            )

        results.append(
            run_fault(
                site,
                "Redis down",
                lambda notes: redis.stop(),
                lambda notes: redis_back(notes, redis.start),
                expect="served",
                paths=paths,
            )
        )
        results.append(
            run_fault(
                site,
                "Redis silent",
                lambda notes: redis.freeze(),
                lambda notes: redis_back(notes, redis.thaw),
                expect="served",
                paths=paths,
            )
        )
        results.append(
            run_fault(
                site,
                "worker killed under load",
                kill_a_worker(site),
                None,
                threads=8,
                expect="served",
                paths=page_paths,
            )
        )
        say(f"      workers after: {len(site.workers())} (the master started a new one)")
        results.append(
            run_fault(
                site,
                "reload killed with SIGKILL",
                kill_a_reload,
                None,
                threads=4,
                expect="served",
                paths=page_paths,
            )
        )
    finally:
        site.stop()
        redis.close()
        proxy.close()
        with (
            contextlib.suppress(psycopg.Error),
            psycopg.connect(f"{PG}/postgres", autocommit=True) as conn,
        ):
            conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')

    say("")
    say(HEADER)
    say("|---|---|---|---|---|---|---|")
    for result in results:
        say(result.row())
    failed = [r.fault for r in results if r.problems]
    say("")
    say("all faults handled" if not failed else f"FAILED: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
