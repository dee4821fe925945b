"""A `next` address in a link can only send a reader somewhere on this site, and an odd one
never breaks the page: the reader lands where they would have without it.

Wagtail's login view passes a signed-in user's `next` to django.shortcuts.redirect(), which
first tries it as a URL name: `<>javascript:alert(1);` (a colon, no slash or dot) raised
NoReverseMatch, a 500. The site's guard drops such targets before any view sees them.
"""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

HOSTILE_TARGETS = [
    "<>javascript:alert(1);",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "a:b",
    "wagtailadmin_home",
    "admin:index",
    "data:text/html,<script>alert(1)</script>",
    "https://evil.example/",
    "http://testserver.evil.example/",
    "https://testserver@evil.example/",
    "ftp://testserver/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "http:evil.example",
    " //evil.example",
    "\x00",
    "/admin/\x00",
    "/admin/\r\nSet-Cookie: x=1",
    "%2F%2Fevil.example",
    "x" * 5000,
    "",
]


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser(
        username="editor", email="editor@example.org", password="a-long-editor-password"
    )


@pytest.fixture
def signed_in(editor):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    return client


def assert_stays_on_site(response):
    assert response.status_code < 500
    if location := response.headers.get("Location"):
        parts = urlsplit(location)
        assert parts.netloc in ("", "testserver") and parts.scheme in ("", "http"), location
        assert location.startswith(("/", "http://testserver/")), location
        assert not location.startswith(("//", "/\\")), location


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_a_signed_in_editor_with_an_odd_next_lands_on_the_dashboard(signed_in, target):
    response = signed_in.get("/admin/login/", {"next": target})

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


@pytest.mark.parametrize("target", ["/admin/pages/?q=tides", "http://testserver/admin/pages/"])
def test_a_next_on_this_site_is_still_followed(signed_in, target):
    response = signed_in.get("/admin/login/", {"next": target})

    assert response.status_code == 302
    assert response.headers["Location"] == target


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_signing_in_with_an_odd_next_lands_on_the_dashboard(db, editor, target):
    client = Client(raise_request_exception=False)

    form = client.get("/admin/login/", {"next": target})
    response = client.post(
        f"/admin/login/?{form.request['QUERY_STRING']}",
        {"username": "editor", "password": "a-long-editor-password", "next": target},
    )

    assert form.status_code == 200
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


@pytest.mark.parametrize(
    "path",
    ["/django-admin/login/", "/django-admin/logout/", "/admin/pages/", "/notifications/"],
)
@pytest.mark.parametrize("target", ["<>javascript:alert(1);", "//evil.example/", "a:b"])
def test_other_pages_taking_next_stay_on_site(signed_in, path, target):
    assert_stays_on_site(signed_in.get(path, {"next": target}))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    target=st.text(max_size=40)
    | st.builds(
        "{}{}{}".format,
        st.sampled_from(["", "/", "//", "<>", "\\", " ", "http:", "javascript:"]),
        st.text(alphabet=":/\\.<>;()%@?#&= abcxyz\x00\t\n", max_size=20),
        st.sampled_from(["", ":", ";", "/", "."]),
    )
)
def test_any_next_keeps_a_signed_in_editor_on_the_site(signed_in, target):
    assert_stays_on_site(signed_in.get("/admin/login/", {"next": target}))
