"""What every export reads: the discussions under articles and under the embedding sites'
pages, in a stable order, with a stable id per comment, so that the same data always gives
the same bytes.

`since` keeps what changed on or after a moment: comments written, edited or decided on by a
moderator since then; only threads with at least one of them; and, for the Rejoinder
format, the log entries, screenings and subscriptions of those threads dated since then."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.crypto import salted_hmac

from rejoinder.discussion.models import Comment, Thread
from rejoinder.embed.models import Site
from rejoinder.interop.models import ImportedRecord
from rejoinder.moderation.models import LogAction, LogEntry, Screening
from rejoinder.notifications.models import Subscription

# Source name under which imports of our own format keep their ids (see formats/rejoinder).
OWN_SOURCE = "rejoinder"


def origin() -> str:
    """This site's prefix for the ids of its own comments: a keyed hash, stable for the site
    and different between sites, so ids from two sites never collide in one file."""
    return salted_hmac("rejoinder.interop.origin", "origin", algorithm="sha256").hexdigest()[:12]


@dataclass(frozen=True)
class ExportedComment:
    id: str
    parent_id: str
    comment: Comment


def changed_since(since: datetime) -> Q:
    """Comments written, edited or decided on by a moderator on or after `since`."""
    decided = LogEntry.objects.filter(comment=OuterRef("pk"), created_at__gte=since)
    return Q(created_at__gte=since) | Q(edited_at__gte=since) | Q(Exists(decided))


def threads(*, site: Site | None = None, since: datetime | None = None) -> list[Thread]:
    """Threads under articles by address, then the embedding sites' pages by site key and
    page identifier; only one site's pages when `site` is given."""
    rows = Thread.objects.select_related("article", "external_page__site")
    if since is not None:
        rows = rows.filter(
            Exists(Comment.objects.filter(changed_since(since), thread=OuterRef("pk")))
        )
    pages = rows.filter(external_page__isnull=False)
    if site is not None:
        pages = pages.filter(external_page__site=site)
        return list(pages.order_by("external_page__identifier"))
    under_articles = rows.filter(article__isnull=False).order_by("url")
    return [
        *under_articles,
        *pages.order_by("external_page__site__key", "external_page__identifier"),
    ]


def thread_address(thread: Thread, site_url: str) -> str:
    """The page's full address: an article's path on this site, an external page's own."""
    if thread.url.startswith(("http://", "https://")):
        return thread.url
    return site_url.rstrip("/") + thread.url


def comments(thread: Thread, *, since: datetime | None = None) -> Iterator[ExportedComment]:
    """The thread's comments (all states), oldest first, ties broken by id: the order that
    is the same on every site holding the same discussion."""
    rows = Comment.objects.filter(thread=thread)
    if since is not None:
        rows = rows.filter(changed_since(since))
    rows = list(rows)
    own = dict(
        ImportedRecord.objects.filter(
            source=OWN_SOURCE, comment_id__in=[row.pk for row in rows]
        ).values_list("comment_id", "source_id")
    )
    prefix = origin()
    ids = {row.pk: own.get(row.pk) or f"{prefix}:{row.pk}" for row in rows}
    exported = [
        ExportedComment(
            id=ids[row.pk],
            # A parent left out (--since) is named anyway: the importer reports it missing.
            parent_id=(ids.get(row.parent_id) or own_parent_id(row.parent_id, prefix))
            if row.parent_id
            else "",
            comment=row,
        )
        for row in rows
    ]
    yield from sorted(exported, key=lambda item: (item.comment.created_at, item.id))


def own_parent_id(comment_id: int, prefix: str) -> str:
    source_id = (
        ImportedRecord.objects.filter(source=OWN_SOURCE, comment_id=comment_id)
        .values_list("source_id", flat=True)
        .first()
    )
    return source_id or f"{prefix}:{comment_id}"


def subscriptions(thread: Thread, *, since: datetime | None = None) -> QuerySet[Subscription]:
    """The thread's subscriptions (all states), by address."""
    rows = Subscription.objects.filter(thread=thread).select_related("subscriber")
    if since is not None:
        rows = rows.filter(
            Q(created_at__gte=since) | Q(confirmed_at__gte=since) | Q(unsubscribed_at__gte=since)
        )
    return rows.order_by("subscriber__email")


def screenings(comment_ids: list[int]) -> dict[int, Screening]:
    return {row.comment_id: row for row in Screening.objects.filter(comment_id__in=comment_ids)}


def decisions(thread: Thread, *, since: datetime | None = None) -> QuerySet[LogEntry]:
    """The moderators' log for the thread and its comments, oldest first. Bans (and the
    undoing of one) are left out: they name a person (an account, an address, a network),
    not a comment, and are not carried over."""
    rows = (
        LogEntry.objects.filter(Q(thread=thread) | Q(comment__thread=thread))
        .exclude(action=LogAction.BAN)
        .exclude(action=LogAction.UNDO, before__has_key="ban")
        .select_related("moderator", "undone_by")
    )
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    return rows.order_by("created_at", "action", "comment_id", "id")
