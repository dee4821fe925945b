"""What a discussion's live readers are sent, and what never is.

An event names comments by their id and carries numbers a reader already sees (vote totals);
never a name, an address, a text or a state a reader is not shown. New comments travel as
ids only: a page that wants one fetches it through the discussion's own views, which apply
every rule of who sees what. So:

- a comment is announced when readers can see it: posted visible, or approved;
- pending, spam and quietly held comments are never announced, and neither is their
  leaving (the author of a quietly held comment sees it as published: a live removal
  would give the shadow ban away);
- a deleted or removed comment is announced as gone, with whether a placeholder stays;
- a visible comment whose edit is held for review is announced as gone (no placeholder);
- an edit of a visible comment is not announced: the new text comes with a reload.

The rules take `CommentFacts`, read from the committed row, so they are tested without
the database or HTTP."""

from dataclasses import dataclass

from rejoinder.discussion.models import CommentState

# Every field any event may carry: tests hold each event to this list.
EVENT_FIELDS = {
    "comment": {"kind", "id", "parent", "holder"},
    "gone": {"kind", "id", "placeholder", "removed"},
    "votes": {"kind", "id", "up", "down", "score"},
    "closed": {"kind", "closed"},
}


@dataclass(frozen=True)
class CommentFacts:
    """What the rules need of a comment, as committed."""

    id: int
    state: str
    hidden_quietly: bool
    is_listed: bool
    parent_id: int | None = None
    # The comment whose reply list shows it (its parent, or an ancestor past the display
    # depth), None for a top-level comment: where a page puts the "new replies" notice.
    holder_id: int | None = None


def posted_event(facts: CommentFacts) -> dict | None:
    """A comment posted or approved: announced only if everyone can see it."""
    if facts.state != CommentState.VISIBLE:
        return None
    return {"kind": "comment", "id": facts.id, "parent": facts.parent_id, "holder": facts.holder_id}


def changed_event(facts: CommentFacts) -> dict | None:
    """A comment edited, deleted, removed or taken out of sight."""
    if facts.state in (CommentState.REMOVED, CommentState.DELETED):
        removed = facts.state == CommentState.REMOVED  # the placeholder says who took it down
        return {"kind": "gone", "id": facts.id, "placeholder": facts.is_listed, "removed": removed}
    if facts.state == CommentState.PENDING and not facts.hidden_quietly:
        # Held for review after an edit: its author is told so; others see it go.
        return {"kind": "gone", "id": facts.id, "placeholder": False, "removed": False}
    return None  # visible (an edit), spam or held quietly: nothing to say to anyone


def votes_event(*, comment_id: int, upvotes: int, downvotes: int, score: int) -> dict:
    return {"kind": "votes", "id": comment_id, "up": upvotes, "down": downvotes, "score": score}


def closed_event(*, closed: bool) -> dict:
    return {"kind": "closed", "closed": closed}
