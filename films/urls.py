from django.urls import path

from films import views

app_name = "films"

urlpatterns: list = []
