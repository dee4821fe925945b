"""Every read of a discussion. A page of a thread costs the same few queries however large
the thread is: one for its top-level comments (keyset, never OFFSET), one for their replies,
of which a page shows at most COMMENT_REPLIES_SHOWN a conversation (the rest come a batch at
a time, keyset again, from `conversation_replies`)."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import Coalesce, Length, RowNumber, Substr
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from wagtail.models import Page, PageViewRestriction

from rejoinder.discussion.models import Comment, CommentState, Thread, Vote
from rejoinder.discussion.ranking import Cursor, Sort
from rejoinder.publishing.cache import page_url, site_root_paths
from rejoinder.publishing.models import PublicationRevision


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


def reachable(via: str = "") -> Q:
    """Discussions readers can reach: under a live article, or on a page of no article (an
    external site's, where the embed shows it). `via` leads from the model queried to the
    thread ("thread__" from a comment). Every door that takes a thread or comment id keeps
    to it, so that an unpublished article's discussion is as absent as one that never
    existed; the written-out queries state it as `reachable_sql`, and a test holds them to
    it (tests/discussion/test_unpublished_doors.py)."""
    return Q(**{f"{via}article__isnull": True}) | Q(**{f"{via}article__live": True})


def reachable_threads() -> QuerySet[Thread]:
    """The threads of `reachable` discussions."""
    return Thread.objects.filter(reachable())


def view_restrictions(article: Page) -> QuerySet[PageViewRestriction]:
    """Wagtail's view restrictions on `article` and on the pages above it (a category's
    apply to its articles): one query by the tree's paths, where Page.get_view_restrictions
    reads the ancestors first."""
    ends = range(Page.steplen, len(article.path) + 1, Page.steplen)
    return PageViewRestriction.objects.filter(page__path__in=[article.path[:end] for end in ends])


def unrestricted(via: str = "") -> Q:
    """Discussions of no article under a view restriction (on it or on a page above it), for
    doors without the reader's Wagtail session (the API, the live stream), which cannot tell
    whom a restriction lets in and so let nobody in, as the feeds do. `via` as `reachable`.
    One subquery by the tree's paths, as `restricted_sql` writes it out; Wagtail's
    PageQuerySet.public() reads the restrictions first instead."""
    over_the_article = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef(f"{via}article__path"), 1, Length("page__path"))
    )
    return ~Q(Exists(over_the_article))


def public_threads() -> QuerySet[Thread]:
    """The threads of `reachable` discussions that no view restriction keeps: what a door
    without the reader's session may serve."""
    return reachable_threads().filter(unrestricted())


def restricted_sql(*, page: str) -> str:
    """Whether a view restriction applies to the article of the page table's row (quoted
    name `page`; a thread of no article has none), written out: an EXISTS over Wagtail's
    restrictions joined to their pages, whose paths begin the article's. The table of
    restrictions is small (usually empty), so this costs next to nothing."""
    quote = connection.ops.quote_name
    restriction = quote(PageViewRestriction._meta.db_table)
    above = quote("restricted_page")
    path = quote("path")
    return (
        f"EXISTS (SELECT 1 FROM {restriction} INNER JOIN {quote(Page._meta.db_table)} {above}"
        f" ON {above}.{quote('id')} = {restriction}.{quote('page_id')}"
        f" WHERE SUBSTR({page}.{path}, 1, LENGTH({above}.{path})) = {above}.{path})"
    )


def shown_to(request: HttpRequest, thread: Thread) -> Thread:
    """`thread` (a `reachable` one, with its article) if the reader of `request` may read it,
    else a 404 as for one that does not exist: every view restriction of its article lets
    them in (a password passed in this session, signing in, a group), as Wagtail lets them
    see the article. A page of no article has none. The feeds, which anyone may read, leave
    restricted articles out altogether (`public_threads`)."""
    if thread.article_id is not None and not all(
        restriction.accept_request(request) for restriction in view_restrictions(thread.article)
    ):
        raise Http404(_("There is no such discussion."))
    return thread


def reachable_sql(*, thread: str, page: str) -> str:
    """`reachable` written out, for a statement that joins the thread table (quoted name
    `thread`) to the page table (`page`) on the thread's article."""
    quote = connection.ops.quote_name
    return f"({thread}.{quote('article_id')} IS NULL OR {page}.{quote('live')})"


