"""How a thread is shown: the shared part, rendered once per (thread revision, sort, page)
and cached, and the reader's own part laid over it on every request.

What belongs to one reader (their votes pressed, their edit and delete controls, the CSRF
token) is never rendered into the cached part: the cached HTML carries markers, and
`personalise` fills them in for the reader at hand. So do the author's own quietly hidden
comments (a shadow ban, spam): `_lay_in` puts them into a copy of the shared part, where
published ones would show, before `personalise`, so they get controls like any other; and
the count over the thread (`comment_count_for`) includes them for their author alone.

Votes change only numbers: they bump the thread's `votes_revision`, not its `revision`, so a
page rendered before a vote is kept and gets the current totals laid over it
(`with_vote_totals`: one indexed read, no render), cached per votes revision. "Most Voted"
is the one order votes change: its pages are rendered anew when votes came in and the kept
render is older than VOTE_RERANK_SECONDS, so its order lags the votes by at most that."""

import re
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, QueryDict
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from rejoinder.discussion.identity import Reader, known_reader
from rejoinder.discussion.models import Comment, Thread
from rejoinder.discussion.queries import (
    CommentNode,
    OwnHiddenComment,
    awaits_review,
    conversation_replies,
    hidden_comments_of,
    is_page_position,
    is_reply_position,
    passage_conversation_count,
    thread_page,
    votes_by,
)
from rejoinder.discussion.ranking import Cursor, Sort, parse_sort
from rejoinder.discussion.screening import closing_time

SORT_COOKIE = "rejoinder_sort"
SORT_CHOICES = [
    (Sort.NEWEST.value, _("Newest")),
    (Sort.OLDEST.value, _("Oldest")),
    (Sort.MOST_VOTED.value, _("Most Voted")),
]
CSRF_MARK = "<!--rj:csrf-->"
CACHE_SECONDS = 3600
# A page with one votes revision's totals is of no use after the next vote; on a thread voted
# on all day, an hour's worth of them would fill a shared cache. Laying totals anew is cheap.
TOTALS_CACHE_SECONDS = 300


@dataclass(frozen=True)
class PageRequest:
    """Which page of a thread a request asks for: sort, and where the page starts."""

    sort: Sort
    cursor: Cursor | None = None
    inclusive: bool = False
    inline_only: bool = False  # ?filter=inline: the "Inline Feedbacks" tab

    @classmethod
    def from_request(cls, request: HttpRequest) -> "PageRequest":
        return cls.from_query(request.GET, sort_cookie=request.COOKIES.get(SORT_COOKIE))

    @classmethod
    def from_query(cls, query: QueryDict, *, sort_cookie: str | None) -> "PageRequest":
        """The page that a query string (and the remembered sort) asks for. Only the
        parameters below count, so any other (junk, tracking tags) names the same page; a
        cursor's score is kept only where it places the page (Most Voted, outside the
        featured ones), so each position has one spelling."""
        sort = parse_sort(query.get("sort") or sort_cookie)
        inline_only = query.get("filter") == "inline"
        if start := Cursor.decode(query.get("start")):
            return cls(sort, _placing(start, sort), inclusive=True, inline_only=inline_only)
        after = Cursor.decode(query.get("after"))
        return cls(sort, after and _placing(after, sort), inline_only=inline_only)

    @property
    def cache_part(self) -> str:
        cursor = self.cursor.encode() if self.cursor else "first"
        return f"{self.sort.value}:{cursor}:{int(self.inclusive)}:{int(self.inline_only)}"

    def names_real_page(self, thread: Thread) -> bool:
        """Whether the page starts where a comment of `thread` stands (or at the top): only
        such a page may be kept in a cache, so a flood of made-up cursors keeps nothing."""
        return self.cursor is None or is_page_position(
            thread=thread, sort=self.sort, cursor=self.cursor
        )


def _placing(cursor: Cursor, sort: Sort) -> Cursor:
    """`cursor` with its score zeroed where the score does not place a comment."""
    if sort is Sort.MOST_VOTED and cursor.featured is None:
        return cursor
    return Cursor(score=0, created=cursor.created, id=cursor.id, featured=cursor.featured)


