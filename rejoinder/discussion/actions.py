"""Every write to a discussion. Forms, htmx views, the API, the admin, the demo loader and
importers all call these; each checks first (raising a named DiscussionError before any
write), then writes atomically, then announces the change after commit."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from rejoinder.discussion import signals
from rejoinder.discussion.avatars import avatar_seed
from rejoinder.discussion.errors import (
    CommentUnavailable,
    EditWindowClosed,
    InvalidComment,
    InvalidVote,
    NotYourComment,
    OwnCommentVote,
    ThreadClosed,
)
from rejoinder.discussion.identity import Reader
from rejoinder.discussion.markup import render_comment
from rejoinder.discussion.models import Comment, CommentState, Thread, Vote
from rejoinder.discussion.queries import is_hidden_quietly, seen_as_published, submitted_comment
from rejoinder.discussion.screening import ClientHints, screen

MAX_NAME_LENGTH = 80


@dataclass(frozen=True)
class CommentAuthor:
    """Who is posting: a signed-in reader (name from the account) or a guest."""

    reader: Reader
    name: str = ""
    email: str = ""
    website: str = ""


def _check_no_nul(*texts: str) -> None:
    # A NUL cannot be stored in PostgreSQL's text (it would be a 500) and is never meant:
    # refused here, for every caller (forms refuse it first; the API and importers may not).
    if any("\x00" in text for text in texts):
        raise InvalidComment(
            _("Remove the NUL character (an invisible control code) and try again.")
        )


def check_body(body: str) -> str:
    _check_no_nul(body)
    body = body.strip()
    if not body:
        raise InvalidComment(_("Write something before posting."))
    if len(body) > settings.COMMENT_MAX_LENGTH:
        raise InvalidComment(
            _("Comments are limited to %(limit)d characters; this one has %(length)d.")
            % {"limit": settings.COMMENT_MAX_LENGTH, "length": len(body)}
        )
    return body


def check_thread_open(thread: Thread) -> None:
    if thread.is_closed:
        raise ThreadClosed()


def _author_fields(author: CommentAuthor) -> dict:
    user = author.reader.user
    if user is not None:
        return {
            "user": user,
            "author_email": "",
            "author_email_normalised": "",
            **member_identity(user),
        }
    _check_no_nul(author.name, author.email, author.website)
    name = author.name.strip()
    if not name:
        raise InvalidComment(_("Give a name to show with your comment."))
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidComment(
            _("Names are limited to %(limit)d characters.") % {"limit": MAX_NAME_LENGTH}
        )
    if not author.email.strip():
        raise InvalidComment(_("Give an e-mail address (it is never shown)."))
    return {
        "author_name": name,
        "author_email": author.email.strip(),
        "author_email_normalised": normalise_email(author.email),
        "author_website": author.website.strip(),
        "avatar_seed": avatar_seed(email=author.email, user_id=None, secret=settings.SECRET_KEY),
    }


def account_identity(user) -> dict[str, str]:
    """How a signed-in commenter is shown when no app says otherwise: their account's name
    and an identicon of their id."""
    return {
        "author_name": (user.get_full_name() or user.get_username())[:MAX_NAME_LENGTH],
        "author_website": "",
        "avatar_seed": avatar_seed(email=None, user_id=user.pk, secret=settings.SECRET_KEY),
    }


def member_identity(user) -> dict[str, str]:
    """The name, avatar seed and link a signed-in commenter's comments show: the callable
    named by settings.MEMBER_IDENTITY (the accounts app's profile), else the account's."""
    identity = getattr(settings, "MEMBER_IDENTITY", "")
    return import_string(identity)(user) if identity else account_identity(user)


def restyle_member_comments(*, user_id: int, identity: dict[str, str]) -> int:
    """A member changed how they are shown (name, avatar, profile link): every comment of
    theirs shows it, and the threads holding them are drawn again. Returns the count."""
    with transaction.atomic():
        mine = Comment.objects.filter(user_id=user_id)
        thread_ids = set(mine.values_list("thread_id", flat=True))
        changed = mine.update(**identity)
        Thread.objects.filter(pk__in=thread_ids).update(revision=F("revision") + 1)
    return changed


def normalise_email(email: str) -> str:
    """How moderation matches an author's addresses: `Comment.author_email_normalised`."""
    return email.strip().lower()


def post_comment(
    *,
    thread: Thread,
    author: CommentAuthor,
    body: str,
    parent: Comment | None = None,
    submission_token: str | None = None,
    now: datetime | None = None,
    client: ClientHints | None = None,
    after_save: Callable[[Comment], object] | None = None,
) -> Comment:
    """Post a comment (a reply when `parent` is given). A repeated `submission_token`
    returns the comment the first submission created instead of posting twice. The
    moderation policy screens it first: it may refuse it, or hold it out of sight.
    `after_save` runs inside the write's transaction with the saved comment: apps that
    add to a comment (inline feedback saves its passage) commit or fail with it, without
    the discussion importing them."""
    check_thread_open(thread)
    body = check_body(body)
    fields = _author_fields(author)
    if submission_token and (earlier := submitted_comment(submission_token)):
        return earlier
    now = now or timezone.now()
    admission = screen(thread=thread, author=author, body=body, now=now, client=client)
    visible = admission.state == CommentState.VISIBLE

    comment = Comment(
        thread=thread,
        parent=parent,
        root_id=(parent.root_id or parent.pk) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        reader_key=author.reader.key,
        body=body,
        body_html=render_comment(body),
        state=admission.state,
        hidden_quietly=admission.quiet,
        is_listed=visible,
        created_at=now,
        submission_token=submission_token or None,
        **fields,
    )
    try:
        with transaction.atomic():
            if parent is not None:
                parent_state = _check_can_reply_to(parent, thread, replier=author.reader)
                if parent_state != CommentState.VISIBLE and visible:
                    # Under the author's own quietly hidden comment (nobody else sees it), a
                    # reply admitted by the policy (a ban lifted since) stays out of sight
                    # too, as quietly: shown to others, it would hang under nothing.
                    comment.state, comment.hidden_quietly = CommentState.PENDING, True
                    comment.is_listed = visible = False
            comment.save()
            if after_save is not None:
                after_save(comment)
            if visible:
                Thread.objects.filter(pk=thread.pk).update(
                    comment_count=F("comment_count") + 1, revision=F("revision") + 1
                )
            # A held comment leaves the thread's pages as they are: nobody but its author sees
            # it, and their own hidden comments are laid over the shared page per request
            # (presenters.own_hidden), so every reader's cached page stays good.
            admission.record(comment)
    except IntegrityError:
        # Two copies of one submission raced; the first one in is the comment.
        if submission_token and (earlier := submitted_comment(submission_token)):
            return earlier
        raise
    # A held comment is announced when a moderator approves it (approve_comment).
    if visible:
        transaction.on_commit(lambda: signals.comment_posted.send(Comment, comment=comment))
    return comment


def _check_can_reply_to(parent: Comment, thread: Thread, *, replier: Reader) -> CommentState:
    """The parent's state, checked on its locked row, not on the caller's copy: the reply
    form may have been opened before the comment was deleted, and a reply saved under a
    placeholder with no listed replies would be counted but never shown. Its author may
    answer their own quietly hidden comment, as they could a published one."""
    still_there = (
        Comment.objects.select_for_update()
        .filter(seen_as_published(replier.key), pk=parent.pk, thread_id=thread.pk)
        .values_list("state", flat=True)
    )
    if not still_there:
        raise CommentUnavailable(_("The comment you replied to is no longer available."))
    return still_there[0]


def reply(
    *, parent: Comment, author: CommentAuthor, body: str, submission_token: str | None = None
) -> Comment:
    return post_comment(
        thread=parent.thread,
        parent=parent,
        author=author,
        body=body,
        submission_token=submission_token,
    )


def is_own_comment(comment: Comment, reader: Reader | None) -> bool:
    return reader is not None and comment.reader_key == reader.key


def edit_deadline(comment: Comment) -> datetime:
    return comment.created_at + timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)


