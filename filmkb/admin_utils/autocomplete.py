"""Autocomplete that tells look-alikes apart: each admin serves its own labels, searchable by what
they show.
"""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.urls import NoReverseMatch, reverse


class KBAutocompleteJsonView(AutocompleteJsonView):
    """Django's autocomplete view, labelling results with the target admin's label."""

    def get_queryset(self):
        queryset = super().get_queryset()
        related = getattr(self.model_admin, "autocomplete_select_related", ())
        return queryset.select_related(*related) if related else queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = label(obj)
        return result


class KBAutocompleteMixin:
    def get_url(self):
        opts = self.field.remote_field.model._meta
        try:
            return reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_autocomplete"
            )
        except NoReverseMatch:  # the target's admin is not a KBAdmin (users, say)
            return super().get_url()


class KBAutocompleteSelect(KBAutocompleteMixin, AutocompleteSelect):
    pass


class KBAutocompleteSelectMultiple(KBAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class LabelledAutocompleteMixin:
    """For admins and inlines: autocomplete widgets that show the target's label."""

    def _labelled(self, field, db_field):
        target = self.admin_site._registry.get(db_field.remote_field.model)
        label = getattr(target, "autocomplete_label", None)
        if field is not None and label is not None:
            field.label_from_instance = label
            related = getattr(target, "autocomplete_select_related", ())
            if related:
                field.queryset = field.queryset.select_related(*related)
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KBAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self._labelled(field, db_field)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KBAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._labelled(field, db_field)
