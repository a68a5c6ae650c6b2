"""Helpers for tests that run the site or its commands in other processes.

Those tests need real databases that outlive a test transaction: a fresh,
migrated database per test, copied from one template migrated once per test
session (migrating takes far longer than copying). The engine is the one the
suite runs on: PostgreSQL when ``DATABASE_URL`` points at it, SQLite files
otherwise. Every database made here is named ``filmkb_h7_*`` and dropped
afterwards.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# Every test file that makes databases here carries this mark, so that pytest-xdist
# (`make test`, --dist loadgroup) runs them all on one worker: the template is migrated
# once per run rather than once per worker.
SHARED_TEMPLATE = pytest.mark.xdist_group("outofprocess")


def on_postgres():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _pg_params():
    db = settings.DATABASES["default"]
    return {
        "host": db.get("HOST") or "127.0.0.1",
        "port": int(db.get("PORT") or 5432),
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or None,
    }


def pg_admin():
    """An autocommit connection to the server's maintenance database."""
    return psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **_pg_params())


def pg_url(name, port=None):
    p = _pg_params()
    auth = p["user"] + (f":{p['password']}" if p["password"] else "")
    return f"postgres://{auth}@{p['host']}:{port or p['port']}/{name}"


def drop_postgres(name):
    with pg_admin() as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def child_env(database_url, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FILMKB_RELOAD_")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_ENV="development",
        DJANGO_SETTINGS_MODULE="filmkb.settings",
        PYTHONUNBUFFERED="1",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(database_url, *args, timeout=600, **extra_env):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=child_env(database_url, **extra_env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


@functools.cache
def _template():
    """One migrated database per test session; returns its name (PostgreSQL) or path."""
    if on_postgres():
        name = f"filmkb_h7_tpl_{os.getpid()}"
        drop_postgres(name)
        with pg_admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        atexit.register(drop_postgres, name)
        manage(pg_url(name), "migrate", "--noinput", "-v0")
        return name
    folder = Path(tempfile.mkdtemp(prefix="filmkb_h7_"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "template.sqlite3"
    manage(f"sqlite:///{path}", "migrate", "--noinput", "-v0")
    return str(path)


def fresh_database(label, tmp_path):
    """A migrated, empty database of the suite's engine. Returns (url, drop)."""
    template = _template()
    if on_postgres():
        name = f"filmkb_h7_{label}_{os.getpid()}"
        drop_postgres(name)
        with pg_admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return pg_url(name), functools.partial(drop_postgres, name)
    path = tmp_path / f"{label}.sqlite3"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}", lambda: None


def parse(url):
    return dj_database_url.parse(url)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=10):
    """(status, headers, body) for a GET, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - local test server
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode()


class Gunicorn:
    """The site served as `make run` serves it, on a free local port."""

    def __init__(self, database_url, workers=1, **extra_env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "filmkb.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=child_env(database_url, **extra_env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.process.stderr.read()}")
            try:
                get(self.base + "/robots.txt", timeout=2)
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start in time")

    def get(self, path):
        return get(self.base + path)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class TcpProxy:
    """Forwards a local port to the database server; ``cut()`` makes it vanish, ``restore()``
    brings it back on the same port. Cutting drops every open connection, as a server
    crash or a network partition would."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.port = 0
        self._listener = None
        self._sockets = []
        self._lock = threading.Lock()

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    start = restore

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, target):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self):
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for s in sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