def check_can_change(
    comment: Comment, reader: Reader | None, *, now: datetime | None = None
) -> None:
    """Its author may change a comment they find published: a visible one, or their own
    hidden quietly. To anyone else a quietly hidden one is unavailable, as if it were gone."""
    own_quiet = is_hidden_quietly(comment) and is_own_comment(comment, reader)
    if comment.state != CommentState.VISIBLE and not own_quiet:
        raise CommentUnavailable()
    if not is_own_comment(comment, reader):
        raise NotYourComment()
    if (now or timezone.now()) > edit_deadline(comment):
        raise EditWindowClosed()


def edit_comment(
    *, comment: Comment, editor: Reader, body: str, now: datetime | None = None
) -> Comment:
    """The author rewrites their comment within the edit window; the policy screens the new
    text. Checked once to refuse early, then again on the locked row: a moderator may have
    removed the comment, or an editor closed the thread, while the text was being screened."""
    check_can_change(comment, editor, now=now)
    check_thread_open(comment.thread)
    body = check_body(body)
    edited_at = now or timezone.now()
    admission = screen(
        thread=comment.thread, author=None, body=body, now=edited_at, comment=comment
    )
    body_html = render_comment(body)
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        check_can_change(locked, editor, now=edited_at)
        check_thread_open(Thread.objects.get(pk=locked.thread_id))
        locked.body, locked.body_html, locked.edited_at = body, body_html, edited_at
        if locked.state != CommentState.VISIBLE:
            return _edit_hidden(locked, admission)
        Comment.objects.filter(pk=locked.pk).update(
            body=locked.body,
            body_html=locked.body_html,
            edited_at=locked.edited_at,
            state=admission.state,
            hidden_quietly=admission.quiet,
        )
        admission.record(locked)
        if admission.state != CommentState.VISIBLE:
            # The edit is held or taken for spam: out of the thread until a moderator decides.
            locked.state, locked.hidden_quietly = admission.state, admission.quiet
            _relist(locked)
            Thread.objects.filter(pk=locked.thread_id).update(comment_count=F("comment_count") - 1)
        _touch(locked.thread_id)
    transaction.on_commit(lambda: signals.comment_changed.send(Comment, comment=locked))
    return locked


