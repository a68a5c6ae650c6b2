"""The list pages' shared machinery: facets, sorting and pagination that never 500.

``filtered_page(request, filterset_class, queryset)`` binds the query string
to a django-filter FilterSet, keeps only the values that validate (unknown
sort keys and junk facet values are reported, not obeyed), and paginates.
A page number that is not a positive integer within range raises Http404.

Counting is bounded: a list counts at most ``MAX_COUNT`` rows (a count costs
as much as the rows it visits, and a filtered count over a large table is the
slowest query of a list page). Past that the list says "more than" and ends at
the last page within the bound; facets narrow it further.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.functional import cached_property
from django_filters.widgets import BaseCSVWidget

from filmkb.widgets import FastCSVSelect, FastSelect

PER_PAGE = 25
MAX_PARAM_LENGTH = 200
MAX_COUNT = 10_000


class BoundedPaginator(Paginator):
    """A Paginator whose one COUNT query visits at most ``max_count + 1`` rows."""

    def __init__(self, *args, max_count=MAX_COUNT, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_count = max_count

    @cached_property
    def counted(self):
        return self.object_list.order_by()[: self.max_count + 1].count()

    @cached_property
    def count(self):
        return min(self.counted, self.max_count)

    @property
    def truncated(self):
        return self.counted > self.max_count

    def page(self, number):
        """The page's rows, found by their keys first (a deferred join).

        ``OFFSET`` walks every row before the page; selecting only the primary key
        for that walk lets an index serve it, and the joined, wide rows are then
        read for the page's own rows only. Querysets with ``DISTINCT`` keep the
        plain slice (their ordering columns would join the key subquery).
        """
        queryset = self.object_list
        if not hasattr(queryset, "query") or queryset.query.distinct:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = queryset.values("pk")[bottom : bottom + self.per_page]
        return self._get_page(queryset.filter(pk__in=keys), number, self)


@dataclass
class ListPage:
    filterset: object
    page: object
    paginator: object
    errors: dict

    @property
    def rejected(self):
        return bool(self.errors)


def fast_selects(form):
    """Every plain ``<select>`` of a facet form drawn by ``FastSelect`` (the same HTML):
    Django draws each option through a template of its own, which cost more than the
    rest of a list page's facets."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            field.widget = FastSelect(attrs=widget.attrs, choices=widget.choices)
        elif isinstance(widget, BaseCSVWidget) and type(widget).__bases__ == (
            BaseCSVWidget,
            forms.Select,
        ):  # django-filter's sort select (OrderingFilter), a class it makes on the fly
            field.widget = FastCSVSelect(attrs=widget.attrs, choices=widget.choices)


def filtered_page(request, filterset_class, queryset, per_page=PER_PAGE):
    data = request.GET.copy()
    too_long = {k for k, v in data.lists() if any(len(item) > MAX_PARAM_LENGTH for item in v)}
    for key in too_long:
        del data[key]
    filterset = filterset_class(data or None, queryset=queryset, request=request)
    fast_selects(filterset.form)
    errors = {}
    if filterset.is_bound and not filterset.form.is_valid():
        errors = {
            filterset.form.fields[name].label or name: [str(e) for e in messages]
            for name, messages in filterset.form.errors.items()
            if name in filterset.form.fields
        }
    for key in too_long:
        errors[key] = ["That value is too long and was ignored."]
    paginator = BoundedPaginator(filterset.qs, per_page)
    number = request.GET.get("page", "1")
    try:
        page = paginator.page(number)
    except InvalidPage as exc:
        raise Http404(f"There is no page {str(number)[:20]!r} in this list.") from exc
    return ListPage(filterset=filterset, page=page, paginator=paginator, errors=errors)


def render_listing(request, template_name, listing, **context):
    """Render a list page; 400 when some filter values were rejected (the page says which)."""
    return render(
        request,
        template_name,
        {"listing": listing, **context},
        status=400 if listing.rejected else 200,
    )
