"""Admin for films and their facts (see filmkb/admin_utils/ for the shared base).

Every fact admin edits the fact's citations inline and offers the "Mark
selected as verified today" action; the film page gathers its titles,
characters, credits and companies.
"""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.template.response import TemplateResponse
from django.urls import path

from filmkb.admin_utils import (
    EntityAdmin,
    FactAdmin,
    HiddenFromIndex,
    KBAdmin,
    KBTabularInline,
    ReadOnlyAdmin,
    citation_admin,
)
from filmkb.curators import CURATORS_GROUP
from films import models as m
from films.coverage import CoverageInputError, measure_source

# --------------------------------------------------------------------------- inlines

# Credits as the film bills them: billed cast first, then everyone else by department.
CREDIT_ORDER = (F("billing_order").asc(nulls_last=True), "department", "job", "pk")


class FilmTitleInline(KBTabularInline):
    model = m.FilmTitle
    fields = ("title", "kind", "territory", "key")
    autocomplete_fields = ("territory",)
    show_change_link = True


class CharacterInline(KBTabularInline):
    model = m.Character
    fields = ("name", "slug", "based_on")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("based_on",)
    show_change_link = True


class CreditInline(KBTabularInline):
    model = m.Credit
    ordering = CREDIT_ORDER
    fields = (
        "billing_order",
        "person",
        "organization",
        "department",
        "job",
        "character",
        "is_voice",
        "credited_as",
        "status",
        "key",
    )
    autocomplete_fields = ("person", "organization", "character")
    show_change_link = True  # its citations are edited on the credit's own page


class FilmCompanyInline(KBTabularInline):
    model = m.FilmCompany
    fields = ("organization", "role", "territories", "key")
    autocomplete_fields = ("organization", "territories")
    show_change_link = True


class SourceAuthorInline(KBTabularInline):
    model = m.SourceAuthor
    fields = ("person", "credited_as", "order")
    autocomplete_fields = ("person",)


class SourceSectionInline(KBTabularInline):
    model = m.SourceSection
    fields = ("order", "slug", "title", "first_statement_digest", "counted")


class ReviewQuoteInline(KBTabularInline):
    model = m.ReviewQuote
    fields = ("text", "about", "order")
    verbose_name = "quotation"


class TopTenEntryInline(KBTabularInline):
    model = m.TopTenEntry
    fields = ("film", "rank", "tied", "note", "key")
    autocomplete_fields = ("film",)
    show_change_link = True


# --------------------------------------------------------------------------- sources


@admin.register(m.Source)
class SourceAdmin(KBAdmin):
    list_display = ("title", "publication", "published", "accessed", "key")
    list_filter = ("publication__kind",)
    search_fields = (
        "title",
        "key",
        "url",
        "byline",
        "published",
        "publication__name",
        "authors__name",
    )
    prepopulated_fields = {"key": ("title",)}
    autocomplete_fields = ("publication", "publisher")
    list_select_related = ("publication",)
    inlines = (SourceAuthorInline, SourceSectionInline)
    change_list_template = "admin/films/source/change_list.html"
    autocomplete_select_related = ("publication",)

    def autocomplete_label(self, source):
        """ "title — publication, date · key": four sources are titled "Her", and the
        two HitFix interviews differ only in their key (the article lists it twice)."""
        where = ", ".join(str(part) for part in (source.publication, source.published) if part)
        return (
            f"{source.title} — {where} · {source.key}"
            if where
            else f"{source.title} · {source.key}"
        )

    def get_urls(self):
        coverage = path(
            "coverage/",
            self.admin_site.admin_view(self.coverage_view),
            name="films_source_coverage",
        )
        return [coverage, *super().get_urls()]

    def coverage_view(self, request):
        """Which statements of each source with a supplied text no locator points to.

        Curators only (and superusers): the page reads files on the server.
        """
        user = request.user
        if not (user.is_superuser or user.groups.filter(name=CURATORS_GROUP).exists()):
            raise PermissionDenied("The coverage report is for curators.")
        reports = []
        for key, text_path in sorted(settings.SOURCE_TEXTS.items()):
            try:
                reports.append({"key": key, "report": measure_source(key, text_path)})
            except CoverageInputError as exc:
                reports.append({"key": key, "error": str(exc)})
        context = {
            **self.admin_site.each_context(request),
            "title": "Source coverage",
            "opts": self.model._meta,
            "reports": reports,
        }
        return TemplateResponse(request, "admin/films/source/coverage.html", context)


