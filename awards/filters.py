"""Facets and sorting for the nomination list."""

import django_filters

from awards.models import Ceremony, Nomination
from filmkb.widgets import FastSelect


class NominationFilter(django_filters.FilterSet):
    result = django_filters.ChoiceFilter(
        empty_label="Any", choices=Nomination.Result.choices, label="Result"
    )
    ceremony = django_filters.ModelChoiceFilter(
        empty_label="Any",
        queryset=Ceremony.objects.all(),
        to_field_name="slug",
        widget=FastSelect(label_field="name"),
        label="Ceremony",
    )
    sort = django_filters.OrderingFilter(
        empty_label="Default order",
        fields=(
            ("ceremony__name", "ceremony"),
            ("category__name", "category"),
            ("result", "result"),
        ),
        field_labels={
            "ceremony__name": "Ceremony",
            "category__name": "Category",
            "result": "Result",
        },
        label="Sort by",
    )

    class Meta:
        model = Nomination
        fields = []
