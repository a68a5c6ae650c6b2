"""A film's pages: the overview at its URL and the section pages beneath it.

Each page takes the arranged film (``films.pages.film.arrange_film``), keeps the parts
it shows, and numbers the citations of those parts only, in template order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from awards.models import Nomination, NominationTally
from filmkb.links import path_for
from films.models import (
    AggregateScore,
    BoxOfficeFigure,
    Credit,
    Dedication,
    ExternalLink,
    Film,
    FilmCompany,
    FilmDescription,
    FilmMusic,
    FilmTheme,
    FilmTitle,
    MusicCredit,
    ProductionEvent,
    Quotation,
    Recast,
    RelatedWork,
    Release,
    Review,
    TopTenEntry,
)
from films.pages.fetch import KINDS, cited_sources, fetch_film
from films.pages.film import (
    CeremonyAccolades,
    Group,
    _groups,
    _with_quotations,
    arrange_film,
)


# What each part of the film's pages registers, in the order its template shows it.
def _register_summary(index, page):
    for value in page.summary.values():
        for item in value:
            index.add_all(item.facts if isinstance(item, Group) else [item])


def _register_plot(index, page):
    index.add_all(page.plot_descriptions)


def _register_brief(index, page):
    index.add_all(page.brief_descriptions)


def _register_cast(index, page):
    index.add_all(page.cast)
    index.add_all(page.recasts)
    for _, members in page.crew:
        index.add_all(members)


def _register_production(index, page):
    _groups(index, page.events, quotations=True)


def _register_music(index, page):
    _with_quotations(index, page.music)
    index.add_all(page.music_credits)


def _register_release(index, page):
    _groups(index, page.releases)
    _groups(index, page.figures)


def _register_reception(index, page):
    _groups(index, page.scores, quotations=True)
    _with_quotations(index, page.reviews)
    index.add_all(page.top_ten)


def _register_awards(index, page):
    for group in page.accolades:
        index.add_all(group.tallies)
        index.add_all(group.nominations)


def _register_about(index, page):
    index.add_all(page.themes)
    index.add_all(page.related)
    index.add_all(page.dedications)
    index.add_all(page.external_links)


@dataclass(frozen=True)
class Section:
    """One page of a film's full detail: its URL slug, heading and parts (in order)."""

    slug: str
    title: str
    parts: tuple = ()

    @property
    def templates(self):
        return [f"films/film/{part}.html" for part in self.parts]


SECTIONS = {
    section.slug: section
    for section in [
        Section("cast", "Cast and crew", ("summary", "cast", "crew")),
        Section("production", "Production", ("production",)),
        Section("release", "Release and box office", ("release", "box_office")),
        Section("reception", "Reception", ("critical_response", "top_ten")),
        Section("awards", "Awards", ("accolades",)),
        Section("music", "Music", ("music",)),
        Section(
            "about",
            "Plot, themes and more",
            ("plot", "in_brief", "themes", "related_works", "dedication", "external_links"),
        ),
        Section("references", "References"),
    ]
}
# Paths above an entity's page that answer with the section holding it.
SECTION_ALIASES = {
    "characters": "cast",
    "releases": "release",
    "reviews": "reception",
}


def section_urls(slug):
    """The URLs of a film's section pages, by section slug."""
    return {section: path_for(f"films:film_{section}", slug=slug) for section in SECTIONS}


SECTION_REGISTERS = {
    "cast": [_register_summary, _register_cast],
    "production": [_register_production],
    "release": [_register_release],
    "reception": [_register_reception],
    "awards": [_register_awards],
    "music": [_register_music],
    "about": [_register_plot, _register_brief, _register_about],
}


# The kinds of fact each page shows (the summary box shows titles, credits, companies,
# releases and box office). A page fetches these and nothing else.
SUMMARY_KINDS = (FilmTitle, Credit, FilmCompany, Release, BoxOfficeFigure)
PAGE_KINDS = {
    "overview": (
        FilmDescription,
        Credit,
        FilmCompany,
        Release,
        BoxOfficeFigure,
        AggregateScore,
        Review,
        TopTenEntry,
        Nomination,
    ),
    "cast": (*SUMMARY_KINDS, Recast),
    "production": (ProductionEvent,),
    "release": (Release, BoxOfficeFigure),
    "reception": (AggregateScore, Review, TopTenEntry),
    "awards": (Nomination, NominationTally),
    "music": (FilmMusic, MusicCredit),
    "about": (FilmDescription, FilmTheme, RelatedWork, Dedication, ExternalLink),
}
# The references page lists every source the film's facts and quotations cite, numbered
# section by section (the kinds in the order the sections show them, a quotation's with
# the first kind that carries quotations), fact by fact in the order they were recorded.
REFERENCE_KINDS = list(
    dict.fromkeys(
        kind for page, kinds in PAGE_KINDS.items() if page != "overview" for kind in kinds
    )
)
REFERENCE_KINDS.insert(
    next(i for i, kind in enumerate(REFERENCE_KINDS) if KINDS[kind].quoted_by) + 1, Quotation
)
REFERENCE_KINDS = tuple(REFERENCE_KINDS)
# What a page shows besides its facts: the film's genres, countries and languages (the
# overview's header and data, the summary box); each row's nested lists (a section
# page shows them all; the overview only reviews' quotes, in its data for search
# engines; the references page none); quotations (numbered on every page but the
# overview).
SHOWS_FILM_LISTS = {"overview", "cast"}
SHOWS_NESTED = {**PAGE_KINDS, "overview": (Review,)}
SHOWS_QUOTATIONS = set(PAGE_KINDS) - {"overview"}


