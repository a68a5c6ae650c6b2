"""The curated fixtures, checked as data against what the article says.

The article's files are loaded once for the module together with the suite's
fictional second film (``tests/knowledge_base.py``), inside a transaction
that is rolled back afterwards, so the other test modules never see them.
Counts from the article are asked of the article's film; rules that hold for
any film are asked of every row.
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
from films.fixture_layout import FILM_LAYOUT, SHARED_LAYOUT
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
from films.sync import find_fixture_files, reload_fixtures, render_fixtures
from people.models import Organization, Person, PersonAlias
from tests.knowledge_base import ARTICLE_DIR, ARTICLE_FILM, FIXTURE_DIRS, TEST_FILM

FIXTURES = ARTICLE_DIR
ARTICLE = settings.BASE_DIR.parent / "shared" / "source" / "her-2013-film-article.txt"
FILM = ARTICLE_FILM

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
        result = reload_fixtures(fixture_dirs=FIXTURE_DIRS)
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


def sources_cited_for(film_slug):
    """Keys of the sources the film's facts cite (and the memberships of its people)."""
    keys = set()
    for model in citation_models():
        fact = model._meta.get_field("fact").related_model
        if any(f.name == "film" for f in fact._meta.fields):
            rows = model.objects.filter(fact__film__slug=film_slug)
        else:  # a shared fact (a band membership): cited for the films of its people
            rows = model.objects.filter(fact__person__credits__film__slug=film_slug)
        keys.update(rows.values_list("source__key", flat=True))
    return keys


def test_every_reference_in_the_article_is_a_source_plus_the_article_itself():
    cited = Source.objects.filter(key__in=sources_cited_for(FILM))
    assert cited.filter(publication__slug="wikipedia").count() == 1
    assert cited.exclude(publication__slug="wikipedia").count() == REFERENCES_IN_ARTICLE
    assert not cited.filter(key__in=sources_cited_for(TEST_FILM)).exists()


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
        for r in Recast.objects.filter(film__slug=FILM).select_related(
            "replaced__person", "replacement__person"
        )
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
    scores = {
        s.aggregator.slug: s
        for s in AggregateScore.objects.filter(film__slug=FILM).select_related("aggregator")
    }
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


def test_every_disagreement_has_differing_values_each_cited_differently():
    members = defaultdict(list)
    for model in fact_models():
        if any(f.name == "disagreement" for f in model._meta.fields):
            rows = model.objects.filter(disagreement__isnull=False).select_related(
                "disagreement__film"
            )
            for row in rows.prefetch_related("citations"):
                members[row.disagreement.film.slug, row.disagreement.key].append(row)
    assert {key for film, key in members if film == FILM} == {
        "worldwide-gross",
        "wide-release-theaters",
        "home-media-release-date",
        "phoenix-signing-date",
    }
    assert {key for film, key in members if film == TEST_FILM} == {"distributor"}
    for key, rows in members.items():
        assert len(rows) >= 2, key
        values = {
            json.dumps(model_to_dict(r, exclude=NOT_VALUES), default=str, sort_keys=True)
            for r in rows
        }
        assert len(values) == len(rows), key
        # Each side rests on its own citation: another source, or another place in
        # the same one (an article's infobox and its lead can disagree).
        cited_as = {frozenset((c.source_id, c.locator) for c in r.citations.all()) for r in rows}
        assert len(cited_as) == len(rows), key


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
    assert not ExternalLink.objects.filter(film=film).exclude(identifier="").exists()
    assert not Source.objects.filter(key__in=sources_cited_for(FILM)).exclude(url="").exists()
    assert Dedication.objects.filter(film=film).count() == 4


# ------------------------------------------------------------------ the files themselves


def _own_part(rendered_text, own_objects):
    """The rendered file cut down to the objects one fixture directory holds, in
    export form: what that directory's file must be, byte for byte."""
    own = {json.dumps(o, sort_keys=True) for o in own_objects}
    kept = [o for o in json.loads(rendered_text) if json.dumps(o, sort_keys=True) in own]
    return json.dumps(kept, indent=2, ensure_ascii=False) + "\n"


def test_reloading_both_films_twice_changes_nothing_and_exports_the_same_bytes(article_data):
    assert article_data.total.created > 1000
    again = reload_fixtures(fixture_dirs=FIXTURE_DIRS)
    assert (again.total.created, again.total.updated, again.total.deleted) == (0, 0, 0)
    rendered = render_fixtures()
    files = find_fixture_files(FIXTURE_DIRS)
    for root in FIXTURE_DIRS:
        for f in (f for f in files if f.path.is_relative_to(root)):
            text = f.path.read_text(encoding="utf-8")
            expected = rendered[f.layout_name][0]
            if f.film is None:  # shared files: each directory holds its own rows
                expected = _own_part(expected, json.loads(text))
            assert text == expected, f"{f.path} is not in export form"
    shared = [f for f in files if f.film is None]
    for name, (_text, count) in rendered.items():
        if name.startswith("shared/"):
            held = sum(len(json.loads(f.path.read_text())) for f in shared if f.layout_name == name)
            assert held == count, f"{name}: rows in the database that no file holds"
    assert {f.film for f in files} == {None, FILM, TEST_FILM}


def test_fixture_files_follow_the_layout_and_carry_no_database_ids():
    for f in find_fixture_files(FIXTURE_DIRS):
        labels = (SHARED_LAYOUT if f.film is None else FILM_LAYOUT)[f.path.name]
        objects = json.loads(f.path.read_text(encoding="utf-8"))
        seen = [o["model"] for o in objects]
        assert all("pk" not in o for o in objects), f.path
        assert set(seen) <= set(labels), f.path
        order = [labels.index(label) for label in seen]
        assert order == sorted(order), f"{f.path} is not grouped in layout order"


def test_shared_descriptions_are_film_neutral():
    """A person's or organization's description states their own facts; what they did
    on one film is held on that film's rows (credits, dedications, music uses)."""
    titles = [
        re.compile(rf"\b{re.escape(name)}\b")
        for name in Film.objects.values_list("name", flat=True)
    ]
    said = [
        (model.__name__, row.slug, row.description)
        for model in (Person, Organization)
        for row in model.objects.exclude(description="")
        if "the film" in row.description.lower()
        or any(title.search(row.description) for title in titles)
    ]
    assert said == []


@pytest.mark.skipif(not ARTICLE.exists(), reason="the source article is not next to this checkout")
def test_no_text_field_copies_fourteen_words_from_the_article():
    article = words(ARTICLE.read_text(encoding="utf-8"))
    grams = {tuple(article[i : i + 14]) for i in range(len(article) - 13)}
    copied = []
    for f in find_fixture_files(FIXTURE_DIRS):
        for obj in json.loads(f.path.read_text(encoding="utf-8")):
            for field, value in obj["fields"].items():
                if not isinstance(value, str) or (obj["model"], field) in QUOTE_FIELDS:
                    continue
                w = words(value)
                if any(tuple(w[i : i + 14]) in grams for i in range(len(w) - 13)):
                    copied.append((f.layout_name, obj["model"], field, value[:60]))
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
