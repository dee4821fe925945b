"""The API's cast: the shared thread and readers (tests/conftest.py), a moderator with an
API token, and a client that speaks JSON."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import APIToken

from rejoinder.moderation.demo import moderators_group

API = "/api/v1"


class JsonClient:
    """Django's test client, sending and reading JSON; `token` adds a bearer token."""

    def __init__(self, client: Client, token: str | None = None) -> None:
        self.client, self.token = client, token

    def _headers(self, headers: dict | None) -> dict:
        headers = dict(headers or {})
        if self.token:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        return headers

    def get(self, path: str, params=None, *, headers=None):
        return self.client.get(API + path, params or {}, headers=self._headers(headers))

    def send(self, method: str, path: str, body=None, *, raw: bytes | None = None, headers=None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        call = getattr(self.client, method.lower())
        return call(
            API + path, data, content_type="application/json", headers=self._headers(headers)
        )

    def post(self, path, body=None, **kwargs):
        return self.send("post", path, body, **kwargs)

    def put(self, path, body=None, **kwargs):
        return self.send("put", path, body, **kwargs)

    def patch(self, path, body=None, **kwargs):
        return self.send("patch", path, body, **kwargs)

    def delete(self, path, **kwargs):
        return self.client.delete(API + path, headers=self._headers(kwargs.get("headers")))


@pytest.fixture
def api(client):
    """A browser-like caller: cookies kept between calls (CSRF checks off, as Django's test
    client does; tests that need them on say so)."""
    return JsonClient(client)


@pytest.fixture
def another_browser(db):
    return JsonClient(Client())


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user(
        username="mod", first_name="Mo", email="mod@example.org", is_staff=True
    )
    user.groups.add(moderators_group())
    return user


@pytest.fixture
def staff_token(moderator):
    _row, token = APIToken.create_token(user=moderator, name="newsroom bot")
    return token


@pytest.fixture
def server(staff_token):
    """A server calling with the moderator's API token, no cookies, CSRF enforced."""
    return JsonClient(Client(enforce_csrf_checks=True), token=staff_token)


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["error"] == code, body
    assert body["message"]
    assert isinstance(body["fields"], dict)
    return body
