"""Leaving and coming back: Rejoinder's own export, imported into a site with the same
articles and no discussions, exports again to the same bytes."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from rejoinder.discussion.actions import mark_spam, post_comment, remove_comment, vote
from rejoinder.discussion.models import Comment, CommentState, Thread
from rejoinder.interop.models import ImportedRecord
from rejoinder.interop.service import import_file
from tests.conftest import a_guest, guest_reader


def export(**options) -> str:
    out = StringIO()
    call_command("export_discussions", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def discussion(thread, unscreened, clock, member):
    """A discussion with a reply, votes, a spam comment and a removed one with a reply."""
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
    return thread


def test_export_import_export_gives_the_same_bytes(discussion, tmp_path):
    first = export()
    path = tmp_path / "export.jsonl"
    path.write_text(first, encoding="utf-8")
    shown_before = list(
        Comment.objects.order_by("created_at").values_list(
            "body_html", "state", "is_listed", "depth", "upvotes", "downvotes", "author_name"
        )
    )
    Comment.objects.all().delete()
    Thread.objects.update(comment_count=0)

    summary = import_file(path=path)
    assert summary.counts["comments"]["created"] == 5
    assert summary.skips == [] and summary.repairs == []
    assert export() == first
    assert (
        list(
            Comment.objects.order_by("created_at").values_list(
                "body_html", "state", "is_listed", "depth", "upvotes", "downvotes", "author_name"
            )
        )
        == shown_before
    )
    discussion.refresh_from_db()
    assert discussion.comment_count == 3


def test_the_export_is_documented_json_lines(discussion):
    assert discussion.url.startswith("/opinion/")
    lines = [json.loads(line) for line in export().splitlines()]
    assert lines[0] == {"format": "rejoinder", "version": 1}
    thread, *comments = lines[1:]
    assert thread == {
        "type": "thread",
        "id": discussion.url,
        "url": discussion.url,
        "title": "Close the harbour road",
        "closed": False,
    }
    first = comments[0]
    assert first["type"] == "comment"
    assert first["parent"] is None and first["state"] == "visible"
    assert first["created_at"] == "2025-03-01T09:00:00Z"
    assert first["author"] == {"name": "Mara", "email": "mara@example.org", "website": ""}
    assert first["body"] == "The *road* is [busy](https://example.org)."
    assert first["votes"] == {"up": 1, "down": 0}
    assert comments[1]["parent"] == first["id"]
    assert [c["state"] for c in comments] == ["visible", "visible", "spam", "removed", "visible"]


def test_importing_our_own_export_again_changes_nothing(discussion, tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(export(), encoding="utf-8")
    Comment.objects.all().delete()
    import_file(path=path)
    again = import_file(path=path)
    assert again.counts["comments"]["unchanged"] == 5
    assert ImportedRecord.objects.count() == 5


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
    assert [line["body"] for line in lines if line.get("type") == "comment"] == [
        "Buy boats.",
        "Second thoughts.",
        "Why?",
    ]
    assert "3 comments written to" in capsys.readouterr().err


def test_a_since_that_is_not_a_date_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is not a date"):
        call_command("export_discussions", since="last tuesday")
