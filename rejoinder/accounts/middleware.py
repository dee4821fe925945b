"""The sign-in pages post to providers staff have added: their origins join form-action."""

from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialApp
from django.http import HttpRequest, HttpResponse

from rejoinder.core.middleware import READER_POLICY

ACCOUNT_PREFIX = "/accounts/"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""


class ProviderFormActionMiddleware:
    """ "Sign in with …" is a form posted to us that redirects to the provider; browsers hold
    that redirect to the page's form-action, so account pages allow the providers' origins
    (OpenID Connect issuers; the built-in social providers' own hosts are https: only)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(ACCOUNT_PREFIX) and "Content-Security-Policy" not in response:
            servers = SocialApp.objects.values_list("settings", flat=True)
            origins = sorted({_origin((s or {}).get("server_url", "")) for s in servers} - {""})
            allowed = " ".join(["'self'", *origins, "https:"])
            response["Content-Security-Policy"] = READER_POLICY.replace(
                "form-action 'self'", f"form-action {allowed}"
            )
        return response
