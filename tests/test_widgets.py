"""FastSelect renders the same HTML as Django's Select, without a template per option."""

import pytest
from django import forms
from django.test.html import parse_html

from filmkb.widgets import FastSelect
from people.models import Organization
from tests.builders import make_organization

CHOICES = [("", "---------"), ("a&b", "A & B"), ("c", 'C <script>"x"</script>')]


@pytest.mark.parametrize("value", [None, "", "c", "a&b"])
def test_fast_select_renders_what_select_renders(value):
    attrs = {"id": "id_publication", "class": "facet"}

    fast = FastSelect(choices=CHOICES).render("publication", value, attrs)
    slow = forms.Select(choices=CHOICES).render("publication", value, attrs)

    assert parse_html(fast) == parse_html(slow)


@pytest.mark.django_db
def test_fast_select_renders_model_choices_by_slug_and_marks_the_selected_one():
    make_organization(name="The Daily Reel", slug="daily-reel")
    make_organization(name="Screen <Weekly>", slug="screen-weekly")
    field = forms.ModelChoiceField(
        Organization.objects.order_by("name"), to_field_name="slug", widget=FastSelect
    )
    reference = forms.ModelChoiceField(Organization.objects.order_by("name"), to_field_name="slug")

    fast = field.widget.render("publication", "screen-weekly")
    slow = reference.widget.render("publication", "screen-weekly")

    assert parse_html(fast) == parse_html(slow)
    assert '<option value="screen-weekly" selected>Screen &lt;Weekly&gt;</option>' in fast


@pytest.mark.django_db
def test_fast_select_reading_labels_from_a_field_renders_the_same_html():
    make_organization(name="The Daily Reel", slug="daily-reel")
    make_organization(name="Screen <Weekly>", slug="screen-weekly")
    field = forms.ModelChoiceField(
        Organization.objects.order_by("name"),
        to_field_name="slug",
        widget=FastSelect(label_field="name"),
    )
    reference = forms.ModelChoiceField(Organization.objects.order_by("name"), to_field_name="slug")

    fast = field.widget.render("publication", "screen-weekly")
    slow = reference.widget.render("publication", "screen-weekly")

    assert parse_html(fast) == parse_html(slow)
