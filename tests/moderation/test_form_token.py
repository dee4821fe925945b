"""The comment form's token tells the spam score how long a comment took to write. It is
signed, so a bot cannot claim it spent a minute writing; a token the site did not sign
counts as "unknown", like no token at all."""

import re
import time

import pytest
from django.core import signing
from django.test import Client

from rejoinder.discussion.models import Comment
from rejoinder.discussion.screening import issue_form_token, seconds_since_issued
from rejoinder.moderation.models import Screening

pytestmark = pytest.mark.django_db

NOW = 1_750_000_000.0


def test_a_signed_token_says_how_long_ago_the_form_was_drawn():
    assert seconds_since_issued(issue_form_token(now=NOW), now=NOW + 42) == 42


def forged_claiming_ten_minutes() -> str:
    return f"{int(time.time() - 600):x}.madeUpByABot"  # the old, unsigned shape


@pytest.mark.parametrize(
    "token",
    [
        None,
        "",
        "garbage",
        pytest.param(forged_claiming_ten_minutes(), id="unsigned"),
        pytest.param(issue_form_token(now=NOW - 600)[:-2] + "xx", id="altered-signature"),
        pytest.param(
            signing.dumps([int(NOW - 600), "nonce"], salt="some.other.form"), id="other-salt"
        ),
        pytest.param(
            signing.dumps("not a pair", salt="rejoinder.discussion.form-token"), id="not-a-pair"
        ),
    ],
)
def test_a_token_the_site_did_not_sign_tells_nothing(token):
    assert seconds_since_issued(token, now=NOW) is None


def form_token(client, article) -> str:
    page = client.get(article.url).content.decode()
    return re.search(r'name="submission_token" value="([^"]+)"', page).group(1)


def post(client, thread, token, body):
    data = {"body": body, "name": "Mara", "email": "mara@example.org", "submission_token": token}
    return client.post(f"/discussion/{thread.pk}/post/", data)


def test_a_form_sent_back_at_once_reads_as_written_too_fast(article, thread, config):
    client = Client()
    post(client, thread, form_token(client, article), "Instant words from a script.")

    screening = Screening.objects.get(comment=Comment.objects.get())
    assert any(feature.startswith("written in") for feature in screening.spam_features)


def test_a_forged_token_earns_no_credit_for_time_spent(article, thread, config):
    post(Client(), thread, forged_claiming_ten_minutes(), "A bot pretending to be slow.")

    screening = Screening.objects.get(comment=Comment.objects.get())
    assert not any(feature.startswith("written in") for feature in screening.spam_features)
