import time

import jwt
import pytest

from rejoinder.embed import actions
from rejoinder.embed.models import Site

HOST = "http://127.0.0.2:4000"


@pytest.fixture
def blog(db):
    """Field Notes, a blog on another origin, registered to embed discussions."""
    site = Site(
        name="Field Notes",
        key="field-notes",
        allowed_origins=f"{HOST}/\nhttps://notes.example.org:443",
    )
    site.full_clean()
    site.save()
    actions.rotate_sso_secret(site=site)
    return site


def member_token(site: Site, *, secret: str | None = None, expires_in: int = 600, **claims) -> str:
    """What the blog's own server mints for a signed-in member."""
    payload = {
        "id": "m-17",
        "name": "Robin Ashdown",
        "email": "robin@notes.example.org",
        "exp": int(time.time()) + expires_in,
        **claims,
    }
    return jwt.encode(payload, secret or site.sso_secret, algorithm="HS256")
