"""Dates known only to a decade, year, season, month or day.

The knowledge base never invents precision: "mid-2012" is stored as the year
2012 with the qualifier "mid", not as 1 June 2012. A ``PartialDate`` is stored
in one text column in a canonical form that sorts chronologically within a
precision level and reads well in fixtures:

    2013-12-18     day
    2013-12        month
    2013           year
    2000s          decade
    2012~mid       year with a qualifier (early, mid, late, spring, summer,
                   autumn, winter, circa); qualifiers work at any precision

``PartialDateField`` is the reusable model field; ``PartialDate.parse`` also
accepts the natural forms curators type ("18 December 2013", "July 2011",
"mid-2012", "early 2000s", "spring 2013").
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from dataclasses import dataclass
from functools import total_ordering

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models


class Precision(models.TextChoices):
    DECADE = "decade", "Decade"
    YEAR = "year", "Year"
    SEASON = "season", "Season"
    MONTH = "month", "Month"
    DAY = "day", "Day"


QUALIFIERS = ("early", "mid", "late", "circa", "spring", "summer", "autumn", "winter")
SEASONS = ("spring", "summer", "autumn", "winter")
_SEASON_ALIASES = {"fall": "autumn"}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})

_CANONICAL = re.compile(
    r"^(?P<decade>\d{3}0s)$|^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$"
)


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    decade: bool = False
    qualifier: str = ""

    def __post_init__(self):
        if not 1 <= self.year <= 9999:
            raise ValidationError(f"Year {self.year} is out of range.", code="invalid_date")
        if self.decade and (self.month or self.day or self.year % 10):
            raise ValidationError(
                "A decade is written as its first year, e.g. 2000s.", code="invalid_date"
            )
        if self.day is not None and self.month is None:
            raise ValidationError("A day needs a month.", code="invalid_precision")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValidationError(f"Month {self.month} does not exist.", code="invalid_date")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValidationError(
                    f"Day {self.day} does not exist in {calendar.month_name[self.month]} "
                    f"{self.year}.",
                    code="invalid_date",
                )
        if self.qualifier and self.qualifier not in QUALIFIERS:
            raise ValidationError(
                f"Unknown date qualifier {self.qualifier!r}; use one of {', '.join(QUALIFIERS)}.",
                code="invalid_precision",
            )
        if self.qualifier in SEASONS and (self.month or self.decade):
            raise ValidationError(
                "A season qualifies a year, not a month or decade.", code="invalid_precision"
            )

    # Construction -----------------------------------------------------------------

    @classmethod
    def from_date(cls, value: datetime.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse the canonical form or a natural English form; raise ValidationError."""
        raw = text
        text = " ".join(str(text).strip().replace(",", " ").split())
        if not text:
            raise ValidationError("Enter a date.", code="invalid_date")
        core, _, qualifier = text.partition("~")
        match = _CANONICAL.match(core)
        if match:
            return cls._from_match(match, qualifier)
        return cls._parse_natural(text.lower(), raw)

    @classmethod
    def _from_match(cls, match, qualifier=""):
        if match["decade"]:
            return cls(int(match["decade"][:4]), decade=True, qualifier=qualifier)
        return cls(
            int(match["year"]),
            int(match["month"]) if match["month"] else None,
            int(match["day"]) if match["day"] else None,
            qualifier=qualifier,
        )

    @classmethod
    def _parse_natural(cls, text, raw):
        words = text.replace("-", " ").split()
        qualifier = ""
        if words and words[0] in _SEASON_ALIASES:
            words[0] = _SEASON_ALIASES[words[0]]
        if words and words[0] in QUALIFIERS:
            qualifier = words.pop(0)
            if words and words[0] == "of":
                words.pop(0)
        if len(words) == 1 and re.fullmatch(r"\d{3}0s", words[0]):
            return cls(int(words[0][:4]), decade=True, qualifier=qualifier)
        try:
            if len(words) == 1 and re.fullmatch(r"\d{4}", words[0]):
                return cls(int(words[0]), qualifier=qualifier)
            if len(words) == 2 and words[0] in _MONTHS and words[1].isdigit():
                return cls(int(words[1]), _MONTHS[words[0]], qualifier=qualifier)
            if len(words) == 3:
                if words[1] in _MONTHS and words[0].isdigit():  # 18 December 2013
                    return cls(int(words[2]), _MONTHS[words[1]], int(words[0]), qualifier=qualifier)
                if words[0] in _MONTHS and words[1].isdigit():  # December 18 2013
                    return cls(int(words[2]), _MONTHS[words[0]], int(words[1]), qualifier=qualifier)
        except ValueError:
            pass
        raise ValidationError(
            f"{raw!r} is not a date. Use 2013-12-18, 2013-12, 2013, 2000s, "
            "'18 December 2013', 'July 2011' or 'mid-2012'.",
            code="invalid_date",
        )

    # Reading --------------------------------------------------------------------

    @property
    def precision(self) -> str:
        if self.decade:
            return Precision.DECADE
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        if self.qualifier in SEASONS:
            return Precision.SEASON
        return Precision.YEAR

    def canonical(self) -> str:
        if self.decade:
            core = f"{self.year}s"
        else:
            core = f"{self.year:04d}"
            if self.month is not None:
                core += f"-{self.month:02d}"
            if self.day is not None:
                core += f"-{self.day:02d}"
        return f"{core}~{self.qualifier}" if self.qualifier else core

    def isoformat(self) -> str:
        """A valid HTML ``<time datetime>`` value at this precision."""
        if self.decade:
            return f"{self.year:04d}"
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def sort_key(self):
        return (self.year, self.month or 0, self.day or 0, self.decade)

    def __lt__(self, other):
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __str__(self):
        if self.decade:
            core = f"{self.year}s"
        elif self.day is not None:
            core = f"{self.day} {calendar.month_name[self.month]} {self.year}"
        elif self.month is not None:
            core = f"{calendar.month_name[self.month]} {self.year}"
        else:
            core = str(self.year)
        if not self.qualifier:
            return core
        if self.qualifier in SEASONS:
            return f"{self.qualifier} {core}"
        if self.qualifier == "circa":
            return f"c. {core}"
        joiner = "-" if self.qualifier == "mid" else " "
        return f"{self.qualifier}{joiner}{core}"


