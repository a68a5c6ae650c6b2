"""The film page: one place that knows which rows it needs.

``film_page(slug)`` fetches the film with everything its page shows in a fixed
number of queries (prefetches, never queries in template loops), registers
each fact with a ``CitationIndex`` in the order the template renders it, and
returns a ``FilmPage`` the template only reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse

from awards.models import Nomination, NominationTally, Nominee
from films.charts import bar_chart
from films.citations import CitationIndex, cited_facts
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

STARRING_LIMIT = 6
THEATRICAL_KINDS = {
    Release.Kind.WORLD_PREMIERE,
    Release.Kind.FESTIVAL,
    Release.Kind.LIMITED,
    Release.Kind.WIDE,
    Release.Kind.NOT_STATED,
}
CHART_KINDS = [
    BoxOfficeFigure.Kind.BUDGET,
    BoxOfficeFigure.Kind.DOMESTIC,
    BoxOfficeFigure.Kind.INTERNATIONAL,
    BoxOfficeFigure.Kind.WORLDWIDE,
    BoxOfficeFigure.Kind.GROSS_SCOPE_NOT_STATED,
]
# The grosses "At a glance" shows: worldwide, or where a source does not say where.
SUMMARY_GROSS_KINDS = {BoxOfficeFigure.Kind.WORLDWIDE, BoxOfficeFigure.Kind.GROSS_SCOPE_NOT_STATED}


@dataclass
class Group:
    """One fact, or several facts giving different values for one disputed quantity."""

    facts: list
    disagreement: object = None

    @property
    def fact(self):
        return self.facts[0]

    @property
    def disputed(self):
        return self.disagreement is not None and len(self.facts) > 1


def group_disagreements(facts):
    """Gather facts sharing a Disagreement into one Group at the first one's place."""
    groups = []
    by_disagreement = {}
    for fact in facts:
        if fact.disagreement_id is None:
            groups.append(Group([fact]))
            continue
        group = by_disagreement.get(fact.disagreement_id)
        if group is None:
            group = Group([fact], fact.disagreement)
            by_disagreement[fact.disagreement_id] = group
            groups.append(group)
        else:
            group.facts.append(fact)
    return groups


# The film's relation holding each kind of fact.
FILM_RELATION = {
    FilmTitle: "titles",
    FilmDescription: "descriptions",
    FilmCompany: "companies",
    FilmTheme: "film_themes",
    Dedication: "dedications",
    RelatedWork: "related_works",
    ExternalLink: "external_links",
    Credit: "credits",
    Recast: "recasts",
    ProductionEvent: "production_events",
    FilmMusic: "music",
    MusicCredit: "music_credits",
    Release: "releases",
    BoxOfficeFigure: "box_office",
    AggregateScore: "aggregate_scores",
    Review: "reviews",
    TopTenEntry: "top_ten_entries",
    Nomination: "nominations",
    NominationTally: "nomination_tallies",
}


def _facts(model, *related, prefetch=()):
    """One kind of the film's facts, with their disagreement, in the film's order."""
    return cited_facts(
        FILM_RELATION[model],
        model,
        *related,
        prefetch=prefetch,
        order_by=_within_one_film(model._meta.ordering),
    )


def _within_one_film(ordering):
    """A fact model's ordering for one film's rows: "film" would join the film table
    and sort by its name, the same for every row, so it becomes the plain column."""
    return ["film_id" if item == "film" else item for item in ordering]


def quotations():
    """The quotations a fact's row shows, with their speakers and citations (two queries)."""
    return cited_facts(
        "quotations",
        Quotation,
        "speaker_person",
        "speaker_organization",
        order_by=["order", "id"],
    )


