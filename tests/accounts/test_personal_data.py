"""A guest asks for a link to their comments, opens it, downloads and erases them; a member
downloads their data and claims the comments they wrote as a guest. Links that were
tampered with or have expired, and too many requests, get a clear answer."""

import csv
import io
import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import signing

from rejoinder.accounts.export import safe_cell
from rejoinder.accounts.guest_links import SALT, make_guest_token
from rejoinder.discussion.actions import post_comment
from rejoinder.discussion.models import Comment, CommentState
from rejoinder.notifications.models import OutboxMessage
from tests.conftest import a_guest


@pytest.fixture(autouse=True)
def _outbox(settings):
    settings.EMAIL_BACKEND = "rejoinder.notifications.outbox.OutboxBackend"


@pytest.fixture
def maras_comments(thread, unscreened, django_capture_on_commit_callbacks):
    mara = a_guest("Mara")
    with django_capture_on_commit_callbacks(execute=True):
        shown = post_comment(thread=thread, author=mara, body="The road floods every spring.")
        held = post_comment(thread=thread, author=mara, body="=cmd|' /C calc'!A0")
    Comment.objects.filter(pk=held.pk).update(state=CommentState.SPAM, is_listed=False)
    return shown, held


def link_in_mail(to: str) -> str:
    mail = OutboxMessage.objects.filter(to=to).latest("id")
    return re.search(r"https?://[^/\s]+(/comments/manage/\S+/)", mail.text).group(1)


def test_the_request_page_answers_alike_for_every_address(client, maras_comments):
    with_comments = client.post("/comments/manage/", {"email": "mara@example.org"})
    without = client.post("/comments/manage/", {"email": "nobody@example.org"})
    assert with_comments.status_code == without.status_code == 200
    assert with_comments.text.replace("mara@", "X@") == without.text.replace("nobody@", "X@")
    assert OutboxMessage.objects.filter(to="nobody@example.org").count() == 1


def test_a_guest_sees_every_comment_of_their_address_and_erases_them(client, maras_comments):
    shown, _held = maras_comments
    client.post("/comments/manage/", {"email": "Mara@Example.org"})
    page = client.get(link_in_mail("Mara@Example.org"))
    assert page.status_code == 200
    assert "The road floods every spring." in page.text
    assert "Spam" in page.text  # held as spam: listed too, with its state
    response = client.post(page.request["PATH_INFO"], {"comment": shown.pk}, follow=True)
    assert "Erased 1 comment." in response.text
    assert Comment.objects.get(pk=shown.pk).body == ""
    response = client.post(page.request["PATH_INFO"], {}, follow=True)
    assert "Erased 1 comment." in response.text
    assert "There are no comments written with this address." in response.text
    assert not Comment.objects.filter(author_email_normalised="mara@example.org").exists()


def test_a_guests_csv_export_cannot_run_a_formula(client, maras_comments):
    token = make_guest_token("mara@example.org")
    response = client.get(f"/comments/manage/{token}/download/", {"format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="my-comments.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    texts = [row[6] for row in rows if row[0] == "comment"]
    assert "'=cmd|' /C calc'!A0" in texts
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (None, ""),
    ],
)
def test_cells_that_would_start_a_formula_are_quoted(value, shown):
    assert safe_cell(value) == shown


def test_a_guests_json_export_lists_every_state(client, maras_comments):
    token = make_guest_token("mara@example.org")
    data = json.loads(client.get(f"/comments/manage/{token}/download/").content)
    assert {c["state"] for c in data["comments"]} == {"Visible", "Spam"}


def test_an_unknown_export_format_is_a_404_not_a_500(client, maras_comments):
    token = make_guest_token("mara@example.org")
    assert client.get(f"/comments/manage/{token}/download/", {"format": "xlsx"}).status_code == 404


