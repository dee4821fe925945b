"""Headers that tell the browser what a page may load and who may frame it."""

from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin

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