def format_range(start: PartialDate | None, end: PartialDate | None) -> str:
    if start is None:
        return "date unknown"
    if end is None or end == start:
        return str(start)
    return f"{start} – {end}"


@functools.lru_cache(maxsize=4096)
def _stored(text):
    """A stored date read back (PartialDate is immutable, so one value serves every row
    holding the same text: a page reads hundreds of dates, most of them repeated)."""
    return PartialDate.parse(text)


class PartialDateFormField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "As precise as the source: 2013-12-18, 18 December 2013, July 2011, 2012, "
            "mid-2012, early 2000s.",
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return str(value) if isinstance(value, PartialDate) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if isinstance(value, PartialDate):
            return value
        return PartialDate.parse(value)


class PartialDateField(models.CharField):
    """A date with its precision, stored as canonical text (see module docstring)."""

    description = "Date with precision (decade, year, season, month or day)"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        # The canonical text always fits; CharField's length check cannot measure a PartialDate.
        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 20:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None
        return _stored(value)

    def to_python(self, value):
        if value is None or value == "" or isinstance(value, PartialDate):
            return value or None
        if isinstance(value, datetime.date):
            return PartialDate.from_date(value)
        return PartialDate.parse(value)

    def get_prep_value(self, value):
        value = self.to_python(value)
        return None if value is None else value.canonical()

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else value.canonical()

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", PartialDateFormField)
        return models.Field.formfield(self, **kwargs)