def _edit_hidden(comment: Comment, admission) -> Comment:
    """An edit of the author's quietly hidden comment: it stays out of sight, and quiet,
    whatever the policy says of the new text (an edit must not publish what a moderator has
    not let through, nor turn a quiet hold into one the author is told of). A held or spam
    verdict replaces the screening the moderator sees; an accepting one leaves the reasons
    it was held. Nobody else sees it, so nothing is announced and no cache changes."""
    if admission.state != CommentState.VISIBLE:
        comment.state = admission.state
    comment.hidden_quietly = True
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(
            body=comment.body,
            body_html=comment.body_html,
            edited_at=comment.edited_at,
            state=comment.state,
            hidden_quietly=True,
        )
        if admission.state != CommentState.VISIBLE:
            admission.record(comment)
    return comment


def revise_comment(*, comment: Comment, body: str) -> Comment:
    """A moderator corrects a comment (a phone number, a slur): no edit window, and not
    screened again, since a moderator wrote it. The moderation log keeps the old text."""
    body = check_body(body)
    comment.body, comment.body_html = body, render_comment(body)
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(body=comment.body, body_html=comment.body_html)
        _touch(comment.thread_id)
    transaction.on_commit(lambda: signals.comment_changed.send(Comment, comment=comment))
    return comment


def delete_comment(*, comment: Comment, deleter: Reader, now: datetime | None = None) -> Comment:
    """The author takes their comment back. With replies it stays as a placeholder."""
    check_can_change(comment, deleter, now=now)
    return _retire(comment, CommentState.DELETED)


def remove_comment(*, comment: Comment) -> Comment:
    """A moderator takes a comment down. With replies it stays as a placeholder."""
    return _retire(comment, CommentState.REMOVED)


def _retire(comment: Comment, state: CommentState) -> Comment:
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        was_visible = locked.state == CommentState.VISIBLE
        Comment.objects.filter(pk=locked.pk).update(state=state)
        locked.state = state
        _relist(locked)
        if was_visible:
            Thread.objects.filter(pk=locked.thread_id).update(comment_count=F("comment_count") - 1)
        _touch(locked.thread_id)
    transaction.on_commit(lambda: signals.comment_changed.send(Comment, comment=locked))
    return locked


def erase_comment(*, comment: Comment, keep_text: bool = False) -> Comment:
    """Erase what a comment says about its author (personal-data erasure): name, address,
    website, the keys that tie it to their browser or account, and its text unless
    `keep_text`, in which case it stays up under "Deleted account". Without its text it
    leaves the thread as a deleted comment does; with replies it stays as a placeholder."""
    scrubbed = {
        "user": None,
        "author_name": _("Deleted account"),
        "author_email": "",
        "author_email_normalised": "",
        "author_website": "",
        "reader_key": "",
        "avatar_seed": "deleted",
        "submission_token": None,
    }
    if not keep_text:
        scrubbed.update(body="", body_html="")
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(**scrubbed)
        _touch(comment.thread_id)
        retired = _retire(comment, CommentState.DELETED) if not keep_text else comment
    for name, value in scrubbed.items():
        setattr(retired, name, value)
    return retired