@dataclass(frozen=True)
class RepliesRequest:
    """Which batch of a conversation's replies a request asks for: after a reply ("Show
    more replies"), from one (a permalink to it), or from the first."""

    cursor: Cursor | None = None
    inclusive: bool = False

    @classmethod
    def from_request(cls, request: HttpRequest) -> "RepliesRequest":
        if start := Cursor.decode(request.GET.get("start")):
            return cls(start, inclusive=True)
        return cls(Cursor.decode(request.GET.get("after")))

    @property
    def cache_part(self) -> str:
        cursor = self.cursor.encode() if self.cursor else "first"
        return f"{cursor}:{int(self.inclusive)}"


@dataclass(frozen=True)
class Fragment:
    html: str
    comment_ids: list[int]
    # comment id -> (reader key, posted at): enough to lay the author's controls over it.
    owners: dict[int, tuple[str, datetime]]
    votes_revision: int = 0  # the thread's votes revision whose totals `html` shows
    ranked_at: int = 0  # the votes revision whose scores placed the comments
    rendered_at: float = 0.0  # time.time() of the render


def page_items(
    *, thread: Thread, wanted: PageRequest, thread_url: str, article_author_id: int | None
) -> Fragment:
    """The shared HTML of one page of comments (list items and the "load more" link)."""

    def render() -> Fragment:
        page = thread_page(
            thread=thread,
            sort=wanted.sort,
            cursor=wanted.cursor,
            inclusive=wanted.inclusive,
            inline_only=wanted.inline_only,
        )
        context = {
            "page": page,
            "thread": thread,
            "sort": wanted.sort.value,
            "inline_only": wanted.inline_only,
            "thread_url": thread_url,
            "article_author_id": article_author_id,
        }
        html = render_to_string("discussion/items.html", context)
        return Fragment(html, page.comment_ids, _owners(page.roots))

    return _shared_fragment(
        key=fragment_cache_key(
            thread=thread, part=f"items:{wanted.cache_part}", thread_url=thread_url
        ),
        thread=thread,
        render=render,
        keepable=lambda: wanted.names_real_page(thread),
        ranked_by_votes=wanted.sort is Sort.MOST_VOTED,
    )


def _shared_fragment(
    *,
    key: str,
    thread: Thread,
    render: Callable[[], Fragment],
    keepable: Callable[[], bool],
    ranked_by_votes: bool,
) -> Fragment:
    """The shared fragment under `key` with the thread's current vote totals: kept per votes
    revision; on a vote, the kept render with fresh totals laid over it, rendered anew only
    when votes may have changed its order (`ranked_by_votes`) and it is old enough."""

    def order_is_due(fragment: Fragment) -> bool:
        return (
            ranked_by_votes
            and fragment.ranked_at != thread.votes_revision
            and time.time() - fragment.rendered_at >= settings.VOTE_RERANK_SECONDS
        )

    current = f"{key}:v{thread.votes_revision}"
    if (fragment := cache.get(current)) is not None and not order_is_due(fragment):
        return fragment
    base = cache.get(key)
    if base is None or order_is_due(base):
        revision = thread.votes_revision
        base = replace(
            render(), votes_revision=revision, ranked_at=revision, rendered_at=time.time()
        )
        if not keepable():
            return base
        cache.set(key, base, CACHE_SECONDS)
    fragment = with_vote_totals(base, thread=thread)
    cache.set(current, fragment, TOTALS_CACHE_SECONDS)
    return fragment


_TOTAL = re.compile(r'data-(up|down|score)="(\d+)">-?\d+<')


def with_vote_totals(fragment: Fragment, *, thread: Thread) -> Fragment:
    """`fragment` showing the vote totals of `thread.votes_revision` (or later: the totals
    are read after the revision was, so they are never older than it claims)."""
    if fragment.votes_revision == thread.votes_revision or not fragment.comment_ids:
        return replace(fragment, votes_revision=thread.votes_revision)
    totals = {
        pk: {"up": up, "down": down, "score": score}
        for pk, up, down, score in Comment.objects.filter(pk__in=fragment.comment_ids).values_list(
            "pk", "upvotes", "downvotes", "score"
        )
    }

    def current(match: re.Match) -> str:
        kind, comment_id = match[1], int(match[2])
        if comment_id not in totals:
            return match[0]
        return f'data-{kind}="{comment_id}">{totals[comment_id][kind]}<'

    html = _TOTAL.sub(current, fragment.html)
    return replace(fragment, html=html, votes_revision=thread.votes_revision)


