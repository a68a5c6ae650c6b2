"""Synthetic film archive for performance work: generate it, and remove it.

``generate(films=..., people=..., credits=...)`` fills the database with
deterministic, realistic-looking data shaped like the article on *Her*: every
film has credits (a cast with characters and a crew), releases, box-office
figures, aggregate scores, reviews with quotations, top-ten entries,
nominations with nominees, production events and its own sources, and every
fact carries citations. Per-film counts follow the article (see ``PER_FILM``);
where the article is exceptional for an archive (76 sources, 60 top-ten lists
for one film) the count is reduced and the reason given beside it.

Memory stays bounded: films are written in chunks of ``chunk`` films with
``bulk_create``; the only whole-run state is one array of integer ids per
shared entity (people, organizations, lists, ceremonies, categories).
Foreign keys are resolved from those arrays by computed index, so nothing is
looked up row by row. The same ``seed`` gives the same rows.

Every synthetic entity has a slug or key starting with ``SYNTHETIC_PREFIX``
and every synthetic fact belongs to a synthetic film, so ``remove()`` can
delete them all, in dependency order and in batches, leaving curated data
untouched. Bulk writes fire no signals, so both functions bump the
knowledge-base version once at the end.
"""

from films.fixture_layout import SYNTHETIC_PREFIX
from films.scale.common import (
    AWARD_BODIES,
    CAST_SHARE,
    CEREMONY_YEARS,
    GENRES,
    ORGANIZATIONS_PER_PERSON,
    PER_FILM,
    Counts,
    film_name,
    person_name,
    synthetic,
)
from films.scale.generate import generate
from films.scale.remove import remove, synthetic_counts
from films.scale.shared import Shared

__all__ = [
    "AWARD_BODIES",
    "CAST_SHARE",
    "CEREMONY_YEARS",
    "GENRES",
    "ORGANIZATIONS_PER_PERSON",
    "PER_FILM",
    "SYNTHETIC_PREFIX",
    "Counts",
    "Shared",
    "film_name",
    "generate",
    "person_name",
    "remove",
    "synthetic",
    "synthetic_counts",
]
