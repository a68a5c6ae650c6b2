"""The admin index: models grouped by topic with readable names; inline-edited tables kept off."""

from django.contrib import admin

# The admin index: groups of models by topic, in the order a curator works, with
# readable names. Models no group lists stay under their app's name; rows edited
# inline on their owner's page (citations, aliases, source authors, quotations,
# nominees) are left off the index (``HiddenFromIndex``) but keep their URLs.
ADMIN_GROUPS = (
    ("people", "People and organizations", ("person", "organization", "membership")),
    ("films", "Sources", ("source", "disagreement")),
    (
        "films",
        "The film and its credits",
        (
            "film",
            "filmdescription",
            "quotation",
            "credit",
            "character",
            "recast",
            "filmtitle",
            "filmcompany",
            "dedication",
            "externallink",
        ),
    ),
    ("films", "Production", ("productionevent",)),
    ("films", "Music", ("filmmusic", "musiccredit", "musicwork")),
    ("films", "Release and box office", ("release", "boxofficefigure")),
    ("films", "Reception", ("review", "aggregatescore", "toptenlist", "toptenentry")),
    ("awards", "Awards", ("nomination", "nominationtally", "ceremony", "category")),
    ("films", "Themes and related works", ("filmtheme", "relatedwork", "work")),
    (
        "films",
        "Vocabularies (genres, places, languages)",
        ("genre", "language", "theme", "territory", "location"),
    ),
    ("films", "Housekeeping (written by the fixture reload)", ("fixturerecord", "sitestate")),
)
ADMIN_NAMES = {
    "films.filmtitle": "Titles of a film",
    "films.filmdescription": "Descriptions of a film (genre line, origin, premise)",
    "films.quotation": "Quotations (verbatim, attributed)",
    "films.filmcompany": "Companies of a film (production, distribution)",
    "films.filmtheme": "Themes of a film",
    "films.filmmusic": "Music used in a film",
    "films.recast": "Recastings",
    "films.relatedwork": "Related works of a film",
    "films.work": "Works (books, films, episodes, songs)",
    "films.aggregatescore": "Aggregate scores (Rotten Tomatoes, Metacritic…)",
    "films.toptenlist": "Top-ten lists",
    "films.toptenentry": "Top-ten list entries",
    "films.boxofficefigure": "Box office figures and budgets",
    "films.productionevent": "Production events",
    "films.externallink": "External links",
    "films.fixturerecord": "Fixture reload records",
    "films.sitestate": "Knowledge-base version",
    "awards.nominationtally": "Nomination tallies stated by sources",
    "people.membership": "Band and group memberships",
}


def group_app_list(app_list):
    """The admin's app list regrouped by ADMIN_GROUPS, in the shape app_list.html reads."""
    by_label = {}
    for app in app_list:
        for model in app["models"]:
            by_label[(app["app_label"], model["object_name"].lower())] = (app, model)
    grouped, placed = [], set()
    for app_label, title, model_names in ADMIN_GROUPS:
        app, models = None, []
        for name in model_names:
            if (app_label, name) in by_label:
                placed.add((app_label, name))
                app, model = by_label[(app_label, name)]
                label = f"{app_label}.{name}"
                models.append({**model, "name": ADMIN_NAMES.get(label, model["name"])})
        if models:
            grouped.append({**app, "name": title, "models": models})
    for app in app_list:  # whatever no group lists (user accounts, lockouts, new models)
        rest = [
            m for m in app["models"] if (app["app_label"], m["object_name"].lower()) not in placed
        ]
        if rest:
            grouped.append({**app, "models": rest})
    return grouped


admin.site.site_header = "Film KB curation"
admin.site.site_title = "Film KB admin"
admin.site.index_title = "Knowledge base"


class HiddenFromIndex:
    """Rows edited inline on their owner's page: not listed on the admin index.

    The admin still serves their pages (history, a link from a search), and
    permissions are unchanged; Django leaves a model off the index when
    ``get_model_perms`` grants nothing.
    """

    def get_model_perms(self, request):
        return {"add": False, "change": False, "delete": False, "view": False}
