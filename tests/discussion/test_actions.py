"""What readers and moderators can do to a discussion, and what it refuses: the actions
called directly, without HTTP."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from rejoinder.discussion.actions import (
    CommentAuthor,
    approve_comment,
    delete_comment,
    edit_comment,
    post_comment,
    remove_comment,
    set_thread_closed,
    vote,
)
from rejoinder.discussion.errors import (
    CommentUnavailable,
    EditWindowClosed,
    InvalidComment,
    InvalidVote,
    NotYourComment,
    OwnCommentVote,
    ThreadClosed,
)
from rejoinder.discussion.identity import Reader, reader_key
from rejoinder.discussion.models import Comment, CommentState, Thread, Vote
from rejoinder.discussion.queries import thread_for_article
from rejoinder.discussion.screening import Admission
from tests.builders import make_article
from tests.conftest import guest_reader

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("unscreened"),
]


def fresh(instance):
    instance.refresh_from_db()
    return instance


def revisions(thread) -> tuple[int, int]:
    """The thread's (pages, vote totals) revisions as stored now."""
    fresh(thread)
    return thread.revision, thread.votes_revision


def visible_recount(thread) -> int:
    return Comment.objects.filter(thread=thread, state=CommentState.VISIBLE).count()


def listed(*comments) -> list[bool]:
    return [fresh(comment).is_listed for comment in comments]


# Posting ----------------------------------------------------------------------------------


NUL_REFUSAL = "Remove the NUL character (an invisible control code) and try again."


@pytest.mark.parametrize(
    ("body", "stored", "refusal"),
    [
        ("", None, "Write something before posting."),
        ("   \n\t  ", None, "Write something before posting."),
        ("x" * 5001, None, "Comments are limited to 5000 characters; this one has 5001."),
        ("x" * 5000, "x" * 5000, None),
        ("  The road *is* busy.\n\n", "The road *is* busy.", None),
        # Only the words count towards the limit, not the blank lines around them.
        ("\n" + "x" * 5000 + "\n   ", "x" * 5000, None),
        # PostgreSQL cannot store a NUL: refused for every caller, never a 500.
        ("Close\x00 the road", None, NUL_REFUSAL),
    ],
    ids=[
        "empty",
        "only-spaces",
        "one-too-long",
        "at-the-limit",
        "trimmed",
        "trim-then-measure",
        "nul",
    ],
)
def test_a_comment_needs_words_and_fits_the_limit(thread, guest, say, body, stored, refusal):
    if refusal:
        with pytest.raises(InvalidComment) as refused:
            say(body)
        assert str(refused.value.message) == refusal
        assert not Comment.objects.exists()
        assert fresh(thread).comment_count == 0
    else:
        comment = say(body)
        assert fresh(comment).body == stored
        assert fresh(thread).comment_count == 1


def test_a_comment_is_stored_rendered(say):
    comment = fresh(say("The road *is* busy."))

    assert comment.body_html == "<p>The road <em>is</em> busy.</p>"


@pytest.mark.parametrize(
    ("name", "email", "refusal"),
    [
        ("", "mara@example.org", "Give a name to show with your comment."),
        ("   ", "mara@example.org", "Give a name to show with your comment."),
        ("M" * 81, "mara@example.org", "Names are limited to 80 characters."),
        ("Mara", "", "Give an e-mail address (it is never shown)."),
        ("Mara", "   ", "Give an e-mail address (it is never shown)."),
        ("Ma\x00ra", "mara@example.org", NUL_REFUSAL),
        ("Mara", "mara@exa\x00mple.org", NUL_REFUSAL),
    ],
)
def test_a_guest_must_give_a_name_and_an_email(thread, say, name, email, refusal):
    anonymous = CommentAuthor(reader=guest_reader("nameless"), name=name, email=email)

    with pytest.raises(InvalidComment) as refused:
        say(by=anonymous)

    assert str(refused.value.message) == refusal
    assert not Comment.objects.exists()


