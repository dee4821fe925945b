from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
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
    # allauth's pages: sign in and up, e-mail, password, sign-in codes, providers, sessions.
    path("accounts/", include("allauth.urls")),
    # The embedded single-box setup serves editors' uploads itself; at scale a proxy or
    # object store takes this over.
    path(
        f"{settings.MEDIA_URL.strip('/')}/<path:path>",
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
    # Wagtail's page tree answers every other path, so it comes last.
    path("", include(wagtail_urls)),
]

handler404 = "rejoinder.core.views.page_not_found"
handler500 = "rejoinder.core.views.server_error"