def fragment_cache_key(*, thread: Thread, part: str, thread_url: str) -> str:
    """The cache key of a piece of a thread's shared HTML. `part` says which piece, and
    must be built from validated, normalised parameters only (`PageRequest.cache_part`):
    what a reader may spell freely must not mint new keys."""
    where = zlib.crc32(thread_url.encode())
    # Closed is in the key as well as the revision: a thread past its closing age shows
    # closed (no reply links) before the worker's pass closes it and bumps the revision.
    state = f"{thread.revision}{'c' if as_shown(thread).is_closed else ''}"
    return f"rj:{part}:{thread.pk}:{state}:{get_language()}:{where}"


def _owners(roots: list[CommentNode]) -> dict[int, tuple[str, datetime]]:
    owners = {}
    stack = list(roots)
    while stack:
        node = stack.pop()
        owners[node.comment.pk] = (node.comment.reader_key, node.comment.created_at)
        stack.extend(node.replies)
    return owners


def replies_items(
    request: HttpRequest,
    *,
    root: Comment,
    wanted: RepliesRequest,
    thread_url: str,
    article_author_id: int | None,
) -> SafeString:
    """A batch of a conversation's later replies ("Show more replies"), shared HTML cached
    like a page's, with the reader's part laid over it: their quietly hidden replies under
    the replies of this batch they answer, their votes and controls."""
    thread = root.thread

    def render() -> Fragment:
        page = conversation_replies(root=root, cursor=wanted.cursor, inclusive=wanted.inclusive)
        context = {"page": page, "thread": thread, "article_author_id": article_author_id}
        html = render_to_string("discussion/replies_items.html", context)
        return Fragment(html, page.comment_ids, _owners(page.conversation.replies))

    part = f"replies:{root.pk}:{wanted.cache_part}"
    fragment = _shared_fragment(
        key=fragment_cache_key(thread=thread, part=part, thread_url=thread_url),
        thread=thread,
        render=render,
        keepable=lambda: (
            wanted.cursor is None or is_reply_position(root=root, cursor=wanted.cursor)
        ),
        ranked_by_votes=False,  # replies run oldest first
    )
    quiet = [own.comment for own in own_hidden(request, thread=thread) if not own.awaiting_review]
    laid = _lay_in(fragment, quiet, thread=thread, wanted=None, article_author_id=article_author_id)
    return personalise(laid, request=request, reader=known_reader(request))


def personalise(
    fragment: Fragment, *, request: HttpRequest, reader: Reader | None, csrf_html: str | None = None
) -> SafeString:
    """The shared HTML with this reader's part laid over it. `csrf_html` replaces the
    reader's CSRF token: CSRF_MARK keeps the page shareable (see shared_reads)."""
    html = fragment.html.replace(CSRF_MARK, csrf_input(request) if csrf_html is None else csrf_html)
    for comment_id, controls in _staff_controls(request, fragment.comment_ids).items():
        marker = f"<!--rj:own:{comment_id}-->"
        html = html.replace(marker, controls + marker, 1)  # the marker stays for own controls
    if reader is not None:
        for comment_id, value in votes_by(
            voter_key=reader.key, comment_ids=fragment.comment_ids
        ).items():
            pressed = f'data-vote="{comment_id}:{"up" if value == 1 else "down"}"'
            html = html.replace(f'aria-pressed="false" {pressed}', f'aria-pressed="true" {pressed}')
        deadline = timezone.now() - timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)
        for comment_id, (owner_key, posted_at) in fragment.owners.items():
            if owner_key == reader.key and posted_at >= deadline:
                controls = render_to_string(
                    "discussion/own_controls.html", {"comment_id": comment_id}, request=request
                )
                html = html.replace(f"<!--rj:own:{comment_id}-->", controls)
    return mark_safe(html)  # our templates, over sanitised comment HTML


def _staff_controls(request: HttpRequest, comment_ids: list[int]) -> dict[int, str]:
    """What staff may do to each comment where it stands (settings.COMMENT_STAFF_CONTROLS,
    moderation's in-place controls): nothing at all for readers."""
    if not comment_ids or not getattr(request, "user", None) or not request.user.is_staff:
        return {}
    return import_string(settings.COMMENT_STAFF_CONTROLS)(request, comment_ids)


def csrf_input(request: HttpRequest) -> str:
    """The form's CSRF input; none for a request whose writes carry their proof in a header
    (`csrf_in_header`), which then sets no CSRF cookie either."""
    if getattr(request, "csrf_in_header", False):
        return ""
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )


