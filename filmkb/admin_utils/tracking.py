"""What the admin tracks about rows: change history registration, edits since the last reload,
verification stamps.
"""

from django.apps import apps
from django.contrib import admin
from django.db.models import Q
from reversion import add_to_revision, is_active, is_registered, register

from filmkb.versioning import HOUSEKEEPING, KB_APPS, last_reload_at

# Rows that live and die with their parent: a revert of the parent restores
# them too (reversion "follow"). Citations are followed for every fact.
OWNED_ROWS = {
    "people.person": ("aliases",),
    "people.organization": ("aliases",),
    "films.source": ("source_authors",),
    "films.review": ("quotes",),
    "awards.nomination": ("nominees",),
}


def register_history():
    """Register every knowledge-base model with reversion, following owned rows.

    Done once, before any admin is built, so that registration does not
    depend on which admin happens to be instantiated first (reversion's
    VersionAdmin would otherwise register inline models without follows).
    """
    for label in KB_APPS:
        for model in apps.get_app_config(label).get_models():
            opts = model._meta
            if opts.label_lower in HOUSEKEEPING or is_registered(model):
                continue
            follow = OWNED_ROWS.get(opts.label_lower, ())
            if any(rel.get_accessor_name() == "citations" for rel in opts.related_objects):
                follow = ("citations", *follow)
            register(model, follow=follow)


def changed_since_reload_q(reloaded_at):
    """Rows saved after the last reload (every saved row when none happened)."""
    if reloaded_at is None:
        return Q(updated_at__isnull=False)
    return Q(updated_at__gt=reloaded_at)


class ChangedSinceReloadFilter(admin.SimpleListFilter):
    title = "changed since last reload"
    parameter_name = "changed_since_reload"

    def lookups(self, request, model_admin):
        return [("yes", "Changed (not yet exported)"), ("no", "As loaded from fixtures")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(changed_since_reload_q(last_reload_at()))
        if self.value() == "no":
            return queryset.exclude(changed_since_reload_q(last_reload_at()))
        return queryset


class VerifiedFilter(admin.SimpleListFilter):
    title = "verification"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", "Verified"), ("no", "Not verified")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(verified_on__isnull=False)
        if self.value() == "no":
            return queryset.filter(verified_on__isnull=True)
        return queryset


def has_field(model, name):
    return any(field.name == name for field in model._meta.concrete_fields)


# Verification that means something ------------------------------------------------
# A verified fact whose content or citations change is no longer verified: the
# stamp said "a curator checked THIS against its sources".

VERIFICATION_FIELDS = ("verified_on", "verified_by")


def forget_verification(obj):
    """Clear a fact's stamp in memory; True if there was one."""
    if getattr(obj, "verified_on", None) is None and getattr(obj, "verified_by_id", None) is None:
        return False
    obj.verified_on = None
    obj.verified_by = None
    return True


def forget_verification_saved(obj):
    """Clear the stamp of a saved fact and record it in the current revision."""
    if forget_verification(obj):
        obj.save(update_fields=[*VERIFICATION_FIELDS, "updated_at"])
        if is_active():
            add_to_revision(obj)  # replace the version taken before the stamp was cleared


def cited_fact(obj):
    """The fact a citation row belongs to, if ``obj`` is one of a verifiable fact."""
    if not has_field(type(obj), "fact") or not has_field(type(obj), "source"):
        return None
    fact = getattr(obj, "fact", None)
    return fact if fact is not None and has_field(type(fact), "verified_on") else None


# Autocomplete you can choose from ------------------------------------------------
# Django labels autocomplete results and selected values with str(obj): four
# sources titled "Her" look the same. A model's admin may define
# ``autocomplete_label(obj)`` (and ``autocomplete_select_related`` for what the
# label reads); its own autocomplete URL (``<app>_<model>_autocomplete``) and
# every autocomplete widget pointing at it then use that label.
