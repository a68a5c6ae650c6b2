"""Split a source's plain text into sections and numbered statements.

Pure text handling, no database: ``films/coverage.py`` matches the result with
the locators of the knowledge base's citations.

Sections
    A line written as a heading (``== Production ==`` in wiki form, or
    ``## Production`` in Markdown form) starts a section; its slug is the
    slugified heading (``production``; a repeated slug gets ``-2``). Text
    before the first heading is the ``lead``. A dump without heading lines
    (the supplied article is one line of running text) is cut by an
    *outline*: for each section its slug, title and the digest of its first
    statement (``statement_digest``), so the outline survives edits elsewhere
    in the text and holds none of it.

Statements
    Each line is split into sentences at ``.``, ``!`` or ``?`` (with any closing
    quote or bracket) followed by white space and a capital, a digit or an
    opening quote, except

    * after an abbreviation (``Bros.``, ``St.``, ``Dr.``, ``Jr.``, ``No.``, …),
    * after an initial or a dotted acronym (``J. R. Jones``, ``A.A. Dowd``,
      ``A.I.``, ``O.S.``),
    * inside a double-quoted passage: a quotation of several sentences is one
      statement, since the article states only that someone said it;

    numbers (``$47.4 million``, ``8.5/10``) never split because no space
    follows their point. A list run together without line breaks stays one
    statement: nothing in the text marks where its items end.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.text import slugify

LEAD = "lead"

# Words that end with a full stop without ending a sentence ("Warner Bros. Pictures").
ABBREVIATIONS = frozenset(
    {"bros", "co", "corp", "dr", "inc", "jr", "ltd", "mr", "mrs", "ms", "mt", "no", "nos"}
    | {"prof", "sr", "st", "vol", "vs"}
)
HEADING = re.compile(r"^\s*(?:(=+)\s*(?P<wiki>.+?)\s*\1|#+\s+(?P<md>.+?))\s*$")
# A candidate end of sentence: the mark, closing quotes or brackets, then space.
BOUNDARY = re.compile(r"[.!?][\"”’')\]]*(?=\s+)")
STARTS_SENTENCE = re.compile(r"\s+[\"“‘'(\[]?[A-Z0-9$£€]")


@dataclass(frozen=True)
class Statement:
    section: str
    number: int  # 1-based within the section
    text: str

    @property
    def locator(self):
        return f"{self.section}:{self.number}"

    @property
    def digest(self):
        return statement_digest(self.text)


@dataclass
class Section:
    slug: str
    title: str
    statements: list[Statement] = field(default_factory=list)
    counted: bool = True


@dataclass(frozen=True)
class OutlineEntry:
    """Where a section of a headingless text starts."""

    slug: str
    title: str
    first_statement_digest: str = ""  # empty for the first section (it starts the text)
    counted: bool = True


class OutlineError(ValueError):
    pass


def normalize(text):
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip()


def statement_digest(text):
    """A short fingerprint of a statement: names where a section starts without copying it."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:12]


def _word_before(line, end):
    """The token that ends at ``end`` (the position of the full stop)."""
    start = end
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    return line[start:end].lstrip("\"“‘'([")


def _is_abbreviation(token):
    if not token:
        return False
    bare = token.lower()
    if bare in ABBREVIATIONS:
        return True
    if len(token) == 1 and token.isalpha() and token.isupper():
        return True  # an initial: "J. R. Jones", "Nigel M. Smith"
    # A dotted acronym whose last point is this one: "A.A.", "A.I.", "U.S."
    return bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token))


def _inside_quote(text):
    """Whether ``text`` ends inside a double-quoted passage."""
    straight = text.count('"') % 2 == 1
    return straight or text.count("“") > text.count("”")


def split_sentences(line):
    """The statements of one line of running text, in order."""
    line = normalize(line)
    sentences, start = [], 0
    for match in BOUNDARY.finditer(line):
        end = match.end()
        if not STARTS_SENTENCE.match(line, end) or _inside_quote(line[:end]):
            continue
        if line[match.start()] == "." and _is_abbreviation(_word_before(line, match.start())):
            continue
        sentences.append(line[start:end].strip())
        start = end
    rest = line[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _heading(line):
    match = HEADING.match(line)
    if not match:
        return None
    return normalize(match.group("wiki") or match.group("md"))


def _unique_slug(title, seen):
    base = slugify(title) or "section"
    slug, n = base, 2
    while slug in seen:
        slug, n = f"{base}-{n}", n + 1
    seen.add(slug)
    return slug


def split_text(text, outline=()):
    """The sections of ``text`` with their numbered statements.

    Heading lines define the sections when the text has any; otherwise the
    ``outline`` (``OutlineEntry`` items in text order) does, and a text
    without either is one section, ``lead``. Raises ``OutlineError`` when an
    outline entry's first statement is not found in order.
    """
    lines = text.splitlines()
    if any(_heading(line) for line in lines):
        return _split_by_headings(lines, {entry.slug: entry for entry in outline})
    sentences = [s for line in lines for s in split_sentences(line)]
    if not outline:
        return [_section(LEAD, "Lead", sentences)]
    return _split_by_outline(sentences, list(outline))


def _section(slug, title, sentences, counted=True):
    section = Section(slug=slug, title=title, counted=counted)
    section.statements = [Statement(slug, n, s) for n, s in enumerate(sentences, start=1)]
    return section


def _split_by_headings(lines, outline):
    seen = set()
    parts = [[LEAD, "Lead", []]]
    seen.add(LEAD)
    for line in lines:
        title = _heading(line)
        if title:
            parts.append([_unique_slug(title, seen), title, []])
        else:
            parts[-1][2].extend(split_sentences(line))
    sections = []
    for slug, title, sentences in parts:
        if slug == LEAD and not sentences:
            continue
        counted = outline[slug].counted if slug in outline else True
        sections.append(_section(slug, title, sentences, counted))
    return sections


def _split_by_outline(sentences, outline):
    digests = [statement_digest(s) for s in sentences]
    starts = [0]
    for entry in outline[1:]:
        try:
            at = digests.index(entry.first_statement_digest, starts[-1])
        except ValueError:
            raise OutlineError(
                f"section {entry.slug!r}: no statement after the previous section's start "
                f"has digest {entry.first_statement_digest!r}; the text has changed, "
                "so update the source's outline"
            ) from None
        starts.append(at)
    ends = [*starts[1:], len(sentences)]
    return [
        _section(entry.slug, entry.title, sentences[start:end], entry.counted)
        for entry, start, end in zip(outline, starts, ends, strict=True)
    ]
