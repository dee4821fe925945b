"""What live readers are sent when the discussion changes, through the real actions and
their after-commit announcements, without HTTP: what readers can see, and nothing else."""

import json

import pytest

from rejoinder.discussion import actions
from rejoinder.discussion.models import CommentState
from rejoinder.discussion.screening import Admission
from rejoinder.live.events import EVENT_FIELDS, CommentFacts, changed_event, posted_event
from rejoinder.live.models import LiveEvent
from tests.conftest import guest_reader

pytestmark = pytest.mark.django_db


def hold_for_review(**submission) -> Admission:
    return Admission(state=CommentState.PENDING, record=lambda comment: None)


def hide_quietly(**submission) -> Admission:
    return Admission(state=CommentState.PENDING, record=lambda comment: None, quiet=True)


def take_for_spam(**submission) -> Admission:
    return Admission(state=CommentState.SPAM, record=lambda comment: None, quiet=True)


def sent(thread) -> list[dict]:
    return [
        json.loads(e.data) for e in LiveEvent.objects.filter(thread_id=thread.pk).order_by("id")
    ]


@pytest.fixture
def announced(django_capture_on_commit_callbacks):
    """Run an action and what it announces after commit."""

    def run(action, **arguments):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**arguments)

    return run


def test_a_visible_comment_and_a_reply_are_announced_by_id_and_where_they_go(
    unscreened, say, thread
):
    first = say("The harbour road should close on Sundays.")
    answer = say("Only in summer.", reply_to=first)
    assert sent(thread) == [
        {"kind": "comment", "id": first.pk, "parent": None, "holder": None},
        {"kind": "comment", "id": answer.pk, "parent": first.pk, "holder": first.pk},
    ]


@pytest.mark.parametrize("policy", [hold_for_review, hide_quietly, take_for_spam])
def test_held_hidden_and_spam_comments_are_never_announced(settings, say, thread, policy):
    settings.COMMENT_SCREENING = f"{__name__}.{policy.__name__}"
    say("Buy cheap harbour tickets here.")
    assert sent(thread) == []


def test_an_approved_comment_is_announced_when_approved(settings, say, thread, announced):
    settings.COMMENT_SCREENING = f"{__name__}.hold_for_review"
    held = say("Worth a second look.")
    assert sent(thread) == []
    announced(actions.approve_comment, comment=held)
    assert sent(thread) == [{"kind": "comment", "id": held.pk, "parent": None, "holder": None}]


def test_spam_and_quiet_holds_leaving_are_not_announced(settings, say, thread, announced):
    """Taking a quietly hidden comment for spam, or removing it, tells nobody: its author
    sees it as published, and a live removal would give that away."""
    settings.COMMENT_SCREENING = f"{__name__}.hide_quietly"
    quiet = say("Shadow-banned words.")
    announced(actions.mark_spam, comment=quiet)
    assert sent(thread) == []


def test_deleted_and_removed_comments_become_placeholders_only_with_replies(
    unscreened, say, thread, guest, announced
):
    lonely = say("A passing remark.")
    parent = say("A remark with an answer.")
    say(
        "An answer.",
        by=actions.CommentAuthor(reader=guest_reader("x"), name="Tomas", email="t@example.org"),
        reply_to=parent,
    )
    LiveEvent.objects.all().delete()
    announced(actions.delete_comment, comment=lonely, deleter=guest.reader)
    announced(actions.remove_comment, comment=parent)
    assert sent(thread) == [
        {"kind": "gone", "id": lonely.pk, "placeholder": False, "removed": False},
        {"kind": "gone", "id": parent.pk, "placeholder": True, "removed": True},
    ]


def test_a_visible_comment_taken_for_spam_stays_until_reload(unscreened, say, thread, announced):
    comment = say("Looks fine at first.")
    LiveEvent.objects.all().delete()
    announced(actions.mark_spam, comment=comment)
    assert sent(thread) == []


def test_votes_send_the_new_totals_and_closing_sends_closed(
    unscreened, say, thread, tomas, announced
):
    comment = say("Vote on this.")
    LiveEvent.objects.all().delete()
    announced(actions.vote, comment=comment, voter=tomas.reader, value=1)
    announced(actions.vote, comment=comment, voter=tomas.reader, value=1)  # no change: quiet
    announced(actions.set_thread_closed, thread=thread, closed=True)
    assert sent(thread) == [
        {"kind": "votes", "id": comment.pk, "up": 1, "down": 0, "score": 1},
        {"kind": "closed", "closed": True},
    ]


def test_a_vote_whose_event_cannot_be_stored_is_not_counted(
    unscreened, say, thread, tomas, monkeypatch
):
    """The event is written with the vote: totals readers were never sent do not exist."""
    from django.db import DatabaseError

    from rejoinder.discussion.models import Vote
    from rejoinder.live import bus

    comment = say("Vote on this.")

    def disk_full(thread_id: int, text: str) -> int:
        raise DatabaseError("disk full")

    monkeypatch.setattr(bus, "_store", disk_full)
    with pytest.raises(DatabaseError):
        actions.vote(comment=comment, voter=tomas.reader, value=1)
    comment.refresh_from_db()
    assert (comment.upvotes, comment.score) == (0, 0)
    assert not Vote.objects.filter(comment=comment).exists()


def test_a_rolled_back_write_announces_nothing(
    unscreened, thread, guest, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        actions.post_comment(thread=thread, author=guest, body="Never mind.")
        raise RuntimeError("changed my mind")
    assert sent(thread) == []


def test_no_event_carries_a_name_an_address_a_text_or_a_reader_key(
    unscreened, say, thread, guest, tomas, announced
):
    comment = say("My address is in my profile, not here.")
    answer = say("Replying with care.", by=tomas, reply_to=comment)
    announced(actions.vote, comment=comment, voter=tomas.reader, value=-1)
    announced(actions.delete_comment, comment=answer, deleter=tomas.reader)
    announced(actions.set_thread_closed, thread=thread, closed=True)
    everything = " ".join(e.data for e in LiveEvent.objects.all())
    for private in (
        guest.name, guest.email, tomas.email, guest.reader.key, tomas.reader.key,
        "address", "Replying", comment.avatar_seed,
    ):  # fmt: skip
        assert private not in everything
    for event in sent(thread):
        assert set(event) == EVENT_FIELDS[event["kind"]]


@pytest.mark.parametrize(
    ("state", "quiet", "listed", "posted", "changed"),
    [
        (CommentState.VISIBLE, False, True, "comment", None),
        (CommentState.PENDING, False, False, None, "gone"),
        (CommentState.PENDING, True, False, None, None),
        (CommentState.SPAM, True, False, None, None),
        (CommentState.SPAM, False, False, None, None),
        (CommentState.REMOVED, False, True, None, "gone"),
        (CommentState.DELETED, False, False, None, "gone"),
    ],
)
def test_the_rules_by_state(state, quiet, listed, posted, changed):
    facts = CommentFacts(id=7, state=state, hidden_quietly=quiet, is_listed=listed)
    assert (posted_event(facts) or {}).get("kind") == posted
    assert (changed_event(facts) or {}).get("kind") == changed
