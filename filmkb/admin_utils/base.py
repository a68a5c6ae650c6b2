"""The base admin classes: KBAdmin (history, diff, revert), CitedAdmin and FactAdmin (citations
inline, verification), inlines that name the rows in conflict, read-only and citation admins.
"""

from functools import cache

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import (
    RelatedFieldWidgetWrapper,
)
from django.core.exceptions import (
    FieldError,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db.models import BooleanField, ExpressionWrapper, UniqueConstraint
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.text import capfirst
from reversion.admin import VersionAdmin
from reversion.models import Version

from filmkb import history
from filmkb.admin_utils.autocomplete import KBAutocompleteJsonView, LabelledAutocompleteMixin
from filmkb.admin_utils.index import HiddenFromIndex
from filmkb.admin_utils.tracking import (
    ChangedSinceReloadFilter,
    VerifiedFilter,
    changed_since_reload_q,
    cited_fact,
    forget_verification,
    forget_verification_saved,
    has_field,
    register_history,
)
from filmkb.verification import mark_verified
from filmkb.versioning import last_reload_at


class KBAdmin(LabelledAutocompleteMixin, VersionAdmin):
    """Base admin for every knowledge-base model."""

    list_per_page = 50
    save_on_top = True
    history_latest_first = True
    object_history_template = "admin/filmkb/object_history.html"
    diff_template = "admin/filmkb/version_diff.html"

    def __init__(self, model, admin_site):
        register_history()
        super().__init__(model, admin_site)

    # Saving: a changed verified fact (or changed citations) loses its stamp ------

    def save_model(self, request, obj, form, change):
        if change and form.has_changed():
            forget_verification(obj)
        super().save_model(request, obj, form, change)
        fact = cited_fact(obj)
        if fact is not None and (not change or form.has_changed()):
            forget_verification_saved(fact)

    def delete_model(self, request, obj):
        fact = cited_fact(obj)
        super().delete_model(request, obj)
        if fact is not None:
            forget_verification_saved(fact)

    def save_formset(self, request, form, formset, change):
        """Inline facts (a film's credits) that changed lose their stamps too."""
        if has_field(formset.model, "verified_on"):
            for inline_form in formset.initial_forms:
                if inline_form.has_changed() and not formset._should_delete_form(inline_form):
                    forget_verification(inline_form.instance)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        citations = self.model._meta.fields_map.get("citations")
        if (
            change
            and citations is not None
            and any(fs.model is citations.related_model and fs.has_changed() for fs in formsets)
        ):
            forget_verification_saved(form.instance)

    # Rows edited since the last reload ------------------------------------------

    def tracks_updates(self):
        return has_field(self.model, "updated_at")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.tracks_updates():
            condition = changed_since_reload_q(last_reload_at())
            queryset = queryset.annotate(
                _changed_since_reload=ExpressionWrapper(condition, output_field=BooleanField())
            )
        return queryset

    @admin.display(boolean=True, description="Changed since reload")
    def changed_since_reload(self, obj):
        return bool(getattr(obj, "_changed_since_reload", False))

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if self.tracks_updates() and "changed_since_reload" not in columns:
            columns.append("changed_since_reload")
        return columns

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if self.tracks_updates() and ChangedSinceReloadFilter not in filters:
            filters.append(ChangedSinceReloadFilter)
        return filters

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self.tracks_updates() and "updated_at" not in fields:
            fields.append("updated_at")
        return fields

    # View on site ------------------------------------------------------------------

    def view_on_site(self, obj):
        """The object's public page, or its film's page for facts with none of their own."""
        for candidate in (obj, getattr(obj, "film", None)):
            if candidate is not None and hasattr(candidate, "get_absolute_url"):
                try:
                    return candidate.get_absolute_url()
                except NoReverseMatch:  # the public page is not routed (yet)
                    return None
        return None

    # History: list with diff links, and the diff view -----------------------------

    def get_urls(self):
        opts = self.model._meta
        diff = path(
            "<path:object_id>/history/<int:version_id>/diff/",
            self.admin_site.admin_view(self.version_diff_view),
            name=f"{opts.app_label}_{opts.model_name}_version_diff",
        )
        autocomplete = path(
            "autocomplete/",
            self.admin_site.admin_view(KBAutocompleteJsonView.as_view(admin_site=self.admin_site)),
            name=f"{opts.app_label}_{opts.model_name}_autocomplete",
        )
        return [diff, autocomplete, *super().get_urls()]

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        versions = self._reversion_order_version_queryset(
            request,
            Version.objects.get_for_object_reference(self.model, unquote(object_id)).select_related(
                "revision", "revision__user"
            ),
        )
        action_list = [
            {
                "revision": version.revision,
                "author": history.author(version.revision),
                "url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=(quote(version.object_id), version.pk),
                ),
                "diff_url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_version_diff",
                    args=(quote(version.object_id), version.pk),
                ),
            }
            for version in versions
        ]
        context = {"action_list": action_list, **(extra_context or {})}
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    def version_diff_view(self, request, object_id, version_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        version = get_object_or_404(
            Version.objects.get_for_object_reference(self.model, object_id).select_related(
                "revision", "revision__user"
            ),
            pk=version_id,
        )
        opts = self.model._meta
        obj = self.model._default_manager.filter(pk=object_id).first()
        diff = history.version_diff(version)
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "object_id": object_id,
            "original": obj,
            "title": f"Changes to {version.object_repr}",
            "version": version,
            "author": history.author(version.revision),
            "diff": diff,
            "previous_author": diff["previous"] and history.author(diff["previous"].revision),
            "revert_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                args=(quote(object_id), version.pk),
            ),
            "has_change_permission": self.has_change_permission(request, obj),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.diff_template, context)


