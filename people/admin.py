"""Admin for people and organizations (see filmkb/admin_utils/ for the shared base)."""

from django.contrib import admin
from django.utils.text import Truncator

from filmkb.admin_utils import CitedAdmin, HiddenFromIndex, KBAdmin, KBTabularInline
from people.models import (
    Membership,
    MembershipCitation,
    Organization,
    OrganizationAlias,
    Person,
    PersonAlias,
)


class PersonAliasInline(KBTabularInline):
    model = PersonAlias
    fields = ("name", "kind", "note")
    verbose_name = "other name"
    verbose_name_plural = "other names (credited as, spellings, birth name)"


class OrganizationAliasInline(KBTabularInline):
    model = OrganizationAlias
    fields = ("name", "note")
    verbose_name = "other name"
    verbose_name_plural = "other names"


class MembershipInline(KBTabularInline):
    model = Membership
    fk_name = "organization"
    fields = ("person", "role")
    autocomplete_fields = ("person",)
    show_change_link = True


@admin.register(Person)
class PersonAdmin(KBAdmin):
    list_display = ("name", "sort_name", "description")
    search_fields = ("name", "sort_name", "slug", "description", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "sort_name", "description", "updated_at")
    inlines = (PersonAliasInline,)

    def autocomplete_label(self, person):
        """ "Name — description", or "Name — slug" when there is no description."""
        hint = person.description or person.slug
        return f"{person.name} — {Truncator(hint).chars(70)}"


@admin.register(PersonAlias)
class PersonAliasAdmin(HiddenFromIndex, KBAdmin):
    list_display = ("name", "person", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "person__name")
    autocomplete_fields = ("person",)
    list_select_related = ("person",)


@admin.register(Organization)
class OrganizationAdmin(KBAdmin):
    list_display = ("name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "kind", "description", "parent__name", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
    inlines = (OrganizationAliasInline, MembershipInline)
    autocomplete_select_related = ("parent",)

    def autocomplete_label(self, organization):
        """ "Name — kind, part of parent": e.g. "HitFix — website"."""
        hint = organization.get_kind_display().lower()
        if organization.parent:
            hint += f", part of {organization.parent.name}"
        return f"{organization.name} — {hint}"


@admin.register(OrganizationAlias)
class OrganizationAliasAdmin(HiddenFromIndex, KBAdmin):
    list_display = ("name", "organization")
    search_fields = ("name", "organization__name")
    autocomplete_fields = ("organization",)
    list_select_related = ("organization",)


@admin.register(Membership)
class MembershipAdmin(CitedAdmin):
    list_display = ("person", "organization", "role")
    search_fields = ("person__name", "organization__name", "role")
    list_filter = ("organization__kind",)
    autocomplete_fields = ("person", "organization")
    list_select_related = ("person", "organization")


@admin.register(MembershipCitation)
class MembershipCitationAdmin(HiddenFromIndex, KBAdmin):
    list_display = ("fact", "source", "locator")
    search_fields = ("fact__person__name", "fact__organization__name", "source__title")
    autocomplete_fields = ("fact", "source")
    list_select_related = ("fact__person", "fact__organization", "source")
