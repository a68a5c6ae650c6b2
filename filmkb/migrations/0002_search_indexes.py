"""Indexes for site search on PostgreSQL (films/search.py), chosen from EXPLAIN at scale.

* A GIN index on exactly the ``to_tsvector('simple', ...)`` expression that
  ``SearchVector(*fields, config="simple")`` compiles to, per searched table, so
  ``@@`` is an index scan instead of computing a vector for every row.
* GIN trigram indexes (pg_trgm) on ``UPPER(column::text)``, the expression
  ``icontains`` compiles to, for the substring arm ("Johans" finds Johansson).

SQLite has neither GIN nor pg_trgm; there the operations do nothing, and search
falls back to substring matching on small data.
"""

from django.db import migrations

# table -> columns searched together (the order matters: it is the expression)
FULL_TEXT = {
    "films_film": ["name", "stylized_title", "tagline"],
    "people_person": ["name", "description"],
    "people_organization": ["name", "description"],
    "films_character": ["name", "description"],
    "films_source": ["title", "byline"],
}
TRIGRAM = {
    "films_film": ["name", "stylized_title", "tagline"],
    "people_person": ["name", "description"],
    "people_personalias": ["name"],
    "people_organization": ["name", "description"],
    "people_organizationalias": ["name"],
    "films_character": ["name", "description"],
    "films_source": ["title", "byline"],
}


def _vector(columns):
    parts = " || ' ' || ".join(f"COALESCE(\"{c}\", '')" for c in columns)
    return f"to_tsvector('simple'::regconfig, {parts})"


def statements():
    yield "CREATE EXTENSION IF NOT EXISTS pg_trgm", None
    for table, columns in FULL_TEXT.items():
        name = f"{table}_fts"
        yield (
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (({_vector(columns)}))',
            f'DROP INDEX IF EXISTS "{name}"',
        )
    for table, columns in TRIGRAM.items():
        for column in columns:
            name = f"{table}_{column}_trgm"
            yield (
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)',
                f'DROP INDEX IF EXISTS "{name}"',
            )


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for forward, _ in statements():
        schema_editor.execute(forward)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, backward in statements():
        if backward:
            schema_editor.execute(backward)


class Migration(migrations.Migration):
    dependencies = [
        ("filmkb", "0001_curators_group"),
        ("films", "0001_initial"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
