"""Threads: find one (by article, by the address of its page, by another site's key and page
identifier, by id), read a page of its comments, and count comments for many pages at once."""

import re
from functools import lru_cache
from typing import Annotated, Literal, get_args
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from rejoinder.api import callers
from rejoinder.api.errors import ApiError, error_responses
from rejoinder.api.schemas import (
    NO_NUL,
    CommentOut,
    CommentTreeOut,
    Presenter,
    ThreadId,
    ThreadOut,
    thread_out,
)
from rejoinder.discussion.models import Thread
from rejoinder.discussion.presenters import as_shown
from rejoinder.discussion.queries import (
    CommentNode,
    comment_counts,
    comment_counts_by_url,
    hidden_comments_of,
    is_page_position,
    public_threads,
    thread_page,
    votes_by,
)
from rejoinder.discussion.ranking import Cursor, Sort
from rejoinder.discussion.shared_reads import (
    PlainSource,
    VoteTotals,
    counts_state,
    request_part,
    share_counts,
    share_page,
)
from rejoinder.embed.models import ExternalPage, Site
from rejoinder.embed.origins import page_identifier
from rejoinder.embed.queries import comment_counts_by_page, external_thread, site_by_key
from rejoinder.embed.shared_counts import counts_probe
from rejoinder.publishing.cache import current_revision
from rejoinder.publishing.models import PublicationRevision

router = Router(tags=["threads"])

URL_MAX_LENGTH = Thread._meta.get_field("url").max_length
SITE_KEY_MAX_LENGTH = Site._meta.get_field("key").max_length
IDENTIFIER_MAX_LENGTH = ExternalPage._meta.get_field("identifier").max_length
SITE_KEY = r"^[-a-zA-Z0-9_]+$"  # a slug, as Site.key is


def published_threads() -> QuerySet[Thread]:
    """Threads readers can reach under no view restriction (discussion.queries.public_threads:
    an API caller has no Wagtail session a password or a sign-in could be kept in), with
    what the API shows."""
    return public_threads().select_related("article", "article__author")


def get_thread(thread_id: int) -> Thread:
    thread = published_threads().filter(pk=thread_id).first()
    if thread is None:
        raise ApiError(404, "thread_not_found", _("There is no discussion with that id."))
    return thread


class ThreadLookup(Schema):
    # One way of naming a thread at a time: an article, a page's address, or a page of
    # another site that embeds the discussion (`site` and `identifier` together).
    article: int | None = Field(None, ge=1, le=2**63 - 1, description="An article's id.")
    url: str | None = Field(
        None,
        min_length=1,
        max_length=URL_MAX_LENGTH,
        pattern=NO_NUL,
        description="The address of the page, whole or its path (e.g. /opinion/an-article/).",
    )
    site: str | None = Field(
        None,
        min_length=1,
        max_length=SITE_KEY_MAX_LENGTH,
        pattern=SITE_KEY,
        description="The key of a site that embeds discussions (its embed code's data-site).",
    )
    identifier: str | None = Field(
        None,
        min_length=1,
        max_length=IDENTIFIER_MAX_LENGTH,
        pattern=NO_NUL,
        description=(
            "With `site`: the page as its embed names it, its data-page-id or else its "
            "address (query and fragment are ignored, as the embed ignores them)."
        ),
    )


@router.get(
    "/threads/lookup",
    response={200: ThreadOut, **error_responses(401, 404, 422)},
    summary="Find the discussion of an article or a page",
    url_name="thread_lookup",
)
def lookup_thread(request: HttpRequest, where: Query[ThreadLookup]):
    """A page of another site has a discussion from its first comment on: until then
    this answers 404, as for any page without one."""
    callers.for_read(request)
    named = [where.article is not None, where.url is not None, where.site is not None]
    half = (where.site is None) != (where.identifier is None)
    if sum(named) != 1 or half or (where.identifier is not None and not where.identifier.strip()):
        message = _("Name the thread by exactly one of: article, url, site with identifier.")
        fields = dict.fromkeys(("article", "url", "site", "identifier"), message)
        raise ApiError(422, "invalid_input", message, fields=fields)
    threads = published_threads()
    if where.article is not None:
        thread = threads.filter(article_id=where.article).first()
    elif where.site is not None:
        thread = _site_page_thread(where.site, where.identifier)
    else:
        path = urlsplit(where.url).path or where.url
        thread = threads.filter(url__in={where.url, path}).order_by("pk").first()
    if thread is None:
        raise ApiError(404, "thread_not_found", _("There is no discussion there."))
    return thread_out(thread)


