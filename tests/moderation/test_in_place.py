"""Moderators act on a comment where it stands on the article page, and come back to it;
readers, and staff without the moderation permission, never see those controls."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from rejoinder.discussion.models import Comment, CommentState
from rejoinder.moderation.models import LogAction, LogEntry
from tests.conftest import a_guest

pytestmark = pytest.mark.django_db


def test_a_moderator_sees_the_controls_under_each_comment_and_readers_do_not(
    moderator_client, article, say
):
    first = say("Open the road to bikes too.")
    reply = say("Agreed, and buses.", by=a_guest("Tomas"), reply_to=first)

    seen = moderator_client.get(article.url).content.decode()

    assert seen.count('class="staff-controls"') == 2
    assert f'value="remove:{first.pk}"' in seen and f'value="spam:{reply.pk}"' in seen
    assert f'value="feature:{first.pk}"' in seen
    assert f'value="feature:{reply.pk}"' not in seen, "only a conversation's first comment"
    assert "staff-controls" not in Client().get(article.url).content.decode()


def test_staff_without_the_moderation_permission_get_no_controls(client, article, say):
    say("A comment to moderate.")
    editor = get_user_model().objects.create_user(username="ed", is_staff=True)
    client.force_login(editor)

    assert "staff-controls" not in client.get(article.url).content.decode()


def test_removing_in_place_comes_back_to_the_comment_and_is_logged(
    moderator_client, moderator, article, say
):
    comment = say("Something the moderator removes.")
    back = f"{article.url}#comment-{comment.pk}"

    answer = moderator_client.post("/moderation/act/", {"do": f"remove:{comment.pk}", "next": back})

    assert answer.status_code == 302 and answer.url == back
    comment.refresh_from_db()
    assert comment.state == CommentState.REMOVED
    assert LogEntry.objects.get().action == LogAction.REMOVE
    assert "Something the moderator removes." not in Client().get(article.url).content.decode()


@pytest.mark.parametrize(
    "elsewhere",
    [
        "https://evil.example/",
        "//evil.example/path",
        "javascript:alert(1)",
        "/\\evil.example",
        "http://testserver@evil.example/",
        "\x00/",
    ],
    ids=repr,
)
def test_a_next_address_off_this_site_goes_to_the_queue_instead(
    moderator_client, article, say, elsewhere
):
    comment = say("Spam, perhaps.")

    answer = moderator_client.post(
        "/moderation/act/", {"do": f"spam:{comment.pk}", "next": elsewhere}
    )

    assert answer.status_code == 302 and answer.url.startswith("/moderation/")
    assert Comment.objects.get(pk=comment.pk).state == CommentState.SPAM


def test_a_page_seen_by_a_moderator_first_is_shared_without_the_controls(
    moderator_client, article, say
):
    say("Read by staff first.")
    moderator_client.get(article.url)

    for _ in range(2):  # the second answer may come from the kept page
        assert "staff-controls" not in Client().get(article.url).content.decode()
