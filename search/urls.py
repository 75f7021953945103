from django.urls import path

from . import api

urlpatterns = [
    path("search/", api.search_api, name="search_api"),
    path("suggest/", api.suggest_api, name="suggest_api"),
]
