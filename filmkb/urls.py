from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from filmkb import views
from filmkb.sitemaps import SITEMAPS
from films import views as film_views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("films.urls")),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", film_views.robots_txt, name="robots"),
    path("", include("people.urls")),
    path("awards/", include("awards.urls")),
]