def thread_to_post_in(thread_id: int, request: HttpRequest) -> Thread | None:
    """A `reachable` thread the reader of `request` may read (`shown_to`), with its article,
    whole, as `select_related("article")` loads them, and the article's URL built from
    Wagtail's site root paths kept for the publication revision read in the same query
    (publishing.cache.site_root_paths), not fetched from the cache. The same query says
    whether a view restriction applies (`restricted_sql`); only then are they read.
    Written out: on every post the ORM's building of this join of three tables took more
    CPU than the rest of the read together (#16)."""
    sql, thread_part, article_part = _thread_to_post_in()
    with connection.cursor() as cursor:
        cursor.execute(sql, [thread_id])
        row = cursor.fetchone()
    if row is None:
        return None
    *columns, revision, restricted = row
    thread_count = len(thread_part)
    thread = _from_row(Thread, thread_part, columns[:thread_count])
    if thread.article_id is not None:
        article_model = Thread._meta.get_field("article").related_model
        article = _from_row(article_model, article_part, columns[thread_count:])
        # The object Wagtail's Page.get_url keeps the paths on when given no request.
        article._wagtail_cached_site_root_paths = site_root_paths(revision)
        thread.article = article
    if restricted:
        try:
            shown_to(request, thread)
        except Http404:
            return None
    return thread


def _from_row(model, part: list, values: Sequence):
    """An instance of `model` from its columns' raw values, converted as the ORM converts
    them (the backend's converters, then the field's own from_db_value)."""
    converted = []
    for (column, converters), value in zip(part, values, strict=True):
        for convert in converters:
            value = convert(value, column, connection)
        converted.append(value)
    names = [column.target.attname for column, _converters in part]
    return model.from_db(connection.alias, names, converted)


@lru_cache(maxsize=1)
def _thread_to_post_in() -> tuple[str, list, list]:
    """The statement, and each model's columns with their converters, written once."""
    quote = connection.ops.quote_name
    article_model = Thread._meta.get_field("article").related_model

    def columns(model) -> list:
        part = []
        for concrete in model._meta.concrete_fields:
            column = concrete.get_col(concrete.model._meta.db_table)
            converters = connection.ops.get_db_converters(column)
            converters += column.get_db_converters(connection)
            part.append((column, converters))
        return part

    thread_part, article_part = columns(Thread), columns(article_model)
    thread_table = quote(Thread._meta.db_table)
    selected = [
        f"{quote(column.alias)}.{quote(column.target.column)}"
        for column, _converters in thread_part + article_part
    ]
    revision = quote(PublicationRevision._meta.db_table)
    selected.append(f"COALESCE((SELECT number FROM {revision} WHERE id = 1), 0)")
    # The article's own table and each table it inherits from share its id.
    joins = [
        f" LEFT JOIN {quote(model._meta.db_table)} ON {quote(model._meta.db_table)}"
        f".{quote(model._meta.pk.column)} = {thread_table}.{quote('article_id')}"
        for model in [article_model, *article_model._meta.get_parent_list()]
    ]
    page = quote(article_model._meta.get_field("live").model._meta.db_table)
    selected.append(restricted_sql(page=page))
    sql = (
        f"SELECT {', '.join(selected)} FROM {thread_table}{''.join(joins)}"
        f" WHERE {thread_table}.{quote('id')} = %s"
        f" AND {reachable_sql(thread=thread_table, page=page)}"
    )
    return sql, thread_part, article_part


def submitted_comment(submission_token: str) -> Comment | None:
    """The comment a submission carrying this one-time token already created, if any. Every
    post asks and almost never finds one: the probe is written out, for the ORM's building
    of a whole comment's query cost ten times the database's answering it (#16)."""
    with connection.cursor() as cursor:
        cursor.execute(_submitted_sql(), [submission_token])
        row = cursor.fetchone()
    return None if row is None else Comment.objects.filter(pk=row[0]).first()


@lru_cache(maxsize=1)
def _submitted_sql() -> str:
    quote = connection.ops.quote_name
    return (
        f"SELECT {quote('id')} FROM {quote(Comment._meta.db_table)}"
        f" WHERE {quote('submission_token')} = %s"
    )


