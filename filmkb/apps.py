from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FilmKBConfig(AppConfig):
    name = "filmkb"
    verbose_name = "Film KB"

    def ready(self):
        # Django's place for wiring signals: the modules use the app registry,
        # which is ready only now.
        from filmkb import curators, signals  # noqa: PLC0415

        signals.connect()
        post_migrate.connect(
            curators.sync_after_migrate, sender=self, dispatch_uid="filmkb-curators-group"
        )
