"""Page addresses without a ``reverse()`` per link.

A film's pages link hundreds of people, sources and facts; resolving each address
through the URLconf (``reverse``) costs more than the rest of the link. ``path_for``
reverses each view name once, with marker values, keeps the result as a template,
and fills it in for every later link. Only values that need no quoting in a path
(slugs: letters, digits, hyphens, underscores) take the short way; anything else
goes through ``reverse`` as before, which also raises ``NoReverseMatch`` for
values the URL pattern refuses. Templates are dropped whenever the URLconf changes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
MARKER = "zqxfilmkbslot{}zqx"


@lru_cache(maxsize=512)
def _template(viewname, names):
    """The view's path, without the script prefix, with ``{0}``, ``{1}``... for its values."""
    markers = {name: MARKER.format(i) for i, name in enumerate(names)}
    path = reverse(viewname, kwargs=markers)
    prefix = get_script_prefix()
    path = path.removeprefix(prefix)
    if "{" in path or "}" in path:
        return None  # a literal brace would break str.format: reverse every time
    for i in range(len(names)):
        path = path.replace(MARKER.format(i), "{%d}" % i, 1)  # noqa: UP031 - a format template
    return path


def path_for(viewname, **kwargs):
    """``reverse(viewname, kwargs=kwargs)``, without resolving again for slug values."""
    values = tuple(kwargs.values())
    if all(isinstance(value, str) and SLUG.match(value) for value in values):
        template = _template(viewname, tuple(kwargs))
        if template is not None:
            return get_script_prefix() + template.format(*values)
    return reverse(viewname, kwargs=kwargs)


@receiver(setting_changed)
def _forget_templates(*, setting, **kwargs):
    if setting in {"ROOT_URLCONF", "ADMIN_URL"}:
        _template.cache_clear()
