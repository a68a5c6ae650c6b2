"""The film page: one place that knows which rows it needs.

``film_page(slug)`` fetches the film with everything its page shows in a fixed
number of queries (prefetches, never queries in template loops), registers
each fact with a ``CitationIndex`` in the order the template renders it, and
returns a ``FilmPage`` the template only reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.functional import cached_property

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

    # Set by films.pages.sections.build_film_page: what the references page
    # registers (in its order), and the section pages' URLs.
    reference_registers: list = field(default_factory=list)
    section_urls: dict = field(default_factory=dict)
    section_links: list = field(default_factory=list)

    @cached_property
    def all_references(self):
        """Every source the film's pages cite, numbered as on its references page."""
        index = CitationIndex()
        for register in self.reference_registers:
            register(index, self)
        return index.references

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


def _ceremony_key(group):
    ceremony = group.ceremony
    date = ceremony.date
    return (date is None, date.sort_key() if date else (ceremony.year or 0,), ceremony.name)