def as_shown(thread: Thread) -> Thread:
    """The thread as readers should find it: closed, form gone, once the policy says so (a
    category's closing age), even before the worker's pass has closed it in the database.
    Marks the instance, so every part of one page (and its cache key) agrees, and the policy
    is asked once a page, not once a part; `closes_at` says until when the page holds."""
    if not hasattr(thread, "closes_at"):
        thread.closes_at = closing_time(thread=thread)
        if thread.closes_at is not None and timezone.now() >= thread.closes_at:
            thread.is_closed, thread.closes_at = True, None
    return thread


def own_hidden(request: HttpRequest, *, thread: Thread) -> list[OwnHiddenComment]:
    """The reader's own comments in `thread` that others do not see, read once a request:
    the heading's count, the article's metadata and the thread view all ask."""
    reader = known_reader(request)
    if reader is None:
        return []
    read = request.__dict__.setdefault("_rj_own_hidden", {})
    if (thread.pk, reader.key) not in read:
        read[thread.pk, reader.key] = hidden_comments_of(thread=thread, reader_key=reader.key)
    return read[thread.pk, reader.key]


def comment_count_for(request: HttpRequest, *, thread: Thread) -> int:
    """The thread's count as this reader should find it: the visible comments and, for
    their author alone, the ones hidden quietly, which they see as published (a count one
    short would give the shadow ban away). Per reader: never put into shared HTML."""
    quiet = sum(not own.awaiting_review for own in own_hidden(request, thread=thread))
    return thread.comment_count + quiet


def thread_view(
    request: HttpRequest,
    *,
    thread: Thread,
    thread_url: str,
    article_author_id: int | None,
    csrf_html: str | None = None,
) -> SafeString:
    """Sort tabs, the reader's own comments that others do not see, and the first (or
    asked-for) page. Of those hidden comments, the ones held for review are listed as
    awaiting moderation; the ones hidden quietly (a shadow ban, spam) are laid into the
    page exactly as published ones would be, so the page tells their author nothing."""
    wanted = PageRequest.from_request(request)
    reader = known_reader(request)
    hidden = own_hidden(request, thread=thread)
    quiet = [own.comment for own in hidden if not own.awaiting_review]
    fragment = page_items(
        thread=thread, wanted=wanted, thread_url=thread_url, article_author_id=article_author_id
    )
    laid = _lay_in(
        fragment, quiet, thread=thread, wanted=wanted, article_author_id=article_author_id
    )
    context = {
        "thread": thread,
        "thread_url": thread_url,
        "sort": wanted.sort.value,
        "inline_only": wanted.inline_only,
        "passage_conversations": passage_conversation_count(thread),
        "sort_choices": SORT_CHOICES,
        "started_later": wanted.cursor is not None,
        "items": personalise(laid, request=request, reader=reader, csrf_html=csrf_html),
        "total": bool(fragment.comment_ids) or bool(quiet),
        "pending": [own.comment for own in hidden if own.awaiting_review],
    }
    return mark_safe(render_to_string("discussion/thread_view.html", context, request=request))


def later_items(
    request: HttpRequest,
    *,
    thread: Thread,
    wanted: PageRequest,
    thread_url: str,
    article_author_id: int | None,
    csrf_html: str | None = None,
) -> SafeString:
    """A later page of the thread ("load more"), with the reader's quietly hidden replies
    under the comments of it that they answer, as on the first page."""
    quiet = [own.comment for own in own_hidden(request, thread=thread) if not own.awaiting_review]
    fragment = page_items(
        thread=thread, wanted=wanted, thread_url=thread_url, article_author_id=article_author_id
    )
    laid = _lay_in(
        fragment, quiet, thread=thread, wanted=wanted, article_author_id=article_author_id
    )
    return personalise(laid, request=request, reader=known_reader(request), csrf_html=csrf_html)


