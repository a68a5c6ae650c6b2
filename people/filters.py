"""Facets and sorting for the people and organization lists."""

import django_filters
from django.db.models import Exists, OuterRef

from films.models import Credit
from people.models import Organization, Person


class PersonFilter(django_filters.FilterSet):
    department = django_filters.ChoiceFilter(
        empty_label="Any",
        field_name="department",
        method="filter_credits",
        choices=Credit.Department.choices,
        label="Department",
    )
    job = django_filters.ChoiceFilter(
        empty_label="Any",
        field_name="job",
        method="filter_credits",
        choices=Credit.Job.choices,
        label="Job",
    )
    name = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", label="Name contains"
    )
    sort = django_filters.OrderingFilter(
        empty_label="Default order",
        fields=(("sort_name", "name"),),
        field_labels={"sort_name": "Name"},
        label="Sort by",
    )

    class Meta:
        model = Person
        fields = []

    def filter_credits(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_queryset(self, queryset):
        # One EXISTS for department and job together (a credit with both, served by
        # credit_dept_job_person_idx) rather than joins: no duplicate people, so no
        # DISTINCT over the whole table, and the (sort_name, name) index still
        # orders the page.
        credit = {
            name: self.form.cleaned_data[name]
            for name in ("department", "job")
            if self.form.cleaned_data.get(name)
        }
        if credit:
            queryset = queryset.filter(
                Exists(Credit.objects.filter(person=OuterRef("pk"), **credit))
            )
        return super().filter_queryset(queryset)


class OrganizationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        empty_label="Any", choices=Organization.Kind.choices, label="Kind"
    )
    name = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", label="Name contains"
    )
    sort = django_filters.OrderingFilter(
        empty_label="Default order",
        fields=(("name", "name"), ("kind", "kind")),
        field_labels={"name": "Name", "kind": "Kind"},
        label="Sort by",
    )

    class Meta:
        model = Organization
        fields = []
