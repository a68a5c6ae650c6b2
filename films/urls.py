from django.urls import path

from films import views
from films.models import Genre, Language, Location, MusicWork, Territory, Theme, TopTenList, Work
from films.pages.sections import SECTION_ALIASES, SECTIONS

app_name = "films"

urlpatterns = [
    path("", views.home, name="home"),
    path("films/", views.film_list, name="film_list"),
    path("films/<slug:slug>/", views.film_detail, name="film"),
    *(
        path(
            f"films/<slug:slug>/{section}/",
            views.film_section,
            {"section": section},
            name=f"film_{section}",
        )
        for section in [*SECTIONS, *SECTION_ALIASES]
    ),
    path(
        "films/<slug:slug>/characters/<slug:character>/",
        views.character_detail,
        name="character",
    ),
    path("films/<slug:slug>/production/<slug:key>/", views.event_detail, name="event"),
    path("films/<slug:slug>/releases/<slug:key>/", views.release_detail, name="release"),
    path("films/<slug:slug>/reviews/<slug:key>/", views.review_detail, name="review"),
    path("films/<slug:slug>/disagreements/", views.film_disagreements, name="film_disagreements"),
    path(
        "films/<slug:slug>/disagreements/<slug:key>/",
        views.disagreement_detail,
        name="disagreement",
    ),
    path("reviews/", views.review_list, name="review_list"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<slug:key>/", views.source_detail, name="source"),
    *(
        path(prefix, views.entity_index_view(model, title), name=name)
        for prefix, model, title, name in [
            ("genres/", Genre, "Genres", "genre_list"),
            ("territories/", Territory, "Territories", "territory_list"),
            ("languages/", Language, "Languages", "language_list"),
            ("locations/", Location, "Locations", "location_list"),
            ("themes/", Theme, "Themes", "theme_list"),
            ("works/", Work, "Works (books, films, episodes, songs)", "work_list"),
            ("music/", MusicWork, "Music", "music_list"),
            ("lists/", TopTenList, "Top-ten lists", "toptenlist_list"),
        ]
    ),
    path("genres/<slug:slug>/", views.genre_detail, name="genre"),
    path("territories/<slug:slug>/", views.territory_detail, name="territory"),
    path("languages/<slug:slug>/", views.language_detail, name="language"),
    path("locations/<slug:slug>/", views.location_detail, name="location"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme"),
    path("works/<slug:slug>/", views.work_detail, name="work"),
    path("music/<slug:slug>/", views.music_detail, name="music"),
    path("lists/<slug:slug>/", views.toptenlist_detail, name="toptenlist"),
    path("timeline/", views.timeline, name="timeline"),
    path("search/", views.search, name="search"),
]
