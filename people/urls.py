from django.urls import path

from people import views

app_name = "people"

urlpatterns: list = []
