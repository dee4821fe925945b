"""Headers that tell the browser what a page may load and who may frame it, and the guard
that keeps `next` addresses on this site."""

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import url_has_allowed_host_and_scheme

# Pages load nothing from third parties and run no inline script: a comment that slipped
# past the sanitiser still could not run.
READER_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
# Wagtail's admin ships inline scripts and styles; it is staff-only, so it keeps the
# framing and plugin limits and is allowed its own inline code.
ADMIN_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data: blob:",
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self' 'unsafe-inline'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'self'",
    ]
)
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class ContentSecurityPolicyMiddleware(MiddlewareMixin):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(ADMIN_PREFIXES)
            response["Content-Security-Policy"] = ADMIN_POLICY if admin else READER_POLICY
        return response


# Where a link or form may send someone after signing in or finishing an action.
REDIRECT_FIELD = "next"
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_local_target(target: str, request: HttpRequest) -> bool:
    """True for a path on this site ("/admin/pages/?q=x") or a full http(s) address of it:
    not another host, not another scheme, not a URL name, and nothing a browser or a header
    would read differently."""
    path_only = target.startswith("/") and not target.startswith(("//", "/\\"))
    return (
        (path_only or target.startswith(("http://", "https://")))
        and target.isprintable()
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    )


class LocalRedirectTargetMiddleware(MiddlewareMixin):
    """Drops a `next` that is not an address on this site, so views fall back to their default.

    Django's checks let through targets that are not URLs at all, and Wagtail 8.0.1's login
    view hands a signed-in user's `next` to django.shortcuts.redirect(), which first tries it
    as a URL name: `<>javascript:alert(1);` raised NoReverseMatch, a 500. It runs just before
    the view, after the CSRF check has read the form, so uploads are parsed no earlier.
    """

    def process_view(self, request: HttpRequest, view, args, kwargs) -> None:
        request.GET = _without_odd_target(request.GET, request)
        if request.method == "POST" and request.content_type in _FORMS:
            request.POST = _without_odd_target(request.POST, request)


def _without_odd_target(data: QueryDict, request: HttpRequest) -> QueryDict:
    targets = data.getlist(REDIRECT_FIELD)
    if all(is_local_target(target, request) for target in targets):
        return data
    cleaned = data.copy()
    del cleaned[REDIRECT_FIELD]
    cleaned._mutable = False
    return cleaned
