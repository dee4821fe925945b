"""Many requests at once: several tabs, double clicks and crowds must leave the same counts a
recount would give. Each request runs in a thread with a database connection of its own."""

import threading

import pytest
from django.db import connections
from django.db.models import Sum

from rejoinder.discussion.actions import (
    delete_comment,
    edit_comment,
    post_comment,
    remove_comment,
    vote,
)
from rejoinder.discussion.errors import CommentUnavailable
from rejoinder.discussion.models import Comment, CommentState, Vote
from tests.conftest import a_guest, admit_everything, guest_reader

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("unscreened"),
]


def all_at_once(*requests) -> list:
    """Run each request in its own thread, released together; return what each returned.
    Any exception is re-raised here, so a failed request fails the test."""
    start = threading.Barrier(len(requests))
    results: list = [None] * len(requests)
    errors: list[BaseException] = []

    def run(index, request):
        try:
            start.wait()
            results[index] = request()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


def counts(comment) -> tuple[int, int, int]:
    comment.refresh_from_db()
    return comment.upvotes, comment.downvotes, comment.score


def recount(comment) -> tuple[int, int, int]:
    votes = Vote.objects.filter(comment=comment)
    return (
        votes.filter(value=1).count(),
        votes.filter(value=-1).count(),
        votes.aggregate(score=Sum("value"))["score"] or 0,
    )


def test_one_reader_pressing_vote_buttons_in_many_tabs_keeps_one_vote(say, another_guest):
    comment = say("Close the harbour road.")
    reader = another_guest.reader

    def tab(presses):
        def press_them():
            own_copy = Comment.objects.select_related("thread").get(pk=comment.pk)
            for value in presses:
                vote(comment=own_copy, voter=reader, value=value, toggle=True)

        return press_them

    all_at_once(*(tab([1, -1, 1, 1, -1, 0] if n % 2 else [1, 1, -1, -1, 1]) for n in range(8)))

    assert counts(comment) == recount(comment)
    assert Vote.objects.filter(comment=comment, voter_key=reader.key).count() <= 1


def test_a_crowd_voting_at_once_is_counted_exactly(say):
    comment = say("Close the harbour road.")
    crowd = [(guest_reader(f"crowd-{n}"), 1 if n % 3 else -1) for n in range(12)]

    all_at_once(*(lambda r=r, v=v: vote(comment=comment, voter=r, value=v) for r, v in crowd))

    assert counts(comment) == recount(comment) == (8, 4, 4)


def test_a_double_submitted_form_posts_once(thread, guest):
    def submit():
        return post_comment(
            thread=thread, author=guest, body="Close it.", submission_token="one-form"
        ).pk

    ids = all_at_once(*[submit] * 4)

    assert len(set(ids)) == 1
    assert Comment.objects.count() == 1
    thread.refresh_from_db()
    assert thread.comment_count == 1


def test_replies_deleted_at_once_leave_no_empty_placeholder(thread, say, guest, clock):
    opening = say("Close it.", by=guest, at=0)
    repliers = [a_guest(f"Replier{n}") for n in range(6)]
    replies = [say(f"Reply {n}", by=r, at=1, reply_to=opening) for n, r in enumerate(repliers)]
    delete_comment(comment=opening, deleter=guest.reader, now=clock(2))

    all_at_once(
        *(
            lambda c=c, r=r: delete_comment(comment=c, deleter=r.reader, now=clock(3))
            for c, r in zip(replies, repliers, strict=True)
        )
    )

    opening.refresh_from_db()
    assert opening.state == CommentState.DELETED
    assert not Comment.objects.filter(thread=thread, is_listed=True).exists()
    thread.refresh_from_db()
    assert thread.comment_count == 0


# While an author's edit is being screened, a moderator's removal commits: the edit must not
# bring the comment back. The screening seam is where the edit waits, as a slow policy would.
INTERLEAVED: list = []


def remove_while_screening(**submission):
    if submission["comment"] is not None:
        all_at_once(*INTERLEAVED)
    return admit_everything(**submission)


def test_an_edit_screened_while_a_moderator_removes_the_comment_leaves_it_removed(
    settings, thread, say, guest, clock
):
    comment = say("Close the harbour road.", by=guest, at=0)
    INTERLEAVED[:] = [lambda: remove_comment(comment=Comment.objects.get(pk=comment.pk))]
    settings.COMMENT_SCREENING = f"{__name__}.remove_while_screening"

    with pytest.raises(CommentUnavailable):
        edit_comment(comment=comment, editor=guest.reader, body="Reopen it.", now=clock(1))

    comment.refresh_from_db()
    assert (comment.state, comment.is_listed, comment.body) == (
        CommentState.REMOVED,
        False,
        "Close the harbour road.",
    )
    thread.refresh_from_db()
    assert thread.comment_count == 0