def comment_counts(*, article_ids: list[int], public: bool = False) -> dict[int, int]:
    """Visible comments per article, for listings (one query for all). With `public`, only
    of `public_threads`: an article unpublished or restricted has none, as an unknown one."""
    threads = public_threads() if public else Thread.objects.all()
    rows = threads.filter(article_id__in=article_ids).values_list("article_id", "comment_count")
    return dict(rows)


def comment_counts_by_url(urls: list[str]) -> dict[str, int]:
    """Visible comments per page address, for listings that know their articles by URL (one
    query). An address matches the URL a thread was opened under, whole or by its path;
    an address with no thread has 0, as has one of a thread not in `public_threads`: the
    counts are anyone's, an unpublished or restricted article's included."""
    paths = {url: urlsplit(url).path or url for url in urls}
    wanted = thread_addresses(urls)
    # Plain SQL: building the ORM's query was most of the time of a counts request, which
    # listings ask for on every page view.
    with connection.cursor() as cursor:
        cursor.execute(_counts_by_url_sql(len(wanted)), wanted)
        found = dict(cursor.fetchall())
    return {url: found.get(url, found.get(paths[url], 0)) for url in urls}


def _counts_by_url_sql(count: int) -> str:
    quote = connection.ops.quote_name
    thread, page = quote(Thread._meta.db_table), quote(Page._meta.db_table)
    return (
        f"SELECT {thread}.{quote('url')}, {thread}.{quote('comment_count')} FROM {thread}"
        f" LEFT JOIN {page} ON {page}.{quote('id')} = {thread}.{quote('article_id')}"
        f" WHERE {thread}.{quote('url')} IN ({placeholders(range(count))})"
        f" AND {reachable_sql(thread=thread, page=page)} AND NOT {restricted_sql(page=page)}"
    )


def placeholders(values: Sequence) -> str:
    """One parameter mark per value, for an IN (…) of plain SQL."""
    return ", ".join(["%s"] * len(values))


def thread_addresses(urls: Sequence[str]) -> list[str]:
    """The thread addresses that counts for `urls` look for, each once: every address and
    its path (comment_counts_by_url; the probe of a kept answer reads the same)."""
    return list(dict.fromkeys([*urls, *(urlsplit(url).path or url for url in urls)]))


def counts_refusal(urls: list[str]) -> str | None:
    """Why counts for `urls` cannot be given, or None."""
    if not urls:
        return _("Ask with one url parameter per article.")
    if len(urls) > settings.COUNTS_MAX_URLS:
        return _("Ask for at most %(most)d addresses at once.") % {"most": settings.COUNTS_MAX_URLS}
    if any(len(url) > Thread._meta.get_field("url").max_length for url in urls):
        return _("One of the addresses is too long to be an article's.")
    return None


@dataclass
class CommentNode:
    """A comment as the thread shows it: where it sits and what hangs under it."""

    comment: Comment
    display_depth: int
    replies: list["CommentNode"] = field(default_factory=list)
    parent_name: str = ""
    # Replies of this conversation not shown yet, and where the next batch of them starts.
    more_replies: int = 0
    replies_after: Cursor | None = None


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
    hanging = Q(pk__in=list(nodes)) | Q(root_id__in=list(nodes))
    if featured is not None:
        hanging |= Q(pk__in=featured) | Q(root_id__in=featured)
    rows = list(_first_of_each_conversation(_listed().filter(hanging)))
    _hang_replies(nodes, rows)
    _note_more_replies(nodes, rows)
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


def passage_conversation_count(thread: Thread) -> int:
    """How many conversations the "Inline Feedbacks" tab lists: those started on a passage.
    Kept per thread revision, which every new, removed or restored comment moves."""
    key = f"discussion:passage-conversations:{thread.pk}:{thread.revision}"
    count = cache.get(key)
    if count is None:
        count = _listed(thread).filter(parent__isnull=True, inline_anchor__isnull=False).count()
        cache.set(key, count, 3600)
    return count


