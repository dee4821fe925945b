"""No e-mail address and no network address in any response of the API, whoever asks:
checked on the raw bytes of every kind of answer."""

import pytest

from rejoinder.discussion.actions import CommentAuthor, post_comment
from rejoinder.discussion.screening import ClientHints
from rejoinder.moderation.models import Screening
from tests.conftest import a_guest

ADDRESSES = [b"mara@example.org", b"tomas@example.org", b"ines@example.org", b"mod@example.org"]
NETWORK = "203.0.113.77"


@pytest.fixture
def busy_thread(thread, member, settings):
    settings.COMMENT_SCREENING = "rejoinder.moderation.policy.screen"
    hints = ClientHints(network="f" * 64)
    first = post_comment(thread=thread, author=a_guest("Mara"), body="First.", client=hints)
    post_comment(thread=thread, author=a_guest("Tomas"), body="Second.", parent=first)
    post_comment(thread=thread, author=CommentAuthor(reader=member.reader), body="Third.")
    return thread


def test_no_address_in_any_answer(api, server, busy_thread, article):
    thread = busy_thread
    first = thread.comments.order_by("pk").first()
    answers = [
        api.get(f"/threads/{thread.pk}"),
        api.get("/threads/lookup", {"article": article.pk}),
        api.get(f"/threads/{thread.pk}/comments"),
        api.get(f"/comments/{first.pk}"),
        api.get("/counts", {"url": article.url}),
        server.get(f"/threads/{thread.pk}/comments"),
        server.get("/moderation/queue", {"tab": "recent"}),
        server.get("/moderation/queue"),
        api.post(
            f"/threads/{thread.pk}/comments",
            {"body": "Fourth.", "name": "Mara", "email": "mara@example.org", "notify": "all"},
        ),
        api.post(
            f"/threads/{thread.pk}/comments",
            {"body": "", "name": "Mara", "email": "mara@example.org"},
        ),
        server.post(f"/moderation/comments/{first.pk}/ban", {"kind": "network"}),
        server.post(f"/moderation/comments/{first.pk}/ban", {"kind": "email"}),
    ]
    assert Screening.objects.filter(comment=first).values_list("network", flat=True)[0]
    for answer in answers:
        assert answer.status_code < 500
        for address in [*ADDRESSES, NETWORK.encode(), b"127.0.0.1", b"f" * 64]:
            assert address not in answer.content, (answer.request["PATH_INFO"], address)
