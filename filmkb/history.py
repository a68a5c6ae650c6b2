"""Readable field-level diffs between django-reversion versions.

``version_diff(version)`` compares one saved version of an object with the
version saved before it: which fields changed (old and new value, shown the
way a curator reads them: choice labels, related objects by name, dates with
their precision) and which owned rows (citations, nominees, quotes…) saved
with it were added, changed or removed.

Versions written by ``reload_fixtures`` (``films.sync.history``) are the
loaded values every later edit is compared with. Their revision has no user
(no account stands for the fixtures) and a comment that starts with
``FIXTURE_COMMENT_PREFIX`` and names the file; ``author()`` shows such a
revision's author as "the fixtures".
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from reversion.models import Version
from reversion.revisions import _get_options

EMPTY = "—"
# Bookkeeping fields every save changes; listing them would hide the real change.
IGNORED_FIELDS = {"updated_at"}

FIXTURES_AUTHOR = "the fixtures"
FIXTURE_COMMENT_PREFIX = "Loaded from fixture file "


def fixture_comment(file_name):
    """The comment of a revision the fixture reload wrote for a row of ``file_name``."""
    return f"{FIXTURE_COMMENT_PREFIX}{file_name}"


def is_fixture_revision(revision):
    return revision.user_id is None and revision.comment.startswith(FIXTURE_COMMENT_PREFIX)


def author(revision):
    """Who saved a revision, as the history shows it."""
    if revision.user_id is not None:
        user = revision.user
        full_name = user.get_full_name()
        return f"{user.get_username()} ({full_name})" if full_name else user.get_username()
    if is_fixture_revision(revision):
        return FIXTURES_AUTHOR
    return "an unknown user (a script)"


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class RowDiff:
    kind: str  # the row's model, e.g. "credit citation"
    label: str  # the row as a curator knows it
    status: str  # added, changed, removed or unchanged
    changes: list[FieldChange] = field(default_factory=list)


def previous_version(version):
    """The version of the same object saved just before this one, or None."""
    return (
        Version.objects.filter(
            content_type_id=version.content_type_id,
            object_id=version.object_id,
            db=version.db,
            pk__lt=version.pk,
        )
        .select_related("revision")
        .order_by("-pk")
        .first()
    )


def display_value(model_field, value):
    """A stored value as a curator reads it."""
    if value is None or value in ("", []):
        return EMPTY
    if model_field.many_to_many:
        related = model_field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(sorted(str(obj) for obj in related)) or EMPTY
    if model_field.is_relation:
        obj = model_field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj is not None else f"#{value} (deleted)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def field_changes(model, old, new):
    """FieldChange for each field whose value differs between two field dicts.

    ``old`` is None for a new object: every filled-in field is listed.
    """
    old = old or {}
    changes = []
    opts = model._meta
    for model_field in [*opts.concrete_fields, *opts.many_to_many]:
        if model_field.primary_key or model_field.name in IGNORED_FIELDS:
            continue
        key = model_field.attname
        if key not in new and key not in old:
            continue
        before, after = old.get(key), new.get(key)
        if model_field.many_to_many:
            before, after = sorted(before or []), sorted(after or [])
        if before == after:
            continue
        changes.append(
            FieldChange(
                label=str(model_field.verbose_name),
                old=display_value(model_field, before),
                new=display_value(model_field, after),
            )
        )
    return changes


def _followed_versions(version, model):
    """Versions of owned rows saved in the same revision, keyed by (type, id)."""
    follow = set(_get_options(model).follow)
    related = [
        rel.related_model
        for rel in model._meta.related_objects
        if rel.get_accessor_name() in follow
    ]
    if not related:
        return {}
    types = ContentType.objects.get_for_models(*related).values()
    versions = version.revision.version_set.filter(content_type__in=types).exclude(pk=version.pk)
    return {(v.content_type_id, v.object_id): v for v in versions}


def version_diff(version):
    """Compare a version with the previous one: {"previous", "fields", "rows"}."""
    model = version._model
    previous = previous_version(version)
    fields = field_changes(model, previous.field_dict if previous else None, version.field_dict)
    now_rows = _followed_versions(version, model)
    before_rows = _followed_versions(previous, model) if previous else {}
    rows = []
    for key in sorted(now_rows.keys() | before_rows.keys()):
        new_v, old_v = now_rows.get(key), before_rows.get(key)
        row_model = (new_v or old_v)._model
        if new_v is None:
            status, changes = "removed", []
        else:
            changes = field_changes(
                row_model, old_v.field_dict if old_v else None, new_v.field_dict
            )
            if old_v is None:
                status = "added"
            elif changes:
                status = "changed"
            else:
                status = "unchanged"
        rows.append(
            RowDiff(
                kind=str(row_model._meta.verbose_name),
                label=(new_v or old_v).object_repr,
                status=status,
                changes=changes,
            )
        )
    return {"previous": previous, "fields": fields, "rows": rows}