def film_detail_queryset():
    """The film with every row its page shows (one query per table, see tests)."""
    return Film.objects.prefetch_related(
        "genres",
        "countries",
        "languages",
        _facts(FilmTitle, "territory"),
        _facts(FilmDescription),
        _facts(FilmCompany, "organization", prefetch=["territories"]),
        _facts(FilmTheme, "theme"),
        _facts(Dedication, "person"),
        _facts(RelatedWork, "work"),
        _facts(ExternalLink),
        _facts(Credit, "person", "organization", "character__film"),
        _facts(
            Recast,
            "character__film",
            "replaced__person",
            "replaced__organization",
            "replacement__person",
            "replacement__organization",
        ),
        _facts(ProductionEvent, prefetch=["people", "organizations", "locations", quotations()]),
        _facts(FilmMusic, "work", prefetch=[quotations()]),
        _facts(MusicCredit, "work", "person", "organization"),
        _facts(
            Release,
            "territory",
            "location",
            "festival",
            "distributor",
            "superseded_by__film",
            "music_work",
        ),
        _facts(BoxOfficeFigure, "territory", "release"),
        _facts(AggregateScore, "aggregator", prefetch=[quotations()]),
        _facts(Review, "critic", "publication", prefetch=["quotes", quotations()]),
        _facts(TopTenEntry, "top_ten_list__publication", prefetch=["top_ten_list__critics"]),
        _facts(
            Nomination,
            "ceremony__body",
            "category",
            prefetch=[
                Prefetch(
                    "nominees",
                    # nominees in their nomination's order; "nomination" would join
                    # and sort by the film, ceremony and category names
                    queryset=Nominee.objects.select_related(
                        "person", "organization", "music_work"
                    ).order_by("nomination_id", "order"),
                )
            ],
        ),
        _facts(NominationTally, "ceremony__body"),
    )


@dataclass
class CeremonyAccolades:
    ceremony: object
    nominations: list = field(default_factory=list)
    tallies: list = field(default_factory=list)

    @property
    def listed(self):
        return len(self.nominations)

    @property
    def listed_wins(self):
        return sum(1 for n in self.nominations if n.result == Nomination.Result.WON)


@dataclass
class FilmPage:
    film: Film
    citations: CitationIndex
    descriptions: list
    summary: dict
    cast: list
    crew: list
    recasts: list
    events: list
    music: list
    music_credits: list
    releases: list
    figures: list
    chart: object
    chart_rows: list
    scores: list
    reviews: list
    top_ten: list
    accolades: list
    themes: list
    related: list
    dedications: list
    external_links: list
    section: str = "overview"
    overview: dict = field(default_factory=dict)

    @cached_property
    def all_references(self):
        """Every source the film's pages cite, numbered as on its references page."""
        index = CitationIndex()
        for register in SECTION_REGISTERS["references"]:
            register(index, self)
        return index.references

    @cached_property
    def section_urls(self):
        """Each section page's URL by slug, for "See all" links."""
        return section_urls(self.film.slug)

    @property
    def section_links(self):
        urls = self.section_urls
        return [(section, urls[slug]) for slug, section in SECTIONS.items()]

    @property
    def plot_descriptions(self):
        return [d for d in self.descriptions if d.kind == FilmDescription.Kind.PLOT]

    @property
    def brief_descriptions(self):
        return [d for d in self.descriptions if d.kind != FilmDescription.Kind.PLOT]


def _sort_cast(credit):
    return (credit.billing_order is None, credit.billing_order or 0, credit.pk)


SCORE_METRICS = list(AggregateScore.Metric)


def _score_key(score):
    """Critics' approval first, then weighted averages, then audience grades."""
    return (SCORE_METRICS.index(score.metric), score.pk)


def _date_key(fact):
    date = getattr(fact, "date", None)
    return (date is None, date.sort_key() if date else (0,), fact.pk)


def _with_quotations(index, facts):
    """Register facts and, after each, the quotations shown with it."""
    for fact in facts:
        index.add(fact)
        index.add_all(list(fact.quotations.all()))
    return facts


def _groups(index, groups, quotations=False):
    for group in groups:
        if quotations:
            _with_quotations(index, group.facts)
        else:
            index.add_all(group.facts)


