"""Source coverage: the statement splitter, locators, the command and the admin page."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from films.coverage import LocatorError, measure_source, parse_locator
from films.models import ProductionEvent, Source, SourceSection
from films.statements import (
    OutlineEntry,
    OutlineError,
    split_sentences,
    split_text,
    statement_digest,
)
from tests import builders as b

SAMPLE = Path(__file__).parent / "data" / "coverage-sample.txt"

# ------------------------------------------------------------------ splitting


def test_abbreviations_initials_and_numbers_do_not_end_a_statement():
    text = (
        "Warner Bros. Pictures filmed it in St. Louis for $47.4 million. "
        "J. R. Jones and A.A. Dowd rated it 8.5/10. Nigel M. Smith did not."
    )
    assert split_sentences(text) == [
        "Warner Bros. Pictures filmed it in St. Louis for $47.4 million.",
        "J. R. Jones and A.A. Dowd rated it 8.5/10.",
        "Nigel M. Smith did not.",
    ]


def test_a_quoted_passage_of_several_sentences_is_one_statement():
    text = 'He said, "It was fun. Then it fell apart." The end came later. She said "no?" twice.'
    assert split_sentences(text) == [
        'He said, "It was fun. Then it fell apart."',
        "The end came later.",
        'She said "no?" twice.',
    ]


def test_dotted_acronyms_before_a_lowercase_word_stay_inside_the_sentence():
    text = "He wants the A.I. to have a voice. She admits the O.S. was new."
    assert split_sentences(text) == [
        "He wants the A.I. to have a voice.",
        "She admits the O.S. was new.",
    ]


def test_heading_lines_make_sections_with_slugs_and_the_text_before_them_is_the_lead():
    text = "Intro one. Intro two.\n== Plot ==\nA. B c.\n## Box office\nIt made $1.5 million.\n"
    sections = split_text(text)
    assert [(s.slug, s.title, len(s.statements)) for s in sections] == [
        ("lead", "Lead", 2),
        ("plot", "Plot", 1),
        ("box-office", "Box office", 1),
    ]
    assert sections[2].statements[0].locator == "box-office:1"


def test_each_line_of_a_list_is_its_own_statement():
    sections = split_text("== Cast ==\nAnn as Bea\nCal as Dee\n")
    assert [s.text for s in sections[0].statements] == ["Ann as Bea", "Cal as Dee"]


def test_an_outline_cuts_a_text_without_headings_at_its_digests():
    text = "One here. Two here. Three here. Four here."
    outline = [
        OutlineEntry("lead", "Lead"),
        OutlineEntry("middle", "Middle", statement_digest("Three here.")),
        OutlineEntry("refs", "References", statement_digest("Four here."), counted=False),
    ]
    sections = split_text(text, outline)
    assert [(s.slug, [st.number for st in s.statements]) for s in sections] == [
        ("lead", [1, 2]),
        ("middle", [1]),
        ("refs", [1]),
    ]
    assert not sections[2].counted


def test_an_outline_that_no_longer_matches_the_text_is_an_error():
    outline = [OutlineEntry("lead", "Lead"), OutlineEntry("gone", "Gone", "000000000000")]
    with pytest.raises(OutlineError, match="'gone'"):
        split_text("One. Two.", outline)


# ------------------------------------------------------------------ locators


def test_a_locator_names_statements_by_section_number_and_range():
    assert parse_locator("lead:2") == [("lead", 2)]
    assert parse_locator("plot:1-3,5; box-office:2") == [
        ("plot", 1),
        ("plot", 2),
        ("plot", 3),
        ("plot", 5),
        ("box-office", 2),
    ]


@pytest.mark.parametrize("bad", ["p. 4", "lead", "lead:0", "lead:3-1", "Lead:1", "lead:x"])
def test_a_locator_outside_the_scheme_is_refused(bad):
    with pytest.raises(LocatorError):
        parse_locator(bad)


# ------------------------------------------------------------------ the command


@pytest.fixture
def sample_source(db):
    """A source of the sample text with some statements pointed to."""
    source = b.make_source(key="glass-lantern-article", title="The Glass Lantern")
    film = b.make_film(name="The Glass Lantern", slug="glass-lantern", year=2031)
    b.cite(b.make_event(film, key="made"), source, locator="lead:1-2; production:1")
    b.cite(b.make_quotation(film, key="no-money"), source, locator="production:2")
    b.cite(b.make_score(film, key="rating"), source, locator="reception:1")
    b.cite(b.make_review(film, key="unlocated"), source)  # no locator: points to nothing
    return source


def run(*args):
    out = StringIO()
    call_command("source_coverage", *args, stdout=out)
    return out.getvalue()


def test_the_command_reports_exactly_the_statements_no_locator_points_to(sample_source):
    output = run("--source", "glass-lantern-article", "--text", str(SAMPLE))
    assert output.splitlines() == [
        "Coverage of glass-lantern-article: 5 of 8 statements covered (62.5 %)",
        "§ lead (Lead): 2 of 2",
        "§ production (Production): 2 of 3",
        "  uncovered production:3: Nobody else commented.",
        "§ reception (Reception): 1 of 3",
        '  uncovered reception:2: Critics called it "slow."',
        "  uncovered reception:3: Audiences disagreed!",
    ]


def test_the_report_function_gives_the_same_figures(sample_source):
    report = measure_source("glass-lantern-article", SAMPLE)
    assert (report.covered, report.total) == (5, 8)
    assert [s.locator for s in report.uncovered] == [
        "production:3",
        "reception:2",
        "reception:3",
    ]


def test_locators_naming_no_statement_are_listed_as_dangling(sample_source):
    film = ProductionEvent.objects.get(key="made").film
    b.cite(b.make_event(film, key="typo"), sample_source, locator="reception:9")
    b.cite(b.make_event(film, key="free-text"), sample_source, locator="para. 3")
    b.cite(b.make_event(film, key="old-section"), sample_source, locator="trivia:1")
    output = run("--source", "glass-lantern-article", "--text", str(SAMPLE))
    assert "dangling locator: films.productionevent 'typo' (reception:9): " in output
    assert "'reception' has 3 statements, not 9" in output
    assert "'free-text' (para. 3): 'para. 3' is not" in output
    assert "'old-section' (trivia:1): no section 'trivia'" in output


def test_the_command_writes_nothing(sample_source):
    before = Source.objects.count(), ProductionEvent.objects.count()
    run("--source", "glass-lantern-article", "--text", str(SAMPLE))
    assert (Source.objects.count(), ProductionEvent.objects.count()) == before


def test_fail_under_turns_low_coverage_into_an_error(sample_source):
    run("--source", "glass-lantern-article", "--text", str(SAMPLE), "--fail-under", "60")
    with pytest.raises(CommandError, match=r"62\.5 % of glass-lantern-article.*under 90"):
        run("--source", "glass-lantern-article", "--text", str(SAMPLE), "--fail-under", "90")


def test_an_unknown_source_key_is_named(db):
    with pytest.raises(CommandError, match="no source with key 'nope'"):
        run("--source", "nope", "--text", str(SAMPLE))


def test_a_missing_file_is_named(sample_source, tmp_path):
    missing = tmp_path / "absent.txt"
    with pytest.raises(CommandError, match=re.escape(f"no file at {missing}")):
        run("--source", "glass-lantern-article", "--text", str(missing))


def test_a_directory_is_refused(sample_source, tmp_path):
    with pytest.raises(CommandError, match="is a directory"):
        run("--source", "glass-lantern-article", "--text", str(tmp_path))


def test_text_that_is_not_utf8_is_refused(sample_source, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\xe9 au lait.".encode("latin-1"))
    with pytest.raises(CommandError, match=r"latin1\.txt is not UTF-8 plain text \(byte 3"):
        run("--source", "glass-lantern-article", "--text", str(path))


def test_an_empty_text_is_refused(sample_source, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"empty\.txt is empty"):
        run("--source", "glass-lantern-article", "--text", str(path))


def test_an_outline_that_does_not_match_the_text_names_the_section(sample_source, tmp_path):
    path = tmp_path / "flat.txt"
    path.write_text("One statement. Another one.", encoding="utf-8")
    SourceSection.objects.create(source=sample_source, slug="lead", title="Lead", order=0)
    SourceSection.objects.create(
        source=sample_source, slug="later", title="Later", order=1, first_statement_digest="ab"
    )
    with pytest.raises(CommandError, match="section 'later': no statement"):
        run("--source", "glass-lantern-article", "--text", str(path))


# ------------------------------------------------------------------ the admin page


@pytest.fixture
def coverage_url(settings, sample_source):
    settings.SOURCE_TEXTS = {"glass-lantern-article": SAMPLE}
    return reverse("admin:films_source_coverage")


def test_a_curator_sees_the_coverage_report_in_the_admin(curator_client, coverage_url):
    response = curator_client.get(coverage_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "5 of 8 statements covered" in page
    assert "<code>reception:3</code> Audiences disagreed!" in page
    assert "<code>production:3</code> Nobody else commented." in page


def test_a_staff_user_who_is_not_a_curator_gets_403_on_the_coverage_page(
    client, django_user_model, coverage_url
):
    user = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(user)
    assert client.get(coverage_url).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, coverage_url):
    response = client.get(coverage_url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_supplied_text_that_cannot_be_read_is_reported_on_the_page(
    curator_client, coverage_url, settings, tmp_path
):
    settings.SOURCE_TEXTS = {"glass-lantern-article": tmp_path / "gone.txt"}
    page = curator_client.get(coverage_url).content.decode()
    assert f"no file at {tmp_path / 'gone.txt'}" in page


def test_the_source_changelist_links_to_the_coverage_page(curator_client, coverage_url):
    changelist = curator_client.get(reverse("admin:films_source_changelist")).content.decode()
    assert f'href="{coverage_url}"' in changelist
