"""sitemap.xml: every page with its own address, with lastmod from updated_at."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from awards.models import Category, Ceremony, Nomination
from films.models import (
    Character,
    Film,
    Genre,
    Language,
    Location,
    MusicWork,
    ProductionEvent,
    Release,
    Review,
    Source,
    Territory,
    Theme,
    TopTenList,
    Work,
)
from people.models import Organization, Person


class ModelSitemap(Sitemap):
    model = None
    related = ()

    def items(self):
        return self.model._default_manager.select_related(*self.related).order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


class FilmSitemap(ModelSitemap):
    model = Film
    priority = 1.0


def _sitemap(model, *related, priority=0.5):
    return type(
        f"{model.__name__}Sitemap",
        (ModelSitemap,),
        {"model": model, "related": related, "priority": priority},
    )


class StaticSitemap(Sitemap):
    priority = 0.6

    def items(self):
        return [
            "films:home",
            "films:film_list",
            "people:person_list",
            "people:organization_list",
            "films:source_list",
            "films:review_list",
            "awards:index",
            "awards:nomination_list",
            "films:timeline",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": StaticSitemap,
    "films": FilmSitemap,
    "people": _sitemap(Person, priority=0.7),
    "organizations": _sitemap(Organization, priority=0.6),
    "sources": _sitemap(Source),
    "characters": _sitemap(Character, "film"),
    "events": _sitemap(ProductionEvent, "film"),
    "releases": _sitemap(Release, "film"),
    "reviews": _sitemap(Review, "film"),
    "ceremonies": _sitemap(Ceremony),
    "categories": _sitemap(Category),
    "nominations": _sitemap(Nomination, "film"),
    "genres": _sitemap(Genre),
    "territories": _sitemap(Territory),
    "languages": _sitemap(Language),
    "locations": _sitemap(Location),
    "themes": _sitemap(Theme),
    "works": _sitemap(Work),
    "music": _sitemap(MusicWork),
    "lists": _sitemap(TopTenList),
}