def approve_comment(*, comment: Comment) -> Comment:
    """A moderator lets a held comment (or one taken for spam) into the thread. Subscribers
    and live readers hear of it now, as if it had just been posted."""
    return _set_state(comment, CommentState.VISIBLE)


def mark_spam(*, comment: Comment) -> Comment:
    """A moderator takes a comment for spam: out of the thread, without a placeholder."""
    return _set_state(comment, CommentState.SPAM)


def restore_state(*, comment: Comment, state: CommentState) -> Comment:
    """Undo a moderator's decision: the comment goes back to the state it had before."""
    return _set_state(comment, state)


def _set_state(comment: Comment, state: CommentState) -> Comment:
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        before = locked.state
        if before == state:
            return locked
        Comment.objects.filter(pk=locked.pk).update(state=state)
        locked.state = state
        _relist(locked)
        change = (state == CommentState.VISIBLE) - (before == CommentState.VISIBLE)
        Thread.objects.filter(pk=locked.thread_id).update(
            comment_count=F("comment_count") + change, revision=F("revision") + 1
        )
    first_shown = state == CommentState.VISIBLE and before in (
        CommentState.PENDING,
        CommentState.SPAM,
    )
    signal = signals.comment_posted if first_shown else signals.comment_changed
    transaction.on_commit(lambda: signal.send(Comment, comment=locked))
    return locked


def _relist(comment: Comment) -> None:
    """Keep `is_listed` true exactly for visible comments and for placeholders that still
    have listed replies, from `comment` up to the first ancestor whose listing is unchanged."""
    node: Comment | None = comment
    while node is not None:
        listed = node.state == CommentState.VISIBLE or (
            node.is_tombstone and Comment.objects.filter(parent=node, is_listed=True).exists()
        )
        if listed == node.is_listed:
            return
        Comment.objects.filter(pk=node.pk).update(is_listed=listed)
        # Lock the parent before counting its listed replies: two of its last replies
        # deleted at once would otherwise each see the other still listed.
        node = (
            Comment.objects.select_for_update().get(pk=node.parent_id) if node.parent_id else None
        )


def _touch(thread_id: int) -> None:
    Thread.objects.filter(pk=thread_id).update(revision=F("revision") + 1)


def set_featured(*, comment: Comment, featured: bool) -> Comment:
    """A moderator features a conversation (it opens the first page, marked "Featured") or
    stops featuring it. Only top-level comments: a conversation is featured as a whole."""
    if comment.parent_id is not None or comment.state != CommentState.VISIBLE:
        raise CommentUnavailable(_("Only a visible top-level comment can be featured."))
    comment.featured_at = timezone.now() if featured else None
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(featured_at=comment.featured_at)
        _touch(comment.thread_id)
    return comment


def open_article_thread(*, article) -> Thread:
    """The article's thread, created if it has none. Publishing calls this
    (discussion.receivers), so that serving the article only reads."""
    from rejoinder.discussion.queries import article_thread_key

    shown = {"title": article.title, "url": article.url or ""}
    thread, created = Thread.objects.get_or_create(
        key=article_thread_key(article.pk), defaults={"article": article, **shown}
    )
    if not created:
        # Counts are asked for by the article's address as it is now; and what the thread's
        # pages show of the article (whose comments carry the "Author" mark) may have
        # changed with it, so they are renewed.
        Thread.objects.filter(pk=thread.pk).update(**shown, revision=F("revision") + 1)
        thread.title, thread.url = shown["title"], shown["url"]
    return thread


def renew_thread_pages(*, threads: QuerySet[Thread] | None = None) -> int:
    """Start a new revision of `threads` (all of them by default), for a change made outside
    them that their pages show — who wrote the article, the rules that close a discussion —
    so that every cached page of them, in every process, is built anew. Returns how many."""
    return (Thread.objects.all() if threads is None else threads).update(revision=F("revision") + 1)


def set_thread_closed(*, thread: Thread, closed: bool) -> Thread:
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(is_closed=closed, revision=F("revision") + 1)
    thread.is_closed = closed
    transaction.on_commit(lambda: signals.thread_closed_changed.send(Thread, thread=thread))
    return thread


@dataclass(frozen=True)
class VoteTally:
    comment_id: int
    upvotes: int
    downvotes: int
    score: int
    mine: int  # the voter's vote now: 1, -1 or 0