def build_film_page(film, rows, section="overview"):
    """Arrange a film's fetched rows for one of its pages and number that page's citations."""
    page = arrange_film(film, rows)
    page.section = section
    page.section_urls = section_urls(film.slug)
    page.section_links = [(sec, page.section_urls[slug]) for slug, sec in SECTIONS.items()]
    index = page.citations
    if section == "overview":
        page.overview = overview(page)
        _register_overview(index, page)
    else:
        for register in SECTION_REGISTERS.get(section, ()):
            register(index, page)
    return page


def film_page(slug, section="overview"):
    """One of a film's pages (404 if no such film): only the rows that page shows."""
    if section == "references":
        return references_page(slug)
    film, rows = fetch_film(
        slug,
        PAGE_KINDS[section],
        nested=SHOWS_NESTED[section],
        quotations=section in SHOWS_QUOTATIONS,
        many=section in SHOWS_FILM_LISTS,
    )
    return build_film_page(film, rows, section)


def references_page(slug):
    """The film's references page: its sources and their notes, in two queries."""
    film = get_object_or_404(Film, slug=slug)
    page = build_film_page(film, {}, "references")
    for source, note in cited_sources(film.pk, REFERENCE_KINDS):
        page.citations.add_source(source, note)
    return page


OVERVIEW_HEADER_CAST = 4
OVERVIEW_CAST = 8
OVERVIEW_REVIEWS = 3
OVERVIEW_TOP_TEN = 5
OVERVIEW_CEREMONIES = 6
KEY_RELEASE_KINDS = [Release.Kind.WORLD_PREMIERE, Release.Kind.LIMITED, Release.Kind.WIDE]


@dataclass
class AwardsSummary:
    """Counts of the nominations listed for a film: the headline body's and all."""

    headline: CeremonyAccolades | None
    nominations: int
    wins: int


def awards_summary(accolades):
    """The ceremony with most listed nominations (first in date order on a tie), and totals."""
    listed = [group for group in accolades if group.nominations]
    headline = max(listed, key=lambda g: g.listed, default=None)
    return AwardsSummary(
        headline=headline,
        nominations=sum(g.listed for g in listed),
        wins=sum(g.listed_wins for g in listed),
    )


def _key_dates(release_groups):
    firsts = {}
    for group in release_groups:
        firsts.setdefault(group.fact.kind, group)
    return [firsts[kind] for kind in KEY_RELEASE_KINDS if kind in firsts]


def _notable_top_ten(entries):
    ranked = sorted(entries, key=lambda e: (e.rank is None, e.rank or 0))
    return ranked[:OVERVIEW_TOP_TEN]


def overview(page):
    """What the overview shows of each section: a few rows, each a link to the rest."""
    summary = page.summary
    return {
        "header_cast": summary["starring"][:OVERVIEW_HEADER_CAST],
        "awards": awards_summary(page.accolades),
        "cast": page.cast[:OVERVIEW_CAST],
        "key_dates": _key_dates(summary["release_dates"]),
        "reviews": page.reviews[:OVERVIEW_REVIEWS],
        "top_ten": _notable_top_ten(page.top_ten),
        "ceremonies": sorted(
            (g for g in page.accolades if g.nominations),
            key=lambda g: (-g.listed_wins, -g.listed),
        )[:OVERVIEW_CEREMONIES],
    }


def _register_overview(index, page):
    """The overview's facts in the order its template shows them."""
    shown = page.overview
    summary = page.summary
    index.add_all(summary["directed_by"])
    index.add_all(summary["written_by"])
    index.add_all(shown["header_cast"])
    _groups(index, page.scores)
    _register_plot(index, page)
    index.add_all(shown["cast"])
    _groups(index, shown["key_dates"])
    _groups(index, summary["budget"])
    _groups(index, summary["box_office"])
    index.add_all(shown["reviews"])
    index.add_all(shown["top_ten"])
