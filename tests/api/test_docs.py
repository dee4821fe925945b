"""The schema and the docs are served by the site itself: OpenAPI 3.1, and Swagger UI from
our own static files, never a CDN."""

import re

from django.test import Client


def test_the_schema_is_openapi_3_1_and_lists_every_resource(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"] == "3.1.0"
    paths = set(schema["paths"])
    for expected in (
        "/api/v1/threads/lookup",
        "/api/v1/threads/{thread_id}/comments",
        "/api/v1/comments/{comment_id}",
        "/api/v1/comments/{comment_id}/vote",
        "/api/v1/comments/{comment_id}/reports",
        "/api/v1/threads/{thread_id}/subscriptions",
        "/api/v1/counts",
        "/api/v1/moderation/queue",
    ):
        assert expected in paths
    limited = schema["paths"]["/api/v1/threads/{thread_id}/comments"]["post"]["responses"]["429"]
    assert "Retry-After" in limited["headers"]


def test_the_docs_load_only_our_own_assets(db):
    page = Client().get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    ours = ("/static/ninja/", "/static/rejoinder/")  # Swagger UI's files, and our contrast fixes
    assert assets and all(asset.startswith(ours) for asset in assets), assets
    assert "cdn" not in html.lower()
    assert "default-src 'self'" in page["Content-Security-Policy"]
