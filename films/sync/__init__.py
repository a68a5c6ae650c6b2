"""Make the database match the curated fixture files, and write it back.

The knowledge base's curated data lives in ``fixtures/`` (Django's JSON
serialization with natural keys, no database ids): shared rows in
``shared/<topic>.json``, each film's facts in ``films/<film-slug>/<topic>.json``,
as ``films.fixture_layout`` says. This module holds the plain, tested
functions behind ``manage.py reload_fixtures`` and ``export_fixtures``.

Reloading (``reload_fixtures()``):

1. Find the layout files of each fixture directory (``find_fixture_files``; a
   JSON file the layout has no place for stops here), read every file
   (unreadable file, malformed JSON, unknown model or field stop here) and
   load the current rows of every fixture-managed model into memory, so
   natural keys resolve without a query per reference.
2. Build one unsaved instance per fixture object, resolve its natural
   foreign keys (forward and self references included) against the other
   fixture objects, or against the database for models the files do not
   sync, check it sits in its own file (a film's row in its film's folder,
   ``_misplaced``), and validate it as ``full_clean`` would: fields, ``clean()``, check
   constraints, and unique constraints over the whole final state. Any error
   stops the reload before anything is written.
3. Compare each object's serialized form with the row in the database:
   created, updated, unchanged; rows of synced models that the files no longer
   hold are deleted. A row whose serialized form no longer matches the digest
   the last reload recorded in ``FixtureRecord`` was changed by a curator; the
   reload refuses to overwrite or delete it unless ``force`` is given.
4. Write it all with bulk queries in ONE transaction (holding the
   ``SiteState`` row lock, so reloads never overlap): deletes, dependants
   first; nullable unique values that updated rows give up are cleared (so
   renumbered billing orders do not collide); creates, in waves so that a row
   referred to by another new row exists first; updates; many-to-many rows;
   then deletes that waited for an update to move a protecting reference.
   Finally record the new digests, a baseline version of every written row
   (``films/sync/history.py``) and bump the version once. Killed or
   failing half-way, the database keeps its previous content. A plan that
   changes no row writes nothing and keeps the version (and the page cache).

Which rows are synced (``_collect``): with no paths, every model of a present
shared file, and every film model as soon as one film folder exists, whole:
the folders are the films. Models of absent shared files are left alone. With
explicit paths, only the models that appear in those files are synced, and a
film's models only for the films the files name, so reloading one film's file
leaves every other film alone.

Rows are written exactly as the files state them: the models' ``save()``
hooks (default slug, sort name, key) do not run, so a file must carry every
value it wants. ``updated_at`` is set to the reload time on written rows.

Signals: bulk writes send no ``post_save``. While the reload writes,
``filmkb.versioning.reload_running()`` is true, so a signal handler that bumps the
knowledge-base version on every write (``pre/post_delete`` do fire for
deleted rows) can skip its work: the reload bumps the version exactly once
through ``bump_version()``.

Export (``export_fixtures()``) writes the database back in the same layout,
each film's rows to its own folder: objects grouped by model in layout order,
sorted by natural key, excluded fields left out, many-to-many lists sorted,
``indent=2`` and a final newline, so reload-then-export leaves the files byte-
identical. Export does not touch ``FixtureRecord``: a curator's edit stays
"changed since the last reload" until the exported files are reloaded, at
which point the files and the row agree, nothing is overwritten, and the edit
becomes the recorded baseline.

Test hook: when the environment variable ``FILMKB_RELOAD_PAUSE_AFTER_WRITE``
holds a number of seconds, the reload pauses that long in the middle of its
writes (after deletes and creates, before updates), after printing a line
that starts with ``Paused``. The kill test uses it to SIGKILL a reload that
has written part of its data.
"""

from films.sync.apply import apply_plan, key_of
from films.sync.base import (
    MAX_LISTED_PROBLEMS,
    PAUSE_ENV,
    PROGRESS_EVERY,
    Conflict,
    ConflictError,
    ModelCounts,
    Problem,
    Progress,
    SyncError,
    SyncResult,
    default_fixture_dir,
    default_fixture_dirs,
)
from films.sync.export import ExportedFile, export_fixtures, render_fixtures
from films.sync.plan import Plan, plan_reload
from films.sync.read import (
    Desired,
    FixtureFile,
    default_paths,
    find_fixture_files,
    layout_file,
    read_fixture,
)
from films.sync.reload import reload_fixtures
from films.sync.state import (
    DatabaseState,
    ModelSpec,
    Row,
    curated_rows,
    digest,
    key_text,
    load_state,
    managed_labels,
    serialize,
    spec_for,
    synthetic_lookup,
)
from films.sync.validate import condition_holds

__all__ = [
    "MAX_LISTED_PROBLEMS",
    "PAUSE_ENV",
    "PROGRESS_EVERY",
    "Conflict",
    "ConflictError",
    "DatabaseState",
    "Desired",
    "ExportedFile",
    "FixtureFile",
    "ModelCounts",
    "ModelSpec",
    "Plan",
    "Problem",
    "Progress",
    "Row",
    "SyncError",
    "SyncResult",
    "apply_plan",
    "condition_holds",
    "curated_rows",
    "default_fixture_dir",
    "default_fixture_dirs",
    "default_paths",
    "digest",
    "export_fixtures",
    "find_fixture_files",
    "key_of",
    "key_text",
    "layout_file",
    "load_state",
    "managed_labels",
    "plan_reload",
    "read_fixture",
    "reload_fixtures",
    "render_fixtures",
    "serialize",
    "spec_for",
    "synthetic_lookup",
]