def test_a_guests_name_email_and_website_are_kept_trimmed(say):
    guest = CommentAuthor(
        reader=guest_reader("mara"),
        name="  Mara  ",
        email=" mara@example.org ",
        website=" https://mara.example.org ",
    )

    comment = fresh(say(by=guest))

    assert (comment.author_name, comment.author_email, comment.author_website) == (
        "Mara",
        "mara@example.org",
        "https://mara.example.org",
    )
    assert comment.user is None
    assert comment.reader_key == guest.reader.key


def test_a_signed_in_reader_writes_under_their_account_name_whatever_the_form_says(say, member):
    pretending = CommentAuthor(
        reader=member.reader, name="The Editor", email="editor@example.org", website="https://x.y"
    )

    comment = fresh(say(by=pretending))

    assert comment.author_name == "Inès Duarte"
    assert comment.user == member.reader.user
    assert (comment.author_email, comment.author_website) == ("", "")


def test_a_signed_in_reader_without_a_full_name_writes_under_their_username(say, member, settings):
    # The discussion's own default; the accounts app's profiles show no username (its
    # usernames are made from addresses: tests/accounts/test_commenting.py).
    settings.MEMBER_IDENTITY = ""
    user = member.reader.user
    user.first_name = user.last_name = ""
    user.save()

    assert fresh(say(by=member)).author_name == "ines"


def test_replies_know_their_conversation_and_depth(say, guest, another_guest, member):
    opening = say("Close it.", at=0)
    answer = say("Why?", by=another_guest, at=1, reply_to=opening)
    rejoinder = say("Traffic.", by=member, at=2, reply_to=answer)
    aside = say("Agreed.", by=another_guest, at=3, reply_to=opening)

    shape = [
        (c.parent_id, c.root_id, c.depth) for c in map(fresh, [opening, answer, rejoinder, aside])
    ]
    assert shape == [
        (None, None, 0),
        (opening.pk, opening.pk, 1),
        (answer.pk, opening.pk, 2),
        (opening.pk, opening.pk, 1),
    ]


def _delete(comment, author, clock):
    delete_comment(comment=comment, deleter=author.reader, now=clock(1))


def _remove(comment, author, clock):
    remove_comment(comment=comment)


def _hold_for_moderation(comment, author, clock):
    Comment.objects.filter(pk=comment.pk).update(state=CommentState.PENDING, is_listed=False)


@pytest.mark.parametrize(
    "take_away",
    [_delete, _remove, _hold_for_moderation],
    ids=["deleted", "removed", "pending"],
)
@pytest.mark.parametrize("loaded", ["after", "before"], ids=["loaded-after", "loaded-before"])
def test_no_reply_to_a_comment_that_is_not_visible(
    thread, say, guest, another_guest, clock, take_away, loaded
):
    """Also when the reply form was opened while the comment was still there: the parent
    given to the action is then an out-of-date copy."""
    comment = say("Close it.", at=0)
    copy_in_the_form = Comment.objects.get(pk=comment.pk)
    take_away(comment, guest, clock)
    parent = copy_in_the_form if loaded == "before" else Comment.objects.get(pk=comment.pk)
    before = fresh(thread).comment_count, thread.revision

    with pytest.raises(CommentUnavailable):
        say("Why?", by=another_guest, at=2, reply_to=parent)

    assert Comment.objects.filter(parent=comment).count() == 0
    assert (fresh(thread).comment_count, thread.revision) == before


def test_no_reply_across_threads(say, another_guest):
    elsewhere = say("Close it.")
    other_thread = Thread.objects.create(key="url:/other", title="Other", url="/other")

    with pytest.raises(CommentUnavailable):
        say("Why?", by=another_guest, reply_to=elsewhere, on=other_thread)

    assert Comment.objects.count() == 1
    assert fresh(other_thread).comment_count == 0


