"""The API's browsable docs render in Chromium from the site's own assets, under the
site's Content-Security-Policy, without a console error or a request to another origin."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_api_docs_render_with_our_assets_and_no_csp_errors(page, live_server):
    console_errors, elsewhere = [], []
    page.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )
    page.on(
        "request",
        lambda request: (
            not request.url.startswith((live_server.url, "data:")) and elsewhere.append(request.url)
        ),
    )
    response = page.goto("/api/v1/docs")
    assert response.status == 200
    assert (
        "Content-Security-Policy" in response.headers
        or "content-security-policy" in response.headers
    )
    # Swagger UI draws every operation from /api/v1/openapi.json.
    page.get_by_text("/api/v1/threads/{thread_id}/comments", exact=True).first.wait_for()
    assert page.locator(".opblock").count() >= 13
    assert page.get_by_role("heading", name="Rejoinder API").count() >= 1
    assert console_errors == []
    assert elsewhere == []