def test_a_tampered_link_is_refused_with_a_reason(client, maras_comments):
    token = make_guest_token("mara@example.org")
    forged = signing.dumps("tomas@example.org", salt="something else", compress=True)
    for bad in (token[:-3] + "abc", forged, "nonsense"):
        response = client.get(f"/comments/manage/{bad}/")
        assert response.status_code == 400
        assert "This link is not valid" in response.text
        assert "The road floods" not in response.text


def test_an_expired_link_is_refused_with_a_reason(client, maras_comments, settings):
    settings.GUEST_LINK_HOURS = 0
    token = signing.dumps("mara@example.org", salt=SALT, compress=True)
    import time

    time.sleep(1.1)
    response = client.get(f"/comments/manage/{token}/")
    assert response.status_code == 410
    assert "This link has expired" in response.text


def test_links_to_one_address_are_limited(client, db, settings):
    settings.GUEST_LINK_RATE_PER_EMAIL = "2/h"
    answers = [
        client.post("/comments/manage/", {"email": "target@example.org"}).status_code
        for _ in range(4)
    ]
    assert answers == [200, 200, 429, 429]
    assert OutboxMessage.objects.filter(to="target@example.org").count() == 2


def test_links_from_one_network_are_limited(client, db, settings):
    settings.GUEST_LINK_RATE_PER_CLIENT = "3/h"
    answers = [
        client.post("/comments/manage/", {"email": f"reader{n}@example.org"}).status_code
        for n in range(5)
    ]
    assert answers == [200, 200, 200, 429, 429]
    assert (
        "Too many links were asked for"
        in client.post("/comments/manage/", {"email": "x@example.org"}).text
    )


def test_a_bad_address_is_told_plainly(client, db):
    response = client.post("/comments/manage/", {"email": "not an address"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.text


@pytest.fixture
def mara_member(db, client):
    user = get_user_model().objects.create_user(username="mara", email="mara@example.org")
    EmailAddress.objects.create(user=user, email="mara@example.org", verified=True, primary=True)
    client.force_login(user)
    return user


def test_a_member_claims_the_comments_of_their_verified_address(
    client, maras_comments, mara_member
):
    page = client.get("/accounts/comments/")
    assert "You wrote 2 comments as a guest with mara@example.org." in page.text
    client.post("/accounts/comments/claim/")
    assert Comment.objects.filter(user=mara_member).count() == 2
    assert not Comment.objects.filter(author_email_normalised="mara@example.org").exists()
    page = client.get("/accounts/comments/")
    assert "2 comments you wrote as a guest are now yours." in page.text
    assert "The road floods every spring." in page.text and "You wrote" not in page.text


def test_an_unverified_address_claims_nothing(client, maras_comments, mara_member):
    EmailAddress.objects.filter(user=mara_member).update(verified=False)
    assert "You wrote" not in client.get("/accounts/comments/").text
    client.post("/accounts/comments/claim/")
    assert not Comment.objects.filter(user=mara_member).exists()


def test_a_member_downloads_their_data(client, maras_comments, mara_member):
    client.post("/accounts/comments/claim/")
    data = json.loads(client.get("/accounts/data/download/", {"format": "json"}).content)
    assert data["profile"]["email"] == "mara@example.org"
    assert len(data["comments"]) == 2
    rows = list(
        csv.reader(io.StringIO(client.get("/accounts/data/download/?format=csv").content.decode()))
    )
    assert rows[0] == ["record", "id", "article", "address", "state", "date", "detail"]
    assert sum(row[0] == "comment" for row in rows) == 2


def test_every_notification_mail_links_to_manage_my_comments(
    thread, unscreened, django_capture_on_commit_callbacks, settings
):
    from rejoinder.notifications.services import subscribe_after_comment

    settings.SITE_URL = "https://news.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        comment = post_comment(thread=thread, author=a_guest("Mara"), body="Tell me of replies.")
        subscribe_after_comment(comment=comment, scope="replies")
    confirmation = OutboxMessage.objects.get(to="mara@example.org")
    assert (
        "Manage my comments (see, download or erase them): https://news.example.org/comments/manage/"
        in confirmation.text
    )
    assert 'href="https://news.example.org/comments/manage/"' in confirmation.html