def test_the_same_submission_twice_posts_once_and_returns_the_first(thread, say):
    first = say("Close it.", token="form-1")
    second = say("Close it.", token="form-1", at=0.1)
    other = say("And another thing.", token="form-2", at=0.2)

    assert second.pk == first.pk
    assert other.pk != first.pk
    assert Comment.objects.count() == 2
    thread.refresh_from_db()
    assert (thread.comment_count, thread.revision) == (2, 2)


# A closed thread -------------------------------------------------------------------------


def _post(thread, comment, guest, another_guest, clock):
    post_comment(thread=thread, author=another_guest, body="Late.", now=clock(1))


def _reply(thread, comment, guest, another_guest, clock):
    post_comment(thread=thread, author=another_guest, body="Late.", parent=comment, now=clock(1))


def _edit(thread, comment, guest, another_guest, clock):
    edit_comment(comment=comment, editor=guest.reader, body="Changed my mind.", now=clock(1))


def _vote(thread, comment, guest, another_guest, clock):
    vote(comment=comment, voter=another_guest.reader, value=1)


@pytest.mark.parametrize(
    "attempt", [_post, _reply, _edit, _vote], ids=["post", "reply", "edit", "vote"]
)
def test_a_closed_thread_refuses_posts_edits_and_votes(
    thread, say, guest, another_guest, clock, attempt
):
    comment = say("Close it.", by=guest, at=0)
    set_thread_closed(thread=thread, closed=True)
    revision = fresh(thread).revision
    comment = Comment.objects.select_related("thread").get(pk=comment.pk)

    with pytest.raises(ThreadClosed):
        attempt(thread, comment, guest, another_guest, clock)

    comment.refresh_from_db()
    assert (comment.body, comment.score, comment.edited_at) == ("Close it.", 0, None)
    assert Comment.objects.count() == 1 and not Vote.objects.exists()
    assert fresh(thread).revision == revision


def test_a_reopened_thread_takes_comments_again(thread, say):
    set_thread_closed(thread=thread, closed=True)
    set_thread_closed(thread=thread, closed=False)

    say("Back again.")

    assert fresh(thread).comment_count == 1


# Editing and the edit window --------------------------------------------------------------


def reader_of(who, *, guest, another_guest, member):
    return {
        "author": guest,
        "another_guest": another_guest,
        # Same name, other browser: a name is not an identity.
        "namesake": CommentAuthor(reader=guest_reader("mara-laptop"), name=guest.name),
        "member": member,
    }[who].reader


@pytest.mark.parametrize(
    ("editor", "minutes_later", "refusal"),
    [
        ("author", 0, None),
        ("author", 14, None),
        ("author", 15, None),
        ("author", 15 + 1 / 60, EditWindowClosed),
        ("author", 60 * 24, EditWindowClosed),
        ("another_guest", 1, NotYourComment),
        ("namesake", 1, NotYourComment),
        ("member", 1, NotYourComment),
    ],
    ids=[
        "at-once",
        "after-14-min",
        "at-15-min",
        "a-second-late",
        "next-day",
        "someone-else",
        "same-name-other-browser",
        "signed-in-stranger",
    ],
)
def test_only_the_author_edits_a_comment_and_only_for_15_minutes(
    say, clock, guest, another_guest, member, editor, minutes_later, refusal
):
    comment = say("Close the road.", by=guest, at=0)
    who = reader_of(editor, guest=guest, another_guest=another_guest, member=member)

    def attempt():
        edit_comment(comment=comment, editor=who, body="Narrow the road.", now=clock(minutes_later))

    if refusal:
        with pytest.raises(refusal):
            attempt()
        assert (fresh(comment).body, comment.edited_at) == ("Close the road.", None)
    else:
        attempt()
        fresh(comment)
        assert (comment.body, comment.body_html) == ("Narrow the road.", "<p>Narrow the road.</p>")
        assert comment.edited_at == clock(minutes_later)


