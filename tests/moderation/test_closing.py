"""Discussions close by their category's age: the page shows them closed as soon as the
article is old enough, and the worker's pass closes them for good through the moderators'
close action."""

import pytest
from django.core.management import call_command
from django.test import Client

from rejoinder.discussion.models import Thread
from rejoinder.discussion.queries import thread_for_article
from rejoinder.moderation.models import CategoryPolicy, LogAction, LogEntry
from tests.builders import make_article

pytestmark = pytest.mark.django_db

CLOSED = "This discussion is closed."


@pytest.fixture
def closes_after_a_week(config, opinion):
    return CategoryPolicy.objects.create(settings=config, category=opinion, close_after_days=7)


@pytest.fixture
def old_column(opinion, columnist):
    return make_article(opinion, title="Last month's column", author=columnist, days_ago=8)


@pytest.fixture
def fresh_column(opinion, columnist):
    return make_article(opinion, title="This week's column", author=columnist, days_ago=6)


def page(article) -> str:
    return Client().get(article.url).content.decode()


def test_a_thread_past_its_category_age_shows_closed_before_the_worker_runs(
    closes_after_a_week, old_column, fresh_column, say
):
    old_thread = thread_for_article(old_column)
    say("Said while it was open.", on=old_thread, ago=60 * 24 * 7)

    old, fresh = page(old_column), page(fresh_column)

    assert CLOSED in old and 'class="comment-form"' not in old
    assert "Said while it was open." in old and 'class="reply-link"' not in old
    assert CLOSED not in fresh and 'class="comment-form"' in fresh
    assert not Thread.objects.get(pk=old_thread.pk).is_closed  # nothing written by a read


def test_the_worker_closes_due_threads_once_through_the_close_action(
    closes_after_a_week, old_column, fresh_column, news, columnist
):
    old_thread, fresh_thread = thread_for_article(old_column), thread_for_article(fresh_column)
    elsewhere = thread_for_article(make_article(news, author=columnist, days_ago=300))
    revision = old_thread.revision

    call_command("close_discussions", verbosity=0)
    call_command("close_discussions", verbosity=0)

    old_thread.refresh_from_db()
    assert old_thread.is_closed and old_thread.revision > revision
    assert not Thread.objects.get(pk=fresh_thread.pk).is_closed
    assert not Thread.objects.get(pk=elsewhere.pk).is_closed  # no rule in News
    [entry] = LogEntry.objects.filter(thread=old_thread)
    assert entry.action == LogAction.CLOSE and entry.moderator is None
