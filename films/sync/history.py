"""Baseline versions: what ``reload_fixtures`` loaded, kept as change history.

Without them a curator's first edit had nothing to be compared with or
reverted to. So the reload, inside its transaction, records one
django-reversion revision for every row it creates or changes:

* **One revision per row**, holding the row and the rows it owns (its
  citations, aliases, authors, quotations, nominees: the reversion
  ``follow`` of ``filmkb.admin_utils.register_history``). Reverting a
  version reverts its whole revision, so one revision per file would undo
  every other row of the file too.
* A row it owns that was created, changed or deleted (a citation, say) is a
  change of its owner: the owner gets the revision.
* **Author and comment**: no user (no account stands for the fixtures) and
  the comment ``Loaded from fixture file fixtures/cast-and-crew.json``
  (``filmkb.history.fixture_comment``); the history shows such a revision's
  author as "the fixtures".
* An unchanged row gets nothing, so a second reload of the same files adds
  no versions.

The queries do not grow with the rows: per model one SELECT (related rows
joined, owned rows and many-to-many values prefetched), one for the content
types, and bulk INSERTs of the revisions and versions.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import router
from django.db.models import Prefetch
from django.utils.encoding import force_str
from reversion import is_registered
from reversion.models import Revision, Version
from reversion.revisions import _get_options

from filmkb.admin_utils import register_history
from filmkb.history import fixture_comment

BATCH = 500


def file_label(file_name: str) -> str:
    """A fixture path as the comment names it: relative to the project when inside it."""
    path = Path(file_name)
    try:
        return str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path)


def owner_fields() -> dict:
    """model -> the foreign key to its owner, for rows followed by a registered owner."""
    owners = {}
    for model in apps.get_models():
        if not is_registered(model):
            continue
        follow = set(_get_options(model).follow)
        for rel in model._meta.related_objects:
            if rel.get_accessor_name() in follow:
                owners[rel.related_model] = rel.field
    return owners


def _roots(plan, owners) -> dict:
    """(model, pk) -> fixture file, for every row that needs a baseline revision."""
    files = {}
    for label in plan.synced:
        for rec in plan.desired.get(label, []):
            files[(type(rec.instance), rec.instance.pk)] = rec.file
    roots: dict[tuple, str] = {}

    def add(model, pk, file_name):
        owner = owners.get(model)
        if owner is not None:
            target = (owner.related_model, pk)
            roots.setdefault(target, files.get(target, file_name))
        elif is_registered(model):
            roots[(model, pk)] = file_name

    for label in plan.synced:
        for rec in [*plan.creates.get(label, []), *plan.updates.get(label, [])]:
            owner = owners.get(type(rec.instance))
            pk = getattr(rec.instance, owner.attname) if owner else rec.instance.pk
            add(type(rec.instance), pk, rec.file)
        for row in plan.deletes.get(label, []):
            owner = owners.get(type(row.obj))
            if owner is not None:
                add(type(row.obj), getattr(row.obj, owner.attname), plan.result.files[0])
    return roots


def _related_names(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.is_relation]


def _fetch(model, pks):
    """The rows, with what serializing them and naming them needs, in a fixed number of queries."""
    options = _get_options(model)
    prefetch = [f.name for f in model._meta.many_to_many]
    for name in options.follow:
        rel = next(r for r in model._meta.related_objects if r.get_accessor_name() == name)
        child = rel.related_model
        prefetch.append(
            Prefetch(
                name,
                queryset=child._base_manager.select_related(
                    *_related_names(child)
                ).prefetch_related(*[f.name for f in child._meta.many_to_many]),
            )
        )
    return (
        model._base_manager.filter(pk__in=pks)
        .select_related(*_related_names(model))
        .prefetch_related(*prefetch)
    )


def _version(obj, content_types, db) -> Version:
    options = _get_options(type(obj))
    return Version(
        content_type=content_types[type(obj)],
        object_id=force_str(getattr(obj, options.object_id_field)),
        db=db,
        format=options.format,
        serialized_data=serializers.serialize(
            options.format,
            (obj,),
            fields=options.fields,
            use_natural_foreign_keys=options.use_natural_foreign_keys,
        ),
        object_repr=force_str(obj),
    )


def record_baseline(plan, now) -> int:
    """Write a revision for every row the plan created or changed; return how many.

    Call after the plan's rows are written, inside its transaction.
    """
    register_history()
    owners = owner_fields()
    roots = _roots(plan, owners)
    if not roots:
        return 0
    by_model: dict[type, dict[int, str]] = defaultdict(dict)
    for (model, pk), file_name in roots.items():
        by_model[model][pk] = file_name
    db = router.db_for_write(Revision)
    models = set(by_model)
    for model in by_model:
        models.update(
            rel.related_model
            for rel in model._meta.related_objects
            if rel.get_accessor_name() in _get_options(model).follow
        )
    # One query, every time (ContentType's cache would make the count vary).
    wanted = {(m._meta.app_label, m._meta.model_name): m for m in models}
    content_types = {
        wanted[(ct.app_label, ct.model)]: ct
        for ct in ContentType.objects.filter(
            app_label__in={key[0] for key in wanted}, model__in={key[1] for key in wanted}
        )
        if (ct.app_label, ct.model) in wanted
    }
    missing = models - set(content_types)
    if missing:  # a model created after the last migrate: let Django make the row
        content_types.update(ContentType.objects.get_for_models(*missing))

    pending = []  # (revision, [versions])
    for model, pks in by_model.items():
        options = _get_options(model)
        for obj in _fetch(model, list(pks)):
            versions = [_version(obj, content_types, db)]
            for name in options.follow:
                versions.extend(
                    _version(child, content_types, db) for child in getattr(obj, name).all()
                )
            revision = Revision(
                date_created=now, user=None, comment=fixture_comment(file_label(pks[obj.pk]))
            )
            pending.append((revision, versions))
    Revision.objects.using(db).bulk_create([r for r, _ in pending], batch_size=BATCH)
    versions = []
    for revision, revision_versions in pending:
        for version in revision_versions:
            version.revision = revision
            versions.append(version)
    Version.objects.using(db).bulk_create(versions, batch_size=BATCH)
    return len(pending)
