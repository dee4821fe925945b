"""The cast of the moderation stories: a thread under a column, guests, a member, a
moderator and a plain signed-in reader, and the site's moderation settings."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from rejoinder.discussion.actions import CommentAuthor, post_comment
from rejoinder.discussion.identity import Reader, reader_key
from rejoinder.discussion.queries import thread_for_article
from rejoinder.moderation.demo import moderators_group
from rejoinder.moderation.models import ModerationSettings
from tests.builders import make_article
from tests.conftest import a_guest


@pytest.fixture
def article(opinion, columnist):
    return make_article(opinion, title="Close the harbour road", author=columnist)


@pytest.fixture
def thread(article):
    return thread_for_article(article)


@pytest.fixture
def config(db):
    return ModerationSettings.load()


@pytest.fixture
def guest(db):
    return a_guest("Mara")


@pytest.fixture
def member(db):
    user = get_user_model().objects.create_user(username="ines", first_name="Inès")
    return CommentAuthor(reader=Reader(key=reader_key(user_id=user.pk), user=user))


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user(
        username="mod", password="secret-pass-1", is_staff=True
    )
    user.groups.add(moderators_group())
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def say(thread, guest):
    """Post now-ish: say("text", by=member, ago=5) is five minutes ago."""

    def say(body="I disagree, politely.", *, by=None, ago=0, on=None, reply_to=None, client=None):
        return post_comment(
            thread=on or thread,
            author=by or guest,
            body=body,
            parent=reply_to,
            now=timezone.now() - timedelta(minutes=ago),
            client=client,
        )

    return say
