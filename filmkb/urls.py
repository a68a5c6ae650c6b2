from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from filmkb import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("films.urls")),
    path("people/", include("people.urls")),
    path("awards/", include("awards.urls")),
]
