"""Every read the moderators' workspace makes: the queue, authors' histories, the log and
the dashboard's figures. Each costs a fixed number of queries, however long the queue."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from rejoinder.discussion.models import Comment, CommentState, Thread
from rejoinder.moderation.models import Ban, BanKind, Decision, Label, LogEntry, ModerationSettings
from rejoinder.moderation.trust import Trust

TABS = ("pending", "reported", "spam", "removed", "recent")
PAGE = 50


def queue(*, tab: str, limit: int = PAGE) -> QuerySet[Comment]:
    comments = Comment.objects.select_related(
        "thread", "thread__article", "user", "screening", "parent"
    ).annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
    if tab == "recent":
        # The latest visible comments: to feature a good one, or take down a bad one.
        return comments.filter(state=CommentState.VISIBLE).order_by("-created_at")[:limit]
    if tab == "reported":
        # Every reported comment is listed, so that "A moderator will look at this comment"
        # is true of a single report too; those the threshold's number of readers reported
        # come first, then the most reported.
        threshold = ModerationSettings.load().report_threshold
        return (
            comments.filter(state=CommentState.VISIBLE, open_reports__gte=1)
            .annotate(at_threshold=Q(open_reports__gte=threshold))
            .order_by("-at_threshold", "-open_reports", "created_at")[:limit]
        )
    else:
        state = {
            "pending": CommentState.PENDING,
            "spam": CommentState.SPAM,
            "removed": CommentState.REMOVED,
        }[tab]
        comments = comments.filter(state=state)
    newest_first = tab in ("spam", "removed")
    return comments.order_by("-created_at" if newest_first else "created_at")[:limit]


def tab_counts() -> dict[str, int]:
    by_state = dict(
        Comment.objects.filter(
            state__in=[CommentState.PENDING, CommentState.SPAM, CommentState.REMOVED]
        )
        .values_list("state")
        .annotate(n=Count("id"))
    )
    # The tab's number is the comments at the threshold (the list shows the others after).
    threshold = ModerationSettings.load().report_threshold
    reported = (
        Comment.objects.filter(state=CommentState.VISIBLE, reports__resolved_at__isnull=True)
        .annotate(n=Count("reports"))
        .filter(n__gte=threshold)
        .count()
    )
    return {
        "pending": by_state.get(CommentState.PENDING, 0),
        "reported": reported,
        "spam": by_state.get(CommentState.SPAM, 0),
        "removed": by_state.get(CommentState.REMOVED, 0),
        "recent": None,
    }


@dataclass(frozen=True)
class History:
    comments: int = 0
    approved: int = 0
    bans: int = 0
    held_against: int = 0  # comments taken for spam or removed

    @property
    def trust(self) -> Trust:
        return Trust(approved=self.approved, held_against=self.held_against + self.bans)


def author_key(comment: Comment) -> str:
    if comment.user_id:
        return f"user:{comment.user_id}"
    return f"email:{comment.author_email_normalised}"


def histories(comments: list[Comment]) -> dict[str, History]:
    """Each author's record on the site, keyed by author_key: two queries for the page."""
    users = {c.user_id for c in comments if c.user_id}
    emails = {c.author_email_normalised for c in comments if not c.user_id and c.author_email}
    counts: dict[str, list[int]] = {}
    rows = (
        Comment.objects.filter(Q(user_id__in=users) | Q(author_email_normalised__in=emails))
        .values("user_id", "author_email_normalised")
        .annotate(
            total=Count("id"),
            shown=Count("id", filter=Q(state=CommentState.VISIBLE)),
            against=Count("id", filter=Q(state__in=[CommentState.SPAM, CommentState.REMOVED])),
        )
    )
    for row in rows:
        user, email = row["user_id"], row["author_email_normalised"]
        key = f"user:{user}" if user else f"email:{email}"
        tally = counts.setdefault(key, [0, 0, 0])
        tally[0] += row["total"]
        tally[1] += row["shown"]
        tally[2] += row["against"]
    bans = (
        Ban.objects.filter(
            Q(kind=BanKind.USER, value__in=[str(u) for u in users])
            | Q(kind=BanKind.EMAIL, value__in=emails)
        )
        .values("kind", "value")
        .annotate(n=Count("id"))
    )
    banned = {
        f"{'user' if row['kind'] == BanKind.USER else 'email'}:{row['value']}": row["n"]
        for row in bans
    }
    return {
        key: History(comments=total, approved=shown, bans=banned.get(key, 0), held_against=against)
        for key, (total, shown, against) in counts.items()
    }


def log(*, limit: int = 100) -> QuerySet[LogEntry]:
    return LogEntry.objects.select_related("moderator", "comment", "thread", "undone_by")[:limit]


@dataclass
class Dashboard:
    days: list[tuple[date, int]] = field(default_factory=list)
    decisions: dict[str, int] = field(default_factory=dict)
    judged: dict[str, int] = field(default_factory=dict)
    busiest: list[tuple[Thread, int]] = field(default_factory=list)


def dashboard(*, days: int = 14, now: datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    since = now - timedelta(days=days)
    per_day = dict(
        Comment.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("id"))
    )
    first = since.date() + timedelta(days=1)
    series = [
        (first + timedelta(days=n), per_day.get(first + timedelta(days=n), 0)) for n in range(days)
    ]
    decisions = dict(
        Comment.objects.filter(created_at__gte=since, screening__isnull=False)
        .values_list("screening__decision")
        .annotate(n=Count("id"))
    )
    judged = dict(
        Comment.objects.filter(created_at__gte=since)
        .exclude(screening__label=Label.NONE)
        .exclude(screening__isnull=True)
        .values_list("screening__label")
        .annotate(n=Count("id"))
    )
    busiest_rows = (
        Comment.objects.filter(created_at__gte=since)
        .values("thread")
        .annotate(n=Count("id"))
        .order_by("-n")[:5]
    )
    threads = Thread.objects.select_related("article").in_bulk([r["thread"] for r in busiest_rows])
    return Dashboard(
        days=series,
        decisions={d.label: decisions.get(d.value, 0) for d in Decision},
        judged={label.label: judged.get(label.value, 0) for label in (Label.HAM, Label.SPAM)},
        busiest=[(threads[r["thread"]], r["n"]) for r in busiest_rows],
    )
