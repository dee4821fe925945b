from django.conf import settings
from django.http import HttpRequest


def site_meta(request: HttpRequest) -> dict[str, str]:
    return {"SITE_NAME": settings.WAGTAIL_SITE_NAME}