def mark_verified_action(modeladmin, request, queryset):
    count = mark_verified(queryset, request.user)
    modeladmin.message_user(
        request,
        f"Marked {count} {modeladmin.model._meta.verbose_name_plural} as verified today.",
        messages.SUCCESS,
    )


mark_verified_action.short_description = "Mark selected as verified today"
mark_verified_action.allowed_permissions = ("change",)


class ConstraintCheckingFormSet(BaseInlineFormSet):
    """Inline formset that also checks conditional unique constraints across its rows.

    Django checks each row against the database and unconditional unique
    constraints across rows, but not a conditional one (a film's billing
    order, unique only when set): two new rows sharing a value would reach
    the database and fail there. This reports them as a form error instead.
    """

    def clean(self):
        super().clean()
        for constraint in self.model._meta.constraints:
            if (
                isinstance(constraint, UniqueConstraint)
                and constraint.condition
                and constraint.fields
            ):
                self._check_across_rows(constraint)

    def _check_across_rows(self, constraint):
        """One error per shared value, naming the rows (by number and name) that share it."""
        opts = self.model._meta
        named = [name for name in constraint.fields if name != self.fk.name]
        rows_by_value = {}
        for number, form in enumerate(self.forms, start=1):
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            if not form.instance.pk and not form.has_changed():
                continue
            values = []
            for name in constraint.fields:
                if name == self.fk.name:
                    values.append("parent")  # every row belongs to the same parent
                else:
                    values.append(getattr(form.instance, opts.get_field(name).attname))
            if None in values or not self._condition_holds(constraint, form.instance):
                continue
            rows_by_value.setdefault(tuple(values), []).append((number, form))
        labels = " and ".join(str(opts.get_field(name).verbose_name) for name in named)
        errors = []
        for values, rows in rows_by_value.items():
            if len(rows) < 2:
                continue
            shown = ", ".join(
                str(v) for name, v in zip(constraint.fields, values, strict=True) if name in named
            )
            which = [f"row {number} ({self._row_label(form)})" for number, form in rows]
            listed = ", ".join(which[:-1]) + f" and {which[-1]}"
            message = (
                f"{capfirst(opts.verbose_name_plural)} in {listed} have the same {labels} "
                f"({shown}); give each a different {labels}"
                + (", or leave it empty." if all(opts.get_field(n).null for n in named) else ".")
            )
            errors.append(ValidationError(message, code="unique_across_rows"))
            for _number, form in rows:  # marks the row, across the whole table
                form.add_error(None, f"Same {labels} ({shown}) as another row here.")
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _row_label(form):
        """A row as the curator sees it, from what is filled in."""
        try:
            return str(form.instance)
        except (AttributeError, ObjectDoesNotExist, TypeError, ValueError):
            return "new row"

    @staticmethod
    def _condition_holds(constraint, instance):
        against = instance._get_field_expression_map(meta=instance._meta)
        try:
            return constraint.condition.check(against)
        except (FieldError, TypeError, ValueError):
            return True  # cannot tell without the database: assume it applies