@pytest.mark.parametrize(
    ("deleter", "minutes_later", "refusal"),
    [
        ("author", 15, None),
        ("author", 16, EditWindowClosed),
        ("another_guest", 1, NotYourComment),
        ("namesake", 1, NotYourComment),
    ],
    ids=["in-time", "too-late", "someone-else", "same-name-other-browser"],
)
def test_only_the_author_deletes_a_comment_and_only_for_15_minutes(
    thread, say, clock, guest, another_guest, member, deleter, minutes_later, refusal
):
    comment = say("Close the road.", by=guest, at=0)
    who = reader_of(deleter, guest=guest, another_guest=another_guest, member=member)

    def attempt():
        delete_comment(comment=comment, deleter=who, now=clock(minutes_later))

    if refusal:
        with pytest.raises(refusal):
            attempt()
        assert fresh(comment).state == CommentState.VISIBLE
        assert fresh(thread).comment_count == 1
    else:
        attempt()
        assert fresh(comment).state == CommentState.DELETED
        assert fresh(thread).comment_count == 0


def test_a_signed_in_reader_edits_their_own_comment_from_any_browser(say, member, clock):
    comment = say("Close it.", by=member, at=0)
    same_account_elsewhere = Reader(key=reader_key(user_id=member.reader.user.pk))

    edit_comment(comment=comment, editor=same_account_elsewhere, body="Shut it.", now=clock(5))

    assert fresh(comment).body == "Shut it."


def test_an_edit_must_still_say_something(say, guest, clock):
    comment = say("Close it.", at=0)

    with pytest.raises(InvalidComment):
        edit_comment(comment=comment, editor=guest.reader, body="  ", now=clock(1))

    assert fresh(comment).body == "Close it."


@pytest.mark.parametrize("how", ["deleted", "removed"])
def test_a_comment_taken_away_cannot_be_edited(say, guest, clock, how):
    comment = say("Close it.", at=0)
    if how == "deleted":
        delete_comment(comment=comment, deleter=guest.reader, now=clock(1))
    else:
        remove_comment(comment=comment)

    with pytest.raises(CommentUnavailable):
        edit_comment(comment=fresh(comment), editor=guest.reader, body="Resurrected.", now=clock(2))


# Deleting, removing and placeholders ------------------------------------------------------


def _author_deletes(comment, author, clock):
    delete_comment(comment=comment, deleter=author.reader, now=clock(10))


def _moderator_removes(comment, author, clock):
    remove_comment(comment=comment)


RETIRE = pytest.mark.parametrize(
    ("retire", "state"),
    [(_author_deletes, CommentState.DELETED), (_moderator_removes, CommentState.REMOVED)],
    ids=["deleted-by-author", "removed-by-moderator"],
)


@RETIRE
@pytest.mark.parametrize(
    ("replies", "still_listed"), [(0, False), (1, True), (3, True)], ids=["alone", "1", "3"]
)
def test_a_comment_taken_away_stays_as_a_placeholder_only_while_it_has_replies(
    thread, say, guest, another_guest, clock, retire, state, replies, still_listed
):
    comment = say("Close it.", by=guest, at=0)
    for n in range(replies):
        say(f"Reply {n}", by=another_guest, at=1 + n, reply_to=comment)

    retire(comment, guest, clock)

    fresh(comment)
    assert (comment.state, comment.is_listed) == (state, still_listed)
    assert fresh(thread).comment_count == replies


@RETIRE
def test_taking_away_the_last_reply_under_placeholders_clears_them_up_the_chain(
    thread, say, guest, another_guest, member, clock, retire, state
):
    keeper = say("The harbour needs the road.", by=member, at=0)
    opening = say("Close it.", by=guest, at=1, reply_to=keeper)
    answer = say("Why?", by=another_guest, at=2, reply_to=opening)
    first, last = (say(f"Because {n}.", by=guest, at=3 + n, reply_to=answer) for n in range(2))
    _author_deletes(opening, guest, clock)
    _moderator_removes(answer, another_guest, clock)
    assert listed(keeper, opening, answer) == [True, True, True]

    retire(first, guest, clock)
    assert listed(keeper, opening, answer, first) == [True, True, True, False]

    retire(last, guest, clock)
    # The placeholders had nothing left to hold up; the visible comment above them stays.
    assert listed(keeper, opening, answer, last) == [True, False, False, False]
    assert fresh(keeper).state == CommentState.VISIBLE
    assert fresh(thread).comment_count == 1


