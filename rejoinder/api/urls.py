from django.urls import path, re_path

from rejoinder.api.main import api, unknown_path

urlpatterns = [
    path("api/v1/", api.urls),
    # Anything else under the API is a JSON 404 too, not the site's HTML page.
    re_path(r"^api/v1/", unknown_path),
]
