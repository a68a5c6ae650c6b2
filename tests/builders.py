"""Small builders for tests: make_x(**overrides) returns a saved object.

Each builder fills in just enough to be valid; pass keyword arguments to
override. Slugs and keys are unique per call so tests can build many rows.
"""

import itertools
from decimal import Decimal

from awards.models import Category, Ceremony, Nomination, Nominee
from films.models import (
    AggregateScore,
    BoxOfficeFigure,
    Character,
    Credit,
    Disagreement,
    Film,
    FilmDescription,
    MusicWork,
    ProductionEvent,
    Quotation,
    Recast,
    Release,
    Review,
    ReviewQuote,
    Source,
    TopTenEntry,
    TopTenList,
)
from people.models import Organization, Person

_counter = itertools.count(1)


def _n():
    return next(_counter)


def make_person(**kw):
    n = _n()
    kw.setdefault("name", f"Person {n}")
    kw.setdefault("slug", f"person-{n}")
    return Person.objects.create(**kw)


def make_organization(**kw):
    n = _n()
    kw.setdefault("name", f"Organization {n}")
    kw.setdefault("slug", f"organization-{n}")
    return Organization.objects.create(**kw)


def make_film(**kw):
    n = _n()
    kw.setdefault("name", f"Film {n}")
    kw.setdefault("slug", f"film-{n}")
    kw.setdefault("year", 2013)
    return Film.objects.create(**kw)


def make_source(**kw):
    n = _n()
    kw.setdefault("key", f"source-{n}")
    kw.setdefault("title", f"Source {n}")
    return Source.objects.create(**kw)


def cite(fact, *sources, **kw):
    """Attach citations to a fact; makes a source when none is given."""
    sources = sources or (make_source(),)
    for order, source in enumerate(sources):
        fact.citations.create(source=source, order=order, **kw)
    return fact


def make_character(film=None, **kw):
    n = _n()
    kw.setdefault("name", f"Character {n}")
    kw.setdefault("slug", f"character-{n}")
    return Character.objects.create(film=film or make_film(), **kw)


def make_credit(film=None, person=None, **kw):
    n = _n()
    film = film or make_film()
    kw.setdefault("key", f"credit-{n}")
    kw.setdefault("department", Credit.Department.CAST)
    kw.setdefault("job", Credit.Job.ACTOR)
    if kw["department"] == Credit.Department.CAST and "character" not in kw:
        kw["character"] = make_character(film=film)
    if person is None and "organization" not in kw:
        person = make_person()
    return Credit.objects.create(film=film, person=person, **kw)


def make_recast(replaced, replacement, **kw):
    n = _n()
    kw.setdefault("key", f"recast-{n}")
    return Recast.objects.create(
        film=replaced.film,
        character=replaced.character,
        replaced=replaced,
        replacement=replacement,
        **kw,
    )


def make_event(film=None, **kw):
    n = _n()
    kw.setdefault("key", f"event-{n}")
    kw.setdefault("kind", ProductionEvent.Kind.DEVELOPMENT)
    kw.setdefault("title", f"Event {n}")
    return ProductionEvent.objects.create(film=film or make_film(), **kw)


def make_release(film=None, **kw):
    n = _n()
    kw.setdefault("key", f"release-{n}")
    kw.setdefault("kind", Release.Kind.LIMITED)
    return Release.objects.create(film=film or make_film(), **kw)


def make_figure(film=None, **kw):
    n = _n()
    kw.setdefault("key", f"figure-{n}")
    kw.setdefault("kind", BoxOfficeFigure.Kind.WORLDWIDE)
    kw.setdefault("amount", Decimal("1000000"))
    return BoxOfficeFigure.objects.create(film=film or make_film(), **kw)


def make_disagreement(film, **kw):
    n = _n()
    kw.setdefault("key", f"disagreement-{n}")
    kw.setdefault("subject", f"Quantity {n}")
    return Disagreement.objects.create(film=film, **kw)


def make_score(film=None, **kw):
    n = _n()
    kw.setdefault("key", f"score-{n}")
    kw.setdefault("metric", AggregateScore.Metric.APPROVAL)
    kw.setdefault("value", Decimal("90"))
    if "aggregator" not in kw:
        kw["aggregator"] = make_organization(kind=Organization.Kind.WEBSITE)
    return AggregateScore.objects.create(film=film or make_film(), **kw)


def make_review(film=None, **kw):
    n = _n()
    kw.setdefault("key", f"review-{n}")
    kw.setdefault("sentiment", Review.Sentiment.POSITIVE)
    kw.setdefault("summary", "Liked it.")
    if "critic" not in kw and "publication" not in kw:
        kw["critic"] = make_person()
    return Review.objects.create(film=film or make_film(), **kw)


def make_quote(review, **kw):
    kw.setdefault("text", "a quotation")
    kw.setdefault("order", review.quotes.count())
    return ReviewQuote.objects.create(review=review, **kw)


def make_top_ten_list(**kw):
    n = _n()
    kw.setdefault("name", f"List {n}")
    kw.setdefault("slug", f"list-{n}")
    kw.setdefault("year", 2013)
    return TopTenList.objects.create(**kw)


def make_top_ten_entry(film=None, top_ten_list=None, **kw):
    n = _n()
    kw.setdefault("key", f"top-ten-{n}")
    return TopTenEntry.objects.create(
        film=film or make_film(), top_ten_list=top_ten_list or make_top_ten_list(), **kw
    )


def make_ceremony(body=None, **kw):
    n = _n()
    kw.setdefault("name", f"Ceremony {n}")
    kw.setdefault("slug", f"ceremony-{n}")
    body = body or make_organization(kind=Organization.Kind.AWARD_BODY)
    return Ceremony.objects.create(body=body, **kw)


def make_category(body, **kw):
    n = _n()
    kw.setdefault("name", f"Category {n}")
    kw.setdefault("slug", f"category-{n}")
    return Category.objects.create(body=body, **kw)


def make_nomination(film=None, ceremony=None, category=None, nominees=(), **kw):
    n = _n()
    ceremony = ceremony or make_ceremony()
    category = category or make_category(ceremony.body)
    kw.setdefault("key", f"nomination-{n}")
    kw.setdefault("result", Nomination.Result.NOMINATED)
    nomination = Nomination.objects.create(
        film=film or make_film(), ceremony=ceremony, category=category, **kw
    )
    for order, subject in enumerate(nominees):
        field = {Person: "person", Organization: "organization"}.get(type(subject), "music_work")
        Nominee.objects.create(nomination=nomination, order=order, **{field: subject})
    return nomination


def make_music_work(**kw):
    n = _n()
    kw.setdefault("name", f"Song {n}")
    kw.setdefault("slug", f"song-{n}")
    kw.setdefault("kind", MusicWork.Kind.SONG)
    return MusicWork.objects.create(**kw)


def make_quotation(film=None, speaker=None, **kw):
    """A quotation; ``speaker`` is a Person or an Organization (a new person by default)."""
    n = _n()
    kw.setdefault("key", f"quotation-{n}")
    kw.setdefault("text", f"Words number {n}, said once.")
    kw.setdefault("about", "something")
    speaker = speaker or make_person()
    field = "speaker_organization" if isinstance(speaker, Organization) else "speaker_person"
    return Quotation.objects.create(film=film or make_film(), **{field: speaker}, **kw)


def make_description(film=None, **kw):
    n = _n()
    kw.setdefault("key", f"description-{n}")
    kw.setdefault("kind", FilmDescription.Kind.GENRE)
    kw.setdefault("label", f"Genre {n}")
    return FilmDescription.objects.create(film=film or make_film(), **kw)
