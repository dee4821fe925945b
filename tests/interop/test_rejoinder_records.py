"""Subscriptions and moderation records in Rejoinder's own format, as a hostile or careless
file may hold them: each refusal names its line and why, nothing half-written, no mail."""

import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from rejoinder.discussion.models import Comment
from rejoinder.discussion.queries import thread_for_article
from rejoinder.interop.errors import ImportFileError
from rejoinder.interop.service import import_file
from rejoinder.moderation.models import LogEntry, Screening
from rejoinder.notifications import services as notifications
from rejoinder.notifications.models import Scope, Subscription, SubscriptionState

THREAD = "/opinion/harbour-road/"
COMMENT = {
    "type": "comment",
    "id": "elsewhere:1",
    "thread": THREAD,
    "parent": None,
    "state": "visible",
    "created_at": "2024-05-01T10:00:00Z",
    "edited_at": None,
    "author": {"name": "Mara", "email": "mara@example.org", "website": ""},
    "body": "The road is busy.",
    "votes": {"up": 0, "down": 0},
}
SUBSCRIPTION = {
    "type": "subscription",
    "thread": THREAD,
    "email": "Mara@Example.org",
    "scope": "all",
    "frequency": "daily",
    "state": "active",
    "created_at": "2024-05-01T10:00:00Z",
    "confirmed_at": "2024-05-01T10:05:00Z",
    "unsubscribed_at": None,
}
DECISION = {
    "type": "decision",
    "thread": THREAD,
    "comment": "elsewhere:1",
    "action": "approve",
    "moderator": "nobody-here",
    "before": {"state": "pending", "label": ""},
    "after": {"state": "visible", "label": "ham"},
    "created_at": "2024-05-01T11:00:00Z",
    "undone_at": None,
}
SCREENING = {
    "type": "screening",
    "comment": "elsewhere:1",
    "decision": "hold",
    "reasons": [{"check": "words", "verdict": "hold", "reason": "A blocked word."}],
    "spam_score": None,
    "offensive_score": 0.2,
    "spam_features": [],
    "label": "",
    "labelled_at": None,
    "created_at": "2024-05-01T10:00:00Z",
}


@pytest.fixture
def export_file(tmp_path):
    """A Rejoinder export of the harbour road discussion, with the records given after its
    comment (line 4 onwards)."""

    def write(*records: dict | str) -> object:
        lines = [
            {"format": "rejoinder", "version": 1},
            {"type": "thread", "id": THREAD, "url": THREAD, "title": "Road", "closed": False},
            COMMENT,
            *records,
        ]
        path = tmp_path / "export.jsonl"
        path.write_text(
            "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in lines),
            encoding="utf-8",
        )
        return path

    return write