def _site_page_thread(key: str, identifier: str) -> Thread | None:
    """The discussion of a site's page, named as its embed names it: an id the embed sent
    as it was sent, an address as the embed keeps it (the id is tried first, as it wins in
    the embed). UnknownSite (404) for a key no site has."""
    site = site_by_key(key)
    for named in _names_of_page(identifier):
        if thread := external_thread(site=site, identifier=named):
            return thread
    return None


def _names_of_page(identifier: str) -> list[str]:
    """What the embed may have keyed a page by, from what a caller sends: an explicit id
    (data-page-id) as sent, which wins, or an address normalised as the embed does."""
    return list(
        dict.fromkeys([page_identifier(page_id=identifier), page_identifier(url=identifier)])
    )


@router.get(
    "/threads/{thread_id}",
    response={200: ThreadOut, **error_responses(401, 404)},
    summary="One discussion",
    url_name="thread",
)
def read_thread(request: HttpRequest, thread_id: ThreadId):
    callers.for_read(request)
    return thread_out(get_thread(thread_id))


SortName = Literal["newest", "oldest", "voted"]
FilterName = Literal["all", "inline"]
SORTS, FILTERS = get_args(SortName), get_args(FilterName)
CURSOR_MAX_LENGTH = 200
LIMIT_MAX = 100


class PageQuery(Schema):
    sort: SortName = "newest"
    after: str | None = Field(
        None, max_length=CURSOR_MAX_LENGTH, description="The `next_cursor` of the page before."
    )
    filter: FilterName = Field(
        "all", description="`inline`: only conversations about a passage of the article."
    )
    limit: int | None = Field(None, ge=1, le=LIMIT_MAX, description="Top-level comments a page.")


class CommentPageOut(Schema):
    thread: ThreadOut
    sort: str
    comments: list[CommentTreeOut]
    next_cursor: str | None
    # The caller's own comments held for a moderator: shown to them alone (first page only).
    awaiting_review: list[CommentOut]


@router.get(
    "/threads/{thread_id}/comments",
    response={200: CommentPageOut, **error_responses(401, 404, 422)},
    summary="A page of comments, replies included as a tree",
    url_name="thread_comments",
)
def comment_page(
    request: HttpRequest, response: HttpResponse, thread_id: ThreadId, wanted: Query[PageQuery]
):
    """Top-level comments in the chosen order, each with its replies (in the order they
    came). Follow `next_cursor` as `after` for the next page. Per caller: their vote on each
    comment, their own comments' edit deadline, and their comments that only they see."""
    caller = callers.for_read(request)
    # Read before the thread, so the page is never older than the revision it is kept for.
    publication = current_revision() if caller.reader is None else None
    thread = get_thread(thread_id)
    cursor = None
    if wanted.after is not None:
        cursor = Cursor.decode(wanted.after)
        if cursor is None:
            message = _("This cursor was not given by this API; start from the first page.")
            raise ApiError(422, "invalid_cursor", message, fields={"after": message})
    page = thread_page(
        thread=thread,
        sort=Sort(wanted.sort),
        cursor=cursor,
        limit=wanted.limit,
        inline_only=wanted.filter == "inline",
    )
    roots, ids = list(page.roots), list(page.comment_ids)
    pending = []
    key = caller.reader.key if caller.reader else None
    if key:
        for own in hidden_comments_of(thread=thread, reader_key=key):
            if own.awaiting_review:
                pending.append(own.comment)
            elif _lay_in(own.comment, roots, first_page=cursor is None, wanted=wanted):
                ids.append(own.comment.pk)
    presenter = Presenter(
        thread=thread,
        reader_key=key,
        votes=votes_by(voter_key=key, comment_ids=ids) if key and ids else {},
    )
    real_page = cursor is None or is_page_position(
        thread=thread, sort=Sort(wanted.sort), cursor=cursor
    )
    if publication is not None and real_page:  # everyone without an identity reads it alike
        share_page(
            response,
            kind=ApiCommentPages.name,
            probe=API_PAGE_PROBE,
            params=(thread.pk,),
            state=(publication, thread.revision, thread.votes_revision),
            closes_at=as_shown(thread).closes_at,
            votes_at=2,
        )
    return {
        "thread": thread_out(thread),
        "sort": wanted.sort,
        "comments": [presenter.tree(node) for node in roots],
        "next_cursor": page.next_cursor.encode() if page.next_cursor else None,
        "awaiting_review": [presenter.comment(c) for c in pending] if cursor is None else [],
    }


