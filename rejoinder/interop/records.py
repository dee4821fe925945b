"""The records every reader of a format yields, one at a time, in file order: a format
module turns its file into these and knows nothing of the database; the import service
turns these into threads and comments and knows nothing of formats."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class SourceState(StrEnum):
    """A comment's state as its source had it, mapped by the format module."""

    VISIBLE = "visible"
    PENDING = "pending"
    SPAM = "spam"
    REMOVED = "removed"
    DELETED = "deleted"


class BodyFormat(StrEnum):
    HTML = "html"
    MARKDOWN = "markdown"
    TEXT = "text"  # plain text with line breaks, as WordPress stores a comment


@dataclass(frozen=True)
class ThreadRecord:
    """A discussion in the source: the page it was under, by URL (and identifier)."""

    source_id: str
    url: str
    title: str = ""
    identifier: str = ""
    closed: bool = False
    # The embedding site's key when the source says which (Rejoinder's own export of an
    # external page); --site gives it for every thread of a file otherwise.
    site: str = ""
    position: str = ""


@dataclass(frozen=True)
class CommentRecord:
    source_id: str
    thread_id: str  # the ThreadRecord's source_id
    body: str
    body_format: BodyFormat
    created_at: datetime
    parent_id: str = ""  # the parent comment's source_id; "" for a top-level comment
    state: SourceState = SourceState.VISIBLE
    author_name: str = ""
    author_email: str = ""
    author_url: str = ""
    upvotes: int = 0
    downvotes: int = 0
    edited_at: datetime | None = None
    featured_at: datetime | None = None  # when a moderator featured it (Rejoinder's format)
    position: str = ""


@dataclass(frozen=True)
class ArticleRecord:
    """A post of a publishing system (WordPress), to become an article."""

    source_id: str
    title: str
    slug: str
    url: str
    body_html: str
    status: str  # "publish", "draft", "future"
    date: datetime
    author_name: str = ""
    author_login: str = ""
    excerpt: str = ""
    categories: tuple[tuple[str, str], ...] = ()  # (slug, name)
    tags: tuple[str, ...] = ()
    position: str = ""


@dataclass(frozen=True)
class SubscriptionRecord:
    """An address following a thread. `confirmed_at` is when its owner consented (followed
    the confirmation link, or asked while signed in with that address)."""

    thread_id: str
    email: str
    scope: str
    frequency: str
    state: str
    created_at: datetime
    confirmed_at: datetime | None = None
    unsubscribed_at: datetime | None = None
    position: str = ""


@dataclass(frozen=True)
class ScreeningRecord:
    """What the moderation policy decided about a comment when it was posted, and the
    moderator's verdict (label) the spam score learns from."""

    comment_id: str
    decision: str
    reasons: tuple[dict, ...]
    created_at: datetime
    spam_score: float | None = None
    offensive_score: float | None = None
    spam_features: tuple[str, ...] = ()
    label: str = ""
    labelled_at: datetime | None = None
    position: str = ""


@dataclass(frozen=True)
class DecisionRecord:
    """One entry of the moderators' log: an action on a comment (or on a whole thread),
    what it changed, and, for an action later undone, when the undoing was logged."""

    thread_id: str
    comment_id: str  # "" for an action on the thread (close, reopen)
    action: str
    moderator: str  # a username here, or "" (the policy, or an account not carried over)
    before: dict
    after: dict
    created_at: datetime
    undone_at: datetime | None = None
    position: str = ""


@dataclass(frozen=True)
class Skipped:
    """A record the reader recognised but will not import (a pingback, a page): counted
    and reported with its reason and position."""

    kind: str
    reason: str
    position: str


@dataclass(frozen=True)
class Source:
    """Who the file comes from: the first thing every reader yields. `name` keys the
    stored source ids (two Disqus forums do not share ids)."""

    name: str
    extra: dict = field(default_factory=dict)


Record = (
    Source
    | ThreadRecord
    | CommentRecord
    | ArticleRecord
    | SubscriptionRecord
    | ScreeningRecord
    | DecisionRecord
    | Skipped
)