def _first_of_each_conversation(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    """Each conversation's top-level comment and its first COMMENT_REPLIES_SHOWN replies,
    in the order they came, each row knowing how many comments its conversation has: one
    query however many replies a conversation holds, so a page's size is bounded."""
    conversation = Coalesce("root_id", "id")
    ranked = comments.annotate(
        place=Window(
            RowNumber(),
            partition_by=[conversation],
            # The top-level comment (no root) first, then its replies in time order.
            order_by=[F("root_id").asc(nulls_first=True), "created_at", "id"],
        ),
        in_conversation=Window(Count("id"), partition_by=[conversation]),
    )
    return ranked.filter(place__lte=replies_shown() + 1).order_by("created_at", "id")


def replies_shown() -> int:
    """Replies a conversation shows at a time (at least one, so a batch always moves on)."""
    return max(settings.COMMENT_REPLIES_SHOWN, 1)


def _note_more_replies(nodes: dict[int, CommentNode], rows: list[Comment]) -> None:
    """Tell each conversation's top-level node how many of its replies the page leaves out
    and where the next batch starts (after the last reply shown)."""
    last_reply: dict[int, Comment] = {}
    for row in rows:  # in time order, so the last one kept is the last shown
        if row.root_id is not None:
            last_reply[row.root_id] = row
    shown = Counter(row.root_id for row in rows if row.root_id is not None)
    for row in rows:
        if row.root_id is None and (node := nodes.get(row.pk)) is not None:
            node.more_replies = row.in_conversation - 1 - shown[row.pk]
            if node.more_replies > 0:
                node.replies_after = reply_cursor(last_reply[row.pk])


@dataclass(frozen=True)
class RepliesPage:
    """A batch of a conversation's later replies, nested among themselves; one whose parent
    came in an earlier batch opens a branch of its own and says whom it answers."""

    conversation: CommentNode
    comment_ids: list[int]
    more_replies: int
    next_cursor: Cursor | None


def reply_cursor(reply: Comment) -> Cursor:
    """The keyset position of a reply within its conversation, where replies come in time
    order: the score plays no part, so it is left out (zero) and each reply has one cursor."""
    return Cursor(score=0, created=reply.created_at, id=reply.pk)


def conversation_replies(
    *, root: Comment, cursor: Cursor | None, inclusive: bool = False, limit: int | None = None
) -> RepliesPage:
    """The next `limit` replies of `root`'s conversation after `cursor` in time order (from
    it, when `inclusive`: a permalink; from the first without a cursor). One query, however
    long the conversation: the remaining count comes with the rows."""
    limit = limit or replies_shown()
    replies = _listed().filter(root_id=root.pk)
    if cursor is not None:
        replies = replies.filter(_keyset(Sort.OLDEST, cursor, inclusive=inclusive))
    rows = list(
        replies.annotate(
            parent_author=F("parent__author_name"), remaining=Window(Count("id"))
        ).order_by("created_at", "id")[:limit]
    )
    conversation = CommentNode(root, display_depth=0)
    _hang_replies({root.pk: conversation}, rows, strays_to=conversation)
    more = rows[0].remaining - len(rows) if rows else 0
    return RepliesPage(
        conversation=conversation,
        comment_ids=_ids_in(conversation.replies),
        more_replies=more,
        next_cursor=reply_cursor(rows[-1]) if more > 0 else None,
    )


def is_reply_position(*, root: Comment, cursor: Cursor) -> bool:
    """Whether `cursor` is where one of `root`'s listed replies stands, exactly as
    `reply_cursor` writes it: only such cursors name a page worth keeping in a cache."""
    if cursor.score != 0 or cursor.featured is not None:
        return False
    return _listed().filter(root_id=root.pk, pk=cursor.id, created_at=cursor.created).exists()


def is_page_position(*, thread: Thread, sort: Sort, cursor: Cursor) -> bool:
    """Whether `cursor` is where one of the thread's listed top-level comments stands now:
    only such cursors name a page worth keeping in a cache (anyone can write a cursor for
    any instant, as many as a flood wants). The score must be zero where it does not place
    a comment (outside Most Voted, among the featured), so each position has one cursor."""
    if cursor.featured is None and sort is not Sort.MOST_VOTED and cursor.score != 0:
        return False
    if cursor.featured is not None and cursor.score != 0:
        return False
    at = _listed(thread).filter(parent__isnull=True, pk=cursor.id, created_at=cursor.created)
    if cursor.featured is not None:
        return at.filter(featured_at=cursor.featured).exists()
    if sort is Sort.MOST_VOTED:
        at = at.filter(score=cursor.score)
    return at.exists()


def replies_before(reply: Comment) -> int:
    """How many listed replies of its conversation came before `reply`: whether a page of
    the thread shows it, or a batch of later replies must."""
    earlier = _keyset(Sort.OLDEST, reply_cursor(reply), inclusive=True)
    return Comment.objects.filter(root_id=reply.root_id, is_listed=True).exclude(earlier).count()


def _ids_in(roots: list[CommentNode]) -> list[int]:
    ids, stack = [], list(reversed(roots))
    while stack:
        node = stack.pop()
        ids.append(node.comment.pk)
        stack.extend(reversed(node.replies))
    return ids


def _hang_replies(
    nodes: dict[int, CommentNode],
    in_time_order: list[Comment],
    *,
    strays_to: CommentNode | None = None,
) -> None:
    """Put each reply under its parent, in the order replies came. Past the display depth a
    reply lines up beside its parent, under the same holder, and says whom it answers. A
    reply whose parent is not here goes under `strays_to` when given (a later batch of a
    conversation), else it is left out."""
    max_depth = max(settings.COMMENT_DISPLAY_DEPTH, 1)
    holder_of: dict[int, CommentNode] = {}
    # Placed parents first (by depth), not by time: app servers' clocks can differ, and a
    # quick reply stamped before its parent must not be lost. sorted() is stable, so the
    # time order within each depth is kept.
    for reply in sorted(in_time_order, key=lambda reply: reply.depth):
        if reply.parent_id is None:  # a top-level comment, fetched with the replies
            nodes.setdefault(reply.pk, CommentNode(reply, display_depth=0))
            continue
        parent = nodes.get(reply.parent_id)
        if parent is None:
            if strays_to is None:
                continue
            holder, parent_name = strays_to, getattr(reply, "parent_author", "")
        else:
            holder = parent if parent.display_depth < max_depth else holder_of[parent.comment.pk]
            parent_name = parent.comment.author_name
        nodes[reply.pk] = CommentNode(
            reply, display_depth=holder.display_depth + 1, parent_name=parent_name
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
class VoteTarget:
    """A comment to vote on, and the address of its discussion (`thread_url`) to send the
    reader back to."""

    comment: Comment
    thread_url: str | None


def comment_to_vote_on(
    comment_id: int, reader_key: str | None, request: HttpRequest | None = None
) -> VoteTarget | None:
    """The comment a reader may vote on, through any door (the form, htmx, the API), with
    what a vote reads of it: one they find published (`seen_as_published`) in a discussion
    readers can reach (`reachable`) and that its article's view restrictions let them read:
    `shown_to` the reader of `request` (whose session may hold a password given), or, with
    no request (the API, without Wagtail sessions), under no restriction at all. Anything
    else is None, as a comment that does not exist: someone else's held, spam or removed
    comment, one under an unpublished article or one the reader may not read.
    The vote itself refuses one's own comment and a closed thread (actions.vote).

    It reads the comment's author key, its thread's state and address, and the article's
    path with the publication revision read in the same query, for the redirect back to it:
    the article's URL is kept with Wagtail's site root paths for that revision
    (publishing.cache.page_url), so the article itself is built only when its URL is not
    kept or a view restriction applies. One written-out query: on the most frequent write
    there is, the ORM's building of it took a third of the vote's CPU (#16), and the root
    paths from the cache a round trip to Redis. The same query says whether a view
    restriction applies (`restricted_sql`); only then are the restrictions read, to ask
    whether they let the reader in."""
    if not 1 <= comment_id < 2**63:  # beyond a bigint id, which SQLite cannot even compare
        return None
    params: list = [comment_id, CommentState.VISIBLE.value]
    if reader_key:
        params += [reader_key, CommentState.SPAM.value, CommentState.PENDING.value]
    with connection.cursor() as cursor:
        cursor.execute(_vote_target_sql(connection.vendor, bool(reader_key)), params)
        row = cursor.fetchone()
    if row is None:
        return None
    key, thread_id, article_id, url, is_closed, url_path, path, revision, restricted = row
    if restricted and request is None:
        return None
    found = _loaded(Comment, id=comment_id, reader_key=key, thread_id=thread_id)
    found.thread = _loaded(
        Thread, id=thread_id, article_id=article_id, url=url, is_closed=bool(is_closed)
    )
    if article_id is None:
        return VoteTarget(found, url)

    def article(paths: list) -> Page:
        built = _loaded(
            Thread._meta.get_field("article").related_model,
            id=article_id,
            page_ptr_id=article_id,
            url_path=url_path,
            path=path,
        )
        # The object Wagtail's Page.get_url keeps the paths on when given no request.
        built._wagtail_cached_site_root_paths = paths
        return built

    if restricted:
        found.thread.article = article(site_root_paths(revision))
        try:
            shown_to(request, found.thread)
        except Http404:
            return None
    return VoteTarget(found, page_url(revision, url_path, article))


@lru_cache(maxsize=8)
def _vote_target_sql(vendor: str, with_reader: bool) -> str:
    """comment_to_vote_on's statement, written once per process and vendor: quoting its
    names cost a vote more than running it did (#16)."""
    quote = connection.ops.quote_name
    comment, thread = quote(Comment._meta.db_table), quote(Thread._meta.db_table)
    article_model = Thread._meta.get_field("article").related_model
    page = quote(article_model._meta.get_field("url_path").model._meta.db_table)
    revision = quote(PublicationRevision._meta.db_table)
    seen = f"{comment}.{quote('state')} = %s"
    if with_reader:
        seen += (
            f" OR ({comment}.{quote('reader_key')} = %s AND ({comment}.{quote('state')} = %s"
            f" OR ({comment}.{quote('state')} = %s AND {comment}.{quote('hidden_quietly')})))"
        )
    return (
        f"SELECT {comment}.{quote('reader_key')}, {comment}.{quote('thread_id')},"
        f" {thread}.{quote('article_id')}, {thread}.{quote('url')},"
        f" {thread}.{quote('is_closed')}, {page}.{quote('url_path')}, {page}.{quote('path')},"
        f" COALESCE((SELECT number FROM {revision} WHERE id = 1), 0),"
        f" {restricted_sql(page=page)}"
        f" FROM {comment} INNER JOIN {thread}"
        f" ON {thread}.{quote('id')} = {comment}.{quote('thread_id')}"
        f" LEFT JOIN {page} ON {page}.{quote('id')} = {thread}.{quote('article_id')}"
        f" WHERE {comment}.{quote('id')} = %s AND ({seen})"
        f" AND {reachable_sql(thread=thread, page=page)}"
    )


def _loaded(model, **values):
    """An instance of `model` as the ORM loads one with only these fields (the rest
    deferred): from_db takes the values in the order of the model's columns."""
    names = _column_order(model, tuple(values))
    return model.from_db(None, names, [values[name] for name in names])


@lru_cache(maxsize=16)
def _column_order(model, names: tuple[str, ...]) -> tuple[str, ...]:
    """`names` in the order of the model's columns (a model has many; a vote loads three)."""
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in names)


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


def _in_public_threads() -> Q:
    """Comments of `public_threads`: the feeds, which anyone may read, have no reader to ask
    a view restriction about."""
    return reachable("thread__") & unrestricted("thread__")


def latest_published(*, thread: Thread | None = None, limit: int) -> list[Comment]:
    """The newest published comments, of `thread` or of every public thread: for feeds,
    which anyone may read, so nothing held, hidden or removed, and no restricted page."""
    comments = Comment.objects.filter(_in_public_threads(), state=CommentState.VISIBLE)
    if thread is not None:
        comments = comments.filter(thread=thread)
    return list(
        comments.select_related("thread", "thread__article", "parent").order_by(
            "-created_at", "-id"
        )[:limit]
    )


def latest_replies_to(*, email: str, user_id: int | None, limit: int) -> list[Comment]:
    """The newest published replies to comments written with `email` (normalised) or by
    the account `user_id`, not counting their own replies to themselves."""
    theirs = Q(parent__author_email_normalised=email) if email else Q(pk__in=[])
    mine = Q(author_email_normalised=email) if email else Q(pk__in=[])
    if user_id is not None:
        theirs |= Q(parent__user_id=user_id)
        mine |= Q(user_id=user_id)
    comments = Comment.objects.filter(
        theirs, _in_public_threads(), state=CommentState.VISIBLE
    ).exclude(mine)
    return list(
        comments.select_related("thread", "thread__article", "parent").order_by(
            "-created_at", "-id"
        )[:limit]
    )
