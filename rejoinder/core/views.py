"""Error pages in the site's style."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.views.static import serve


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    body = loader.render_to_string("404.html", {"request_path": request.path}, request=request)
    return HttpResponseNotFound(body)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request's context processors: whatever failed (the database, a
    # setting) must not fail again here, and nothing about the failure is shown.
    body = loader.render_to_string("500.html", {"SITE_NAME": settings.WAGTAIL_SITE_NAME})
    return HttpResponseServerError(body)


def public_media(request: HttpRequest, path: str) -> HttpResponse:
    """Editors' public uploads, for the single box without a proxy (nginx serves them at
    scale). MEDIA_ROOT is read per request, so the folder in force is the one served."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
