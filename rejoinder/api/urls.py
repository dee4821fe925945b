from django.urls import path

from rejoinder.api.main import api

urlpatterns = [path("api/v1/", api.urls)]
