from django.conf import settings
from django.http import HttpRequest


def absolute_url(request: HttpRequest | None, path: str) -> str:
    """`path` on the site's public address: SITE_URL when set, else the request's host."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is None:
        return settings.WAGTAILADMIN_BASE_URL + path
    return request.build_absolute_uri(path)
