"""A film's pages: their rows arranged into the lists the templates show.

``films.pages.fetch`` fetches the kinds of fact one page shows; ``arrange_film``
sorts and groups them (cast by billing, crew by department, disputed values side
by side) into a ``FilmPage`` the template only reads; ``films.pages.sections``
numbers the citations of what each page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from awards.models import Nomination, NominationTally
from films.charts import bar_chart
from films.citations import CitationIndex
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

    # Set by films.pages.sections.build_film_page: the section pages' URLs.
    section_urls: dict = field(default_factory=dict)
    section_links: list = field(default_factory=list)

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


def arrange_film(film, rows):
    """Arrange a film's fetched rows (``films.pages.fetch.fetch_film``) into the lists its
    pages show (no citations numbered yet). A kind the page did not fetch is empty."""

    def kind(model):
        return rows.get(model, [])

    titles = kind(FilmTitle)
    credits = kind(Credit)
    cast = sorted((c for c in credits if c.department == Credit.Department.CAST), key=_sort_cast)
    crew_credits = [c for c in credits if c.department != Credit.Department.CAST]
    companies = kind(FilmCompany)
    releases = sorted(kind(Release), key=_date_key)
    figures = kind(BoxOfficeFigure)

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
        kind(TopTenEntry),
        key=lambda e: (e.top_ten_list.year or 0, e.top_ten_list.name, e.pk),
    )
    accolades = {}
    for nomination in kind(Nomination):
        accolades.setdefault(nomination.ceremony_id, CeremonyAccolades(nomination.ceremony))
        accolades[nomination.ceremony_id].nominations.append(nomination)
    for tally in kind(NominationTally):
        accolades.setdefault(tally.ceremony_id, CeremonyAccolades(tally.ceremony))
        accolades[tally.ceremony_id].tallies.append(tally)
    return FilmPage(
        film=film,
        citations=CitationIndex(),
        descriptions=kind(FilmDescription),
        summary=summary,
        cast=cast,
        crew=crew,
        recasts=kind(Recast),
        events=group_disagreements(sorted(kind(ProductionEvent), key=_date_key)),
        music=kind(FilmMusic),
        music_credits=kind(MusicCredit),
        releases=group_disagreements(releases),
        figures=group_disagreements(figures),
        chart=chart,
        chart_rows=chart_rows,
        scores=group_disagreements(sorted(kind(AggregateScore), key=_score_key)),
        reviews=kind(Review),
        top_ten=top_ten,
        accolades=sorted(accolades.values(), key=_ceremony_key),
        themes=kind(FilmTheme),
        related=kind(RelatedWork),
        dedications=kind(Dedication),
        external_links=kind(ExternalLink),
    )


def _ceremony_key(group):
    ceremony = group.ceremony
    date = ceremony.date
    return (date is None, date.sort_key() if date else (ceremony.year or 0,), ceremony.name)
