"""The discussion stories use the shared cast in tests/conftest.py (article, thread, guest,
another_guest, member, clock, say, unscreened); the names below are kept for imports.
`discussion` and `reader` are the cast of the stories of doors (test_unpublished_doors,
test_restricted_doors)."""

from dataclasses import dataclass

import pytest
from django.test import Client

from rejoinder.discussion import shared_reads
from rejoinder.discussion.actions import post_comment
from rejoinder.discussion.models import Comment, Thread
from rejoinder.inline.body import article_body
from rejoinder.publishing.models import ArticlePage
from tests.conftest import MORNING, a_guest, admit_everything, guest_reader  # noqa: F401


@pytest.fixture
def two_comments(thread, unscreened):
    """Two visible comments by two guests, for the vote stories."""
    first = post_comment(
        thread=thread, author=a_guest("Ada"), body="Keep the library open on Sundays."
    )
    second = post_comment(
        thread=thread, author=a_guest("Bo"), body="Move the market to the square."
    )
    return first, second


@dataclass
class Discussion:
    """A discussion under a live article: someone else's comment and the reader's own."""

    article: ArticlePage
    thread: Thread
    theirs: Comment
    mine: Comment

    def ids(self) -> dict:
        block = next(block for block in article_body(self.article).blocks if block.commentable)
        return {
            "thread": self.thread.pk,
            "theirs": self.theirs.pk,
            "mine": self.mine.pk,
            "block": block.id,
        }

    def take_down(self) -> None:
        ArticlePage.objects.get(pk=self.article.pk).unpublish()

    def republish(self) -> None:
        ArticlePage.objects.get(pk=self.article.pk).save_revision().publish()


@pytest.fixture
def discussion(article, thread, say, member, unscreened) -> Discussion:
    return Discussion(article, thread, say("The road is busy."), say("I walk it.", by=member))


@pytest.fixture
def reader(client, member) -> Client:
    """The reader knocking: signed in, the author of `mine`."""
    client.force_login(member.reader.user)
    return client


@pytest.fixture
def probes(monkeypatch):
    """A list that fills with one entry per probe a kept page reads."""
    read: list[str] = []
    reading = shared_reads._read_rows

    def counted(sql, params):
        read.append(sql)
        return reading(sql, params)

    monkeypatch.setattr(shared_reads, "_read_rows", counted)
    return read