class KBTabularInline(LabelledAutocompleteMixin, admin.TabularInline):
    """Tabular inline for knowledge-base rows: no blank extra rows, constraint-checked.

    Related fields carry no add/change/delete/view icons here: four icons per
    autocomplete left the person column a few letters wide at 1,366 px. The
    row's own "Change" link and the autocomplete cover those needs.
    """

    formset = ConstraintCheckingFormSet
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(field, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper):
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field


@cache
def citation_inline(fact_model):
    """The tabular inline listing a fact's citations (one class per fact model)."""
    citation_model = fact_model._meta.get_field("citations").related_model
    return type(
        f"{citation_model.__name__}Inline",
        (KBTabularInline,),
        {
            "model": citation_model,
            "fields": ("source", "locator", "note", "order"),
            "autocomplete_fields": ("source",),
            "extra": 0,
            "verbose_name": "citation",
            "verbose_name_plural": "citations (sources for this fact)",
        },
    )


class CitedAdmin(KBAdmin):
    """A model with citations: they are edited inline on its page."""

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        inline = citation_inline(self.model)
        if inline not in inlines:
            inlines.append(inline)
        return inlines


class FactAdmin(CitedAdmin):
    """A cited fact owned by a film, with its verification stamp."""

    actions = [mark_verified_action]
    autocomplete_fields = ("film", "disagreement")
    list_select_related = ("film",)
    verification_fields = ("verified_on", "verified_by")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, *(f for f in self.verification_fields if f not in fields)]

    def get_fieldsets(self, request, obj=None):
        """The fact first; its fixture key and dispute link next; the stamps last."""
        if self.fieldsets:
            return self.fieldsets
        fields = self.get_fields(request, obj)
        identity = [f for f in ("key", "disagreement") if f in fields]
        stamps = [f for f in (*self.verification_fields, "updated_at") if f in fields]
        main = [f for f in fields if f not in identity and f not in stamps]
        if "film" in main:
            main.remove("film")
            main.insert(0, "film")
        return [
            (None, {"fields": main}),
            (
                "Fixture key and disputes",
                {
                    "fields": identity,
                    "description": "The key names this fact in the fixture files; link a "
                    "disagreement when sources give different values for it.",
                },
            ),
            ("Verification and changes", {"fields": stamps}),
        ]

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if "verified_on" not in columns:
            columns.insert(
                len(columns) - 1 if self.tracks_updates() else len(columns), "verified_on"
            )
        return columns

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if VerifiedFilter not in filters:
            filters.insert(0, VerifiedFilter)
        return filters


class ReadOnlyAdmin(admin.ModelAdmin):
    """Housekeeping rows written only by the fixture reload."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EntityAdmin(KBAdmin):
    """Something with its own page and slug: named, searched by name."""

    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


def citation_admin(citation_model):
    """The changelist admin of one ``<Fact>Citation`` table."""
    fact_model = citation_model._meta.get_field("fact").related_model
    search = ["source__title", "source__key", "fact__key", "locator", "note"]
    select = ["source", "fact"]
    if has_field(fact_model, "film"):
        search.append("fact__film__name")
        select.append("fact__film")
    return type(
        f"{citation_model.__name__}Admin",
        (HiddenFromIndex, KBAdmin),
        {
            "list_display": ("fact", "source", "locator", "order"),
            "search_fields": tuple(search),
            "autocomplete_fields": ("fact", "source"),
            "list_select_related": tuple(select),
            "list_filter": (("source", admin.RelatedOnlyFieldListFilter),),
        },
    )