def arrange_film(film):
    """Arrange a prefetched film into the lists its pages show (no citations yet)."""
    titles = list(film.titles.all())
    credits = list(film.credits.all())
    cast = sorted((c for c in credits if c.department == Credit.Department.CAST), key=_sort_cast)
    crew_credits = [c for c in credits if c.department != Credit.Department.CAST]
    companies = list(film.companies.all())
    releases = sorted(film.releases.all(), key=_date_key)
    figures = list(film.box_office.all())

    def jobs(*departments):
        return [c for c in crew_credits if c.department in departments]

    summary = {
        "titles": group_disagreements(titles),
        "directed_by": jobs(Credit.Department.DIRECTING),
        "written_by": jobs(Credit.Department.WRITING),
        "produced_by": [
            c for c in jobs(Credit.Department.PRODUCTION) if c.job == Credit.Job.PRODUCER
        ],
        "starring": [
            c for c in cast if c.status == Credit.Status.FINAL and c.billing_order is not None
        ][:STARRING_LIMIT],
        "music_by": jobs(Credit.Department.MUSIC),
        "cinematography": jobs(Credit.Department.CAMERA),
        "editing": jobs(Credit.Department.EDITING),
        "companies": [c for c in companies if c.role == FilmCompany.Role.PRODUCTION],
        "distributors": [c for c in companies if c.role == FilmCompany.Role.DISTRIBUTION],
        "other_companies": [
            c
            for c in companies
            if c.role not in {FilmCompany.Role.PRODUCTION, FilmCompany.Role.DISTRIBUTION}
        ],
        "release_dates": group_disagreements(
            r
            for r in releases
            if r.kind in THEATRICAL_KINDS and r.status != Release.Status.SUPERSEDED
        ),
        "budget": group_disagreements(f for f in figures if f.kind == BoxOfficeFigure.Kind.BUDGET),
        "box_office": group_disagreements(f for f in figures if f.kind in SUMMARY_GROSS_KINDS),
    }
    crew = []
    for department, label in Credit.Department.choices:
        members = [c for c in crew_credits if c.department == department]
        if members:
            crew.append((label, members))
    chart_rows = [f for f in figures if f.kind in CHART_KINDS]
    chart_rows.sort(key=lambda f: (CHART_KINDS.index(f.kind), f.pk))
    chart = bar_chart(
        (
            f.get_kind_display() + (" (disputed)" if f.disagreement_id else ""),
            f.amount,
            f.display_amount,
            "bar-budget" if f.kind == BoxOfficeFigure.Kind.BUDGET else "bar-gross",
        )
        for f in chart_rows
    )
    top_ten = sorted(
        film.top_ten_entries.all(),
        key=lambda e: (e.top_ten_list.year or 0, e.top_ten_list.name, e.pk),
    )
    accolades = {}
    for nomination in film.nominations.all():
        accolades.setdefault(nomination.ceremony_id, CeremonyAccolades(nomination.ceremony))
        accolades[nomination.ceremony_id].nominations.append(nomination)
    for tally in film.nomination_tallies.all():
        accolades.setdefault(tally.ceremony_id, CeremonyAccolades(tally.ceremony))
        accolades[tally.ceremony_id].tallies.append(tally)
    return FilmPage(
        film=film,
        citations=CitationIndex(),
        descriptions=list(film.descriptions.all()),
        summary=summary,
        cast=cast,
        crew=crew,
        recasts=list(film.recasts.all()),
        events=group_disagreements(sorted(film.production_events.all(), key=_date_key)),
        music=list(film.music.all()),
        music_credits=list(film.music_credits.all()),
        releases=group_disagreements(releases),
        figures=group_disagreements(figures),
        chart=chart,
        chart_rows=chart_rows,
        scores=group_disagreements(sorted(film.aggregate_scores.all(), key=_score_key)),
        reviews=list(film.reviews.all()),
        top_ten=top_ten,
        accolades=sorted(accolades.values(), key=_ceremony_key),
        themes=list(film.film_themes.all()),
        related=list(film.related_works.all()),
        dedications=list(film.dedications.all()),
        external_links=list(film.external_links.all()),
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
    return {
        section: reverse(f"films:film_{section}", kwargs={"slug": slug}) for section in SECTIONS
    }


SECTION_REGISTERS = {
    "cast": [_register_summary, _register_cast],
    "production": [_register_production],
    "release": [_register_release],
    "reception": [_register_reception],
    "awards": [_register_awards],
    "music": [_register_music],
    "about": [_register_plot, _register_brief, _register_about],
}
# The references page numbers every source in the order the sections show them.
SECTION_REGISTERS["references"] = [
    register for registers in SECTION_REGISTERS.values() for register in registers
]


def build_film_page(film, section="overview"):
    """Arrange a prefetched film for one of its pages and number that page's citations."""
    page = arrange_film(film)
    page.section = section
    index = page.citations
    if section == "overview":
        page.overview = overview(page)
        _register_overview(index, page)
    else:
        for register in SECTION_REGISTERS[section]:
            register(index, page)
    return page


def _ceremony_key(group):
    ceremony = group.ceremony
    date = ceremony.date
    return (date is None, date.sort_key() if date else (ceremony.year or 0,), ceremony.name)


def film_page(slug, section="overview"):
    film = get_object_or_404(film_detail_queryset(), slug=slug)
    return build_film_page(film, section)


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
