"""The knowledge-base version: one row, one bump, one reader, and the reload flag.

``films.SiteState`` holds a single row whose ``version`` moves on every write to
the knowledge base: a curator's save (``filmkb.signals``), a fixture reload
(``films.sync``), a verification stamp, synthetic scale data. The page cache and
the cached home counts are keyed by it, so a write is seen by the next reader.

Writes that name the pages they make stale (``filmkb.signals``) move, besides the
version, only those pages' versions (``filmkb.models.PageVersion``, ``bump_pages``);
every other write (``bump_version``) also moves the shared counter that every cached
detail page is keyed on (``filmkb.cache`` explains the scheme).

This module is the only place that reads or writes that row. It is
infrastructure: it reaches the model through the app registry when called and
imports no app, so every app can import it.
"""

import contextlib
import contextvars
import datetime
import functools

from django.apps import apps
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

# The apps whose rows make up the knowledge base (curator permissions, history,
# version bumps), and the housekeeping tables within them that only the reload
# and the bump write.
KB_APPS = ("people", "films", "awards")
HOUSEKEEPING = frozenset({"films.fixturerecord", "films.sitestate"})

# True while a fixture reload writes: its row writes do not bump one by one, the
# reload bumps once at the end.
_RELOADING: contextvars.ContextVar[bool] = contextvars.ContextVar("filmkb_reloading", default=False)


def _site_state():
    return apps.get_model("films", "SiteState")


def current_state():
    """(version, changed_at) of the knowledge base: one single-row query."""
    row = _site_state().objects.order_by("pk").values_list("version", "changed_at").first()
    return row or (0, None)


def _page_version():
    return apps.get_model("filmkb", "PageVersion")


@functools.cache
def _page_state_sql(vendor):
    """The one query of ``page_state`` for the database ``vendor`` (built once: quoting
    its nine names cost a third of the read); every name in it comes from the models."""
    q = connection.ops.quote_name
    state, pages = q(_site_state()._meta.db_table), q(_page_version()._meta.db_table)
    shown = f"(SELECT {q('shown')} FROM {pages} WHERE {q('path')} = '')"  # noqa: S608
    named = f"(SELECT {q('named')} FROM {pages} WHERE {q('path')} = '')"  # noqa: S608
    columns = f"{q('version')}, {q('changed_at')}, {shown}, {named}"
    return f"SELECT {columns} FROM {state} ORDER BY {q('id')} LIMIT 1"  # noqa: S608


def page_state():
    """(version, changed_at, shared, scoped) in one query: the knowledge-base version and
    the page cache's two counters (``filmkb.models.PageVersion``, the empty path).

    Read on every cacheable request, so written as plain SQL: building it through the
    ORM cost more than the rest of a cache hit.
    """
    with connection.cursor() as cursor:
        cursor.execute(_page_state_sql(connection.vendor))
        row = cursor.fetchone()
    if row is None:
        return (0, None, 0, 0)
    version, changed_at, shared, scoped = row
    if isinstance(changed_at, str):  # SQLite: text, in UTC
        changed_at = parse_datetime(changed_at)
    if changed_at is not None and timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, datetime.UTC)
    return (version, changed_at, shared or 0, scoped or 0)


def page_versions(paths):
    """{path: (shown, named)} for those of ``paths`` that were ever written (others: 0, 0)."""
    rows = _page_version().objects.filter(path__in=list(paths))
    return {row[0]: row[1:] for row in rows.values_list("path", "shown", "named")}


def _bump_path(path, *, shown=False, named=False):
    PageVersion = _page_version()
    changes = {}
    if shown:
        changes["shown"] = F("shown") + 1
    if named:
        changes["named"] = F("named") + 1
    if not PageVersion.objects.filter(path=path).update(**changes):
        PageVersion.objects.get_or_create(path=path)
        PageVersion.objects.filter(path=path).update(**changes)


def bump_pages(shown, named=()):
    """A write whose pages are known: the pages at ``shown`` show the written row, the
    pages linking to ``named`` show its name. Moves the version (the lists, home and
    timeline show everything) but not the shared counter, so other pages stay cached."""
    _bump_site_state(reloaded=False)
    _bump_path("", named=True)
    for path in set(shown) | set(named):
        _bump_path(path, shown=path in shown, named=path in named)


def last_reload_at():
    """When the fixtures were last reloaded (None before the first reload)."""
    return _site_state().objects.order_by("pk").values_list("last_reload_at", flat=True).first()


def lock_for_reload():
    """Lock the state row for the rest of the transaction (one reload at a time)."""
    return _site_state().objects.select_for_update().order_by("pk").first()


def bump_version(*, reloaded: bool = False) -> int:
    """Add one to the version (creating the row at its first write); return the new version.

    ``reloaded`` also stamps ``last_reload_at``: rows saved after it are the
    curators' edits not yet exported.
    """
    _bump_site_state(reloaded=reloaded)
    _bump_path("", shown=True)  # every cached detail page goes stale
    return current_state()[0]


def _bump_site_state(*, reloaded):
    SiteState = _site_state()
    now = timezone.now()
    changes = {"version": F("version") + 1, "changed_at": now}
    if reloaded:
        changes["last_reload_at"] = now
    if not SiteState.objects.update(**changes):  # the first write ever: 1 becomes 2
        SiteState.objects.create(version=2, last_reload_at=now if reloaded else None)


def stamp_reload(when):
    """Record a reload that changed no row (only its baseline): the version stays."""
    _site_state().objects.update(last_reload_at=when)


@contextlib.contextmanager
def reloading():
    """Mark the block as a fixture reload: per-row signal bumps are skipped inside it."""
    token = _RELOADING.set(True)
    try:
        yield
    finally:
        _RELOADING.reset(token)


def reload_running() -> bool:
    return _RELOADING.get()
