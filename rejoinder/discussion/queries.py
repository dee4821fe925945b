"""Every read of a discussion. A page of a thread costs the same few queries however large
the thread is: one for its top-level comments (keyset, never OFFSET), one for their replies."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q, QuerySet

from rejoinder.discussion.models import Comment, CommentState, Thread, Vote
from rejoinder.discussion.ranking import Cursor, Sort


def article_thread_key(article_id: int) -> str:
    return f"article:{article_id}"


def article_thread(article) -> Thread | None:
    """The article's thread, or None if it has none yet (a draft never published)."""
    return Thread.objects.filter(key=article_thread_key(article.pk)).first()


def thread_for_article(article) -> Thread:
    """The article's thread. Publishing opens it (discussion.receivers), so this is a read;
    an article published before that receiver existed gets its thread here, once."""
    from rejoinder.discussion.actions import open_article_thread

    thread = article_thread(article)
    return thread if thread is not None else open_article_thread(article=article)


def comment_counts(*, article_ids: list[int]) -> dict[int, int]:
    """Visible comments per article, for listings (one query for all)."""
    rows = Thread.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "comment_count"
    )
    return dict(rows)


def comment_counts_by_url(urls: list[str]) -> dict[str, int]:
    """Visible comments per page address, for listings that know their articles by URL (one
    query). An address matches the URL a thread was opened under, whole or by its path;
    an address with no thread has 0."""
    paths = {url: urlsplit(url).path or url for url in urls}
    found = dict(
        Thread.objects.filter(url__in={*urls, *paths.values()}).values_list("url", "comment_count")
    )
    return {url: found.get(url, found.get(paths[url], 0)) for url in urls}


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


def cursor_of(comment: Comment, *, featured: bool = False) -> Cursor:
    """The keyset position of `comment`: among the featured ones that open the thread when
    `featured`, else in the chosen sort."""
    return Cursor(
        score=comment.score,
        created=comment.created_at,
        id=comment.pk,
        featured=comment.featured_at if featured else None,
    )


FEATURED_ORDERING = ("-featured_at", "-id")


def _after_featured(cursor: Cursor) -> Q:
    """Featured comments after `cursor` in FEATURED_ORDERING (most recently featured first)."""
    return Q(featured_at__lt=cursor.featured) | Q(featured_at=cursor.featured, id__lt=cursor.id)


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
    With `inline_only`, only conversations started on a passage of the article.

    Featured conversations open the thread in every sort, most recently featured first,
    and count towards the page like any other: the thread reads as one list (featured,
    then the rest in `sort` order) that the pages cut into `limit`-long pieces, so
    following the pages shows every conversation once however many are featured. A page
    opened at a comment (a permalink, `inclusive`) keeps featured ones in their sort place,
    so that a link to one still finds it.

    Two queries whatever the thread's size: the page's share of the sorted rest (keyset,
    never OFFSET), then the replies, which bring the page's featured conversations along."""
    limit = limit or settings.COMMENTS_PER_PAGE
    top = _listed(thread).filter(parent__isnull=True)
    if inline_only:
        top = top.filter(inline_anchor__isnull=False)
    rest = top.order_by(*ORDERING[sort])
    featured = None
    if cursor is not None and inclusive:
        rest = rest.filter(_keyset(sort, cursor, inclusive=True))
    else:
        rest = rest.filter(featured_at__isnull=True)
        if cursor is not None and cursor.featured is None:
            rest = rest.filter(_keyset(sort, cursor, inclusive=False))
        else:
            # Still among the featured: the page starts with the featured after the cursor
            # and, if they run out, goes on with the first of the rest.
            featured = top.filter(featured_at__isnull=False).order_by(*FEATURED_ORDERING)
            if cursor is not None:
                featured = featured.filter(_after_featured(cursor))
            featured = featured.values("pk")[: limit + 1]
    rest_roots = list(rest[: limit + 1])

    nodes = {root.pk: CommentNode(root, display_depth=0) for root in rest_roots}
    hanging = Q(root_id__in=list(nodes))
    if featured is not None:
        hanging |= Q(pk__in=featured) | Q(root_id__in=featured)
    _hang_replies(nodes, _listed().filter(hanging))
    rest_ids = {root.pk for root in rest_roots}
    pinned = sorted(
        (
            node.comment
            for node in nodes.values()
            if node.comment.parent_id is None and node.comment.pk not in rest_ids
        ),
        key=lambda comment: (comment.featured_at, comment.pk),
        reverse=True,
    )
    in_order = [*pinned, *rest_roots]
    shown = in_order[:limit]
    next_cursor = None
    if len(in_order) > limit:
        last = shown[-1]
        next_cursor = cursor_of(last, featured=last.pk not in rest_ids)
    roots = [nodes[comment.pk] for comment in shown]
    return ThreadPage(roots=roots, comment_ids=_ids_in(roots), next_cursor=next_cursor)


def _ids_in(roots: list[CommentNode]) -> list[int]:
    ids, stack = [], list(reversed(roots))
    while stack:
        node = stack.pop()
        ids.append(node.comment.pk)
        stack.extend(reversed(node.replies))
    return ids


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


def awaits_review(comment: Comment) -> bool:
    """Held for a moderator, and its author is told so. A comment hidden quietly (a shadow
    ban, spam) is not: its author sees it as if it were published."""
    return comment.state == CommentState.PENDING and not comment.hidden_quietly


def is_hidden_quietly(comment: Comment) -> bool:
    """Out of the thread without its author being told (a shadow ban, spam): its author
    finds it, and may act on it, exactly as if it were published."""
    return comment.state == CommentState.SPAM or (
        comment.state == CommentState.PENDING and comment.hidden_quietly
    )


def seen_as_published(reader_key: str | None) -> Q:
    """The comments a reader finds as published: the visible ones and, for their author
    alone, those hidden quietly (the same rule as `is_hidden_quietly`). To anyone else a
    quietly hidden comment is as absent as one that never existed."""
    shown = Q(state=CommentState.VISIBLE)
    if reader_key:
        quiet = Q(state=CommentState.SPAM) | Q(state=CommentState.PENDING, hidden_quietly=True)
        shown |= Q(reader_key=reader_key) & quiet
    return shown


@dataclass(frozen=True)
class OwnHiddenComment:
    """One of the reader's own comments that nobody else sees, and why, as far as the
    reader may know: `awaiting_review`, or (when false) shown to them as published."""

    comment: Comment
    awaiting_review: bool


def hidden_comments_of(*, thread: Thread, reader_key: str) -> list[OwnHiddenComment]:
    """The reader's own comments that others do not see (held for review, hidden by a
    shadow ban, taken for spam): shown to them alone, oldest first."""
    hidden = (
        Comment.objects.filter(
            thread=thread,
            reader_key=reader_key,
            state__in=[CommentState.PENDING, CommentState.SPAM],
        )
        .select_related("user", "parent", "inline_anchor")
        .order_by("created_at", "id")
    )
    return [OwnHiddenComment(comment, awaits_review(comment)) for comment in hidden]