@admin.register(m.SourceAuthor)
class SourceAuthorAdmin(HiddenFromIndex, KBAdmin):
    list_display = ("person", "source", "credited_as", "order")
    list_filter = ("source__publication__kind",)
    search_fields = ("person__name", "source__title", "credited_as")
    autocomplete_fields = ("source", "person")
    list_select_related = ("person", "source")


@admin.register(m.SourceSection)
class SourceSectionAdmin(HiddenFromIndex, KBAdmin):
    list_display = ("title", "slug", "source", "order", "counted")
    list_filter = ("counted",)
    search_fields = ("title", "slug", "source__key", "source__title")
    autocomplete_fields = ("source",)
    list_select_related = ("source",)


@admin.register(m.Disagreement)
class DisagreementAdmin(KBAdmin):
    list_display = ("subject", "film", "key")
    list_filter = (("film", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("subject", "key", "note", "film__name")
    autocomplete_fields = ("film",)
    list_select_related = ("film",)


# --------------------------------------------------------------------------- lookups


@admin.register(m.Genre, m.Language, m.Theme)
class SimpleEntityAdmin(EntityAdmin):
    pass


@admin.register(m.Territory)
class TerritoryAdmin(EntityAdmin):
    list_display = ("name", "code", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "code")
    autocomplete_fields = ("includes",)


@admin.register(m.Location)
class LocationAdmin(EntityAdmin):
    list_display = ("name", "kind", "parent", "territory")
    list_filter = ("kind",)
    autocomplete_fields = ("parent", "territory")
    list_select_related = ("parent", "territory")


@admin.register(m.Work)
class WorkAdmin(EntityAdmin):
    list_display = ("name", "kind", "year", "film")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "description", "creators__name")
    autocomplete_fields = ("creators", "creator_organizations", "film")
    list_select_related = ("film",)


@admin.register(m.MusicWork)
class MusicWorkAdmin(EntityAdmin):
    list_display = ("name", "kind", "track_count")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "description")
    autocomplete_fields = ("albums",)


@admin.register(m.TopTenList)
class TopTenListAdmin(EntityAdmin):
    list_display = ("name", "kind", "ordering", "year", "publication")
    list_filter = ("kind", "ordering", "year")
    search_fields = ("name", "slug", "publication__name", "critics__name")
    autocomplete_fields = ("publication", "critics")
    list_select_related = ("publication",)
    inlines = (TopTenEntryInline,)


# --------------------------------------------------------------------------- film


@admin.register(m.Film)
class FilmAdmin(EntityAdmin):
    list_display = ("name", "year", "runtime_minutes")
    list_filter = ("year", "genres")
    search_fields = ("name", "slug", "stylized_title", "titles__title")
    autocomplete_fields = ("genres", "countries", "languages")
    inlines = (FilmTitleInline, CharacterInline, CreditInline, FilmCompanyInline)