# The publication (the article's address, whether it is live) and the thread's revisions.
API_PAGE_PROBE = f"""
    SELECT COALESCE((SELECT number FROM {PublicationRevision._meta.db_table} WHERE id = 1), 0),
           revision, votes_revision
    FROM {Thread._meta.db_table} WHERE id = %s"""
# A comment's vote totals as CommentOut writes them, after its id and before its replies
# (so the first after an id are its own). A comment's text is a JSON string, whose quotes
# are escaped: it cannot hold a `"upvotes": ` of its own.
_VOTE_TOTALS = re.compile(
    rb'(?P<head>\{"id": (?P<id>\d+), "thread_id": \d+, .*?"upvotes": )-?\d+'
    rb'(?P<down>, "downvotes": )-?\d+(?P<score>, "score": )-?\d+',
    re.DOTALL,
)
JSON_VOTE_TOTALS = VoteTotals(
    _VOTE_TOTALS,
    lambda match, totals: (
        b"%s%d%s%d%s%d"
        % (match["head"], totals[0], match["down"], totals[1], match["score"], totals[2])
    ),
)
_LIMIT = re.compile(r"[1-9][0-9]{0,2}")
_PAGE_PARAMETERS = frozenset({"sort", "after", "filter", "limit"})


class ApiCommentPages(PlainSource):
    """`GET /threads/{id}/comments` for a caller with neither token nor cookies but the
    CSRF one. Keyed by the page the query names, normalised; a query with anything else, a
    parameter twice or a value the schema refuses goes to Django (which answers it or says
    why not), so no spelling of a query adds pages to memory."""

    name = "api-page"
    vote_totals = JSON_VOTE_TOTALS

    def __init__(self) -> None:
        self._path: re.Pattern | None = None

    def key(self, environ: dict, cookies: dict[str, str]) -> tuple | None:
        if self._path is None:  # the URLconf is loaded by the first request, not at import
            example = reverse("api-v1:thread_comments", args=[987654321])
            self._path = re.compile(re.escape(example).replace("987654321", r"(\d+)"))
        match = self._path.fullmatch(environ.get("PATH_INFO", ""))
        if match is None or cookies or "HTTP_AUTHORIZATION" in environ:
            return None
        page = _page_query(environ.get("QUERY_STRING", ""))
        return None if page is None else (*request_part(environ), int(match[1]), *page)

    def ordered_by_votes(self, key: tuple) -> bool:
        sort, _after, _filter, _limit = key[-4:]
        return sort == "voted"


@lru_cache(maxsize=1024)
def _page_query(query_string: str) -> tuple | None:
    """(sort, cursor, filter, limit) as a query names them, normalised; None for a query
    with anything else, a parameter twice or a value PageQuery refuses. Kept for the most
    recent queries (bounded)."""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    query = dict(pairs)
    if len(query) != len(pairs) or not query.keys() <= _PAGE_PARAMETERS:
        return None
    sort, after = query.get("sort", "newest"), query.get("after")
    filter_, limit = query.get("filter", "all"), query.get("limit")
    if sort not in SORTS or filter_ not in FILTERS:
        return None
    if (limit is not None and not _LIMIT.fullmatch(limit)) or int(limit or 1) > LIMIT_MAX:
        return None
    if after is not None:
        cursor = Cursor.decode(after) if len(after) <= CURSOR_MAX_LENGTH else None
        if cursor is None:
            return None
        after = cursor.encode()
    return sort, after, filter_, limit


