"""Helpers to POST admin forms the way a browser does."""

from django.urls import reverse


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def inline_management(prefix, total=0, initial=0):
    """The management-form fields of one inline formset."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def form_data(response):
    """Every field of a rendered admin change form, as the browser would submit it.

    Main form and inline formsets (with their management forms), initial
    values as strings; checkboxes only when checked.
    """
    context = response.context
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = field.prepare_value(form[name].value())
            key = form.add_prefix(name)
            if getattr(field.widget, "input_type", None) == "checkbox":
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif value is not None:
                data[key] = str(value)

    add(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data
