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

from __future__ import annotations

import random
from array import array
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.db import connection, transaction

from awards.models import (
    Category,
    Ceremony,
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
    Genre,
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
    TopTenList,
)
from people.models import Organization, Person

# Facts per film, after the article (its count in brackets where different).
PER_FILM = {
    "characters": 16,  # cast credits beyond these play unnamed parts
    "releases": 11,
    "box_office": 12,
    "aggregate_scores": 3,
    "reviews": 11,
    "quotes_per_review": 2,  # [20 quotes for 11 reviews]
    "top_ten_entries": 10,  # [60: Her was on an unusual number of lists]
    "nominations": 13,
    "production_events": 23,
    "sources": 20,  # [76: an archive shares outlets; 20 distinct pages per film]
}
CAST_SHARE = 0.45  # 13 of the article's 29 credits are cast; crews are larger at scale
ORGANIZATIONS_PER_PERSON = 1 / 50  # 91 organizations for 142 people, spread thinner
AWARD_BODIES = 5
CEREMONY_YEARS = range(2005, 2025)
GENRES = ("Drama", "Comedy", "Romance", "Science fiction", "Thriller", "Documentary")

_FIRST = [
    "Ada",
    "Alma",
    "Amir",
    "Ana",
    "Ben",
    "Bo",
    "Cara",
    "Chen",
    "Dara",
    "Eli",
    "Emil",
    "Esme",
    "Farah",
    "Finn",
    "Gia",
    "Hana",
    "Ivo",
    "Ines",
    "Jon",
    "Juno",
    "Kai",
    "Kira",
    "Lars",
    "Lena",
    "Luca",
    "Maya",
    "Mila",
    "Nico",
    "Noor",
    "Omar",
    "Oona",
    "Pia",
    "Quinn",
    "Rafa",
    "Rhea",
    "Sami",
    "Sena",
    "Tao",
    "Tess",
    "Uma",
    "Vera",
    "Wes",
    "Xan",
    "Yara",
    "Yuri",
    "Zoe",
    "Zane",
]
_LAST = [
    "Abbott",
    "Alvarez",
    "Baker",
    "Banerjee",
    "Castillo",
    "Chowdhury",
    "Dalton",
    "Duarte",
    "Eriksen",
    "Fontaine",
    "Garber",
    "Halloran",
    "Ibarra",
    "Jensen",
    "Kaminski",
    "Laurent",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quill",
    "Ramires",
    "Sandoval",
    "Takeda",
    "Underwood",
    "Varga",
    "Whitaker",
    "Xu",
    "Yilmaz",
    "Zeller",
]
_ADJECTIVES = [
    "Silent",
    "Distant",
    "Golden",
    "Broken",
    "Quiet",
    "Hidden",
    "Electric",
    "Paper",
    "Winter",
    "Burning",
    "Last",
    "Hollow",
    "Velvet",
    "Northern",
    "Glass",
    "Lonely",
    "Bright",
    "Secret",
    "Endless",
    "Crimson",
]
_NOUNS = [
    "Harbor",
    "Signal",
    "Garden",
    "Machine",
    "River",
    "Letter",
    "Orchard",
    "Voice",
    "Station",
    "Summer",
    "Mirror",
    "Island",
    "Engine",
    "Shadow",
    "Bridge",
    "Window",
    "Country",
    "Chorus",
    "Archive",
    "Season",
]
_OUTLETS = [
    "Courier",
    "Gazette",
    "Review",
    "Chronicle",
    "Monitor",
    "Observer",
    "Herald",
    "Dispatch",
    "Ledger",
    "Post",
]
_WORDS = [
    "tender",
    "luminous",
    "restless",
    "sincere",
    "witty",
    "aching",
    "patient",
    "daring",
    "intimate",
    "melancholy",
    "precise",
    "generous",
    "strange",
    "playful",
    "haunting",
]


@dataclass
class Counts:
    films: int
    people: int
    credits: int

    @property
    def organizations(self):
        return max(AWARD_BODIES + 3, round(self.people * ORGANIZATIONS_PER_PERSON))

    @property
    def top_ten_lists(self):
        return max(1, self.films)

    def credits_for(self, film_index):
        base, extra = divmod(self.credits, self.films)
        return base + (1 if film_index < extra else 0)


