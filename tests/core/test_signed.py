"""Tokens signed by core.signed.QuickSigner are the ones Django's signing.dumps writes, so
Django's unchanged signing.loads reads and checks them."""

import json
import time

import pytest
from django.core import signing

from rejoinder.core.signed import QuickSigner
from rejoinder.discussion.screening import (
    FORM_TOKEN_SALT,
    issue_form_token,
    seconds_since_issued,
)


def _compact(value) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def test_a_quick_token_is_the_one_django_writes(monkeypatch):
    value = {"s": 7, "t": "über", "r": "a-reader"}
    now = 1_764_531_000.7
    monkeypatch.setattr(time, "time", lambda: now)

    quick = QuickSigner("some.salt").sign_json(_compact(value), now=now)

    assert quick == signing.dumps(value, salt="some.salt")


def test_a_quick_token_follows_the_secret_key(settings):
    signer = QuickSigner("some.salt")
    old_secret = settings.SECRET_KEY
    before = signer.sign_json(b"[1]")
    settings.SECRET_KEY = "another secret key, long enough to be a real one, 0123456789"
    after = signer.sign_json(b"[1]")

    assert signing.loads(after, salt="some.salt") == [1]
    with pytest.raises(signing.BadSignature):
        signing.loads(before, salt="some.salt")
    # A key being rotated out still reads the tokens it signed, as Django's own do.
    settings.SECRET_KEY_FALLBACKS = [old_secret]
    assert signing.loads(before, salt="some.salt") == [1]


def test_a_comment_forms_token_is_django_signed_and_says_when_it_was_drawn():
    drawn_at = 1_764_531_000
    token = issue_form_token(now=drawn_at)

    issued, nonce = signing.loads(token, salt=FORM_TOKEN_SALT, max_age=None)
    assert issued == drawn_at and len(nonce) == 16
    assert seconds_since_issued(token, now=drawn_at + 42) == 42
    assert issue_form_token(now=drawn_at) != token  # each form its own nonce


@pytest.mark.parametrize("reader", ["", "r", "re", "reader-id-of-32-characters-12345"])
def test_tokens_prepared_from_a_shared_head_are_the_ones_django_writes(
    reader, settings, monkeypatch
):
    """A kept frame signs the same JSON up to the reader's id for every reader: whatever the
    head's length, each token is the one signing.dumps writes, also after a new secret."""
    value = {"s": 7, "t": "A page", "r": reader}
    head, tail = _compact(value).split(b'"r":"')
    prepared = QuickSigner("some.salt").prepared(head + b'"r":"')
    monkeypatch.setattr(time, "time", lambda: 1_764_531_000.7)

    token = prepared.signed_json(tail).decode()
    assert token == signing.dumps(value, salt="some.salt")
    settings.SECRET_KEY = "another secret key, long enough to be a real one, 0123456789"
    assert signing.loads(prepared.signed_json(tail).decode(), salt="some.salt") == value