def _lay_in(
    fragment: Fragment,
    comments: list[Comment],
    *,
    thread: Thread,
    wanted: PageRequest | None,
    article_author_id: int | None,
) -> Fragment:
    """A copy of the shared part with the reader's quietly hidden comments where published
    ones would show: a reply last under the comment whose reply list holds it (when that is
    on this page), a top-level comment first on the first page (where a just-posted one
    appears) or on the page its permalink opens at it; `wanted` is None for a batch of a
    conversation's replies, where no top-level comment goes. Their ids and owners join the
    fragment's, so that `personalise` lays their author's controls over them."""
    if not comments:
        return fragment
    html, ids, owners = fragment.html, list(fragment.comment_ids), dict(fragment.owners)

    def drawn(comment: Comment) -> str:
        ids.append(comment.pk)
        owners[comment.pk] = (comment.reader_key, comment.created_at)
        node = CommentNode(
            comment,
            display_depth=min(comment.depth, settings.COMMENT_DISPLAY_DEPTH),
            parent_name=comment.parent.author_name if comment.parent_id else "",
        )
        context = {
            "node": node,
            "thread": thread,
            "parent_id": comment.parent_id,
            "article_author_id": article_author_id,
        }
        return render_to_string("discussion/comment.html", context)

    opened_at = wanted.cursor.id if wanted and wanted.cursor and wanted.inclusive else None
    tops = [
        comment
        for comment in comments
        if wanted is not None
        and not comment.parent_id
        and (wanted.cursor is None or comment.pk == opened_at)
        and (not wanted.inline_only or hasattr(comment, "inline_anchor"))
    ]
    for comment in reversed(tops):  # each goes first: the newest ends on top
        html = drawn(comment) + html
    # Replies oldest first, each after those before it, as published replies come; a reply
    # to one laid in above finds its parent's reply list already there.
    for comment in comments:
        if not comment.parent_id:
            continue
        target, _swap = placement(comment)
        marker = f"<!--rj:replies:{target.removeprefix('#replies-')}-->"
        if marker in html:
            html = html.replace(marker, drawn(comment) + marker, 1)
    return replace(fragment, html=html, comment_ids=ids, owners=owners)


def posted_notice(comment: Comment) -> str:
    """What the form says once a comment is in: held for review, or posted. A comment hidden
    quietly (a shadow ban, spam) is "posted" to its author, as it looks to them."""
    if awaits_review(comment):
        return gettext(
            "Your comment is awaiting moderation: only you can see it until a moderator "
            "approves it."
        )
    return gettext("Your comment is posted.")


def remember_sort(request: HttpRequest, response) -> None:
    """Keep the reader's chosen sort for their next visit."""
    if (value := request.GET.get("sort")) and value in {choice for choice, _ in SORT_CHOICES}:
        response.set_cookie(
            SORT_COOKIE, value, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )


def placement(comment: Comment) -> tuple[str, str]:
    """Where a just-posted comment goes on the page: (CSS target, htmx swap). A top-level
    comment goes first; a reply last under the comment whose reply list shows it (its
    parent or, past the display depth, the nearest ancestor above that depth)."""
    if not comment.parent_id:
        return "#comment-list", "afterbegin"
    holder = comment.parent
    while holder.depth >= max(settings.COMMENT_DISPLAY_DEPTH, 1):
        holder = holder.parent
    return f"#replies-{holder.pk}", "beforeend"


def new_comment_html(request: HttpRequest, *, comment: Comment, reader: Reader) -> SafeString:
    """A just-posted comment, with its author's controls, marked for focus; one held for
    review shows as awaiting moderation, as the thread will show it to its author."""
    if awaits_review(comment):
        return mark_safe(
            render_to_string("discussion/pending_comment.html", {"comment": comment, "new": True})
        )
    node = CommentNode(
        comment,
        display_depth=min(comment.depth, settings.COMMENT_DISPLAY_DEPTH),
        parent_name=comment.parent.author_name if comment.parent_id else "",
    )
    thread = comment.thread
    context = {
        "node": node,
        "thread": thread,
        "parent_id": comment.parent_id,
        "article_author_id": article_author_id(thread),
    }
    html = render_to_string("discussion/comment.html", context)
    owners = {comment.pk: (comment.reader_key, comment.created_at)}
    html = personalise(Fragment(html, [comment.pk], owners), request=request, reader=reader)
    marked = html.replace(
        f'id="comment-{comment.pk}"', f'id="comment-{comment.pk}" data-new-comment', 1
    )
    return mark_safe(marked)


def thread_url(thread: Thread) -> str:
    return thread.article.url if thread.article_id else thread.url


def article_author_id(thread: Thread) -> int | None:
    """The account of the article's author, so their comments carry an "Author" mark."""
    article = thread.article if thread.article_id else None
    return article.author.user_id if article and article.author else None