@admin.register(m.Character)
class CharacterAdmin(KBAdmin):
    list_display = ("name", "film", "based_on")
    list_filter = (("film", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "slug", "description", "film__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("film", "based_on")
    list_select_related = ("film", "based_on")


# --------------------------------------------------------------------------- facts


@admin.register(m.FilmTitle)
class FilmTitleAdmin(FactAdmin):
    list_display = ("title", "kind", "film", "territory")
    list_filter = ("kind",)
    search_fields = ("title", "key", "film__name")
    autocomplete_fields = (*FactAdmin.autocomplete_fields, "territory")
    list_select_related = ("film", "territory")


@admin.register(m.FilmCompany)
class FilmCompanyAdmin(FactAdmin):
    list_display = ("organization", "role", "film")
    list_filter = ("role",)
    search_fields = ("organization__name", "key", "film__name")
    autocomplete_fields = (*FactAdmin.autocomplete_fields, "organization", "territories")
    list_select_related = ("film", "organization")


@admin.register(m.FilmTheme)
class FilmThemeAdmin(FactAdmin):
    list_display = ("theme", "film", "order")
    search_fields = ("theme__name", "summary", "key", "film__name")
    autocomplete_fields = (*FactAdmin.autocomplete_fields, "theme")
    list_select_related = ("film", "theme")


@admin.register(m.Dedication)
class DedicationAdmin(FactAdmin):
    list_display = ("person", "film", "order")
    search_fields = ("person__name", "note", "key", "film__name")
    autocomplete_fields = (*FactAdmin.autocomplete_fields, "person")
    list_select_related = ("film", "person")


@admin.register(m.RelatedWork)
class RelatedWorkAdmin(FactAdmin):
    list_display = ("work", "kind", "film")
    list_filter = ("kind",)
    search_fields = ("work__name", "summary", "key", "film__name")
    autocomplete_fields = (*FactAdmin.autocomplete_fields, "work")
    list_select_related = ("film", "work")


@admin.register(m.ExternalLink)
class ExternalLinkAdmin(FactAdmin):
    list_display = ("site", "identifier", "url", "film")
    list_filter = ("site",)
    search_fields = ("identifier", "url", "key", "film__name")


@admin.register(m.Credit)
class CreditAdmin(FactAdmin):
    list_display = ("__str__", "department", "job", "billing_order", "status", "film")
    ordering = ("film", *CREDIT_ORDER)
    list_filter = ("department", "job", "status", "is_voice", "uncredited")
    search_fields = (
        "person__name",
        "organization__name",
        "character__name",
        "credited_as",
        "job_detail",
        "key",
        "film__name",
    )
    autocomplete_fields = (*FactAdmin.autocomplete_fields, "person", "organization", "character")
    list_select_related = ("film", "person", "organization", "character")


@admin.register(m.Recast)
class RecastAdmin(FactAdmin):
    list_display = ("__str__", "date", "stage", "film")
    search_fields = (
        "character__name",
        "replaced__person__name",
        "replacement__person__name",
        "reason",
        "key",
    )
    autocomplete_fields = (*FactAdmin.autocomplete_fields, "character", "replaced", "replacement")
    list_select_related = (
        "film",
        "character",
        "replaced__person",
        "replaced__organization",
        "replacement__person",
        "replacement__organization",
    )


@admin.register(m.ProductionEvent)
class ProductionEventAdmin(FactAdmin):
    list_display = ("title", "kind", "date_display", "film")
    list_filter = ("kind",)
    search_fields = ("title", "summary", "key", "film__name")
    autocomplete_fields = (
        *FactAdmin.autocomplete_fields,
        "people",
        "organizations",
        "locations",
        "recast",
    )

    @admin.display(description="when", ordering="date")
    def date_display(self, obj):
        return obj.date_display


@admin.register(m.FilmMusic)
class FilmMusicAdmin(FactAdmin):
    list_display = ("work", "usage", "film", "order")
    list_filter = ("usage",)
    search_fields = ("work__name", "summary", "key", "film__name")
    autocomplete_fields = (*FactAdmin.autocomplete_fields, "work")
    list_select_related = ("film", "work")


@admin.register(m.MusicCredit)
class MusicCreditAdmin(FactAdmin):
    list_display = ("__str__", "role", "work", "film")
    list_filter = ("role",)
    search_fields = ("work__name", "person__name", "organization__name", "key")
    autocomplete_fields = (*FactAdmin.autocomplete_fields, "work", "person", "organization")
    list_select_related = ("film", "work", "person", "organization")


@admin.register(m.Release)
class ReleaseAdmin(FactAdmin):
    list_display = ("__str__", "kind", "status", "date", "territory", "film")
    list_filter = ("kind", "status", "in_competition")
    search_fields = ("event_name", "note", "key", "territory__name", "festival__name")
    autocomplete_fields = (
        *FactAdmin.autocomplete_fields,
        "superseded_by",
        "territory",
        "location",
        "festival",
        "distributor",
        "music_work",
    )
    list_select_related = ("film", "territory")


@admin.register(m.BoxOfficeFigure)
class BoxOfficeFigureAdmin(FactAdmin):
    list_display = ("kind", "display_amount", "territory", "as_of", "disagreement", "film")
    list_filter = ("kind", "qualifier", "currency")
    search_fields = ("period", "key", "territory__name", "film__name")
    autocomplete_fields = (*FactAdmin.autocomplete_fields, "territory", "release")
    list_select_related = ("film", "territory", "disagreement")

    @admin.display(description="amount", ordering="amount")
    def display_amount(self, obj):
        return obj.display_amount


@admin.register(m.AggregateScore)
class AggregateScoreAdmin(FactAdmin):
    list_display = ("aggregator", "metric", "display_value", "sample_size", "as_of", "film")
    list_filter = ("metric",)
    search_fields = ("aggregator__name", "verdict", "key", "film__name")
    autocomplete_fields = (*FactAdmin.autocomplete_fields, "aggregator")
    list_select_related = ("film", "aggregator")

    @admin.display(description="value")
    def display_value(self, obj):
        return obj.display_value


@admin.register(m.Review)
class ReviewAdmin(FactAdmin):
    list_display = ("__str__", "sentiment", "published", "display_rating", "film")
    list_filter = ("sentiment",)
    search_fields = ("critic__name", "publication__name", "summary", "key", "quotes__text")
    autocomplete_fields = (
        *FactAdmin.autocomplete_fields,
        "critic",
        "publication",
        "compared_works",
    )
    list_select_related = ("film", "critic", "publication")
    inlines = (ReviewQuoteInline,)

    @admin.display(description="rating")
    def display_rating(self, obj):
        return obj.display_rating


@admin.register(m.ReviewQuote)
class ReviewQuoteAdmin(HiddenFromIndex, KBAdmin):
    list_display = ("text", "review", "about", "order")
    list_filter = ("review__sentiment",)
    search_fields = ("text", "about", "review__critic__name", "review__publication__name")
    autocomplete_fields = ("review",)
    list_select_related = ("review__film", "review__critic", "review__publication")


@admin.register(m.TopTenEntry)
class TopTenEntryAdmin(FactAdmin):
    list_display = ("top_ten_list", "rank", "tied", "film")
    list_filter = ("top_ten_list__kind", "tied")
    search_fields = ("top_ten_list__name", "note", "key", "film__name")
    autocomplete_fields = (*FactAdmin.autocomplete_fields, "top_ten_list")
    list_select_related = ("film", "top_ten_list")


@admin.register(m.Quotation)
class QuotationAdmin(FactAdmin):
    list_display = ("text", "speaker", "about", "film")
    list_filter = ("speaker_organization__kind",)
    search_fields = (
        "text",
        "about",
        "key",
        "speaker_person__name",
        "speaker_organization__name",
    )
    autocomplete_fields = (
        *FactAdmin.autocomplete_fields,
        "speaker_person",
        "speaker_organization",
        "production_event",
        "review",
        "aggregate_score",
        "film_music",
    )
    list_select_related = ("film", "speaker_person", "speaker_organization")


@admin.register(m.FilmDescription)
class FilmDescriptionAdmin(FactAdmin):
    list_display = ("label", "kind", "film", "order")
    list_filter = ("kind",)
    search_fields = ("label", "text", "key", "film__name")


# --------------------------------------------------------------------------- citations

for _citation_model in (
    m.FilmTitleCitation,
    m.FilmCompanyCitation,
    m.FilmThemeCitation,
    m.DedicationCitation,
    m.RelatedWorkCitation,
    m.ExternalLinkCitation,
    m.CreditCitation,
    m.RecastCitation,
    m.ProductionEventCitation,
    m.FilmMusicCitation,
    m.MusicCreditCitation,
    m.ReleaseCitation,
    m.BoxOfficeFigureCitation,
    m.AggregateScoreCitation,
    m.ReviewCitation,
    m.TopTenEntryCitation,
    m.QuotationCitation,
    m.FilmDescriptionCitation,
):
    admin.site.register(_citation_model, citation_admin(_citation_model))


# --------------------------------------------------------------------------- housekeeping


@admin.register(m.FixtureRecord)
class FixtureRecordAdmin(ReadOnlyAdmin):
    list_display = ("model_label", "natural_key", "loaded_at")
    list_filter = ("model_label",)
    search_fields = ("model_label", "natural_key")


@admin.register(m.SiteState)
class SiteStateAdmin(ReadOnlyAdmin):
    list_display = ("version", "changed_at", "last_reload_at")
    search_fields = ("version",)
    list_filter = ("last_reload_at",)