def vote(*, comment: Comment, voter: Reader, value: int, toggle: bool = False) -> VoteTally:
    """Set the voter's vote on `comment` to `value` (1 up, -1 down, 0 withdrawn). With
    `toggle`, repeating one's current vote withdraws it (pressing a pressed button)."""
    if value not in (1, -1, 0):
        raise InvalidVote()
    if is_own_comment(comment, voter):
        raise OwnCommentVote()
    check_thread_open(comment.thread)

    with transaction.atomic():
        # A reader's first vote, the usual one, is stored by the statement that finds there
        # was none, unqueued: another press of theirs meets its new row and waits for this
        # transaction to end. A press that finds a vote queues behind the reader's others.
        if value and (first := _cast_first_vote(comment, voter.key, value)):
            new, totals = value, first.totals
        else:
            _queue_voter(comment.pk, voter.key)
            old, new = _change_queued_vote(comment.pk, voter.key, value, toggle=toggle)
            if new == old:
                # Nothing changes, but the comment must still be up.
                totals = (
                    Comment.objects.filter(pk=comment.pk, state=CommentState.VISIBLE)
                    .values_list("upvotes", "downvotes", "score")
                    .first()
                )
                if totals is None:
                    raise CommentUnavailable()
                return VoteTally(comment.pk, *totals, new)
            totals = _count_vote(comment, old=old, new=new)
        if totals is None:
            raise CommentUnavailable()
        tally = VoteTally(comment.pk, *totals, new)
        signals.votes_counted.send(Comment, tally=tally, thread_id=comment.thread_id)
    return tally


def _queue_voter(comment_id: int, voter_key: str) -> None:
    """Queue one reader's presses on one comment (several tabs, a double click) behind each
    other until commit, and nobody else's: a vote must read the reader's vote as the last
    press left it. PostgreSQL: an advisory lock on the pair, a lock target that exists
    before the first vote and after a withdrawn one (the vote's row does neither), taken
    before any row lock, so presses never deadlock (a first vote's insert that finds a vote
    locks nothing). SQLite's write transactions already
    run one at a time (BEGIN IMMEDIATE)."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(f"vote:{comment_id}:{voter_key}".encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)]
        )


# A vote's statements are written out rather than built by the ORM: on the hottest write
# there is, building each query cost more CPU than the database spent running it (#16).
_VOTE_NAMES = {
    "vote": Vote._meta.db_table,
    "comment": Comment._meta.db_table,
    "thread": Thread._meta.db_table,
    **{name: name for name in ("id", "comment_id", "voter_key", "value", "created_at")},
    **{name: name for name in ("upvotes", "downvotes", "score", "state", "votes_revision")},
}


@lru_cache(maxsize=16)
def _written(statement: str, vendor: str) -> str:
    """A vote's statement with its names quoted for `vendor`, written once per process."""
    quote = connection.ops.quote_name
    return statement.format(**{key: quote(name) for key, name in _VOTE_NAMES.items()})


def _execute(statement: str, params: list) -> tuple | None:
    """Run one of the vote's statements (its names in braces); its first row."""
    with connection.cursor() as cursor:
        cursor.execute(_written(statement, connection.vendor), params)
        return cursor.fetchone() if cursor.description else None


def _insert_first_vote(comment_id: int, voter_key: str, value: int) -> bool:
    """Store the reader's vote if they have none on the comment; whether it was stored."""
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    stored = _execute(
        "INSERT INTO {vote} ({comment_id}, {voter_key}, {value}, {created_at}) "
        "VALUES (%s, %s, %s, %s) ON CONFLICT ({comment_id}, {voter_key}) DO NOTHING "
        "RETURNING {id}",
        [comment_id, voter_key, value, created],
    )
    return stored is not None


@dataclass(frozen=True)
class _FirstVote:
    totals: tuple[int, int, int] | None  # None: the comment is not visible


def _cast_first_vote(comment: Comment, voter_key: str, value: int) -> _FirstVote | None:
    """Store the reader's vote if they have none on the comment, and count it; None when
    they had one. On PostgreSQL one statement stores and counts it (a round trip each was
    most of a vote's time there); SQLite has no writing WITH, and no round trips."""
    if connection.vendor != "postgresql":
        if not _insert_first_vote(comment.pk, voter_key, value):
            return None
        return _FirstVote(_count_vote(comment, old=0, new=value))
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    params = [comment.pk, voter_key, value, created, int(value == 1), int(value == -1), value]
    params += [comment.pk, CommentState.VISIBLE.value, comment.thread_id]
    stored, *totals = _execute(_FIRST_VOTE_COUNTED, params)
    if not stored:
        return None
    return _FirstVote(None if totals[0] is None else tuple(totals))


