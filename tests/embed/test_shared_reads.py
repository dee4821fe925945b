"""A reader inside a frame is known by its header, not a cookie: the pages of comments that
anonymous readers share from memory (discussion.shared_reads) are not theirs."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client

from rejoinder.discussion.models import Comment, Thread
from rejoinder.discussion.shared_reads import SharedReads
from tests.discussion.test_shared_reads import SECRET, call
from tests.embed.test_frame import frame_headers, guest_comment, open_frame

pytestmark = pytest.mark.django_db


def test_a_frame_reader_sees_their_own_vote_where_anonymous_pages_are_shared(blog):
    """Where the host is on the same site as Rejoinder, the frame's requests carry the CSRF
    cookie too, and would look anonymous but for the header."""
    client = Client()
    headers = frame_headers(open_frame(client, blog))
    client.post("/embed/frame/post/", guest_comment(), **headers)
    comment, thread = Comment.objects.get(), Thread.objects.get()
    voter = Client()
    voter_headers = frame_headers(open_frame(voter, blog))
    voter.post(f"/discussion/comment/{comment.pk}/vote/", {"value": "up"}, **voter_headers)

    app = SharedReads(WSGIHandler())
    page = f"/discussion/{thread.pk}/comments/"
    call(app, page, cookies=f"csrftoken={SECRET}")  # an anonymous reader: kept in memory
    answer = call(
        _HeaderAdding(app, voter_headers["HTTP_X_REJOINDER_FRAME"]),
        page,
        cookies=f"csrftoken={SECRET}",
    )
    assert b'aria-pressed="true" data-vote="%d:up"' % comment.pk in answer.body


class _HeaderAdding:
    """The WSGI application as a frame's request reaches it: with the frame's header."""

    def __init__(self, app, token: str) -> None:
        self.app, self.token = app, token

    def __call__(self, environ, start_response):
        return self.app({**environ, "HTTP_X_REJOINDER_FRAME": self.token}, start_response)
