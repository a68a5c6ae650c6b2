"""Every write to the knowledge base bumps its version (``filmkb.versioning``).

Cached pages are keyed by that version, so a curator's edit in the admin is
visible to the next reader. Saves, deletes and many-to-many changes of every
model in the knowledge-base apps bump it, except:

* ``raw`` saves (``loaddata``: the fixture reload bumps once itself);
* writes made while a fixture reload runs (``filmkb.versioning.reloading``);
* the housekeeping tables the bump itself and the reload write.

A write also names the pages it makes stale (``pages_of``), so that the page cache
evicts those and keeps the rest (``filmkb.cache``): the page of the written row (a
fact's is its film's page), the pages of the rows it points to, through at most
one row without a page of its own (a citation points to its fact, which belongs to a
film), and, when the written row has a page of its own, every page linking to it.
A write that names no page makes every page stale.
"""

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import NoReverseMatch

from filmkb.versioning import HOUSEKEEPING, KB_APPS, bump_pages, bump_version, reload_running

M2M_WRITES = {"post_add", "post_remove", "post_clear"}


def kb_models():
    """Every model whose writes change the knowledge base, with auto-created M2M tables."""
    for label in KB_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label_lower not in HOUSEKEEPING:
                yield model


def page_url(obj):
    """The address of the page showing ``obj`` (a fact's: its row on its film's page), or None."""
    for name in ("get_absolute_url", "get_page_url"):
        method = getattr(obj, name, None)
        if method is not None:
            try:
                return method()
            except (ObjectDoesNotExist, NoReverseMatch, AttributeError):
                return None
    return None


def _pointed_to(obj, depth, shown):
    """Add the pages of the knowledge-base rows ``obj`` points to (``depth`` hops through rows
    without a page of their own)."""
    for field in obj._meta.concrete_fields:
        if not (field.many_to_one or field.one_to_one) or field.remote_field is None:
            continue
        if field.related_model._meta.app_label not in KB_APPS:
            continue
        if getattr(obj, field.attname) is None:
            continue
        try:
            target = getattr(obj, field.name)
        except ObjectDoesNotExist:  # deleted along with this row
            continue
        url = page_url(target)
        if url:
            shown.add(url.partition("#")[0])
        if (not url or "#" in url) and depth > 1:
            _pointed_to(target, depth - 1, shown)


def pages_of(instance):
    """(shown, named): the paths of the pages that show ``instance``, and its own page's
    path if it has one (pages linking to that path show its name)."""
    shown, named = set(), set()
    url = page_url(instance)
    if url:
        path, _, fragment = url.partition("#")
        shown.add(path)
        if not fragment:
            named.add(path)
    _pointed_to(instance, 2, shown)
    return shown, named


def on_write(sender, instance=None, raw=False, **kwargs):
    if raw or reload_running():
        return
    shown, named = pages_of(instance) if instance is not None else (set(), set())
    if shown:
        bump_pages(shown, named)
    else:
        bump_version()


def on_m2m_write(sender, instance, action, model=None, pk_set=None, **kwargs):
    if action not in M2M_WRITES or reload_running():
        return
    shown, named = pages_of(instance)
    if shown and pk_set:
        for target in model._default_manager.filter(pk__in=pk_set):
            url = page_url(target)
            if url:
                shown.add(url.partition("#")[0])
        bump_pages(shown, named)
    else:  # post_clear names no target: every page
        bump_version()


def connect():
    """Connect the handlers to every knowledge-base model (from ``FilmKBConfig.ready``)."""
    for model in kb_models():
        uid = f"kb-version-{model._meta.label_lower}"
        post_save.connect(on_write, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(on_write, sender=model, dispatch_uid=f"{uid}-delete")
        m2m_changed.connect(on_m2m_write, sender=model, dispatch_uid=f"{uid}-m2m")
