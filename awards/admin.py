"""Admin for awards (see filmkb/admin_utils/ for the shared base).

A nomination's nominees and citations are edited on the nomination's page.
"""

from django.contrib import admin

from awards.models import (
    Category,
    Ceremony,
    Nomination,
    NominationCitation,
    NominationTally,
    NominationTallyCitation,
    Nominee,
)
from filmkb.admin_utils import (
    EntityAdmin,
    FactAdmin,
    HiddenFromIndex,
    KBAdmin,
    KBTabularInline,
    citation_admin,
)


class NomineeInline(KBTabularInline):
    model = Nominee
    fields = ("person", "organization", "music_work", "order")
    autocomplete_fields = ("person", "organization", "music_work")
    verbose_name_plural = "nominees (leave empty when the film itself is nominated)"


@admin.register(Ceremony)
class CeremonyAdmin(EntityAdmin):
    list_display = ("name", "body", "edition", "year", "date")
    list_filter = (("body", admin.RelatedOnlyFieldListFilter), "year")
    search_fields = ("name", "slug", "body__name")
    autocomplete_fields = ("body",)
    list_select_related = ("body",)


@admin.register(Category)
class CategoryAdmin(EntityAdmin):
    list_display = ("name", "body")
    list_filter = (("body", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "slug", "body__name")
    autocomplete_fields = ("body",)
    list_select_related = ("body",)


@admin.register(Nomination)
class NominationAdmin(FactAdmin):
    list_display = ("__str__", "result", "film")
    list_filter = ("result", ("ceremony__body", admin.RelatedOnlyFieldListFilter))
    search_fields = (
        "category__name",
        "ceremony__name",
        "nominees__person__name",
        "nominees__organization__name",
        "key",
        "film__name",
    )
    autocomplete_fields = (*FactAdmin.autocomplete_fields, "ceremony", "category")
    list_select_related = ("film", "ceremony", "category")
    inlines = (NomineeInline,)


@admin.register(Nominee)
class NomineeAdmin(HiddenFromIndex, KBAdmin):
    list_display = ("__str__", "nomination", "order")
    list_filter = ("nomination__result",)
    search_fields = (
        "person__name",
        "organization__name",
        "music_work__name",
        "nomination__category__name",
    )
    autocomplete_fields = ("nomination", "person", "organization", "music_work")
    list_select_related = (
        "person",
        "organization",
        "music_work",
        "nomination__ceremony",
        "nomination__category",
    )


@admin.register(NominationTally)
class NominationTallyAdmin(FactAdmin):
    list_display = ("ceremony", "nominations", "wins", "film")
    list_filter = (("ceremony__body", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("ceremony__name", "key", "film__name")
    autocomplete_fields = (*FactAdmin.autocomplete_fields, "ceremony")
    list_select_related = ("film", "ceremony")


for _citation_model in (NominationCitation, NominationTallyCitation):
    admin.site.register(_citation_model, citation_admin(_citation_model))
