"""Every moderator action, and readers' reports. Each changes comments only through the
discussion's actions (one write path), records itself in the log with what it changed, and
can be undone from there."""

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from rejoinder.discussion import actions as discussion
from rejoinder.discussion.errors import CommentUnavailable, OwnCommentReport
from rejoinder.discussion.models import Comment, CommentState, Thread
from rejoinder.moderation import spam
from rejoinder.moderation.models import (
    Ban,
    BanKind,
    Label,
    LogAction,
    LogEntry,
    Report,
    ReportReason,
    Screening,
)

LABELS = {LogAction.APPROVE: Label.HAM, LogAction.SPAM: Label.SPAM}
STATE_CHANGES = {
    LogAction.APPROVE: lambda comment: discussion.approve_comment(comment=comment),
    LogAction.SPAM: lambda comment: discussion.mark_spam(comment=comment),
    LogAction.REMOVE: lambda comment: discussion.remove_comment(comment=comment),
}


class CannotUndo(Exception):
    pass


def _label_of(comment: Comment) -> str:
    return Screening.objects.filter(comment=comment).values_list("label", flat=True).first() or ""


def _set_label(comment: Comment, label: str, *, now: datetime) -> None:
    Screening.objects.filter(comment=comment).update(label=label, labelled_at=now)


def decide(*, comment: Comment, moderator: AbstractBaseUser, action: LogAction) -> LogEntry:
    """Approve, mark as spam or remove a comment. Approving and marking as spam teach the
    spam score; any decision settles the readers' open reports on it."""
    now = timezone.now()
    with transaction.atomic():
        before = {"state": comment.state, "label": _label_of(comment)}
        changed = STATE_CHANGES[action](comment)
        if action in LABELS:
            _set_label(changed, LABELS[action], now=now)
        Report.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=now)
        entry = LogEntry.objects.create(
            moderator=moderator,
            action=action,
            comment=comment,
            thread_id=comment.thread_id,
            before=before,
            after={"state": changed.state, "label": _label_of(changed)},
            created_at=now,
        )
        if action in LABELS:
            spam.retrain_when_due()
    return entry


def edit(*, comment: Comment, moderator: AbstractBaseUser, body: str) -> LogEntry:
    with transaction.atomic():
        before = {"body": comment.body}
        discussion.revise_comment(comment=comment, body=body)
        return LogEntry.objects.create(
            moderator=moderator,
            action=LogAction.EDIT,
            comment=comment,
            thread_id=comment.thread_id,
            before=before,
            after={"body": comment.body},
        )


def ban_value(comment: Comment, kind: BanKind) -> str:
    """Who a ban on `comment`'s author names: their account, address or network hash."""
    if kind == BanKind.USER:
        return str(comment.user_id or "")
    if kind == BanKind.EMAIL:
        return comment.author_email_normalised
    return Screening.objects.filter(comment=comment).values_list("network", flat=True).first() or ""


def ban(
    *,
    comment: Comment,
    moderator: AbstractBaseUser,
    kind: BanKind,
    days: int | None,
    shadow: bool = False,
    reason: str = "",
) -> LogEntry | None:
    """Ban the author of `comment` for `days` (None: for ever). Returns None when the
    comment carries nothing to ban by (a guest has no account; an old comment no network).
    The comment in hand, if it awaits a decision, is removed with the ban: a moderator who
    bans its author has decided it, and it must not wait in the queue for a second click."""
    value = ban_value(comment, kind)
    if not value:
        return None
    now = timezone.now()
    with transaction.atomic():
        if comment.state == CommentState.PENDING:
            decide(comment=comment, moderator=moderator, action=LogAction.REMOVE)
        banned = Ban.objects.create(
            kind=kind,
            value=value,
            shadow=shadow,
            reason=reason,
            comment=comment,
            created_by=moderator,
            created_at=now,
            expires_at=now + timedelta(days=days) if days else None,
        )
        return LogEntry.objects.create(
            moderator=moderator,
            action=LogAction.BAN,
            comment=comment,
            thread_id=comment.thread_id,
            before={},
            after={
                "ban": banned.pk,
                "kind": kind,
                "shadow": shadow,
                "until": banned.expires_at.isoformat() if banned.expires_at else None,
            },
            created_at=now,
        )


def feature(*, comment: Comment, moderator: AbstractBaseUser, featured: bool) -> LogEntry:
    with transaction.atomic():
        before = {"featured": comment.featured_at is not None}
        discussion.set_featured(comment=comment, featured=featured)
        return LogEntry.objects.create(
            moderator=moderator,
            action=LogAction.FEATURE if featured else LogAction.UNFEATURE,
            comment=comment,
            thread_id=comment.thread_id,
            before=before,
            after={"featured": featured},
        )


def set_closed(*, thread: Thread, moderator: AbstractBaseUser | None, closed: bool) -> LogEntry:
    """Close or reopen a discussion. Without a moderator, the policy closed it (a category's
    closing age, moderation.closing)."""
    with transaction.atomic():
        before = {"closed": thread.is_closed}
        discussion.set_thread_closed(thread=thread, closed=closed)
        return LogEntry.objects.create(
            moderator=moderator,
            action=LogAction.CLOSE if closed else LogAction.REOPEN,
            thread=thread,
            before=before,
            after={"closed": closed},
        )


def undo(*, entry: LogEntry, moderator: AbstractBaseUser) -> LogEntry:
    """Put back what `entry` changed, if nothing else has changed it since."""
    with transaction.atomic():
        entry = LogEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.undone_by_id or entry.action == LogAction.UNDO:
            raise CannotUndo("This action was already undone.")
        comment = Comment.objects.filter(pk=entry.comment_id).first()
        if entry.action in STATE_CHANGES:
            if comment.state != entry.after["state"]:
                raise CannotUndo("The comment has changed since; decide on it afresh.")
            discussion.restore_state(comment=comment, state=CommentState(entry.before["state"]))
            Screening.objects.filter(comment=comment).update(label=entry.before["label"])
        elif entry.action == LogAction.EDIT:
            discussion.revise_comment(comment=comment, body=entry.before["body"])
        elif entry.action in (LogAction.FEATURE, LogAction.UNFEATURE):
            discussion.set_featured(comment=comment, featured=entry.before["featured"])
        elif entry.action == LogAction.BAN:
            Ban.objects.filter(pk=entry.after["ban"]).update(lifted_at=timezone.now())
        else:
            thread = Thread.objects.get(pk=entry.thread_id)
            discussion.set_thread_closed(thread=thread, closed=entry.before["closed"])
        undoing = LogEntry.objects.create(
            moderator=moderator,
            action=LogAction.UNDO,
            comment_id=entry.comment_id,
            thread_id=entry.thread_id,
            before=entry.after,
            after=entry.before,
        )
        LogEntry.objects.filter(pk=entry.pk).update(undone_by=undoing)
    return undoing


def check_can_report(*, comment: Comment, reporter_key: str) -> None:
    """Raise the reason a reader cannot report `comment`: it is gone, or it is their own."""
    if comment.state != CommentState.VISIBLE:
        raise CommentUnavailable()
    if comment.reader_key == reporter_key:
        raise OwnCommentReport()


def report(*, comment: Comment, reporter_key: str, reason: ReportReason) -> bool:
    """A reader reports a comment; False if they had already reported it. Whoever else
    reported it is never told to anyone but the moderators. Nobody reports their own."""
    check_can_report(comment=comment, reporter_key=reporter_key)
    try:
        with transaction.atomic():
            Report.objects.create(comment=comment, reporter_key=reporter_key, reason=reason)
    except IntegrityError:
        return False
    return True
