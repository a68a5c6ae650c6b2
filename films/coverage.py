"""How much of a source's text the knowledge base accounts for.

A statement of a source (``films.statements``) is *covered* when some fact's
or quotation's citation of that source has a locator naming it. Locators of
citations of a source whose text is split here follow one scheme::

    <section-slug>:<statements>[; <section-slug>:<statements>]...

where ``<statements>`` is a comma-separated list of statement numbers within
the section and ranges: ``lead:2``, ``production-development:3-5,7``,
``lead:9; filming:6-8``. Numbers count from 1 in each section, so an edit in
one section leaves the locators of every other section valid.

``measure_source()`` is the plain function behind ``manage.py
source_coverage`` and the admin's coverage page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from films.models import Source
from films.pages.facts import citation_models
from films.statements import OutlineEntry, OutlineError, Section, Statement, split_text

LOCATOR_PART = re.compile(r"^(?P<slug>[a-z0-9-]+):(?P<items>\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*)$")


class LocatorError(ValueError):
    pass


class CoverageInputError(ValueError):
    """Bad input to the report: the message names what was wrong."""


def parse_locator(locator):
    """The ``(section slug, statement number)`` pairs a locator names, in order."""
    pairs = []
    for part in filter(None, (p.strip() for p in locator.split(";"))):
        match = LOCATOR_PART.match(part.replace(" ", ""))
        if not match:
            raise LocatorError(
                f"{part!r} is not '<section-slug>:<n>[-<m>][,...]', e.g. 'lead:2' or 'plot:1-3,5'"
            )
        for item in match["items"].split(","):
            first, _, last = item.partition("-")
            first, last = int(first), int(last or first)
            if first < 1 or last < first:
                raise LocatorError(f"{part!r}: {item!r} is not an increasing range from 1")
            pairs.extend((match["slug"], n) for n in range(first, last + 1))
    return pairs


@dataclass(frozen=True)
class Pointer:
    """One citation of the source that carries a locator."""

    label: str  # the fact's model, e.g. "films.credit"
    fact_key: str
    locator: str

    def __str__(self):
        return f"{self.label} {self.fact_key!r} ({self.locator})"


def pointers_to(source):
    """The source's citations that carry a locator: one query per citation model."""
    pointers = []
    for model in citation_models():
        fact_model = model._meta.get_field("fact").related_model
        key_field = "fact__key" if hasattr(fact_model, "key") else "fact_id"
        rows = (
            model.objects.filter(source=source)
            .exclude(locator="")
            .values_list("locator", key_field)
            .order_by("id")
        )
        label = fact_model._meta.label_lower
        pointers.extend(Pointer(label, str(key), locator) for locator, key in rows)
    return pointers


@dataclass
class SectionCoverage:
    section: Section
    uncovered: list[Statement] = field(default_factory=list)

    @property
    def total(self):
        return len(self.section.statements)

    @property
    def covered(self):
        return self.total - len(self.uncovered)


@dataclass
class Report:
    source_key: str
    sections: list[SectionCoverage]
    dangling: list[tuple[Pointer, str]]  # pointers whose locator names no statement, and why

    @property
    def counted(self):
        return [s for s in self.sections if s.section.counted]

    @property
    def total(self):
        return sum(s.total for s in self.counted)

    @property
    def covered(self):
        return sum(s.covered for s in self.counted)

    @property
    def uncovered(self):
        return [st for s in self.counted for st in s.uncovered]

    @property
    def percent(self):
        return 100.0 * self.covered / self.total if self.total else 100.0

    def lines(self, *, verbose=False):
        """The report as text lines (what the command prints)."""
        out = [
            f"Coverage of {self.source_key}: {self.covered} of {self.total} statements "
            f"covered ({self.percent:.1f} %)"
        ]
        for item in self.sections:
            section = item.section
            if not section.counted:
                out.append(
                    f"§ {section.slug} ({section.title}): not counted ({item.total} statements)"
                )
                continue
            out.append(f"§ {section.slug} ({section.title}): {item.covered} of {item.total}")
            for statement in item.uncovered:
                text = statement.text if verbose else _shorten(statement.text)
                out.append(f"  uncovered {statement.locator}: {text}")
        for pointer, reason in self.dangling:
            out.append(f"dangling locator: {pointer}: {reason}")
        return out


def _shorten(text, words=12):
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def measure(source_key, sections, pointers):
    """Match the statements of ``sections`` with the locators of ``pointers``."""
    by_slug = {s.slug: s for s in sections}
    pointed, dangling = set(), []
    for pointer in pointers:
        try:
            pairs = parse_locator(pointer.locator)
        except LocatorError as exc:
            dangling.append((pointer, str(exc)))
            continue
        for slug, number in pairs:
            section = by_slug.get(slug)
            if section is None:
                dangling.append((pointer, f"no section {slug!r}"))
            elif number > len(section.statements):
                dangling.append(
                    (pointer, f"{slug!r} has {len(section.statements)} statements, not {number}")
                )
            else:
                pointed.add((slug, number))
    coverage = [
        SectionCoverage(
            section, [st for st in section.statements if (st.section, st.number) not in pointed]
        )
        for section in sections
    ]
    return Report(source_key, coverage, dangling)


def read_text(path):
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CoverageInputError(f"no file at {path}") from None
    except IsADirectoryError:
        raise CoverageInputError(f"{path} is a directory, not a text file") from None
    except PermissionError:
        raise CoverageInputError(f"{path} cannot be read (permission denied)") from None
    except OSError as exc:
        raise CoverageInputError(f"{path} cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise CoverageInputError(
            f"{path} is not UTF-8 plain text (byte {exc.start} cannot be decoded)"
        ) from None
    if not text.strip():
        raise CoverageInputError(f"{path} is empty")
    return text


def outline_of(source):
    return [
        OutlineEntry(s.slug, s.title, s.first_statement_digest, s.counted)
        for s in source.sections.all()
    ]


def measure_source(source_key, text_path):
    """The coverage ``Report`` of the source ``source_key`` against the text at ``text_path``."""
    try:
        source = Source.objects.get(key=source_key)
    except Source.DoesNotExist:
        raise CoverageInputError(f"no source with key {source_key!r}") from None
    text = read_text(text_path)
    try:
        sections = split_text(text, outline_of(source))
    except OutlineError as exc:
        raise CoverageInputError(f"{text_path}: {exc}") from None
    return measure(source.key, sections, pointers_to(source))
