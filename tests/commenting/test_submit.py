"""Submitting a comment is one use case (passage check → post → "Notify of") that the
form view and the API both call; the discussion reaches it only through its seam."""

import ast
from pathlib import Path

import pytest

from rejoinder.commenting.submit import submit_comment
from rejoinder.discussion.models import Comment
from rejoinder.inline.models import Anchor
from rejoinder.inline.services import InvalidPassage
from rejoinder.notifications.models import Subscription
from tests.conftest import a_guest
from tests.inline.conftest import PROPOSAL, passage_of

DISCUSSION = Path(__file__).parents[2] / "rejoinder" / "discussion"
ABOVE_DISCUSSION = ("inline", "moderation", "notifications", "commenting", "api", "embed")


@pytest.fixture
def column_thread(opinion, columnist, unscreened):
    from rejoinder.discussion.queries import thread_for_article
    from rejoinder.publishing.models import ArticlePage
    from tests.builders import make_article
    from tests.inline.conftest import column_body

    article = make_article(opinion, title="Close the road", body=column_body(PROPOSAL))
    return thread_for_article(ArticlePage.objects.get(pk=article.pk))


def test_a_comment_on_a_passage_is_posted_with_it_and_its_author_subscribed(column_thread):
    article = column_thread.article
    submitted = submit_comment(
        thread=column_thread,
        author=a_guest("Mara"),
        body="This bit, exactly.",
        passage=passage_of(article, "a modest proposal"),
        quote="a modest proposal",
        notify="all",
    )
    assert Anchor.objects.get(comment=submitted.comment).exact == "a modest proposal"
    assert submitted.subscription_state == "pending"
    assert submitted.confirm_address == "mara@example.org"
    assert Subscription.objects.get().thread == column_thread


def test_a_passage_not_in_the_article_writes_nothing(column_thread):
    with pytest.raises(InvalidPassage):
        submit_comment(
            thread=column_thread,
            author=a_guest("Mara"),
            body="On words nobody wrote.",
            passage="nowhere:0:5",
            quote="words nobody wrote",
            notify="all",
        )
    assert not Comment.objects.exists()
    assert not Subscription.objects.exists()


def test_the_form_view_submits_through_the_seam(client, thread, settings, unscreened):
    calls = []

    def recording(**given):
        calls.append(given)
        return submit_comment(**given)

    settings.COMMENT_SUBMISSION = f"{__name__}.RECORDER"
    globals()["RECORDER"] = recording
    form = {"body": "Through the seam.", "name": "Mara", "email": "mara@example.org"}
    response = client.post(f"/discussion/{thread.pk}/post/", form)
    assert response.status_code == 302
    assert [call["body"] for call in calls] == ["Through the seam."]


def test_the_discussion_imports_no_app_built_on_it():
    for module in DISCUSSION.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                assert not (
                    parts[0] == "rejoinder" and parts[1:2] and parts[1] in ABOVE_DISCUSSION
                ), f"{module.name} imports {name}"
