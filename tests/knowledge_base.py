"""The article's fixtures with the suite's fictional second film beside them.

``tests/fixtures/`` has the layout of ``fixtures/``: the folder of *The Salt
Cartographer* (1999), a film that does not exist, plus the few shared rows
it needs (its invented people, companies, sources and an award ceremony with
no stated edition). It shares people (Spike Jonze, Scarlett Johansson) and a
ceremony (the 86th Academy Awards) with the article's film, and holds a
disagreement the article has no kind of: two distributors. Tests that load
the knowledge base load both, so nothing passes only because there is one film.
"""

import json

from django.conf import settings

from films import sync

ARTICLE_DIR = settings.BASE_DIR / "fixtures"
TEST_FILM_DIR = settings.BASE_DIR / "tests" / "fixtures"
FIXTURE_DIRS = [ARTICLE_DIR, TEST_FILM_DIR]
ARTICLE_FILM = "her-2013"
TEST_FILM = "salt-cartographer-1999"


def load(**kwargs):
    """Reload the article and the test film (``force``: tests start from any state)."""
    return sync.reload_fixtures(fixture_dirs=FIXTURE_DIRS, force=True, **kwargs)


def objects_of(root, relative):
    path = root / relative
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