def test_a_subscription_is_stored_as_a_live_one_active_with_its_consent_and_no_mail(
    harbour_road, export_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        summary = import_file(path=export_file(SUBSCRIPTION))
    assert summary.counts["subscriptions"] == {"created": 1}
    subscription = Subscription.objects.select_related("subscriber").get()
    assert subscription.subscriber.email == "mara@example.org"  # normalised
    assert subscription.state == SubscriptionState.ACTIVE
    assert subscription.confirmed_at.isoformat() == "2024-05-01T10:05:00+00:00"
    assert subscription.frequency == "daily" and subscription.reader_key == ""
    assert mail.outbox == []


def test_an_import_never_signs_up_again_a_reader_who_left_here(harbour_road, export_file):
    import_file(path=export_file(SUBSCRIPTION))
    subscription = Subscription.objects.get()
    notifications.unsubscribe(subscription=subscription)
    assert import_file(path=export_file(SUBSCRIPTION)).counts["subscriptions"] == {"unchanged": 1}
    subscription.refresh_from_db()
    assert subscription.state == SubscriptionState.UNSUBSCRIBED


def test_an_unsubscribe_in_a_newer_export_is_applied(harbour_road, export_file):
    import_file(path=export_file(SUBSCRIPTION))
    left = SUBSCRIPTION | {"state": "unsubscribed", "unsubscribed_at": "2024-06-01T00:00:00Z"}
    assert import_file(path=export_file(left)).counts["subscriptions"] == {"updated": 1}
    assert Subscription.objects.get().state == SubscriptionState.UNSUBSCRIBED


def test_a_subscription_here_is_not_widened(harbour_road, export_file):
    thread = thread_for_article(harbour_road)
    notifications.subscribe(thread=thread, scope=Scope.REPLIES, email="mara@example.org")
    import_file(path=export_file(SUBSCRIPTION))
    subscription = Subscription.objects.get()
    assert (subscription.scope, subscription.state) == ("replies", "pending")


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"email": "not an address"}, "its e-mail address 'not an address' is not an address"),
        ({"email": "mara\x00@example.org"}, "it holds a NUL character"),
        ({"email": ""}, "is not an address"),
        ({"scope": "everything"}, "its scope 'everything' is not one of replies, all"),
        ({"frequency": "hourly"}, "its frequency 'hourly' is not one of instant, daily"),
        ({"state": "maybe"}, "its state 'maybe' is not one of pending, active, unsubscribed"),
        ({"confirmed_at": None}, "it is active but has no consent date (confirmed_at)"),
        ({"thread": "/nowhere/"}, "its thread '/nowhere/' is not in the file"),
    ],
)
def test_a_subscription_that_cannot_be_taken_is_skipped_with_its_line(
    harbour_road, export_file, change, reason
):
    summary = import_file(path=export_file(SUBSCRIPTION | change))
    assert summary.counts["subscriptions"] == {"skipped": 1}
    [skip] = summary.skips
    assert skip["position"] == "line 4" and reason in skip["reason"]
    assert not Subscription.objects.exists()
    assert Comment.objects.count() == 1  # the rest of the file is imported


@pytest.mark.parametrize(
    "record, problem",
    [
        (SUBSCRIPTION | {"created_at": "yesterday"}, "created_at 'yesterday' is not a date"),
        (SUBSCRIPTION | {"created_at": None}, "created_at is missing"),
        (SUBSCRIPTION | {"email": 12}, "expected text, found int"),
        ({k: v for k, v in SUBSCRIPTION.items() if k != "email"}, "'email'"),
        (DECISION | {"before": ["state"]}, "before and after must be objects"),
        (DECISION | {"undone_at": "soon"}, "undone_at 'soon' is not a date"),
        (SCREENING | {"reasons": "spammy"}, "reasons must be a list of objects of text"),
        (SCREENING | {"spam_score": "high"}, "a score must be a number"),
        (SCREENING | {"spam_features": [1, 2]}, "spam_features must be a list of words"),
    ],
)
def test_a_garbled_record_stops_the_file_naming_its_line(
    harbour_road, export_file, record, problem
):
    with pytest.raises(ImportFileError) as refused:
        import_file(path=export_file(SUBSCRIPTION | {"email": "ines@example.org"}, record))
    assert refused.value.where == "line 5"
    assert problem in refused.value.problem
    # All or nothing: the comment and the good subscription before it are not kept.
    assert not Comment.objects.exists() and not Subscription.objects.exists()


def test_decisions_and_screenings_come_back_with_their_comment(harbour_road, export_file):
    summary = import_file(path=export_file(SCREENING, DECISION))
    assert summary.counts["screenings"] == {"created": 1}
    assert summary.counts["decisions"] == {"created": 1}
    entry = LogEntry.objects.get()
    # The moderator has no account here: the decision stays, by nobody named.
    assert entry.moderator is None and entry.comment.body == "The road is busy."
    assert Screening.objects.get().decision == "hold"


