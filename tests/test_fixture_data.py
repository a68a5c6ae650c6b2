"""The curated fixtures, checked as data against what the article says.

The files are loaded once for the module, inside a transaction that is rolled
back afterwards, so the other test modules never see them.
"""

import json
import re
import unicodedata
from collections import Counter, defaultdict

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.forms.models import model_to_dict

from awards.models import Nomination, NominationTally
from films.coverage import measure_source, parse_locator
from films.fixture_layout import FIXTURE_LAYOUT
from films.models import (
    AggregateScore,
    Credit,
    Dedication,
    ExternalLink,
    Film,
    FilmDescription,
    Quotation,
    Recast,
    RelatedWork,
    Release,
    Review,
    Source,
    SourceAuthor,
    TopTenEntry,
    TopTenList,
)
from films.sync import reload_fixtures, render_fixtures
from people.models import Organization, Person, PersonAlias

FIXTURES = settings.BASE_DIR / "fixtures"
ARTICLE = settings.BASE_DIR.parent / "shared" / "source" / "her-2013-film-article.txt"
FILM = "her-2013"

# Counted from the article.
REFERENCES_IN_ARTICLE = 75
CAST_LIST = [
    ("Joaquin Phoenix", "Theodore Twombly", False),
    ("Scarlett Johansson", "Samantha", True),
    ("Amy Adams", "Amy", False),
    ("Rooney Mara", "Catherine Klausen", False),
    ("Olivia Wilde", "Blind Date", False),
    ("Matt Letscher", "Charles", False),
    ("Luka Jones", "Mark Lewman", False),
    ("Chris Pratt", "Paul", False),
    ("Kristen Wiig", "Sexy Kitten", True),
    ("Bill Hader", "Chat Room Friend #2", True),
    ("Portia Doubleday", "Isabella", False),
    ("Soko", "Isabella", True),
    ("Brian Cox", "Alan Watts", True),
    ("Spike Jonze", "Alien Child", True),
    ("Steve Zissis", "New Sweet Boyfriend of Mother Who Dated Pricks", False),
    ("Alia Janine", "Commuter", False),
]
NAMED_CRITICS = {
    "Peter Travers",
    "Richard Corliss",
    "Todd McCarthy",
    "Richard Roeper",
    "Manohla Dargis",
    "Claudia Puig",
    "Scott Mendelson",
    "Liam Lacey",
    "Mick LaSalle",
    "J. R. Jones",
    "Stephanie Zacharek",
}
# The critics' top-ten section: how many lists place the film at each rank,
# then the unranked "Top 10" and "Best of 2013" lists.
TOP_TEN_RANKS = {1: 12, 2: 9, 3: 4, 4: 6, 5: 5, 6: 3, 7: 4, 9: 3, 10: 1}
UNRANKED_TOP_TEN_LISTS = 5
BEST_OF_2013_LISTS = 3
NOMINATIONS_LISTED = 13
ACADEMY_CATEGORIES_LISTED = {
    "Best Picture",
    "Best Original Screenplay",
    "Best Original Score",
    "Best Original Song",
}
# Fields that identify or annotate a fact rather than state its value.
NOT_VALUES = ["id", "key", "note", "disagreement", "order", "verified_on", "verified_by"]
QUOTE_FIELDS = {
    ("films.reviewquote", "text"),
    ("films.quotation", "text"),
    ("films.source", "title"),
}

