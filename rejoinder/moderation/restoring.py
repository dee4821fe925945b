"""Moderation records carried over from an export (the interop app's import): the policy's
screening of a comment and the moderators' log, written as they were at the source. Nothing
is re-decided, no comment changes state here (the comment carries its state itself) and the
spam score is not retrained. Kept apart from `actions`, whose writes are live decisions."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from rejoinder.discussion.models import Comment, CommentState
from rejoinder.moderation.models import Decision, Label, LogAction, LogEntry, Screening
from rejoinder.moderation.text import text_hash


class NotRestorable(ValueError):
    """A carried-over record this site cannot take, with the reason in words."""


def _is_state_change(change: dict) -> bool:
    return (
        change.keys() == {"state", "label"}
        and change["state"] in CommentState.values
        and change["label"] in Label.values
    )


# What each logged action records before and after (moderation.actions writes them); an
# undo swaps the two of the action it undid. Undo reads these back, so a shape it does not
# expect would break it later: they are checked before anything is written.
_CHANGE_SHAPES = {
    "state": _is_state_change,
    "body": lambda change: change.keys() == {"body"} and isinstance(change["body"], str),
    "featured": lambda change: (
        change.keys() == {"featured"} and isinstance(change["featured"], bool)
    ),
    "closed": lambda change: change.keys() == {"closed"} and isinstance(change["closed"], bool),
}
_ACTION_SHAPES = {
    LogAction.APPROVE: "state",
    LogAction.SPAM: "state",
    LogAction.REMOVE: "state",
    LogAction.EDIT: "body",
    LogAction.FEATURE: "featured",
    LogAction.UNFEATURE: "featured",
    LogAction.CLOSE: "closed",
    LogAction.REOPEN: "closed",
}
ON_THREADS = {LogAction.CLOSE, LogAction.REOPEN}


def check_decision(*, action: str, has_comment: bool, before: dict, after: dict) -> None:
    """Raise NotRestorable unless the entry is one this site's log could have written."""
    if action == LogAction.BAN:
        raise NotRestorable("bans are not carried over (they name people, not comments)")
    if action not in LogAction.values:
        raise NotRestorable(f"unknown moderation action {action!r}")
    if action == LogAction.UNDO:
        shapes = [name for name, fits in _CHANGE_SHAPES.items() if fits(before) and fits(after)]
        if not shapes:
            raise NotRestorable("an undo whose before and after are not of one logged action")
        return
    if (action in ON_THREADS) == has_comment:
        about = "a thread, not a comment" if action in ON_THREADS else "a comment, not a thread"
        raise NotRestorable(f"the {action!r} action is about {about}")
    fits = _CHANGE_SHAPES[_ACTION_SHAPES[action]]
    if not (fits(before) and fits(after)):
        raise NotRestorable(f"its before and after are not what the {action!r} action records")


def restore_decision(
    *,
    thread_id: int,
    comment_id: int | None,
    action: str,
    moderator: AbstractBaseUser | None,
    before: dict,
    after: dict,
    created_at: datetime,
) -> tuple[LogEntry, str]:
    """Write one log entry (checked with `check_decision` first); returns it and "created"
    or "unchanged". An entry is the same one when it is the same action on the same comment
    (or thread) at the same moment."""
    check_decision(action=action, has_comment=comment_id is not None, before=before, after=after)
    entry, created = LogEntry.objects.get_or_create(
        action=action,
        comment_id=comment_id,
        thread_id=thread_id,
        created_at=created_at,
        defaults={"moderator": moderator, "before": before, "after": after},
    )
    return entry, "created" if created else "unchanged"


def restore_undo_link(*, entry: LogEntry, undone_at: datetime) -> None:
    """Mark `entry` undone by the undo logged at `undone_at` on the same comment or thread
    (restored by then), so the log shows it undone and it cannot be undone twice."""
    undoing = LogEntry.objects.filter(
        action=LogAction.UNDO,
        comment_id=entry.comment_id,
        thread_id=entry.thread_id,
        created_at=undone_at,
    ).first()
    if undoing is not None and entry.undone_by_id is None:
        LogEntry.objects.filter(pk=entry.pk, undone_by__isnull=True).update(undone_by=undoing)


def restore_screening(
    *,
    comment_id: int,
    decision: str,
    reasons: list[dict],
    spam_score: float | None,
    offensive_score: float | None,
    spam_features: list[str],
    label: str,
    labelled_at: datetime | None,
    created_at: datetime,
) -> str:
    """Write what the policy decided about a comment; returns "created", "updated" or
    "unchanged". The writer's network is not carried (exports never hold one), so a
    network ban cannot be made from an imported comment."""
    if decision not in Decision.values:
        raise NotRestorable(f"unknown screening decision {decision!r}")
    if label not in Label.values:
        raise NotRestorable(f"unknown label {label!r}")
    body = Comment.objects.filter(pk=comment_id).values_list("body", flat=True).first() or ""
    fields = {
        "decision": decision,
        "reasons": reasons,
        "spam_score": spam_score,
        "offensive_score": offensive_score,
        "spam_features": spam_features,
        "label": label,
        "labelled_at": labelled_at,
        "created_at": created_at,
        "text_hash": text_hash(body),
    }
    with transaction.atomic():
        existing = Screening.objects.select_for_update().filter(comment_id=comment_id).first()
        if existing is None:
            Screening.objects.create(comment_id=comment_id, **fields)
            return "created"
        if all(getattr(existing, name) == value for name, value in fields.items()):
            return "unchanged"
        Screening.objects.filter(pk=existing.pk).update(**fields)
        return "updated"
