from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from rejoinder.core import health, metrics
from rejoinder.core.views import public_media

urlpatterns = [
    # Operations: liveness, readiness, and metrics for staff or a scraper with the token.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("rejoinder.publishing.urls")),
    path("", include("rejoinder.discussion.urls")),
    path("", include("rejoinder.inline.urls")),
    path("", include("rejoinder.notifications.urls")),
    path("", include("rejoinder.moderation.urls")),
    path("", include("rejoinder.api.urls")),
    path("", include("rejoinder.embed.urls")),
    path("", include("rejoinder.accounts.urls")),
    path("", include("rejoinder.live.urls")),
    # allauth's pages: sign in and up, e-mail, password, sign-in codes, providers, sessions.
    path("accounts/", include("allauth.urls")),
    # The embedded single-box setup serves editors' uploads itself; at scale a proxy or
    # object store takes this over.
    # Only public files: Wagtail's documents (some in private collections) are served by
    # its own view above, which checks their restrictions.
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?!documents/)(?P<path>.+)$", public_media),
    # Wagtail's page tree answers every other path, so it comes last.
    path("", include(wagtail_urls)),
]

handler404 = "rejoinder.core.views.page_not_found"
handler500 = "rejoinder.core.views.server_error"