# The mark makes pytest-django create the test database; each test then runs
# in a savepoint inside the module's transaction.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def article_data(django_db_setup, django_db_blocker):
    """Reload the real fixtures (validating every object) once for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        name = str(connection.settings_dict["NAME"])
        assert "test" in name or "memory" in name, f"refusing to load fixtures into {name}"
        result = reload_fixtures(fixture_dir=FIXTURES)
        yield result
        transaction.set_rollback(True)


def fact_models():
    return [
        m for m in apps.get_models() if any(r.name == "citations" for r in m._meta.related_objects)
    ]


def citation_models():
    return [m for m in apps.get_models() if m.__name__.endswith("Citation")]


def normalised(name):
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]", "", text)


def words(text):
    return re.findall(r"[a-z0-9]+(?:['’][a-z]+)?", text.lower())


# ------------------------------------------------------------------ sources and citations


def test_every_fact_row_cites_at_least_one_source():
    uncited = [
        f"{model._meta.label} {row.natural_key()}"
        for model in fact_models()
        for row in model.objects.filter(citations__isnull=True)
    ]
    assert uncited == []
    assert len(fact_models()) >= 17


def test_every_source_is_cited_at_least_once():
    cited = set()
    for model in citation_models():
        cited.update(model.objects.values_list("source__key", flat=True))
    never_cited = sorted(set(Source.objects.values_list("key", flat=True)) - cited)
    assert never_cited == []


def test_every_reference_in_the_article_is_a_source_plus_the_article_itself():
    publication = Source.objects.filter(publication__slug="wikipedia")
    assert publication.count() == 1
    assert Source.objects.exclude(publication__slug="wikipedia").count() == REFERENCES_IN_ARTICLE


def test_sources_keep_the_duplicated_references_apart():
    harris = Source.objects.filter(authors__slug="mark-harris")
    eggertsen = Source.objects.filter(authors__slug="chris-eggertsen")
    assert harris.count() == 2
    assert eggertsen.count() == 2
    printed = set(eggertsen.values_list("source_authors__credited_as", flat=True))
    assert printed == {"", "Chris Eggerton"}


# ------------------------------------------------------------------ names


def test_no_two_people_share_a_normalised_name():
    counts = Counter(normalised(name) for name in Person.objects.values_list("name", flat=True))
    assert [name for name, n in counts.items() if n > 1] == []


def test_person_aliases_never_name_another_person():
    names = {normalised(p.name): p.slug for p in Person.objects.all()}
    clashes = [
        (alias.name, alias.person.slug)
        for alias in PersonAlias.objects.select_related("person")
        if names.get(normalised(alias.name), alias.person.slug) != alias.person.slug
    ]
    assert clashes == []


def test_no_two_organizations_share_a_name_or_an_alias():
    owners = defaultdict(set)
    for org in Organization.objects.prefetch_related("aliases"):
        for name in [org.name, *(a.name for a in org.aliases.all())]:
            owners[normalised(name)].add(org.slug)
    assert {name: slugs for name, slugs in owners.items() if len(slugs) > 1} == {}
    hitfix = Organization.objects.get(slug="hitfix")
    assert "Hitflix" in {a.name for a in hitfix.aliases.all()}
    assert Organization.objects.get(slug="vulture").parent.name == "New York Media"


def test_credited_as_is_set_only_where_the_printed_name_differs():
    for author in SourceAuthor.objects.exclude(credited_as="").select_related("person"):
        assert normalised(author.credited_as) != normalised(author.person.name), author


def test_variant_spellings_in_the_article_are_aliases():
    aliases = set(PersonAlias.objects.values_list("person__slug", "name"))
    assert ("scarlett-johansson", "Johannson") in aliases
    assert ("hoyte-van-hoytema", "Hoyte Van Hoytema") in aliases
    assert ("chris-eggertsen", "Chris Eggerton") in aliases


# ------------------------------------------------------------------ counts per section


def test_cast_list_holds_the_sixteen_billed_roles_in_article_order():
    billed = (
        Credit.objects.filter(film__slug=FILM, billing_order__isnull=False)
        .select_related("person", "character")
        .order_by("billing_order")
    )
    rows = [(c.person.name, c.character.name, c.is_voice) for c in billed]
    assert rows == CAST_LIST
    assert [c.person.name for c in billed.filter(uncredited=True)] == ["Alia Janine"]


def test_recasts_record_who_replaced_whom():
    recasts = {
        (r.replaced.person.slug, r.replacement.person.slug, r.replaced.status)
        for r in Recast.objects.select_related("replaced__person", "replacement__person")
    }
    assert recasts == {
        ("samantha-morton", "scarlett-johansson", Credit.Status.REPLACED),
        ("carey-mulligan", "rooney-mara", Credit.Status.DROPPED_OUT),
    }
    assert Credit.objects.get(film__slug=FILM, key="cast-chris-cooper").status == Credit.Status.CUT


def test_every_named_critic_has_one_review_with_short_quotes():
    reviews = Review.objects.filter(film__slug=FILM).select_related("critic")
    reviews = reviews.prefetch_related("quotes")
    assert sorted(r.critic.name for r in reviews) == sorted(NAMED_CRITICS)
    for review in reviews:
        assert review.quotes.all(), review.key
        assert all(len(q.text.split()) < 14 for q in review.quotes.all()), review.key
    stars = {r.critic.slug: (r.rating, r.rating_scale) for r in reviews if r.rating is not None}
    assert {k: (float(a), float(b)) for k, (a, b) in stars.items()} == {
        "peter-travers": (3.5, 4.0),
        "j-r-jones": (2.0, 4.0),
    }


def test_top_ten_entries_match_the_critics_lists_in_the_article():
    entries = TopTenEntry.objects.filter(
        film__slug=FILM,
        top_ten_list__kind__in=[TopTenList.Kind.YEAR_END, TopTenList.Kind.BEST_OF_YEAR],
    )
    ranks = Counter(entries.exclude(rank=None).values_list("rank", flat=True))
    assert dict(ranks) == TOP_TEN_RANKS
    unranked = Counter(entries.filter(rank=None).values_list("top_ten_list__kind", flat=True))
    assert unranked == {
        TopTenList.Kind.YEAR_END: UNRANKED_TOP_TEN_LISTS,
        TopTenList.Kind.BEST_OF_YEAR: BEST_OF_2013_LISTS,
    }
    no_critic = entries.filter(top_ten_list__critics=None)
    assert [e.top_ten_list.publication.name for e in no_critic] == ["Film School Rejects"]
    bbc = TopTenEntry.objects.get(film__slug=FILM, top_ten_list__kind=TopTenList.Kind.POLL)
    assert (bbc.rank, bbc.top_ten_list.voters) == (84, 177)


def test_aggregate_scores_match_the_article():
    scores = {s.aggregator.slug: s for s in AggregateScore.objects.select_related("aggregator")}
    rt, mc, cs = scores["rotten-tomatoes"], scores["metacritic"], scores["cinemascore"]
    assert (int(rt.value), rt.sample_size, float(rt.average_rating)) == (94, 288, 8.5)
    assert (int(mc.value), mc.sample_size, mc.verdict) == (91, 47, "universal acclaim")
    assert (cs.grade, cs.scale) == ("B−", "A+ to F")


def test_sections_hold_as_many_rows_as_the_article_lists():
    film = Film.objects.get(slug=FILM)
    assert film.dedications.count() == 4
    assert film.related_works.filter(kind=RelatedWork.Kind.SEE_ALSO).count() == 8
    assert film.nominations.count() == NOMINATIONS_LISTED
    assert film.nominations.filter(result=Nomination.Result.WON).count() == 10


def test_the_announced_release_date_is_superseded_by_the_december_one():
    planned = Release.objects.get(film__slug=FILM, date="2013-11-20")
    assert planned.status == Release.Status.SUPERSEDED
    assert str(planned.announced_on) == "21 May 2013"
    assert planned.superseded_by.date.canonical() == "2013-12-18"
    assert planned.superseded_by.theaters == 6


# ------------------------------------------------------------------ disagreements and gaps


def test_every_disagreement_has_differing_values_from_different_sources():
    members = defaultdict(list)
    for model in fact_models():
        if any(f.name == "disagreement" for f in model._meta.fields):
            rows = model.objects.filter(disagreement__isnull=False).prefetch_related("citations")
            for row in rows:
                members[row.disagreement.key].append(row)
    assert set(members) == {
        "worldwide-gross",
        "wide-release-theaters",
        "home-media-release-date",
        "phoenix-signing-date",
    }
    for key, rows in members.items():
        assert len(rows) >= 2, key
        values = {
            json.dumps(model_to_dict(r, exclude=NOT_VALUES), default=str, sort_keys=True)
            for r in rows
        }
        assert len(values) == len(rows), key
        source_sets = {frozenset(c.source_id for c in r.citations.all()) for r in rows}
        assert len(source_sets) == len(rows), key


def test_academy_tally_says_five_while_the_article_lists_four():
    tally = NominationTally.objects.get(film__slug=FILM, ceremony__slug="86th-academy-awards")
    listed = Nomination.objects.filter(film__slug=FILM, ceremony=tally.ceremony)
    assert (tally.nominations, tally.wins) == (5, 1)
    assert set(listed.values_list("category__name", flat=True)) == ACADEMY_CATEGORIES_LISTED
    assert listed.filter(result=Nomination.Result.WON).count() == tally.wins
    gap_notes = [c.note for c in tally.citations.all() if "only four" in c.note]
    assert gap_notes, "the tally's citation must say that only four nominations are named"


def test_golden_globe_tally_says_three_while_the_article_lists_one():
    tally = NominationTally.objects.get(film__slug=FILM, ceremony__slug="71st-golden-globe-awards")
    assert (tally.nominations, tally.wins) == (3, 1)
    assert Nomination.objects.filter(film__slug=FILM, ceremony=tally.ceremony).count() == 1


def test_what_the_article_does_not_say_is_left_empty():
    film = Film.objects.get(slug=FILM)
    assert film.runtime_minutes is None
    assert not film.languages.exists()
    assert Release.objects.get(film=film, key="festival-rome-2013").date is None
    assert not ExternalLink.objects.exclude(identifier="").exists()
    assert not Source.objects.exclude(url="").exists()
    assert Dedication.objects.filter(film=film).count() == 4


# ------------------------------------------------------------------ the files themselves


def test_reloading_the_article_twice_changes_nothing_and_exports_the_same_bytes(article_data):
    assert article_data.total.created > 1000
    again = reload_fixtures(fixture_dir=FIXTURES)
    assert (again.total.created, again.total.updated, again.total.deleted) == (0, 0, 0)
    for name, (text, _count) in render_fixtures().items():
        assert text == (FIXTURES / name).read_text(encoding="utf-8"), (
            f"{name} is not in export form"
        )


def test_fixture_files_follow_the_layout_and_carry_no_database_ids():
    for name, labels in FIXTURE_LAYOUT.items():
        objects = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
        seen = [o["model"] for o in objects]
        assert all("pk" not in o for o in objects), name
        assert set(seen) <= set(labels), name
        order = [labels.index(label) for label in seen]
        assert order == sorted(order), f"{name} is not grouped in layout order"


@pytest.mark.skipif(not ARTICLE.exists(), reason="the source article is not next to this checkout")
def test_no_text_field_copies_fourteen_words_from_the_article():
    article = words(ARTICLE.read_text(encoding="utf-8"))
    grams = {tuple(article[i : i + 14]) for i in range(len(article) - 13)}
    copied = []
    for name in FIXTURE_LAYOUT:
        for obj in json.loads((FIXTURES / name).read_text(encoding="utf-8")):
            for field, value in obj["fields"].items():
                if not isinstance(value, str) or (obj["model"], field) in QUOTE_FIELDS:
                    continue
                w = words(value)
                if any(tuple(w[i : i + 14]) in grams for i in range(len(w) - 13)):
                    copied.append((name, obj["model"], field, value[:60]))
    assert copied == []


# ------------------------------------------------------------------ coverage of the article

ARTICLE_SOURCE = "wikipedia-her-film"


@pytest.mark.skipif(not ARTICLE.exists(), reason="the source article is not next to this checkout")
def test_the_knowledge_base_covers_at_least_98_percent_of_the_article_s_statements():
    report = measure_source(ARTICLE_SOURCE, ARTICLE)
    assert report.dangling == []
    assert report.total > 140
    assert report.percent >= 98, "\n".join(report.lines())


@pytest.mark.skipif(not ARTICLE.exists(), reason="the source article is not next to this checkout")
def test_every_quotation_is_verbatim_in_the_article_and_short():
    article = " ".join(ARTICLE.read_text(encoding="utf-8").split())
    for quotation in Quotation.objects.all():
        assert quotation.text in article, quotation.key
        assert len(quotation.text.split()) <= 40, quotation.key


def test_every_citation_of_the_article_carries_a_locator_in_the_scheme():
    for model in citation_models():
        for citation in model.objects.filter(source__key=ARTICLE_SOURCE):
            assert parse_locator(citation.locator), f"{model.__name__} {citation.natural_key()}"


def test_the_lead_s_descriptions_are_cited_facts_in_the_words_readers_search_for():
    labels = {
        d.key: d.label.lower()
        for d in FilmDescription.objects.filter(film__slug=FILM).prefetch_related("citations")
        if d.citations.all()
    }
    assert "science-fiction romantic drama" in labels["genre-line"]
    assert "solo screenwriting debut" in labels["solo-screenwriting-debut"]
    assert "semi-autobiographical" in labels["semi-autobiographical"]
    assert "virtual assistant" in labels["samantha-virtual-assistant"]


def test_each_quotation_the_issue_names_is_held_with_its_speaker():
    speakers = {
        q.key: str(q.speaker)
        for q in Quotation.objects.select_related("speaker_person", "speaker_organization")
    }
    assert speakers["jonze-chat-program-buzz"] == "Spike Jonze"
    assert speakers["van-hoytema-hybrid-look"] == "Hoyte van Hoytema"
    assert speakers["zumbrunnen-rewriting"] == "Eric Zumbrunnen"
    assert speakers["rotten-tomatoes-consensus"] == "Rotten Tomatoes"
    assert speakers["mccarthy-fearsome"] == "Todd McCarthy"
    assert speakers["arcade-fire-melancholy-lyric"] == "Arcade Fire"
