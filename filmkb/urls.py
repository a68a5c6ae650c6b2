"""The project's URLconf: the apps' URLconfs by name, so the project package imports no app."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from filmkb import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("films.urls")),
    path("", include("films.site_urls")),
    path("", include("people.urls")),
    path("awards/", include("awards.urls")),
]