@pytest.mark.parametrize(
    "record, kind, reason",
    [
        (
            DECISION | {"comment": "elsewhere:404"},
            "decisions",
            "its comment 'elsewhere:404' is not in the file or was not imported",
        ),
        (
            SCREENING | {"comment": "elsewhere:404"},
            "screenings",
            "its comment 'elsewhere:404' is not in the file or was not imported",
        ),
        (
            DECISION | {"action": "ban", "before": {}, "after": {"ban": 3}},
            "decisions",
            "bans are not carried over (they name people, not comments)",
        ),
        (DECISION | {"action": "smite"}, "decisions", "unknown moderation action 'smite'"),
        (
            DECISION | {"after": {"state": "vanished", "label": ""}},
            "decisions",
            "its before and after are not what the 'approve' action records",
        ),
        (
            DECISION | {"action": "close", "before": {"closed": 0}, "after": {"closed": 1}},
            "decisions",
            "the 'close' action is about a thread, not a comment",
        ),
        (
            DECISION | {"action": "undo", "before": {"body": "a"}, "after": {"closed": True}},
            "decisions",
            "an undo whose before and after are not of one logged action",
        ),
        (SCREENING | {"decision": "smite"}, "screenings", "unknown screening decision 'smite'"),
        (SCREENING | {"label": "meh"}, "screenings", "unknown label 'meh'"),
    ],
)
def test_a_moderation_record_this_site_cannot_take_is_skipped_with_its_line(
    harbour_road, export_file, record, kind, reason
):
    summary = import_file(path=export_file(record))
    assert summary.counts[kind] == {"skipped": 1}
    assert summary.skips == [{"kind": kind, "reason": reason, "position": "line 4"}]
    assert not LogEntry.objects.exists() and not Screening.objects.exists()


def test_a_dry_run_keeps_no_subscription_or_decision(harbour_road, export_file):
    summary = import_file(path=export_file(SUBSCRIPTION, DECISION), dry_run=True)
    assert summary.counts["subscriptions"] == {"created": 1}
    assert not Subscription.objects.exists() and not LogEntry.objects.exists()


def test_the_command_names_a_bad_line_without_a_traceback(harbour_road, export_file, capsys):
    path = export_file(SUBSCRIPTION | {"created_at": 5})
    with pytest.raises(CommandError, match="1 of 1 files were not imported"):
        call_command("import_discussions", str(path), no_progress=True)
    error = capsys.readouterr().err
    assert "line 4: a record lacks or garbles a field: expected text, found int" in error
    assert "Traceback" not in error


@pytest.mark.parametrize(
    "record, kind",
    [
        (COMMENT | {"id": "elsewhere:2", "body": "Nul\x00here"}, "comments"),
        (COMMENT | {"id": "elsewhere:2", "author": {"name": "M\x00ra"}}, "comments"),
        (DECISION | {"before": {"body": "a\x00"}, "after": {"body": "b"}}, "decisions"),
        (SCREENING | {"spam_features": ["\x00"]}, "screenings"),
    ],
)
def test_a_record_holding_a_nul_is_skipped_as_a_live_comment_would_be_refused(
    harbour_road, export_file, record, kind
):
    summary = import_file(path=export_file(record))
    assert {
        "kind": kind,
        "reason": "it holds a NUL character (an invisible control code)",
        "position": "line 4",
    } in summary.skips
    assert Comment.objects.count() == 1


def test_a_thread_holding_a_nul_is_skipped_with_its_comments(harbour_road, tmp_path):
    path = tmp_path / "export.jsonl"
    thread = {"type": "thread", "id": THREAD, "url": THREAD, "title": "Ro\x00ad"}
    path.write_text(
        "\n".join(
            json.dumps(line) for line in [{"format": "rejoinder", "version": 1}, thread, COMMENT]
        )
        + "\n",
        encoding="utf-8",
    )
    summary = import_file(path=path)
    assert summary.counts["threads"] == {"skipped": 1}
    assert summary.skips[1] == {
        "kind": "comments",
        "reason": "it holds a NUL character (an invisible control code)",
        "position": "line 3",
    }
    assert not Comment.objects.exists()