def synthetic(kind, number):
    return f"{SYNTHETIC_PREFIX}{kind}-{number:07d}"


def person_name(index):
    first = _FIRST[index % len(_FIRST)]
    last = _LAST[(index // len(_FIRST)) % len(_LAST)]
    generation = index // (len(_FIRST) * len(_LAST))
    return f"{first} {last}" + (f" {_roman(generation + 1)}" if generation else "")


def film_name(index):
    adjective = _ADJECTIVES[index % len(_ADJECTIVES)]
    noun = _NOUNS[(index // len(_ADJECTIVES)) % len(_NOUNS)]
    part = index // (len(_ADJECTIVES) * len(_NOUNS))
    return f"The {adjective} {noun}" + (f" {part + 1}" if part else "")


def _roman(number):
    numerals = ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letter in numerals:
        while number >= value:
            out += letter
            number -= value
    return out if number == 0 else out + str(number)


def _batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _insert(model, objects, batch_size):
    """bulk_create a generator in batches; return the created ids in order."""
    ids = array("q")
    for batch in _batched(objects, batch_size):
        model.objects.bulk_create(batch, batch_size=batch_size)
        ids.extend(obj.pk for obj in batch)
    return ids


# --------------------------------------------------------------------------- shared entities


def _people(counts):
    for i in range(counts.people):
        name = person_name(i)
        first, _, last = name.partition(" ")
        yield Person(
            name=name,
            slug=synthetic("person", i),
            sort_name=f"{last}, {first}",
            description="Synthetic person for performance tests.",
        )


def _organizations(counts):
    kinds = (
        Organization.Kind.PUBLICATION,
        Organization.Kind.STUDIO,
        Organization.Kind.DISTRIBUTOR,
        Organization.Kind.FESTIVAL,
        Organization.Kind.WEBSITE,
    )
    for i in range(counts.organizations):
        if i < AWARD_BODIES:
            kind, name = Organization.Kind.AWARD_BODY, f"Synthetic Film Award {i + 1}"
        else:
            kind = kinds[i % len(kinds)]
            name = f"The {_NOUNS[i % len(_NOUNS)]} {_OUTLETS[(i // 7) % len(_OUTLETS)]} {i}"
        yield Organization(name=name, slug=synthetic("org", i), kind=kind)


@dataclass
class Shared:
    people: array
    organizations: array
    genres: array
    lists: array
    ceremonies: array  # index body * len(CEREMONY_YEARS) + year offset
    categories: array  # index body * nominations + k

    def person(self, index):
        return self.people[index % len(self.people)]

    def organization(self, index):
        # Award bodies are the first few; everything else cycles over the rest.
        rest = len(self.organizations) - AWARD_BODIES
        return self.organizations[AWARD_BODIES + index % rest]


def _make_shared(counts, batch_size, progress):
    people = _insert(Person, _people(counts), batch_size)
    progress("people", counts.people, counts.people)
    organizations = _insert(Organization, _organizations(counts), batch_size)
    genres = _insert(
        Genre,
        (
            Genre(name=f"{name} (synthetic)", slug=synthetic("genre", i))
            for i, name in enumerate(GENRES)
        ),
        batch_size,
    )
    lists = _insert(
        TopTenList,
        (
            TopTenList(
                name=f"{person_name(i)}'s best of {2005 + i % 20}",
                slug=synthetic("list", i),
                year=2005 + i % 20,
                publication_id=organizations[
                    AWARD_BODIES + i % (len(organizations) - AWARD_BODIES)
                ],
                size=10,
            )
            for i in range(counts.top_ten_lists)
        ),
        batch_size,
    )
    ceremonies = _insert(
        Ceremony,
        (
            Ceremony(
                name=f"{edition}th Synthetic Film Award {body + 1}",
                slug=synthetic("ceremony", body * 100 + edition),
                body_id=organizations[body],
                edition=edition,
                year=year,
            )
            for body in range(AWARD_BODIES)
            for edition, year in enumerate(CEREMONY_YEARS, start=1)
        ),
        batch_size,
    )
    categories = _insert(
        Category,
        (
            Category(
                name=f"Best {_NOUNS[k]} {k}",
                slug=synthetic("category", body * 100 + k),
                body_id=organizations[body],
            )
            for body in range(AWARD_BODIES)
            for k in range(PER_FILM["nominations"])
        ),
        batch_size,
    )
    return Shared(people, organizations, genres, lists, ceremonies, categories)


# --------------------------------------------------------------------------- films


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


def _quiet_progress(stage, done, total):
    pass


def generate(
    *, films, people, credits, seed=0, batch_size=2000, chunk=50, progress=_quiet_progress
):
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


# --------------------------------------------------------------------------- removal

# Facts and their citation tables, children before parents.
_FILM_CHILDREN = (
    (CreditCitation, "fact__film"),
    (ReleaseCitation, "fact__film"),
    (BoxOfficeFigureCitation, "fact__film"),
    (AggregateScoreCitation, "fact__film"),
    (ReviewCitation, "fact__film"),
    (TopTenEntryCitation, "fact__film"),
    (NominationCitation, "fact__film"),
    (ProductionEventCitation, "fact__film"),
    (ReviewQuote, "review__film"),
    (Nominee, "nomination__film"),
    (Credit, "film"),
    (Character, "film"),
    (BoxOfficeFigure, "film"),
    (Release, "film"),
    (AggregateScore, "film"),
    (Review, "film"),
    (TopTenEntry, "film"),
    (Nomination, "film"),
    (ProductionEvent, "film"),
    (Film.genres.through, "film"),
)
_ENTITIES = (
    (Source, "key"),
    (TopTenList, "slug"),
    (Ceremony, "slug"),
    (Category, "slug"),
    (Genre, "slug"),
    (Person, "slug"),
    (Organization, "slug"),
)


def _delete(queryset):
    """DELETE the rows of a queryset in one statement, without loading them.

    Model.delete() would fetch every row to send signals and cascade; the
    removal order above already deletes children first.
    """
    model = queryset.model
    ids_sql, params = queryset.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {pk} IN ({ids_sql})", params)  # noqa: S608
        return cursor.rowcount


def remove(*, batch_size=200, progress=_quiet_progress):
    """Delete every synthetic row, films in batches; return rows deleted per model."""
    deleted = {}
    films = Film.objects.filter(slug__startswith=SYNTHETIC_PREFIX)
    total = films.count()
    done = 0
    while True:
        batch = list(films.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not batch:
            break
        with transaction.atomic():
            for model, path in _FILM_CHILDREN:
                label = model._meta.label
                deleted[label] = deleted.get(label, 0) + _delete(
                    model.objects.filter(**{f"{path}__in": batch})
                )
            deleted[Film._meta.label] = deleted.get(Film._meta.label, 0) + _delete(
                Film.objects.filter(pk__in=batch)
            )
        done += len(batch)
        progress("removing films", done, total)
    with transaction.atomic():
        for model, field in _ENTITIES:
            deleted[model._meta.label] = _delete(
                model.objects.filter(**{f"{field}__startswith": SYNTHETIC_PREFIX})
            )
    bump_version()
    return deleted


def synthetic_counts():
    """Rows of synthetic data per kind (for the command's report and the tests)."""
    films = Film.objects.filter(slug__startswith=SYNTHETIC_PREFIX)
    return {
        "films": films.count(),
        "people": Person.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count(),
        "organizations": Organization.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count(),
        "sources": Source.objects.filter(key__startswith=SYNTHETIC_PREFIX).count(),
        "credits": Credit.objects.filter(film__in=films).count(),
        "citations": sum(
            model.objects.filter(fact__film__in=films).count()
            for model, path in _FILM_CHILDREN
            if path == "fact__film"
        ),
        "releases": Release.objects.filter(film__in=films).count(),
        "box_office": BoxOfficeFigure.objects.filter(film__in=films).count(),
        "aggregate_scores": AggregateScore.objects.filter(film__in=films).count(),
        "reviews": Review.objects.filter(film__in=films).count(),
        "quotes": ReviewQuote.objects.filter(review__film__in=films).count(),
        "top_ten_entries": TopTenEntry.objects.filter(film__in=films).count(),
        "nominations": Nomination.objects.filter(film__in=films).count(),
        "nominees": Nominee.objects.filter(nomination__film__in=films).count(),
        "characters": Character.objects.filter(film__in=films).count(),
        "production_events": ProductionEvent.objects.filter(film__in=films).count(),
    }
