"""Site-wide files at the root, outside the ``films`` namespace: the sitemap, robots.txt
and /favicon.ico (for clients that ask for it without reading the page's icon link)."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.http import require_safe

from filmkb.cache import query_parameters
from films import views
from films.sitemaps import SITEMAPS

urlpatterns = [
    path(
        "sitemap.xml",
        query_parameters("p")(require_safe(sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
