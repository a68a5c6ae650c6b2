"""Generating synthetic films in bounded-memory chunks, every fact cited."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction

from awards.models import (
    Nomination,
    NominationCitation,
    Nominee,
)
from filmkb.versioning import bump_version
from films.fixture_layout import SYNTHETIC_PREFIX
from films.models import (
    AggregateScore,
    AggregateScoreCitation,
    BoxOfficeFigure,
    BoxOfficeFigureCitation,
    Character,
    Credit,
    CreditCitation,
    Film,
    ProductionEvent,
    ProductionEventCitation,
    Release,
    ReleaseCitation,
    Review,
    ReviewCitation,
    ReviewQuote,
    Source,
    TopTenEntry,
    TopTenEntryCitation,
)
from films.scale.common import (
    _FIRST,
    _NOUNS,
    _WORDS,
    AWARD_BODIES,
    CAST_SHARE,
    CEREMONY_YEARS,
    GENRES,
    PER_FILM,
    Counts,
    _batched,
    film_name,
    quiet_progress,
    synthetic,
)
from films.scale.remove import synthetic_counts
from films.scale.shared import _make_shared


def _film(i, rng):
    year = CEREMONY_YEARS[rng.randrange(len(CEREMONY_YEARS))]
    return Film(
        name=film_name(i),
        slug=synthetic("film", i),
        year=year,
        runtime_minutes=rng.randint(80, 170),
        tagline=f"A {rng.choice(_WORDS)} story about a {rng.choice(_NOUNS).lower()}.",
        synopsis=" ".join(rng.choice(_WORDS) for _ in range(60)),
    )


class _FilmChunk:
    """Write every fact of a chunk of films; ids live only as long as the chunk."""

    def __init__(self, counts, shared, seed, batch_size):
        self.counts, self.shared, self.seed, self.batch_size = counts, shared, seed, batch_size

    def rng(self, film_index, part):
        # Not for security: a reproducible stream per film and kind of fact.
        return random.Random(f"{self.seed}:{film_index}:{part}")  # noqa: S311

    def write(self, indexes):
        films = [_film(i, self.rng(i, "film")) for i in indexes]
        Film.objects.bulk_create(films, batch_size=self.batch_size)
        self.films = dict(zip(indexes, films, strict=True))
        through = Film.genres.through
        through.objects.bulk_create(
            [
                through(film_id=film.pk, genre_id=self.shared.genres[(i + g) % len(GENRES)])
                for i, film in self.films.items()
                for g in range(2)
            ],
            batch_size=self.batch_size,
        )
        self.sources = self._sources()
        self._credits()
        self._releases_and_box_office()
        self._reception()
        self._awards()
        self._production()

    def _cite(self, citation_model, facts, film_of, per_fact=1):
        citation_model.objects.bulk_create(
            [
                citation_model(
                    fact_id=fact.pk,
                    source_id=self.sources[film_of(fact)][(n + c) % PER_FILM["sources"]],
                    order=c,
                )
                for n, fact in enumerate(facts)
                for c in range(per_fact if n % 2 == 0 else 1)
            ],
            batch_size=self.batch_size,
        )

    def _sources(self):
        rows = []
        for i, film in self.films.items():
            rng = self.rng(i, "sources")
            for j in range(PER_FILM["sources"]):
                outlet = self.shared.organization(i * 7 + j)
                rows.append(
                    Source(
                        key=synthetic(f"src-{i}", j),
                        title=f"{film.name}: {rng.choice(_WORDS)} {rng.choice(_NOUNS).lower()}",
                        publication_id=outlet,
                        url=f"https://example.org/{film.slug}/{j}",
                        published=f"{film.year}-{1 + j % 12:02d}",
                    )
                )
        Source.objects.bulk_create(rows, batch_size=self.batch_size)
        by_film = {}
        for source in rows:
            by_film.setdefault(int(source.key.split("-")[2]), []).append(source.pk)
        return by_film

    def _credits(self):
        crew_jobs = [job for job in Credit.Job if job not in (Credit.Job.ACTOR, Credit.Job.OTHER)]
        cast_counts = {}
        characters = []
        for i, film in self.films.items():
            total = self.counts.credits_for(i)
            cast_counts[i] = max(1, round(total * CAST_SHARE)) if total else 0
            characters.extend(
                Character(
                    film_id=film.pk,
                    slug=synthetic("character", c),
                    name=f"{_FIRST[(i + c) % len(_FIRST)]} the {_NOUNS[c % len(_NOUNS)].lower()}",
                )
                for c in range(min(cast_counts[i], PER_FILM["characters"]))
            )
        Character.objects.bulk_create(characters, batch_size=self.batch_size)
        character_ids = {(c.film_id, int(c.slug.rsplit("-", 1)[1])): c.pk for c in characters}
        del characters

        def rows():
            for i, film in self.films.items():
                rng = self.rng(i, "credits")
                cast = cast_counts[i]
                for j in range(self.counts.credits_for(i)):
                    person = self.shared.person(i * 97 + j * 7919 + rng.randrange(3))
                    if j < cast:
                        yield Credit(
                            film_id=film.pk,
                            key=synthetic("credit", j),
                            person_id=person,
                            department=Credit.Department.CAST,
                            job=Credit.Job.ACTOR,
                            character_id=character_ids.get((film.pk, j)),
                            billing_order=j + 1,
                            is_voice=j == 1,
                        )
                    else:
                        job = crew_jobs[(j - cast) % len(crew_jobs)]
                        yield Credit(
                            film_id=film.pk,
                            key=synthetic("credit", j),
                            person_id=person,
                            department=Credit.JOB_DEPARTMENTS[job],
                            job=job,
                        )

        owner = self._owner_index()
        for batch in _batched(rows(), self.batch_size):
            Credit.objects.bulk_create(batch)
            self._cite(CreditCitation, batch, owner, per_fact=2)

    def _releases_and_box_office(self):
        kinds = list(Release.Kind)
        figure_kinds = list(BoxOfficeFigure.Kind)
        releases, figures = [], []
        for i, film in self.films.items():
            rng = self.rng(i, "release")
            releases.extend(
                Release(
                    film_id=film.pk,
                    key=synthetic("release", k),
                    kind=kinds[k % len(kinds)],
                    date=f"{film.year}-{1 + k % 12:02d}-{1 + rng.randrange(28):02d}",
                    territory_id=None,
                    distributor_id=self.shared.organization(i + k),
                    theaters=rng.randint(1, 3500),
                )
                for k in range(PER_FILM["releases"])
            )
            figures.extend(
                BoxOfficeFigure(
                    film_id=film.pk,
                    key=synthetic("figure", k),
                    kind=figure_kinds[k % len(figure_kinds)],
                    amount=Decimal(rng.randint(10_000, 300_000_000)),
                    order=k,
                )
                for k in range(PER_FILM["box_office"])
            )
        Release.objects.bulk_create(releases, batch_size=self.batch_size)
        BoxOfficeFigure.objects.bulk_create(figures, batch_size=self.batch_size)
        owner = self._owner_index()
        self._cite(ReleaseCitation, releases, owner, per_fact=2)
        self._cite(BoxOfficeFigureCitation, figures, owner)

    def _owner_index(self):
        by_pk = {film.pk: i for i, film in self.films.items()}
        return lambda fact: by_pk[fact.film_id]

    def _reception(self):
        owner = self._owner_index()
        metrics = list(AggregateScore.Metric)
        sentiments = list(Review.Sentiment)
        scores, reviews, entries = [], [], []
        lists = self.shared.lists
        for i, film in self.films.items():
            rng = self.rng(i, "reception")
            for k in range(PER_FILM["aggregate_scores"]):
                metric = metrics[k % len(metrics)]
                grade = metric == AggregateScore.Metric.GRADE
                scores.append(
                    AggregateScore(
                        film_id=film.pk,
                        key=synthetic("score", k),
                        aggregator_id=self.shared.organization(k),
                        metric=metric,
                        value=None if grade else Decimal(rng.randint(10, 99)),
                        grade="B+" if grade else "",
                        sample_size=rng.randint(20, 300),
                    )
                )
            for k in range(PER_FILM["reviews"]):
                rating = rng.randint(0, 8)
                reviews.append(
                    Review(
                        film_id=film.pk,
                        key=synthetic("review", k),
                        critic_id=self.shared.person(i * 31 + k * 4099),
                        publication_id=self.shared.organization(i * 11 + k),
                        published=f"{film.year}-{1 + k % 12:02d}",
                        rating=Decimal(rating) / 2,
                        rating_scale=Decimal(4),
                        rating_unit="stars",
                        sentiment=sentiments[rating % len(sentiments)],
                        summary=" ".join(rng.choice(_WORDS) for _ in range(25)),
                        order=k,
                    )
                )
            entries.extend(
                TopTenEntry(
                    film_id=film.pk,
                    key=synthetic("topten", k),
                    top_ten_list_id=lists[(i + k * 3) % len(lists)]
                    if len(lists) > 3 * PER_FILM["top_ten_entries"]
                    else lists[(i + k) % len(lists)],
                    rank=1 + (i + k) % 10,
                )
                for k in range(min(PER_FILM["top_ten_entries"], len(lists)))
            )
        AggregateScore.objects.bulk_create(scores, batch_size=self.batch_size)
        Review.objects.bulk_create(reviews, batch_size=self.batch_size)
        TopTenEntry.objects.bulk_create(entries, batch_size=self.batch_size)
        ReviewQuote.objects.bulk_create(
            [
                ReviewQuote(
                    review_id=review.pk,
                    text=f"{_WORDS[(n + q) % len(_WORDS)].capitalize()} and "
                    f"{_WORDS[(n * 3 + q) % len(_WORDS)]}",
                    order=q,
                )
                for n, review in enumerate(reviews)
                for q in range(PER_FILM["quotes_per_review"])
            ],
            batch_size=self.batch_size,
        )
        self._cite(AggregateScoreCitation, scores, owner)
        self._cite(ReviewCitation, reviews, owner)
        self._cite(TopTenEntryCitation, entries, owner)

    def _awards(self):
        owner = self._owner_index()
        results = list(Nomination.Result)
        years = len(CEREMONY_YEARS)
        nominations = []
        for i, film in self.films.items():
            year_offset = film.year - CEREMONY_YEARS[0]
            for k in range(PER_FILM["nominations"]):
                body = k % AWARD_BODIES
                nominations.append(
                    Nomination(
                        film_id=film.pk,
                        key=synthetic("nomination", k),
                        ceremony_id=self.shared.ceremonies[body * years + year_offset],
                        category_id=self.shared.categories[body * PER_FILM["nominations"] + k],
                        result=results[(i + k) % 2],
                    )
                )
        Nomination.objects.bulk_create(nominations, batch_size=self.batch_size)
        # 10 nominees for 13 nominations, as in the article: the rest honour the film.
        Nominee.objects.bulk_create(
            [
                Nominee(
                    nomination_id=nomination.pk,
                    person_id=self.shared.person(owner(nomination) * 97 + n * 7919),
                    order=0,
                )
                for n, nomination in enumerate(nominations)
                if n % PER_FILM["nominations"] < 10
            ],
            batch_size=self.batch_size,
        )
        self._cite(NominationCitation, nominations, owner, per_fact=2)

    def _production(self):
        owner = self._owner_index()
        kinds = list(ProductionEvent.Kind)
        events = []
        for i, film in self.films.items():
            rng = self.rng(i, "production")
            for k in range(PER_FILM["production_events"]):
                kind = kinds[k % len(kinds)]
                events.append(
                    ProductionEvent(
                        film_id=film.pk,
                        key=synthetic("event", k),
                        kind=kind,
                        title=f"{kind.label} of {film.name}",
                        summary=" ".join(rng.choice(_WORDS) for _ in range(20)),
                        date=f"{film.year - 1 - k // 12}-{1 + k % 12:02d}",
                    )
                )
        ProductionEvent.objects.bulk_create(events, batch_size=self.batch_size)
        self._cite(ProductionEventCitation, events, owner)


def generate(*, films, people, credits, seed=0, batch_size=2000, chunk=50, progress=quiet_progress):
    """Write the synthetic archive; return a dict of row counts per kind."""
    if films < 1 or people < 1 or credits < 0:
        raise ValueError("Need at least one film and one person, and no negative credits.")
    if Film.objects.filter(slug__startswith=SYNTHETIC_PREFIX).exists():
        raise ValueError("Synthetic data is already present; remove it first.")
    counts = Counts(films, people, credits)
    with transaction.atomic():
        shared = _make_shared(counts, batch_size, progress)
    writer = _FilmChunk(counts, shared, seed, batch_size)
    for start in range(0, films, chunk):
        with transaction.atomic():
            writer.write(list(range(start, min(start + chunk, films))))
        progress("films", min(start + chunk, films), films)
    bump_version()
    return synthetic_counts()