def test_the_count_of_comments_always_equals_a_recount_of_visible_ones(
    thread, say, guest, another_guest, member, clock
):
    counts = []

    def step(action):
        result = action()
        thread.refresh_from_db()
        counts.append(thread.comment_count)
        assert thread.comment_count == visible_recount(thread)
        return result

    a = step(lambda: say("Close it.", by=guest, at=0))
    b = step(lambda: say("Keep it.", by=member, at=1))
    a1 = step(lambda: say("Why?", by=another_guest, at=2, reply_to=a))
    a2 = step(lambda: say("Traffic.", by=guest, at=3, reply_to=a1))
    step(lambda: edit_comment(comment=a2, editor=guest.reader, body="Lorries.", now=clock(4)))
    step(lambda: vote(comment=a2, voter=member.reader, value=1))
    step(lambda: delete_comment(comment=a, deleter=guest.reader, now=clock(5)))
    step(lambda: remove_comment(comment=a1))
    step(lambda: remove_comment(comment=a1))  # twice: counted once
    step(lambda: delete_comment(comment=a2, deleter=guest.reader, now=clock(6)))
    step(lambda: say("Late thought.", by=another_guest, at=7, reply_to=b))
    step(lambda: remove_comment(comment=b))
    step(lambda: say("Fresh start.", by=member, at=8))

    assert counts == [1, 2, 3, 4, 4, 4, 3, 2, 2, 1, 2, 1, 2]


def test_deleting_twice_with_an_old_copy_counts_once(thread, say, guest, another_guest, clock):
    say("Keep it.", by=another_guest, at=0)
    comment = say("Close it.", by=guest, at=0)

    delete_comment(comment=comment, deleter=guest.reader, now=clock(1))
    delete_comment(comment=comment, deleter=guest.reader, now=clock(2))

    assert fresh(thread).comment_count == visible_recount(thread) == 1


# Votes ----------------------------------------------------------------------------------


def recount_votes(comment) -> tuple[int, int, int]:
    votes = Vote.objects.filter(comment=comment)
    return (
        votes.filter(value=1).count(),
        votes.filter(value=-1).count(),
        votes.aggregate(score=Sum("value"))["score"] or 0,
    )


UP, DOWN, WITHDRAW = 1, -1, 0


@pytest.mark.parametrize(
    ("presses", "tally"),
    [
        ([(UP, False)], (1, 0, 1, UP)),
        ([(DOWN, False)], (0, 1, -1, DOWN)),
        ([(UP, False), (DOWN, False)], (0, 1, -1, DOWN)),
        ([(DOWN, False), (UP, False)], (1, 0, 1, UP)),
        ([(UP, False), (UP, False)], (1, 0, 1, UP)),
        ([(UP, False), (WITHDRAW, False)], (0, 0, 0, 0)),
        ([(WITHDRAW, False)], (0, 0, 0, 0)),
        ([(UP, True)], (1, 0, 1, UP)),
        ([(UP, True), (UP, True)], (0, 0, 0, 0)),
        ([(DOWN, True), (DOWN, True)], (0, 0, 0, 0)),
        ([(UP, True), (UP, True), (UP, True)], (1, 0, 1, UP)),
        ([(UP, True), (DOWN, True)], (0, 1, -1, DOWN)),
        ([(DOWN, True), (WITHDRAW, True)], (0, 0, 0, 0)),
    ],
    ids=[
        "up",
        "down",
        "up-then-down",
        "down-then-up",
        "up-twice-stays-up",
        "withdraw",
        "withdraw-nothing",
        "press-up",
        "press-up-twice",
        "press-down-twice",
        "press-up-three-times",
        "press-up-then-down",
        "press-down-then-withdraw",
    ],
)
def test_a_readers_vote(say, guest, another_guest, presses, tally):
    comment = say("Close it.", by=guest)

    for value, toggle in presses:
        result = vote(comment=comment, voter=another_guest.reader, value=value, toggle=toggle)

    assert (result.upvotes, result.downvotes, result.score, result.mine) == tally
    fresh(comment)
    assert (comment.upvotes, comment.downvotes, comment.score) == tally[:3]
    assert recount_votes(comment) == tally[:3]
    assert Vote.objects.filter(voter_key=another_guest.reader.key).count() == (tally[3] != 0)