def _lay_in(comment, roots: list[CommentNode], *, first_page: bool, wanted: PageQuery) -> bool:
    """Put the caller's own quietly hidden comment where a published one would be, so that
    the page gives a shadow ban away no more than the HTML thread does: a top-level one
    first on the first page, a reply last under its parent when the parent is on the page."""
    if comment.parent_id is None:
        about_passage = hasattr(comment, "inline_anchor")
        if not first_page or (wanted.filter == "inline" and not about_passage):
            return False
        roots.insert(0, CommentNode(comment, display_depth=0))
        return True
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node.comment.pk == comment.parent_id:
            depth = min(comment.depth, settings.COMMENT_DISPLAY_DEPTH)
            reply = CommentNode(comment, display_depth=depth, parent_name=node.comment.author_name)
            node.replies.append(reply)
            return True
        stack.extend(node.replies)
    return False


class CountsQuery(Schema):
    url: list[Annotated[str, Field(pattern=NO_NUL)]] = Field(
        default_factory=list, description="A page's address; repeat it."
    )
    article: list[int] = Field(default_factory=list, description="An article's id; repeat it.")
    site: str | None = Field(
        None,
        min_length=1,
        max_length=SITE_KEY_MAX_LENGTH,
        pattern=SITE_KEY,
        description="With `page`: the key of the site that embeds the discussions.",
    )
    page: list[Annotated[str, Field(pattern=NO_NUL)]] = Field(
        default_factory=list,
        description="A page of `site`, as its embed names it (see /threads/lookup); repeat it.",
    )


class CountsOut(Schema):
    urls: dict[str, int]
    articles: dict[str, int]
    pages: dict[str, int]  # by `page` as asked


@router.get(
    "/counts",
    response={200: CountsOut, **error_responses(401, 404, 422)},
    summary="Comment counts for many pages",
    url_name="counts",
)
def counts(request: HttpRequest, response: HttpResponse, asked: Query[CountsQuery]):
    """Visible comments per page address, per article id and per page of an embedding
    site, in one request (0 for a page without a discussion)."""
    caller = callers.for_read(request)
    most = settings.COUNTS_MAX_URLS
    if not asked.url and not asked.article and not asked.page:
        message = _("Ask with one url, article or page parameter per page.")
        raise ApiError(422, "invalid_input", message, fields={"url": message})
    if bool(asked.page) != (asked.site is not None):
        message = _("Ask for pages of a site with both: site, and a page parameter per page.")
        raise ApiError(422, "invalid_input", message, fields={"site": message, "page": message})
    if len(asked.url) + len(asked.article) + len(asked.page) > most:
        message = _("Ask for at most %(most)d pages at once.") % {"most": most}
        raise ApiError(422, "too_many", message, fields={"url": message})
    if any(len(url) > URL_MAX_LENGTH for url in asked.url):
        message = _("One of the addresses is too long to be a page's.")
        raise ApiError(422, "invalid_input", message, fields={"url": message})
    if any(not page.strip() or len(page) > IDENTIFIER_MAX_LENGTH for page in asked.page):
        message = _("A page identifier is between 1 and 1,000 characters.")
        raise ApiError(422, "invalid_input", message, fields={"page": message})
    if any(not 1 <= article < 2**63 for article in asked.article):
        message = _("Article ids are positive numbers.")
        raise ApiError(422, "invalid_input", message, fields={"article": message})
    names = {page: _names_of_page(page) for page in asked.page}
    if caller.reader is None:  # everyone without an identity is answered alike
        probe = counts_probe(
            urls=asked.url,
            articles=asked.article,
            site_key=asked.site,
            identifiers=[name for each in names.values() for name in each],
        )
        share_counts(response, probe=probe, state=counts_state(probe))
    # An article unpublished or under a view restriction has no discussion, as an unknown one.
    by_article = comment_counts(article_ids=asked.article, public=True) if asked.article else {}
    return {
        "urls": comment_counts_by_url(asked.url) if asked.url else {},
        "articles": {str(article): by_article.get(article, 0) for article in asked.article},
        "pages": _site_page_counts(asked.site, names) if asked.page else {},
    }


def _site_page_counts(key: str, names: dict[str, list[str]]) -> dict[str, int]:
    """Counts of a site's pages by each page as asked (`names`: what each may be keyed by,
    _names_of_page). One query for the site, one for the counts. UnknownSite (404) for a
    key no site has."""
    site = site_by_key(key)
    found = comment_counts_by_page(site=site, identifiers=[n for ns in names.values() for n in ns])
    return {page: next((found[n] for n in ns if found[n]), 0) for page, ns in names.items()}