def _stored_vote(comment_id: int, voter_key: str) -> tuple[int, int] | None:
    """(id, value) of the reader's vote on the comment, if any."""
    return _execute(
        "SELECT {id}, {value} FROM {vote} WHERE {comment_id} = %s AND {voter_key} = %s",
        [comment_id, voter_key],
    )


def _change_queued_vote(
    comment_id: int, voter_key: str, value: int, *, toggle: bool
) -> tuple[int, int]:
    """(old, new): the reader's vote as their last press left it, and as this press makes
    it (withdrawn, changed or stored; the same when it stays as it is). Runs queued
    (`_queue_voter`): only queued presses change a stored vote, but an unqueued first vote
    may be stored meanwhile, and is then read and pressed on as any stored vote."""
    while True:
        current = _stored_vote(comment_id, voter_key)
        old = current[1] if current else 0
        new = 0 if toggle and value == old else value
        if new == old:
            return old, new
        if current is None:
            if _insert_first_vote(comment_id, voter_key, new):
                return old, new
            continue  # a first press of theirs was stored meanwhile
        if new == 0:
            _execute("DELETE FROM {vote} WHERE {id} = %s", [current[0]])
        else:
            _execute("UPDATE {vote} SET {value} = %s WHERE {id} = %s", [new, current[0]])
        return old, new


# The comment's row, not the caller's copy, says whether it is still up (if not, the vote
# goes back with the transaction); its totals change by this vote's difference, so votes of
# different readers, side by side, add up to a recount. Read back in the same statement
# (UPDATE … RETURNING, on SQLite ≥ 3.35 and PostgreSQL).
_ADD_TO_TOTALS = (
    "UPDATE {comment} SET {upvotes} = {upvotes} + %s, {downvotes} = {downvotes} + %s, "
    "{score} = {score} + %s WHERE {id} = %s AND {state} = %s"
)
_TOTALS_RETURNED = "RETURNING {upvotes}, {downvotes}, {score}"
# Not `_touch`: the thread's pages stay; their vote totals are laid anew
# (presenters.with_vote_totals).
_BUMP_VOTES_REVISION = "UPDATE {thread} SET {votes_revision} = {votes_revision} + 1 WHERE {id} = %s"
_ADD_TO_TOTALS_RETURNING = f"{_ADD_TO_TOTALS} {_TOTALS_RETURNED}"
# PostgreSQL's writing WITH: the totals and the thread's revision change in one statement,
# the revision only when the comment was still visible.
_VOTE_COUNTED = (
    f"WITH totals AS ({_ADD_TO_TOTALS_RETURNING}), "
    f"bumped AS ({_BUMP_VOTES_REVISION} AND EXISTS (SELECT 1 FROM totals)) "
    "SELECT {upvotes}, {downvotes}, {score} FROM totals"
)
# …and a first vote stored with them: counted only if stored (no earlier vote of the reader).
_FIRST_VOTE_COUNTED = (
    "WITH stored AS ("
    "INSERT INTO {vote} ({comment_id}, {voter_key}, {value}, {created_at}) "
    "VALUES (%s, %s, %s, %s) ON CONFLICT ({comment_id}, {voter_key}) DO NOTHING "
    "RETURNING {comment_id}), "
    f"totals AS ({_ADD_TO_TOTALS} AND {{id}} IN (SELECT {{comment_id}} FROM stored) "
    f"{_TOTALS_RETURNED}), "
    f"bumped AS ({_BUMP_VOTES_REVISION} AND EXISTS (SELECT 1 FROM totals)) "
    "SELECT (SELECT COUNT(*) FROM stored), {upvotes}, {downvotes}, {score} "
    "FROM (VALUES (1)) AS one LEFT JOIN totals ON TRUE"
)


def _count_vote(comment: Comment, *, old: int, new: int) -> tuple[int, int, int] | None:
    """Change a visible comment's vote totals from the reader's `old` vote to `new`, and its
    thread's votes revision; the totals after, or None when the comment is not visible. One
    statement on PostgreSQL."""
    params = [(new == 1) - (old == 1), (new == -1) - (old == -1), new - old, comment.pk]
    params.append(CommentState.VISIBLE.value)
    if connection.vendor == "postgresql":
        return _execute(_VOTE_COUNTED, [*params, comment.thread_id])
    totals = _execute(_ADD_TO_TOTALS_RETURNING, params)
    if totals is not None:
        _execute(_BUMP_VOTES_REVISION, [comment.thread_id])
    return totals
