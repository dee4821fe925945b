"""Imported comments count towards no reader's rate limit: a reader whose recent comments
were just imported can still post, under the site's real moderation policy."""

import json
from datetime import UTC, timedelta

from django.utils import timezone

from rejoinder.discussion.actions import post_comment
from rejoinder.discussion.models import Comment, CommentState
from rejoinder.discussion.queries import thread_for_article
from rejoinder.interop.service import import_file
from rejoinder.moderation.models import ModerationSettings
from tests.conftest import a_guest


def test_a_reader_with_freshly_imported_comments_can_post(harbour_road, tmp_path):
    config = ModerationSettings.load()
    config.rate_limit_count, config.rate_limit_minutes = 2, 60
    config.save()
    thread = thread_for_article(harbour_road)
    now = timezone.now()
    lines = [{"format": "rejoinder", "version": 1}]
    lines.append({"type": "thread", "id": thread.url, "url": thread.url, "title": "t"})
    for minute in range(3):
        written = (now - timedelta(minutes=5 - minute)).astimezone(UTC)
        lines.append(
            {
                "type": "comment",
                "id": f"elsewhere:{minute}",
                "thread": thread.url,
                "state": "visible",
                "created_at": written.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "author": {"name": "Mara", "email": "mara@example.org"},
                "body": f"Imported remark number {minute} about the harbour road.",
            }
        )
    path = tmp_path / "recent.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert import_file(path=path).counts["comments"]["created"] == 3

    posted = post_comment(
        thread=thread, author=a_guest("Mara"), body="Posting live after the move, politely."
    )
    assert posted.pk and posted.state != CommentState.SPAM
    assert Comment.objects.filter(author_email_normalised="mara@example.org").count() == 4
