from django.apps import AppConfig


class FilmKBConfig(AppConfig):
    name = "filmkb"
    verbose_name = "Film KB"
