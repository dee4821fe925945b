"""The cast of the discussion stories: one article's thread, two guests, a signed-in member,
and a way to have any of them say something at a given minute."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model

from rejoinder.discussion.actions import CommentAuthor, post_comment
from rejoinder.discussion.identity import Reader, reader_key
from rejoinder.discussion.models import CommentState
from rejoinder.discussion.queries import thread_for_article
from rejoinder.discussion.screening import Admission
from tests.builders import make_article

# Every story happens on one fixed morning, so edit windows are exact and orders are known.
MORNING = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def admit_everything(**submission) -> Admission:
    """A screening policy that lets every comment up as written."""
    return Admission(state=CommentState.VISIBLE, record=lambda comment: None)


@pytest.fixture
def unscreened(settings):
    """The discussion's own rules, whatever the site's moderation policy (which has tests of
    its own): these stories post faster and more alike than its rate limits allow."""
    settings.COMMENT_SCREENING = f"{__name__}.admit_everything"


def guest_reader(cookie_id: str) -> Reader:
    return Reader(key=reader_key(cookie_id=cookie_id))


def a_guest(name: str) -> CommentAuthor:
    """A guest reader with a browser (cookie) of their own."""
    return CommentAuthor(
        reader=guest_reader(f"cookie-of-{name.lower()}"),
        name=name,
        email=f"{name.lower()}@example.org",
    )


@pytest.fixture
def article(opinion, columnist):
    return make_article(opinion, title="Close the harbour road", author=columnist)


@pytest.fixture
def thread(article):
    return thread_for_article(article)


@pytest.fixture
def guest(db):
    return a_guest("Mara")


@pytest.fixture
def another_guest(db):
    return a_guest("Tomas")


@pytest.fixture
def member(db):
    user = get_user_model().objects.create_user(
        username="ines", first_name="Inès", last_name="Duarte"
    )
    return CommentAuthor(reader=Reader(key=reader_key(user_id=user.pk), user=user))


@pytest.fixture
def clock():
    """clock(minutes) is that many minutes into the morning: clock(0) is 09:00."""

    def clock(minutes: float = 0) -> datetime:
        return MORNING + timedelta(minutes=minutes)

    return clock


@pytest.fixture
def say(thread, guest, clock):
    """Post a comment at a given minute of the morning:
    say("Agreed.", by=member, at=3, reply_to=earlier)."""

    def say(body="I disagree, politely.", *, by=None, at=0, reply_to=None, token=None, on=None):
        return post_comment(
            thread=on or thread,
            author=by or guest,
            body=body,
            parent=reply_to,
            submission_token=token,
            now=clock(at),
        )

    return say
