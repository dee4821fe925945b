"""Every read of a discussion. A page of a thread costs the same few queries however large
the thread is: one for its top-level comments (keyset, never OFFSET), one for their replies."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet

from rejoinder.discussion.models import Comment, CommentState, Thread, Vote
from rejoinder.discussion.ranking import Cursor, Sort


def article_thread_key(article_id: int) -> str:
    return f"article:{article_id}"


def thread_for_article(article) -> Thread:
    """The article's thread, created the first time anyone asks for it."""
    thread, _ = Thread.objects.get_or_create(
        key=article_thread_key(article.pk),
        defaults={"article": article, "title": article.title, "url": article.url or ""},
    )
    return thread


def comment_counts(*, article_ids: list[int]) -> dict[int, int]:
    """Visible comments per article, for listings (one query for all)."""
    rows = Thread.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "comment_count"
    )
    return dict(rows)


@dataclass
class CommentNode:
    """A comment as the thread shows it: where it sits and what hangs under it."""

    comment: Comment
    display_depth: int
    replies: list["CommentNode"] = field(default_factory=list)
    parent_name: str = ""


@dataclass(frozen=True)
class ThreadPage:
    roots: list[CommentNode]
    comment_ids: list[int]
    next_cursor: Cursor | None


def _keyset(sort: Sort, cursor: Cursor, *, inclusive: bool) -> Q:
    """Comments after `cursor` in `sort` order (or at it, when inclusive): the same order
    as ranking.sort_key, written as a WHERE clause the partial indexes serve."""
    at_id = Q(id__gte=cursor.id) if inclusive else Q(id__gt=cursor.id)
    if sort is Sort.OLDEST:
        return Q(created_at__gt=cursor.created) | (Q(created_at=cursor.created) & at_id)
    at_id = Q(id__lte=cursor.id) if inclusive else Q(id__lt=cursor.id)
    newer_first = Q(created_at__lt=cursor.created) | (Q(created_at=cursor.created) & at_id)
    if sort is Sort.NEWEST:
        return newer_first
    return Q(score__lt=cursor.score) | (Q(score=cursor.score) & newer_first)


ORDERING = {
    Sort.NEWEST: ("-created_at", "-id"),
    Sort.OLDEST: ("created_at", "id"),
    Sort.MOST_VOTED: ("-score", "-created_at", "-id"),
}


def cursor_of(comment: Comment) -> Cursor:
    return Cursor(score=comment.score, created=comment.created_at, id=comment.pk)


def _listed(thread: Thread | None = None) -> QuerySet[Comment]:
    """Listed comments, of `thread` when given. Replies are fetched by their conversation's
    root alone: naming the thread too lets the database prefer the thread index and read
    every comment of a large thread."""
    listed = Comment.objects.filter(is_listed=True)
    if thread is not None:
        listed = listed.filter(thread=thread)
    # The passage of an inline comment (rejoinder.inline) comes in the same query.
    return listed.select_related("user", "inline_anchor")


def thread_page(
    *,
    thread: Thread,
    sort: Sort,
    cursor: Cursor | None = None,
    inclusive: bool = False,
    limit: int | None = None,
    inline_only: bool = False,
) -> ThreadPage:
    """One page of conversations: `limit` top-level comments after `cursor` in `sort`
    order (from it, when `inclusive`), each with its replies in the order they came.
    With `inline_only`, only conversations started on a passage of the article."""
    limit = limit or settings.COMMENTS_PER_PAGE
    top = _listed(thread).filter(parent__isnull=True).order_by(*ORDERING[sort])
    if inline_only:
        top = top.filter(inline_anchor__isnull=False)
    if cursor is not None:
        top = top.filter(_keyset(sort, cursor, inclusive=inclusive))
    # Featured conversations open the first page in every sort, fetched with the replies;
    # the pages that follow skip them. A page opened at a comment (a permalink) keeps them
    # in their place, so a link to one still finds it.
    with_featured = cursor is None and not inline_only
    if cursor is None or not inclusive:
        top = top.filter(featured_at__isnull=True)
    roots = list(top[: limit + 1])
    next_cursor = cursor_of(roots[limit - 1]) if len(roots) > limit else None
    roots = roots[:limit]

    nodes = {root.pk: CommentNode(root, display_depth=0) for root in roots}
    hanging = Q(root_id__in=list(nodes))
    if with_featured:
        featured = _listed(thread).filter(parent__isnull=True, featured_at__isnull=False)
        hanging |= Q(pk__in=featured.values("pk")) | Q(root_id__in=featured.values("pk"))
    _hang_replies(nodes, _listed().filter(hanging))
    pinned = sorted(
        (c for c in (node.comment for node in nodes.values()) if c.featured_at and not c.parent_id),
        key=lambda comment: comment.featured_at,
        reverse=True,
    )
    shown = [*(c for c in pinned if c not in roots), *roots]
    return ThreadPage(
        roots=[nodes[root.pk] for root in shown], comment_ids=list(nodes), next_cursor=next_cursor
    )


def _hang_replies(nodes: dict[int, CommentNode], replies: QuerySet[Comment]) -> None:
    """Put each reply under its parent, in the order replies came. Past the display depth a
    reply lines up beside its parent, under the same holder, and says whom it answers."""
    max_depth = max(settings.COMMENT_DISPLAY_DEPTH, 1)
    holder_of: dict[int, CommentNode] = {}
    in_time_order = list(replies.order_by("created_at", "id"))
    # Placed parents first (by depth), not by time: app servers' clocks can differ, and a
    # quick reply stamped before its parent must not be lost. sorted() is stable, so the
    # time order within each depth is kept.
    for reply in sorted(in_time_order, key=lambda reply: reply.depth):
        if reply.parent_id is None:  # a featured conversation, fetched with the replies
            nodes.setdefault(reply.pk, CommentNode(reply, display_depth=0))
            continue
        parent = nodes.get(reply.parent_id)
        if parent is None:
            continue
        holder = parent if parent.display_depth < max_depth else holder_of[parent.comment.pk]
        nodes[reply.pk] = CommentNode(
            reply, display_depth=holder.display_depth + 1, parent_name=parent.comment.author_name
        )
        holder_of[reply.pk] = holder
    for reply in in_time_order:
        if reply.pk in holder_of:
            holder_of[reply.pk].replies.append(nodes[reply.pk])


def page_holding(comment: Comment) -> Cursor:
    """Where a page that shows `comment` starts: at its conversation's top-level comment."""
    root = comment if comment.root_id is None else Comment.objects.get(pk=comment.root_id)
    return cursor_of(root)


def votes_by(*, voter_key: str, comment_ids: list[int]) -> dict[int, int]:
    rows = Vote.objects.filter(voter_key=voter_key, comment_id__in=comment_ids)
    return dict(rows.values_list("comment_id", "value"))


def pending_comments_of(*, thread: Thread, reader_key: str) -> list[Comment]:
    """The reader's own comments that wait for a moderator: shown to them alone. Those
    taken for spam show the same way, so a spammer learns nothing from the page."""
    return list(
        Comment.objects.filter(
            thread=thread,
            reader_key=reader_key,
            state__in=[CommentState.PENDING, CommentState.SPAM],
        ).order_by("created_at")
    )
