"""What every export reads: the discussions under articles, in a stable order, with a
stable id per comment, so that the same data always gives the same bytes."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.utils.crypto import salted_hmac

from rejoinder.discussion.models import Comment, Thread
from rejoinder.interop.models import ImportedRecord

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


def threads() -> list[Thread]:
    """Threads under articles, by address."""
    return list(
        Thread.objects.filter(article__isnull=False).select_related("article").order_by("url")
    )


def comments(thread: Thread, *, since: datetime | None = None) -> Iterator[ExportedComment]:
    """The thread's comments (all states), oldest first, ties broken by id: the order that
    is the same on every site holding the same discussion."""
    rows = Comment.objects.filter(thread=thread)
    if since is not None:
        rows = rows.filter(created_at__gte=since)
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
