"""Every write to the knowledge base bumps its version (``filmkb.versioning``).

Cached pages are keyed by that version, so a curator's edit in the admin is
visible to the next reader. Saves, deletes and many-to-many changes of every
model in the knowledge-base apps bump it, except:

* ``raw`` saves (``loaddata``: the fixture reload bumps once itself);
* writes made while a fixture reload runs (``filmkb.versioning.reloading``);
* the housekeeping tables the bump itself and the reload write.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from filmkb.versioning import HOUSEKEEPING, KB_APPS, bump_version, reload_running

M2M_WRITES = {"post_add", "post_remove", "post_clear"}


def kb_models():
    """Every model whose writes change the knowledge base, with auto-created M2M tables."""
    for label in KB_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label_lower not in HOUSEKEEPING:
                yield model


def on_write(sender, raw=False, **kwargs):
    if raw or reload_running():
        return
    bump_version()


def on_m2m_write(sender, action, **kwargs):
    if action in M2M_WRITES:
        on_write(sender)


def connect():
    """Connect the handlers to every knowledge-base model (from ``FilmKBConfig.ready``)."""
    for model in kb_models():
        uid = f"kb-version-{model._meta.label_lower}"
        post_save.connect(on_write, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(on_write, sender=model, dispatch_uid=f"{uid}-delete")
        m2m_changed.connect(on_m2m_write, sender=model, dispatch_uid=f"{uid}-m2m")