def test_each_reader_has_one_vote(say, guest, another_guest, member):
    comment = say("Close it.", by=guest)
    voters = [another_guest.reader, member.reader] + [guest_reader(f"r{n}") for n in range(3)]

    for voter, value in zip(voters, [UP, UP, DOWN, UP, UP], strict=True):
        vote(comment=comment, voter=voter, value=value)
        vote(comment=comment, voter=voter, value=value)

    fresh(comment)
    assert (comment.upvotes, comment.downvotes, comment.score) == (4, 1, 3)
    assert recount_votes(comment) == (4, 1, 3)


@pytest.mark.parametrize("author", ["guest", "member"])
def test_no_vote_on_ones_own_comment(say, guest, member, author):
    me = {"guest": guest, "member": member}[author]
    comment = say("Close it.", by=me)

    with pytest.raises(OwnCommentVote):
        vote(comment=comment, voter=me.reader, value=UP)

    assert fresh(comment).score == 0
    assert not Vote.objects.exists()


def test_a_vote_is_up_down_or_withdrawn(say, guest, another_guest):
    comment = say("Close it.", by=guest)

    with pytest.raises(InvalidVote):
        vote(comment=comment, voter=another_guest.reader, value=2)

    assert not Vote.objects.exists()


@pytest.mark.parametrize("loaded", ["after", "before"], ids=["loaded-after", "loaded-before"])
def test_no_vote_on_a_comment_taken_away(say, guest, another_guest, loaded):
    comment = say("Close it.", by=guest)
    stale = Comment.objects.get(pk=comment.pk)
    remove_comment(comment=comment)
    target = stale if loaded == "before" else Comment.objects.get(pk=comment.pk)

    with pytest.raises(CommentUnavailable):
        vote(comment=target, voter=another_guest.reader, value=UP)

    assert not Vote.objects.exists()


def test_repeating_a_vote_on_a_comment_taken_away_is_refused_and_keeps_the_vote(
    say, guest, another_guest
):
    comment = say("Close it.", by=guest)
    stale = Comment.objects.get(pk=comment.pk)
    vote(comment=stale, voter=another_guest.reader, value=UP)
    remove_comment(comment=comment)

    with pytest.raises(CommentUnavailable):
        vote(comment=stale, voter=another_guest.reader, value=UP)  # changes nothing

    assert Vote.objects.filter(comment=comment).count() == 1


