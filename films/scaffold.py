"""Scaffold the fixture folder of a new film (``manage.py start_film``).

The folder ``fixtures/films/<slug>/`` gets a ``film.json`` holding the film
row alone, in the exact form ``export_fixtures`` writes, so the first reload
creates the film and a later export rewrites nothing. Facts are then added to
the topic files of ``films.fixture_layout.FILM_LAYOUT``, each citing a source
from ``fixtures/shared/sources.json``.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError

from films.fixture_layout import FILMS_DIR
from films.models import Film
from films.sync import Problem, SyncError, default_fixture_dirs, serialize, spec_for


def start_film(slug: str, title: str, year: int, fixture_dir: Path) -> Path:
    """Write ``<fixture_dir>/films/<slug>/film.json``; return its path.

    Refuses, naming what is wrong, a bad slug, title or year, a folder that
    already exists, and a slug another configured fixture directory already
    uses.
    """
    film = Film(name=title, slug=slug, year=year)
    try:
        film.full_clean(exclude=["updated_at"], validate_unique=False)
    except ValidationError as exc:
        problems = [
            Problem(" ".join(messages), obj=f"film {slug!r}", field=name)
            for name, messages in exc.message_dict.items()
        ]
        raise SyncError(problems) from None
    folder = Path(fixture_dir) / FILMS_DIR / slug
    taken = [d / FILMS_DIR / slug for d in [Path(fixture_dir), *default_fixture_dirs()]]
    for existing in taken:
        if existing.exists():
            raise SyncError(
                Problem(
                    f"a film folder for '{slug}' already exists; choose another slug",
                    file=str(existing),
                )
            )
    objects = [{"model": "films.film", "fields": serialize(film, spec_for("films.film"), {})}]
    folder.mkdir(parents=True)
    path = folder / "film.json"
    path.write_text(json.dumps(objects, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
