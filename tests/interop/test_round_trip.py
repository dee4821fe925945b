"""Leaving and coming back: Rejoinder's own export, imported into a site with the same
articles (and accounts) and no discussions, exports again to the same bytes: comments,
their screenings, the moderators' log and the subscriptions."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from rejoinder.discussion.actions import mark_spam, post_comment, remove_comment, vote
from rejoinder.discussion.models import Comment, CommentState, Thread
from rejoinder.interop.models import ImportedRecord
from rejoinder.interop.service import import_file
from rejoinder.moderation import actions as moderation
from rejoinder.moderation.models import LogAction, LogEntry, Screening
from rejoinder.moderation.text import text_hash
from rejoinder.notifications import services as notifications
from rejoinder.notifications.models import (
    Delivery,
    Scope,
    Subscriber,
    Subscription,
    SubscriptionState,
)
from rejoinder.notifications.tokens import Purpose, make_token
from tests.conftest import a_guest, guest_reader


def export(**options) -> str:
    out = StringIO()
    call_command("export_discussions", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def discussion(thread, unscreened, clock, member):
    """A discussion with a reply, votes, a spam comment and a removed one with a reply; the
    policy's screening of the first comment, a moderator's decision on the reply that was
    undone, the discussion closed by the moderator; three followers: confirmed, waiting for
    confirmation, and gone."""
    mara, tomas = a_guest("Mara"), a_guest("Tomas")
    first = post_comment(
        thread=thread, author=mara, body="The *road* is [busy](https://example.org).", now=clock(0)
    )
    reply = post_comment(thread=thread, author=tomas, body="It is.", parent=first, now=clock(1))
    vote(comment=first, voter=guest_reader("cookie-of-tomas"), value=1)
    vote(comment=reply, voter=guest_reader("cookie-of-mara"), value=-1)
    spam = post_comment(thread=thread, author=tomas, body="Buy boats.", now=clock(2))
    mark_spam(comment=spam)
    gone = post_comment(thread=thread, author=mara, body="Second thoughts.", now=clock(3))
    post_comment(thread=thread, author=tomas, body="Why?", parent=gone, now=clock(4))
    remove_comment(comment=gone)

    Screening.objects.create(
        comment=first,
        decision="hold",
        reasons=[{"check": "links", "verdict": "hold", "reason": "It has a link."}],
        spam_score=0.41,
        spam_features=["road", "busy"],
        network="a-keyed-hash-of-the-writers-network",
        text_hash=text_hash(first.body),
        label="ham",
        labelled_at=clock(6),
        created_at=clock(0),
    )
    editor = get_user_model().objects.create_user("editor", email="editor@example.org")
    decided = moderation.decide(comment=reply, moderator=editor, action=LogAction.SPAM)
    moderation.undo(entry=decided, moderator=editor)
    moderation.set_closed(thread=thread, moderator=editor, closed=True)
    moderation.feature(comment=first, moderator=editor, featured=True)

    notifications.subscribe(thread=thread, scope=Scope.ALL, email="Mara@Example.org ")
    confirmed = Subscription.objects.get(subscriber__email="mara@example.org")
    notifications.confirm(token=make_token(Purpose.CONFIRM, confirmed.public_id), now=clock(7))
    notifications.subscribe(thread=thread, scope=Scope.REPLIES, email="tomas@example.org")
    left = notifications.subscribe(thread=thread, scope=Scope.ALL, email="ines@example.org")
    notifications.unsubscribe(subscription=left, now=clock(8))
    thread.refresh_from_db()
    return thread


def forget_the_discussions() -> None:
    """What the new site does not have yet: everything but the articles and accounts."""
    Comment.objects.all().delete()
    LogEntry.objects.all().delete()
    Subscriber.objects.all().delete()
    Thread.objects.update(comment_count=0, is_closed=False)


def test_export_import_export_gives_the_same_bytes(
    discussion, tmp_path, django_capture_on_commit_callbacks
):
    first = export()
    path = tmp_path / "export.jsonl"
    path.write_text(first, encoding="utf-8")
    shown_before = list(
        Comment.objects.order_by("created_at").values_list(
            "body_html", "state", "is_listed", "depth", "upvotes", "downvotes", "author_name"
        )
    )
    mail.outbox.clear()
    forget_the_discussions()

    with django_capture_on_commit_callbacks(execute=True):
        summary = import_file(path=path)
    assert summary.counts["comments"]["created"] == 5
    assert summary.counts["screenings"]["created"] == 1
    assert summary.counts["decisions"]["created"] == 4
    assert summary.counts["subscriptions"]["created"] == 3
    assert summary.skips == [] and summary.repairs == []
    assert export() == first
    # Nobody is written to: not the followers, not for a confirmation.
    assert mail.outbox == [] and not Delivery.objects.exists()
    assert dict(Subscription.objects.values_list("subscriber__email", "state")) == {
        "mara@example.org": SubscriptionState.ACTIVE,
        "tomas@example.org": SubscriptionState.PENDING,
        "ines@example.org": SubscriptionState.UNSUBSCRIBED,
    }
    assert Comment.objects.filter(featured_at__isnull=False).count() == 1
    undone = LogEntry.objects.get(action=LogAction.SPAM)
    assert undone.undone_by.action == LogAction.UNDO
    assert undone.moderator.username == "editor"
    # The network stays on the site that saw it; the text's hash is worked out again.
    screening = Screening.objects.get()
    assert screening.network == "" and screening.text_hash == text_hash(screening.comment.body)
    assert (
        list(
            Comment.objects.order_by("created_at").values_list(
                "body_html", "state", "is_listed", "depth", "upvotes", "downvotes", "author_name"
            )
        )
        == shown_before
    )
    discussion.refresh_from_db()
    assert discussion.comment_count == 3 and discussion.is_closed


def test_the_export_is_documented_json_lines(discussion):
    assert discussion.url.startswith("/opinion/")
    lines = [json.loads(line) for line in export().splitlines()]
    assert lines[0] == {"format": "rejoinder", "version": 1}
    thread, *records = lines[1:]
    assert thread == {
        "type": "thread",
        "id": discussion.url,
        "url": discussion.url,
        "title": "Close the harbour road",
        "closed": True,
    }
    assert [r["type"] for r in records] == ["comment"] * 5 + ["screening"] + ["decision"] * 4 + [
        "subscription"
    ] * 3
    comments = records[:5]
    first = comments[0]
    assert first["type"] == "comment"
    assert first["parent"] is None and first["state"] == "visible"
    assert first["created_at"] == "2025-03-01T09:00:00Z"
    assert first["author"] == {"name": "Mara", "email": "mara@example.org", "website": ""}
    assert first["body"] == "The *road* is [busy](https://example.org)."
    assert first["votes"] == {"up": 1, "down": 0}
    assert comments[1]["parent"] == first["id"]
    assert [c["state"] for c in comments] == ["visible", "visible", "spam", "removed", "visible"]
    screening = records[5]
    assert screening["comment"] == first["id"] and "network" not in screening
    assert screening["label"] == "ham" and screening["labelled_at"] == "2025-03-01T09:06:00Z"
    spam, undo, close = records[6:9]
    assert (spam["action"], spam["comment"], spam["moderator"]) == (
        "spam",
        comments[1]["id"],
        "editor",
    )
    assert spam["before"] == {"state": "visible", "label": ""}
    assert spam["undone_at"] == undo["created_at"] and undo["action"] == "undo"
    assert (close["action"], close["comment"], close["after"]) == ("close", None, {"closed": True})
    assert records[9]["action"] == "feature"
    assert first["featured_at"] is not None
    assert records[10:] == [
        {
            "type": "subscription",
            "thread": discussion.url,
            "email": "ines@example.org",
            "scope": "all",
            "frequency": "instant",
            "state": "unsubscribed",
            "created_at": records[10]["created_at"],
            "confirmed_at": None,
            "unsubscribed_at": "2025-03-01T09:08:00Z",
        },
        {
            "type": "subscription",
            "thread": discussion.url,
            "email": "mara@example.org",
            "scope": "all",
            "frequency": "instant",
            "state": "active",
            "created_at": records[11]["created_at"],
            "confirmed_at": "2025-03-01T09:07:00Z",
            "unsubscribed_at": None,
        },
        {
            "type": "subscription",
            "thread": discussion.url,
            "email": "tomas@example.org",
            "scope": "replies",
            "frequency": "instant",
            "state": "pending",
            "created_at": records[12]["created_at"],
            "confirmed_at": None,
            "unsubscribed_at": None,
        },
    ]


def test_importing_our_own_export_again_changes_nothing(discussion, tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(export(), encoding="utf-8")
    forget_the_discussions()
    import_file(path=path)
    again = import_file(path=path)
    assert again.counts["comments"]["unchanged"] == 5
    assert again.counts["screenings"] == {"unchanged": 1}
    assert again.counts["decisions"] == {"unchanged": 4}
    assert again.counts["subscriptions"] == {"unchanged": 3}
    assert ImportedRecord.objects.count() == 5
    assert (LogEntry.objects.count(), Subscription.objects.count()) == (4, 3)


def test_a_cut_line_is_named(discussion, tmp_path):
    text = export()
    path = tmp_path / "export.jsonl"
    path.write_text(text[: len(text) - 20], encoding="utf-8")
    from rejoinder.interop.errors import ImportFileError

    with pytest.raises(ImportFileError) as caught:
        import_file(path=path)
    assert caught.value.where == f"line {text.count(chr(10))}"
    assert caught.value.problem.startswith("the last line is cut")
    assert Comment.objects.filter(state=CommentState.VISIBLE).count() == 3


@pytest.mark.parametrize("format", ["disqus", "wxr"])
def test_the_exports_others_read_bring_the_discussion_back(discussion, tmp_path, format):
    path = tmp_path / f"export.{format}.xml"
    path.write_text(export(format=format), encoding="utf-8")
    before = list(Comment.objects.order_by("created_at").values_list("body_html", "state", "depth"))
    Comment.objects.all().delete()

    summary = import_file(path=path)
    assert summary.format == format
    assert summary.counts["comments"]["created"] == 5
    after = list(Comment.objects.order_by("created_at").values_list("body_html", "state", "depth"))
    # Disqus and WordPress have one state for a comment taken down.
    assert after == before
    if format == "wxr":
        assert summary.counts["articles"] == {"skipped": 1}
        assert list(Comment.objects.values_list("upvotes", flat=True).order_by("created_at"))[
            :2
        ] == [1, 0]


def test_export_to_a_file_since_a_date(discussion, tmp_path, capsys):
    path = tmp_path / "recent.jsonl"
    call_command("export_discussions", output=str(path), since="2025-03-01T09:02:00+00:00")
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    # The first two were written before, but a moderator decided on them since.
    assert [line["body"] for line in lines if line.get("type") == "comment"] == [
        "The *road* is [busy](https://example.org).",
        "It is.",
        "Buy boats.",
        "Second thoughts.",
        "Why?",
    ]
    assert "5 comments written to" in capsys.readouterr().err


def test_a_since_that_is_not_a_date_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is not a date"):
        call_command("export_discussions", since="last tuesday")
