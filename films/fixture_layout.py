"""Which fixture file holds which models, in load order.

``reload_fixtures`` reads the files in this order and ``export_fixtures``
writes them back in the same layout. Within a file, objects are grouped by
model in the order listed and sorted by natural key, so a change shows up as
a small diff in review. Files are topical, not per film: every film's rows of
one kind live together.
"""

FIXTURE_LAYOUT: dict[str, list[str]] = {
    "people.json": [
        "people.person",
        "people.personalias",
        "people.organization",
        "people.organizationalias",
        "people.membership",
    ],
    "sources.json": [
        "films.source",
        "films.sourceauthor",
        "films.sourcesection",
    ],
    "film.json": [
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
        "films.musicwork",
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
        "films.toptenlist",
        "films.toptenentry",
        "films.quotation",
        "films.aggregatescorecitation",
        "films.reviewcitation",
        "films.toptenentrycitation",
        "films.quotationcitation",
    ],
    "awards.json": [
        "awards.ceremony",
        "awards.category",
        "awards.nomination",
        "awards.nominee",
        "awards.nominationtally",
        "awards.nominationcitation",
        "awards.nominationtallycitation",
    ],
}

# Fields that belong to the running site, not to the curated data.
EXCLUDED_FIELDS = frozenset({"updated_at", "verified_on", "verified_by"})

# Rows whose slug or key starts with this prefix are synthetic scale data
# (``generate_scale_data``): never loaded from, exported to, or deleted by the
# fixture sync, so a reload on a benchmark database leaves them alone.
SYNTHETIC_PREFIX = "synthetic-"
