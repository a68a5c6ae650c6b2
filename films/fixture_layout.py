"""Which fixture file holds which models, and in what order they load.

A fixture directory (``fixtures/``) holds two kinds of files:

* ``shared/<topic>.json``: entities any number of films refer to (people,
  organizations, sources, ceremonies, categories, works, music, lookups such
  as genres and territories). ``SHARED_LAYOUT`` lists them.
* ``films/<film-slug>/<topic>.json``: the facts of ONE film (the film row
  itself, its credits, releases, figures, reviews, nominations and their
  citations). ``FILM_LAYOUT`` lists them. A row belongs to the film whose slug
  starts its natural key, and must sit in that film's folder.

Adding a film adds a folder; no shared file has to change unless the film
names someone or something new. ``reload_fixtures`` reads the models in
``LOAD_ORDER`` whatever the number of folders, and ``export_fixtures`` writes
each row back to its own file. Within a file, objects are grouped by model in
the order listed and sorted by natural key, so a change is a small diff.
"""

SHARED_DIR = "shared"
FILMS_DIR = "films"

SHARED_LAYOUT: dict[str, list[str]] = {
    "people.json": [
        "people.person",
        "people.personalias",
        "people.organization",
        "people.organizationalias",
        "people.membership",
        "people.membershipcitation",
    ],
    "sources.json": [
        "films.source",
        "films.sourceauthor",
        "films.sourcesection",
    ],
    "lookups.json": [
        "films.genre",
        "films.territory",
        "films.language",
        "films.location",
        "films.theme",
    ],
    "works.json": [
        "films.work",
        "films.musicwork",
        "films.toptenlist",
    ],
    "awards.json": [
        "awards.ceremony",
        "awards.category",
    ],
}

FILM_LAYOUT: dict[str, list[str]] = {
    "film.json": [
        "films.film",
        "films.disagreement",
        "films.filmtitle",
        "films.filmcompany",
        "films.filmtheme",
        "films.dedication",
        "films.relatedwork",
        "films.externallink",
        "films.filmdescription",
        "films.filmtitlecitation",
        "films.filmcompanycitation",
        "films.filmthemecitation",
        "films.dedicationcitation",
        "films.relatedworkcitation",
        "films.externallinkcitation",
        "films.filmdescriptioncitation",
    ],
    "cast-and-crew.json": [
        "films.character",
        "films.credit",
        "films.recast",
        "films.creditcitation",
        "films.recastcitation",
    ],
    "production.json": [
        "films.productionevent",
        "films.productioneventcitation",
    ],
    "music.json": [
        "films.filmmusic",
        "films.musiccredit",
        "films.filmmusiccitation",
        "films.musiccreditcitation",
    ],
    "release-and-box-office.json": [
        "films.release",
        "films.boxofficefigure",
        "films.releasecitation",
        "films.boxofficefigurecitation",
    ],
    "reception.json": [
        "films.aggregatescore",
        "films.review",
        "films.reviewquote",
        "films.toptenentry",
        "films.quotation",
        "films.aggregatescorecitation",
        "films.reviewcitation",
        "films.toptenentrycitation",
        "films.quotationcitation",
    ],
    "awards.json": [
        "awards.nomination",
        "awards.nominee",
        "awards.nominationtally",
        "awards.nominationcitation",
        "awards.nominationtallycitation",
    ],
}

# Every fixture-managed model, in an order where a model comes after those it
# refers to (self references and the few forward ones, such as a work that is
# itself a film, are resolved in memory by the reload).
LOAD_ORDER: list[str] = [
    "people.person",
    "people.personalias",
    "people.organization",
    "people.organizationalias",
    "people.membership",
    "films.source",
    "films.sourceauthor",
    "films.sourcesection",
    "films.genre",
    "films.territory",
    "films.language",
    "films.location",
    "films.theme",
    "films.film",
    "films.work",
    "films.disagreement",
    "films.filmtitle",
    "films.filmcompany",
    "films.filmtheme",
    "films.dedication",
    "films.relatedwork",
    "films.externallink",
    "films.filmdescription",
    "people.membershipcitation",
    "films.filmtitlecitation",
    "films.filmcompanycitation",
    "films.filmthemecitation",
    "films.dedicationcitation",
    "films.relatedworkcitation",
    "films.externallinkcitation",
    "films.filmdescriptioncitation",
    "films.character",
    "films.credit",
    "films.recast",
    "films.creditcitation",
    "films.recastcitation",
    "films.productionevent",
    "films.productioneventcitation",
    "films.musicwork",
    "films.filmmusic",
    "films.musiccredit",
    "films.filmmusiccitation",
    "films.musiccreditcitation",
    "films.release",
    "films.boxofficefigure",
    "films.releasecitation",
    "films.boxofficefigurecitation",
    "films.aggregatescore",
    "films.review",
    "films.reviewquote",
    "films.toptenlist",
    "films.toptenentry",
    "films.quotation",
    "films.aggregatescorecitation",
    "films.reviewcitation",
    "films.toptenentrycitation",
    "films.quotationcitation",
    "awards.ceremony",
    "awards.category",
    "awards.nomination",
    "awards.nominee",
    "awards.nominationtally",
    "awards.nominationcitation",
    "awards.nominationtallycitation",
]

SHARED_FILE_OF = {label: name for name, labels in SHARED_LAYOUT.items() for label in labels}
FILM_FILE_OF = {label: name for name, labels in FILM_LAYOUT.items() for label in labels}

# Fields that belong to the running site, not to the curated data.
EXCLUDED_FIELDS = frozenset({"updated_at", "verified_on", "verified_by"})

# Rows whose slug or key starts with this prefix are synthetic scale data
# (``generate_scale_data``): never loaded from, exported to, or deleted by the
# fixture sync, so a reload on a benchmark database leaves them alone.
SYNTHETIC_PREFIX = "synthetic-"


def is_film_model(label: str) -> bool:
    """Whether rows of ``label`` belong to one film (and live in its folder)."""
    return label in FILM_FILE_OF


def owner_of(label: str, key) -> str | None:
    """The slug of the film a row belongs to, from its natural key; None for shared rows.

    The natural key of every film model starts with the film's slug: the film
    itself is ``(slug,)``, a fact ``(film slug, key)``, a citation
    ``(film slug, fact key, source key)``, a nominee ``(film slug,
    nomination key, order)``.
    """
    if not is_film_model(label) or not key:
        return None
    return str(key[0])


def check_layout() -> None:
    """Every managed model is in exactly one file and once in LOAD_ORDER."""
    placed = list(SHARED_FILE_OF) + list(FILM_FILE_OF)
    assert len(placed) == len(set(placed)), "a model is listed in two files"
    assert sorted(placed) == sorted(LOAD_ORDER), "LOAD_ORDER and the layouts list other models"
    assert len(LOAD_ORDER) == len(set(LOAD_ORDER)), "a model is listed twice in LOAD_ORDER"
