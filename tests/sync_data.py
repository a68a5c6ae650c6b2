"""A tiny hand-written fixture set for the reload tests, and helpers around it.

It holds the awkward cases the reload must handle: a self reference that
points forward (an organization listed before its parent, a release
superseded by one listed after it), a many-to-many forward reference (a song
on an album listed after it), a fact citing a source, a partial date and a
decimal amount.
"""

import copy
import json

from films import sync
from films.models import FixtureRecord, SiteState


def objects():
    return copy.deepcopy(_OBJECTS)


_OBJECTS = [
    {
        "model": "people.person",
        "fields": {"name": "Ann Critic", "slug": "ann-critic", "sort_name": "Critic, Ann"},
    },
    {
        "model": "people.person",
        "fields": {"name": "Joe Actor", "slug": "joe-actor", "sort_name": "Actor, Joe"},
    },
    {
        "model": "people.personalias",
        "fields": {"person": ["joe-actor"], "name": "J. Actor"},
    },
    {
        "model": "people.organization",
        "fields": {
            "name": "Daily Paper",
            "slug": "daily-paper",
            "kind": "publication",
            "parent": ["media-group"],
        },
    },
    {
        "model": "people.organization",
        "fields": {"name": "Media Group", "slug": "media-group", "kind": "publisher"},
    },
    {
        "model": "films.source",
        "fields": {
            "key": "paper-review",
            "title": "A review",
            "publication": ["daily-paper"],
            "published": "2013-12-18",
        },
    },
    {"model": "films.genre", "fields": {"name": "Drama", "slug": "drama"}},
    {"model": "films.genre", "fields": {"name": "Romance", "slug": "romance"}},
    {
        "model": "films.film",
        "fields": {
            "name": "Test Film",
            "slug": "test-film",
            "year": 2013,
            "genres": [["romance"], ["drama"]],
        },
    },
    {
        "model": "films.character",
        "fields": {"film": ["test-film"], "slug": "hero", "name": "Hero"},
    },
    {
        "model": "films.credit",
        "fields": {
            "film": ["test-film"],
            "key": "joe-as-hero",
            "person": ["joe-actor"],
            "department": "cast",
            "job": "actor",
            "character": ["test-film", "hero"],
            "billing_order": 1,
        },
    },
    {
        "model": "films.creditcitation",
        "fields": {"fact": ["test-film", "joe-as-hero"], "source": ["paper-review"]},
    },
    {
        "model": "films.release",
        "fields": {
            "film": ["test-film"],
            "key": "planned",
            "kind": "limited",
            "status": "superseded",
            "superseded_by": ["test-film", "actual"],
            "date": "2013-11-20",
        },
    },
    {
        "model": "films.release",
        "fields": {"film": ["test-film"], "key": "actual", "kind": "limited", "date": "2013-12"},
    },
    {
        "model": "films.boxofficefigure",
        "fields": {
            "film": ["test-film"],
            "key": "worldwide",
            "kind": "worldwide",
            "amount": "47351251",
        },
    },
    {
        "model": "films.musicwork",
        "fields": {"name": "Song", "slug": "song", "kind": "song", "albums": [["album"]]},
    },
    {
        "model": "films.musicwork",
        "fields": {"name": "Album", "slug": "album", "kind": "soundtrack_album", "track_count": 12},
    },
]


def write(path, items):
    path.write_text(json.dumps(items, indent=2), encoding="utf-8")
    return path


def find(items, model, **fields):
    """The one object of ``model`` whose fields include ``fields``."""
    (found,) = [
        o
        for o in items
        if o["model"] == model and all(o["fields"].get(k) == v for k, v in fields.items())
    ]
    return found


def snapshot():
    """Everything a reload may touch: every managed row, the records, the version."""
    return (
        sync.render_fixtures(),
        sorted(FixtureRecord.objects.values_list("model_label", "natural_key", "digest")),
        list(SiteState.objects.values_list("version", "last_reload_at")),
    )
