"""What readers type into the comment and follow forms fits the database, or they are told.

SQLite does not enforce a column's length, so a form that does not check it stored a
261-character e-mail address (the column, and e-mail itself, allow 254). Each field the
forms take is tried at its column's length, one past it, and with hostile input; PostgreSQL
would have answered a 500 for the same input.
"""

import pytest

from rejoinder.discussion.models import Comment
from rejoinder.discussion.queries import thread_for_article
from rejoinder.notifications.models import Subscriber, Subscription
from tests.builders import make_article

pytestmark = pytest.mark.django_db


def address_of_length(length: int) -> str:
    """A well-formed address of exactly `length` characters (labels of at most 63)."""
    address = "a" * 64 + "@"
    while length - len(address) > 63:
        address += "b" * 59 + "."
    return address + "c" * (length - len(address))


@pytest.fixture
def thread(opinion, columnist):
    return thread_for_article(make_article(opinion, title="Harbour road", author=columnist))


def comment(client, thread, **fields):
    data = {
        "body": "I disagree, politely.",
        "name": "Mara",
        "email": "mara@example.org",
        "website": "",
        "homepage": "",
        **fields,
    }
    return client.post(f"/discussion/{thread.pk}/post/", data)


def follow(client, thread, email):
    return client.post(f"/notifications/follow/{thread.pk}/", {"scope": "all", "email": email})


def test_the_longest_address_e_mail_allows_is_taken(client, thread):
    longest = address_of_length(254)

    assert comment(client, thread, email=longest).status_code == 302
    assert follow(client, thread, longest).status_code == 200

    assert Comment.objects.get().author_email == longest
    assert Subscriber.objects.get().email == longest


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": address_of_length(255)}, "at most 254 characters (it has 255)"),
        ({"email": address_of_length(261)}, "at most 254 characters (it has 261)"),
        ({"name": "M" * 81}, "at most 80 characters (it has 81)"),
        ({"website": "https://example.org/" + "p" * 281}, "at most 300 characters (it has 301)"),
        ({"name": "Ma\x00ra"}, "Null characters are not allowed."),
        ({"body": "A point\x00 made"}, "Null characters are not allowed."),
        ({"email": "mara@example.org\r\nBcc: all@example.org"}, "Enter a valid email address."),
        ({"email": "mara@exa\x00mple.org"}, "Null characters are not allowed."),
        ({"website": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"website": "https://exa mple.org/"}, "Enter a valid URL."),
    ],
)
def test_the_comment_form_refuses_what_does_not_fit(client, thread, fields, message):
    response = comment(client, thread, **fields)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        (address_of_length(255), "at most 254 characters (it has 255)"),
        (address_of_length(261), "at most 254 characters (it has 261)"),
        ("reader@example.org\nBcc: all@example.org", "Enter a valid email address."),
        ("reader@exa\x00mple.org", "Null characters are not allowed."),
        ("<script>@example.org", "Enter a valid email address."),
    ],
)
def test_the_follow_form_refuses_what_does_not_fit(client, thread, email, message):
    response = follow(client, thread, email)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscription.objects.exists()
