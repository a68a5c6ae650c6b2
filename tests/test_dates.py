import pytest
from django.core.exceptions import ValidationError

from filmkb.dates import PartialDate, PartialDateFormField, Precision, format_range


@pytest.mark.parametrize(
    ("text", "canonical", "shown", "iso", "precision"),
    [
        ("2013-12-18", "2013-12-18", "18 December 2013", "2013-12-18", Precision.DAY),
        ("2011-07", "2011-07", "July 2011", "2011-07", Precision.MONTH),
        ("2011", "2011", "2011", "2011", Precision.YEAR),
        ("2000s", "2000s", "2000s", "2000", Precision.DECADE),
        ("2012~mid", "2012~mid", "mid-2012", "2012", Precision.YEAR),
        ("2000s~early", "2000s~early", "early 2000s", "2000", Precision.DECADE),
        ("2013~spring", "2013~spring", "spring 2013", "2013", Precision.SEASON),
        ("2011~late", "2011~late", "late 2011", "2011", Precision.YEAR),
    ],
)
def test_canonical_forms_round_trip_and_render_by_precision(text, canonical, shown, iso, precision):
    value = PartialDate.parse(text)
    assert value.canonical() == canonical
    assert str(value) == shown
    assert value.isoformat() == iso
    assert value.precision == precision


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("18 December 2013", "2013-12-18"),
        ("December 18, 2013", "2013-12-18"),
        ("July 2011", "2011-07"),
        ("Jan 2014", "2014-01"),
        ("mid-2012", "2012~mid"),
        ("early 2000s", "2000s~early"),
        ("spring of 2013", "2013~spring"),
        ("fall 2013", "2013~autumn"),
    ],
)
def test_natural_forms_that_curators_type_are_understood(typed, canonical):
    assert PartialDate.parse(typed).canonical() == canonical


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2013-02-30", "Day 30 does not exist in February 2013"),
        ("2013-13", "Month 13 does not exist"),
        ("2013~someday", "Unknown date qualifier"),
        ("2013-05~spring", "A season qualifies a year"),
        ("yesterday", "is not a date"),
        ("", "Enter a date"),
    ],
)
def test_impossible_dates_and_precisions_are_refused_with_a_reason(text, message):
    with pytest.raises(ValidationError, match=message):
        PartialDate.parse(text)


def test_dates_sort_chronologically_and_coarser_dates_sort_first():
    values = [PartialDate.parse(t) for t in ["2013-12-18", "2013", "2012-07", "2013-12"]]
    assert [v.canonical() for v in sorted(values)] == ["2012-07", "2013", "2013-12", "2013-12-18"]


def test_a_range_renders_both_ends_and_a_missing_start_reads_as_unknown():
    assert format_range(PartialDate(2012, 6), PartialDate(2012, 8)) == "June 2012 – August 2012"
    assert format_range(PartialDate(2012), None) == "2012"
    assert format_range(None, None) == "date unknown"


def test_the_form_field_accepts_natural_input_and_rejects_nonsense():
    field = PartialDateFormField(required=False)
    assert field.clean("18 December 2013") == PartialDate(2013, 12, 18)
    assert field.clean("") is None
    with pytest.raises(ValidationError):
        field.clean("31 June 2013")
