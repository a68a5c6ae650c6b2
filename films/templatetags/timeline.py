"""The timeline's one line per entry, written in Python: a page lists hundreds."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from filmkb.templatetags.filmkb import cites

register = template.Library()


@register.simple_tag(takes_context=True)
def timeline_entry(context, entry):
    """An entry's kind, linked title, linked film, note and citation markers."""
    parts = [
        f'<span class="kind">{escape(str(entry.kind))}</span> · '
        f'<a href="{escape(entry.url)}">{escape(str(entry.title))}</a>'
    ]
    if entry.film:
        parts.append(
            f' · <a href="{escape(entry.film.get_absolute_url())}">{escape(entry.film.name)}</a>'
        )
    if entry.note:
        parts.append(f' <span class="badge">{escape(entry.note)}</span>')
    if entry.fact:
        parts.append(cites(context, entry.fact))
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped
