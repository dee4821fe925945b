"""The frame's tokens are signed by core.signed.QuickSigner and read by Django's
signing.loads: anything not signed as a frame token is refused."""

import json
import time

import pytest
from django.core import signing
from django.test import Client

from rejoinder.core.signed import QuickSigner
from rejoinder.discussion.models import Thread
from rejoinder.discussion.screening import FORM_TOKEN_SALT, issue_form_token
from rejoinder.embed.errors import FrameExpired
from rejoinder.embed.frames import (
    FRAME_TOKEN_MAX_AGE,
    Frame,
    issue_frame_token,
    read_frame_token,
)
from tests.embed.conftest import HOST
from tests.embed.test_frame import PAGE, frame_headers, guest_comment, open_frame

FRAME = Frame(
    site_id=7,
    reader_id="a-reader",
    parent_origin=HOST,
    identifier="swifts",
    url=PAGE,
    title='Counting "swifts" — über die Dächer',
    reader_is_new=True,
)


def _compact(value) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def test_a_frame_token_reads_back_the_frame_it_was_issued_for():
    assert read_frame_token(issue_frame_token(FRAME)) == FRAME


def test_a_frame_token_issued_before_the_quick_signer_still_reads():
    """Tabs left open across a deploy hold compressed tokens from signing.dumps."""
    data = {"s": 7, "r": "a-reader", "o": HOST, "p": "swifts", "u": PAGE, "t": "", "m": None}
    old = signing.dumps(data, salt="rejoinder.embed.frame", compress=True)

    assert read_frame_token(old).reader_id == "a-reader"


def _altered(token: str) -> str:
    """The token with its site changed and its signature kept."""
    value, stamp, signature = token.split(":")
    data = json.loads(signing.b64_decode(value.encode()))
    data["s"] = 8
    return f"{signing.b64_encode(_compact(data)).decode()}:{stamp}:{signature}"


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda: _altered(issue_frame_token(FRAME)), id="another site, same signature"),
        pytest.param(issue_form_token, id="a comment form's token"),
        pytest.param(
            lambda: QuickSigner(FORM_TOKEN_SALT).sign_json(
                _compact({"s": 7, "r": "x", "o": HOST, "p": "p", "u": PAGE, "t": "", "m": None})
            ),
            id="a frame's fields signed as a form token",
        ),
        pytest.param(
            lambda: signing.dumps({"s": 7}, key="not our secret", salt="rejoinder.embed.frame"),
            id="another secret",
        ),
        pytest.param(
            lambda: QuickSigner("rejoinder.embed.frame").sign_json(
                _compact({"s": 7, "r": "x", "o": HOST, "p": "p", "u": PAGE, "t": "", "m": None}),
                now=time.time() - FRAME_TOKEN_MAX_AGE - 5,
            ),
            id="older than a day",
        ),
    ],
)
def test_a_token_not_issued_as_a_frame_token_is_refused(token):
    with pytest.raises(FrameExpired):
        read_frame_token(token())


@pytest.mark.django_db
def test_a_comment_form_token_sent_as_the_frame_header_posts_nothing(blog):
    client = Client(enforce_csrf_checks=True)
    headers = frame_headers(open_frame(client, blog))
    headers["HTTP_X_REJOINDER_FRAME"] = issue_form_token()

    response = client.post("/embed/frame/post/", guest_comment(), **headers)

    assert response.status_code == 403
    assert Thread.objects.count() == 0
