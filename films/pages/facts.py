"""Facts of any kind: every fact model, what cites a source, the members of a disagreement.

Lists of facts of mixed kinds (a source's "what cites this", a disagreement's
members) first ask, in one query over every table (``tables_holding``), which
tables hold such rows, then read only those: one query per table that has rows,
whatever the number of rows (a disagreement's members are usually of one kind; a
source's uses are paged by kind, ``KINDS_PER_PAGE`` a page).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.apps import apps
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404

from filmkb.models import Citation, Fact
from filmkb.prepared import compiled
from filmkb.relations import probe_union
from films.citations import cited


def fact_models():
    """Every concrete fact model that has citations, in a stable order."""
    return [
        m
        for m in apps.get_models()
        if issubclass(m, Fact) and not m._meta.abstract and hasattr(m, "citations")
    ]


# What str(fact) and its link read, per fact model, so listing facts of any kind
# (a source's "what cites this", a disagreement's members) costs one query a table.
FACT_RELATED = {
    "films.filmtitle": ["film", "territory"],
    "films.filmcompany": ["film", "organization"],
    "films.filmtheme": ["film", "theme"],
    "films.dedication": ["film", "person"],
    "films.relatedwork": ["film", "work"],
    "films.externallink": ["film"],
    "films.credit": ["film", "person", "organization", "character"],
    "films.recast": [
        "film",
        "character",
        "replaced__person",
        "replaced__organization",
        "replacement__person",
        "replacement__organization",
    ],
    "films.productionevent": ["film"],
    "films.filmmusic": ["film", "work"],
    "films.musiccredit": ["film", "work", "person", "organization"],
    "films.release": ["film", "territory"],
    "films.boxofficefigure": ["film"],
    "films.aggregatescore": ["film", "aggregator"],
    "films.review": ["film", "critic", "publication"],
    "films.toptenentry": ["film", "top_ten_list"],
    "films.quotation": ["film", "speaker_person", "speaker_organization"],
    "films.filmdescription": ["film"],
    "awards.nomination": ["film", "ceremony", "category"],
    "awards.nominationtally": ["film", "ceremony"],
    "people.membership": ["person", "organization"],
}


@dataclass
class FactUse:
    fact: object
    citation: object = None

    @property
    def kind(self):
        return self.fact._meta.verbose_name

    @property
    def url(self):
        return self.fact.get_page_url()

    @property
    def film(self):
        return getattr(self.fact, "film", None)


def citation_models():
    """Every concrete citation table, in a stable order."""
    return [m for m in apps.get_models() if issubclass(m, Citation) and not m._meta.abstract]


def tables_holding(models, **lookup):
    """The models among ``models`` with a row whose field (``lookup``'s one key) is the
    given object: one query for all, compiled once per set of models and field."""
    ((field, obj),) = lookup.items()
    models = tuple(models)
    probe = compiled(
        ("tables holding", models, field),
        lambda object_id: probe_union(
            [model._default_manager.filter(**{field: object_id}) for model in models]
        ),
    )
    found = {number for (number,) in probe.all(obj.pk)}
    return [model for number, model in enumerate(models) if number in found]


# Kinds of fact listed per page of a source's "what cites this": one query each, so a
# source cited by facts of every kind still costs a bounded number of queries a page.
KINDS_PER_PAGE = 10


def facts_citing(source, number="1"):
    """(page, uses): the facts citing a source on page ``number`` of its citing tables,
    KINDS_PER_PAGE tables a page. One query finds the citation tables citing it, then
    one per table on the page. A page number that is not one raises Http404."""
    tables = tables_holding(citation_models(), source=source)
    try:
        page = Paginator(tables, KINDS_PER_PAGE).page(number)
    except InvalidPage as exc:
        raise Http404(f"There is no page {str(number)[:20]!r} of this source's uses.") from exc
    uses = []
    for citation_model in page:
        query = compiled(("citing", citation_model), partial(_citations_of, citation_model))
        uses.extend(FactUse(row.fact, row) for row in query.all(source.pk))
    return page, uses


def _citations_of(citation_model, source_id):
    """A citation table's rows citing a source, each with its fact and what the fact's
    name and link read."""
    model = citation_model._meta.get_field("fact").related_model
    related = [f"fact__{path}" for path in FACT_RELATED.get(model._meta.label_lower, [])]
    return citation_model.objects.filter(source_id=source_id).select_related("fact", *related)


def disagreement_members(disagreement):
    """Every fact in a disagreement with its citations: one query to find the fact
    tables holding members, then two per such table (the members, their citations)."""
    members = []
    for model in tables_holding(fact_models(), disagreement=disagreement):
        related = FACT_RELATED.get(model._meta.label_lower, [])
        rows = (
            model._default_manager.filter(disagreement=disagreement)
            .select_related(*related)
            .prefetch_related(cited("", model))
        )
        for row in rows:
            row.disagreement = disagreement  # the page's own; no query to link it again
            members.append(row)
    return members
