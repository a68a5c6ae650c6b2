"""Template helpers used across the site: dates, links, citation markers, JSON-LD."""

import json
import re
from decimal import Decimal, InvalidOperation
from html import escape as html_escape

from django import template
from django.core.exceptions import DisallowedHost
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.dateformat import format as date_format
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe

register = template.Library()

FRACTIONS = {Decimal("0.25"): "¼", Decimal("0.5"): "½", Decimal("0.75"): "¾"}


@register.simple_tag
def when(value, unknown="date not stated in sources"):
    """A PartialDate inside <time datetime>, or a plain note when there is none."""
    if value is None or value == "":
        return mark_safe(f'<span class="unknown">{html_escape(str(unknown))}</span>')  # noqa: S308
    return mark_safe(  # noqa: S308 - both values escaped
        f'<time datetime="{html_escape(value.isoformat())}">{html_escape(str(value))}</time>'
    )


@register.simple_tag
def span(start, end=None):
    """A date range: one <time>, or two joined by an en dash."""
    if start is None:
        return when(None)
    if end is None or end == start:
        return when(start)
    return format_html("{} \N{EN DASH} {}", when(start), when(end))


@register.filter
def rows(obj, relation):
    """``obj.<relation>.all()``, read straight from the prefetch cache when the page
    prefetched it: building a related manager for every row of a long list costs more
    than the row (``{% for q in review|rows:"quotes" %}``)."""
    cached = getattr(obj, "_prefetched_objects_cache", {}).get(relation)
    return cached if cached is not None else getattr(obj, relation).all()


@register.filter
def links(objects):
    """Comma-separated links to each object."""
    return mark_safe(  # noqa: S308 - every address and name escaped
        ", ".join(
            f'<a href="{html_escape(o.get_absolute_url())}">{html_escape(str(o))}</a>'
            for o in objects
        )
    )


@register.simple_tag
def verified(fact):
    """A fact's verification mark, next to its citation markers: a check mark when a
    curator verified the fact as it now reads (the stamp is cleared when the fact or its
    citations change; films/verification.py). No query: ``verified_on`` is a column."""
    day = getattr(fact, "verified_on", None)
    if not day:
        return ""
    return format_html(
        '<span class="verified" title="Verified by a curator on {}">✓<span class="visually-hidden">'
        ' verified by a curator on <time datetime="{}">{}</time></span></span>',
        date_format(day, "j F Y"),
        date_format(day, "Y-m-d"),
        date_format(day, "j F Y"),
    )


@register.simple_tag(takes_context=True)
def cites(context, fact, grouped=False):
    """Citation markers [n] for a fact registered in the page's CitationIndex.

    A fact some other source contradicts also gets a "sources disagree" link to
    its Disagreement, wherever it is shown, unless ``grouped``: shown side by
    side with the other values under a note that links it already.
    """
    index = context.get("citations")
    if index is None:
        return ""
    markers = index.markers(fact)
    if not markers:
        return ""
    disagreement = None if grouped else index.disagreement(fact)
    link = (
        ' <a class="disagree-link" href="'
        f'{html_escape(disagreement.get_absolute_url())}">(sources disagree)</a>'
        if disagreement is not None
        else ""
    )
    # Built with plain string operations and the standard library's escape (the same
    # five characters as Django's): this tag runs for every fact on a page.
    return mark_safe(  # noqa: S308 - every interpolated text is escaped above or below
        '<span class="cites">' + "".join(_marker_html(m) for m in markers) + "</span>" + link
    )


def _marker_html(marker):
    title = f' title="{html_escape(marker.locator)}"' if marker.locator else ""
    return (
        f'<sup class="cite"><a href="#{html_escape(marker.anchor)}" '
        f'aria-label="Reference {int(marker.number)}"{title}>[{int(marker.number)}]</a></sup>'
    )


@register.simple_tag
def jsonld(data):
    """A JSON-LD block; '<', '>' and '&' are escaped so data cannot end the script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _json_script_escapes
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def absolute(context, path=None):
    """An absolute URL for a path (default: this page's), for canonical and og:url.

    Empty when the request names a host the site does not serve: the 400 page for that
    request must render without asking for the host again.
    """
    request = context.get("request")
    if request is None:
        return path or ""
    try:
        return request.build_absolute_uri(path if path is not None else request.path)
    except DisallowedHost:
        return ""


@register.filter
def safe_url(url):
    """The URL if it is http(s), else empty: a javascript: link never reaches a page."""
    url = (url or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else ""


@register.filter
def fraction(value):
    """A rating as people write it: 3.50 reads "3½", 4.00 reads "4", 3.7 stays "3.7"."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    whole, part = divmod(number, 1)
    if part in FRACTIONS:
        return f"{whole:f}{FRACTIONS[part]}" if whole else FRACTIONS[part]
    return format(number.normalize(), "f")


def _plain(text):
    return re.sub(r"[\W_]+", " ", str(text)).strip().casefold()


@register.filter
def unless_repeats(text, label):
    """The text, or "" when it only repeats the label shown beside it
    ("Original score: Original score.", "Opening weekend … (Opening weekend)")."""
    return "" if _plain(text) == _plain(label) else text


@register.filter
def clause(text):
    """Text that follows a label in the same line: "; text" when it goes on the clause,
    ". Text" when it is a sentence of its own (never a capital after a semicolon)."""
    text = str(text).strip()
    if not text:
        return ""
    return f". {text}" if text[0].isupper() else f"; {text}"


@register.simple_tag
def reference(ref):
    """One numbered reference of a page's list (includes/references.html): its source's
    title, publication, date, original or archived address, and the citations' notes.
    Plain string work with every value escaped: a page lists up to hundreds."""
    source = ref.source
    head = f'<a href="{html_escape(source.get_absolute_url())}">{html_escape(source.title)}</a>'
    if source.publication:
        head += f". <i>{html_escape(source.publication.name)}</i>"
    if source.published:
        head += f", {when(source.published)}"
    url = safe_url(source.url)
    if url:
        where = (
            f'<a class="external" href="{html_escape(url)}" rel="external noopener">Original</a>'
        )
    else:
        where = (
            '<span class="muted">Address not recorded:</span> <a class="external" '
            f'href="{html_escape(source.search_url)}" rel="external noopener nofollow">'
            "search the web for it</a>"
        )
    archive = safe_url(source.archive_url)
    archived = (
        f'<a class="external" href="{html_escape(archive)}" rel="external noopener">'
        "Archived copy</a>"
        if archive
        else ""
    )
    notes = (
        '<ul class="ref-notes">'
        + "".join(f"<li>{html_escape(str(note))}</li>" for note in ref.notes)
        + "</ul>"
        if ref.notes
        else ""
    )
    return mark_safe(  # noqa: S308 - every value escaped above
        f'<li id="{html_escape(ref.anchor)}" value="{int(ref.number)}" tabindex="-1">\n'
        f"      {head}.\n      {where}\n      {archived}\n      {notes}\n    </li>"
    )


@register.simple_tag(takes_context=True)
def credit(context, credit):
    """A credit's person or organization, linked, with the name it was credited under,
    its citation markers and verification mark. Pages list a hundred credits or more,
    so this is plain string work rather than an include."""
    who = credit.credited_entity
    html = f'<a href="{html_escape(who.get_absolute_url())}">{html_escape(str(who.name))}</a>'
    if credit.credited_as:
        html += f' <span class="muted">(credited as {html_escape(str(credit.credited_as))})</span>'
    return mark_safe(html + cites(context, credit) + verified(credit))  # noqa: S308 - escaped
