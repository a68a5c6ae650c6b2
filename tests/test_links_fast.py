"""filmkb.links.path_for: the address reverse() gives, without resolving per link."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from filmkb.links import path_for


@pytest.mark.parametrize(
    ("viewname", "kwargs"),
    [
        ("people:person", {"slug": "scarlett-johansson"}),
        ("films:review", {"slug": "her-2013", "key": "review_1"}),
        ("films:character", {"character": "samantha", "slug": "her-2013"}),
        ("films:source", {"key": "A-b_9"}),
    ],
)
def test_slug_values_give_what_reverse_gives(viewname, kwargs):
    assert path_for(viewname, **kwargs) == reverse(viewname, kwargs=kwargs)
    assert path_for(viewname, **kwargs) == reverse(viewname, kwargs=kwargs)  # from the template


def test_values_a_slug_pattern_refuses_are_refused_as_by_reverse():
    with pytest.raises(NoReverseMatch):
        path_for("people:person", slug="two words")
    with pytest.raises(NoReverseMatch):
        path_for("people:person", slug="")


def test_the_script_prefix_of_the_request_is_kept():
    path_for("people:person", slug="warm")  # template made under the default prefix
    set_script_prefix("/kb/")
    try:
        assert path_for("people:person", slug="ann") == "/kb/people/ann/"
        assert path_for("people:person", slug="ann") == reverse("people:person", args=["ann"])
    finally:
        set_script_prefix("/")
