from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("", views.award_index, name="index"),
    path("ceremonies/", views.award_index, name="ceremony_list"),
    path("ceremonies/<slug:slug>/", views.ceremony_detail, name="ceremony"),
    path("categories/", views.category_list, name="category_list"),
    path("categories/<slug:slug>/", views.category_detail, name="category"),
    path("nominations/", views.nomination_list, name="nomination_list"),
    path("nominations/<slug:slug>/", views.film_nominations, name="film_nominations"),
    path("nominations/<slug:slug>/<slug:key>/", views.nomination_detail, name="nomination"),
]
