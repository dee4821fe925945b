from django.urls import path

from rejoinder.live import views

app_name = "live"

# The live app (asgi.py) answers the same path when the proxy routes /live/ to it.
urlpatterns = [
    path("live/stream/", views.stream_once, name="stream"),
    # Not under /live/, which the proxy sends to the live app: the site answers this.
    path("discussion/live-strings/", views.strings, name="strings"),
]