@pytest.mark.parametrize("value", [UP, DOWN])
def test_a_first_vote_is_stored_and_counted_by_one_statement_on_postgresql(
    say, guest, another_guest, value
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no writing WITH: its statements cost no round trip")
    comment = say("Close it.", by=guest)
    thread_before = Thread.objects.get(pk=comment.thread_id)

    with CaptureQueriesContext(connection) as queries:
        tally = vote(comment=comment, voter=another_guest.reader, value=value)

    assert len([query for query in queries if "discussion_" in query["sql"]]) == 1
    comment.refresh_from_db()
    assert (
        (tally.upvotes, tally.downvotes, tally.score)
        == (
            comment.upvotes,
            comment.downvotes,
            comment.score,
        )
        == (int(value == UP), int(value == DOWN), value)
    )
    thread = Thread.objects.get(pk=comment.thread_id)
    assert thread.votes_revision == thread_before.votes_revision + 1


# What readers see changes: the revision moves -----------------------------------------------


@pytest.fixture
def scene(thread, say, guest, another_guest, clock):
    """A thread with one comment by the guest and one vote on it, ready for the next write."""
    comment = say("Close it.", by=guest, at=0, token="first")
    vote(comment=comment, voter=another_guest.reader, value=UP)
    return SimpleNamespace(
        thread=thread, say=say, guest=guest, other=another_guest, clock=clock, comment=comment
    )


WRITES = {
    "post": lambda s: s.say("Keep it.", by=s.other, at=1),
    "reply": lambda s: s.say("Why?", by=s.other, at=1, reply_to=s.comment),
    "edit": lambda s: edit_comment(
        comment=s.comment, editor=s.guest.reader, body="Shut it.", now=s.clock(1)
    ),
    "delete": lambda s: delete_comment(comment=s.comment, deleter=s.guest.reader, now=s.clock(1)),
    "remove": lambda s: remove_comment(comment=s.comment),
    "vote-change": lambda s: vote(comment=s.comment, voter=s.other.reader, value=DOWN),
    "vote-withdraw": lambda s: vote(comment=s.comment, voter=s.other.reader, value=WITHDRAW),
    "vote-press-again": lambda s: vote(
        comment=s.comment, voter=s.other.reader, value=UP, toggle=True
    ),
    "vote-new": lambda s: vote(comment=s.comment, voter=guest_reader("third"), value=UP),
    "close": lambda s: set_thread_closed(thread=s.thread, closed=True),
}


def _edit_too_late(scene):
    with pytest.raises(EditWindowClosed):
        edit_comment(
            comment=scene.comment, editor=scene.guest.reader, body="Too late.", now=scene.clock(16)
        )


NO_CHANGE = {
    "same-submission-again": lambda s: s.say("Close it.", by=s.guest, at=1, token="first"),
    "same-vote-again": lambda s: vote(comment=s.comment, voter=s.other.reader, value=UP),
    "withdraw-no-vote": lambda s: vote(
        comment=s.comment, voter=guest_reader("third"), value=WITHDRAW
    ),
    "refused-edit": _edit_too_late,
}


@pytest.mark.parametrize("write", list(WRITES.values()), ids=list(WRITES))
def test_every_write_readers_can_see_moves_the_thread_revision(thread, scene, write):
    before = revisions(thread)

    write(scene)

    assert revisions(thread) > before


@pytest.mark.parametrize("name", [name for name in WRITES if name.startswith("vote")])
def test_a_vote_moves_only_the_votes_revision_so_pages_are_kept(thread, scene, name):
    pages, totals = revisions(thread)

    WRITES[name](scene)

    assert revisions(thread) == (pages, totals + 1)


@pytest.mark.parametrize("write", list(NO_CHANGE.values()), ids=list(NO_CHANGE))
def test_a_write_that_changes_nothing_keeps_the_revision(thread, scene, write):
    before = revisions(thread)

    write(scene)

    assert revisions(thread) == before


def hold_everything(**submission) -> Admission:
    """A screening policy that holds every comment for a moderator."""
    return Admission(state=CommentState.PENDING, record=lambda comment: None)


def test_a_held_comment_keeps_every_readers_page_until_approved(thread, scene, settings):
    settings.COMMENT_SCREENING = f"{__name__}.hold_everything"
    before = revisions(thread)

    held = scene.say("Held for a moderator.", by=scene.other, at=2)

    assert held.state == CommentState.PENDING
    assert revisions(thread) == before
    approve_comment(comment=held)
    assert revisions(thread) > before


def test_writes_in_one_thread_leave_another_thread_alone(opinion, thread, say, another_guest):
    neighbour = thread_for_article(make_article(opinion, title="Widen the bridge"))

    comment = say("Close it.")
    vote(comment=comment, voter=another_guest.reader, value=UP)

    fresh(neighbour)
    assert (neighbour.revision, neighbour.votes_revision, neighbour.comment_count) == (0, 0, 0)
