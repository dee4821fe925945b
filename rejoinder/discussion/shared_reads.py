"""Pages that every reader without an identity sees alike, served from this process's memory
without Django's request cycle.

A reader with no session and no reader cookie gets a page that differs from anyone else's
only in what is filled in per request: the CSRF token of its forms (and, for the embed's
frame, the frame's token). The view says so by attaching `SharedPage` to its response
(`share`, `share_page`): what to read to know the page still holds (`probe`), what that read
gave before the page was built (`state`), and until when time leaves it right. `SharedReads`,
the outermost layer of the WSGI application, keeps the page with the headers the middleware
added, its tokens turned into marks. The next such request for the same page, while the
probe reads the same state, gets those bytes with its own tokens: one indexed read instead
of the whole stack. A reader who brings no CSRF cookie gets one issued here, as Django
would issue it. Votes move only the thread's votes revision: a kept page of comments then
gets the current vote totals laid over it (one more indexed read) rather than going through
Django again, as presenters lays them over a kept render, unless votes place its comments
(Most Voted). On a busy thread a vote comes every few reads, and each sent the next readers
through the whole stack.

Which requests may share a page, and under which key, each `Source` says: a thread's page
of comments (`ThreadFragments`, here), an article page (`ArticlePages`, here), the embed's
frame (embed.frames) and the API's page of comments (api.threads); rejoinder.wsgi lists
them. Each source keeps at most SHARED_READS_KEPT pages (the oldest goes first), so a
flood of made-up addresses of one kind never pushes out another kind's pages.

Each process keeps its own entries; reading the state on every request keeps them right
without messages between processes, as the revision in every cache key does elsewhere. That
read is most of a kept page's cost, so the state read is trusted while no change has been
noted since (core.changes: on PostgreSQL the tables probes read announce their writes, on
SQLite the database's data version moves with every commit), for at most
SHARED_READS_RECHECK_SECONDS. The one change no write announces is time: a thread that
passes its category's closing age shows closed from that moment, so a page kept before then
is not served after it.

Comment counts for listings (`/discussion/counts/`, `ListingCounts`) are kept the same way:
one probe reads, in one row, the address, id and revision of every thread the question
matches (`thread_probe_parts`), and a thread's count moves only with its revision."""

import itertools
import re
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Protocol
from urllib.parse import parse_qsl

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.http.cookie import parse_cookie
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_from_request
from psycopg.adapt import PyFormat, Transformer
from psycopg.errors import error_from_result
from psycopg.pq import DiagnosticField, ExecStatus
from wagtail.models import Page

from rejoinder.core import changes
from rejoinder.core.randomness import random_bytes
from rejoinder.discussion.identity import known_reader
from rejoinder.discussion.models import Comment, Thread
from rejoinder.discussion.presenters import CSRF_MARK, SORT_COOKIE, PageRequest, as_shown
from rejoinder.discussion.queries import placeholders, thread_addresses
from rejoinder.discussion.ranking import Sort
from rejoinder.discussion.screening import issue_form_token, seconds_since_issued
from rejoinder.publishing.cache import is_preview
from rejoinder.publishing.models import PublicationRevision

# The cookie Django sets holds the unmasked secret: 32 letters and digits.
_CSRF_SECRET = re.compile(r"[A-Za-z0-9]{32}")
# A token as Django's forms carry it: the mask, then the secret shifted by it.
_CSRF_INPUT = re.compile(
    rb'<input type="hidden" name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})">'
)
# The comment form's one-time token (screening.issue_form_token): the time it was drawn and
# a nonce, so each reader's form needs its own, drawn when they are sent the page.
_FORM_TOKEN = re.compile(rb'name="submission_token" value="([^"]+)"')
FORM_TOKEN_MARK = b"<!--rj:form-token-->"
# Where a page's live stream starts (live/stream.html's data-after: the newest live event id
# of any thread as the page is drawn). An event anywhere moves it, so it is not part of what
# the page depends on: it is read by the page's probe and filled in for every answer, as
# Django would draw it then.
_LIVE_CURSOR = re.compile(rb'(<div class="live-notice" id="live-notice" [^>]*?data-after=")\d+"')
LIVE_MARK = b"<!--rj:live-after-->"
# A probe's last column for a page with a live stream (SharedPage.live_cursor), as
# live.stream.latest_event_id reads it. The table is named, not imported: discussion does not
# import the live app, which plugs into its templates.
LIVE_CURSOR_COLUMN = "(SELECT MAX(id) FROM live_liveevent)"


@dataclass(frozen=True)
class VoteTotals:
    """Where a kept page shows vote totals, so that current ones can be laid over it:
    `pattern` matches each place, the comment's id as its group "id"; `write` writes the
    place anew from that comment's (upvotes, downvotes, score)."""

    pattern: re.Pattern[bytes]
    write: Callable[[re.Match[bytes], tuple[int, int, int]], bytes]


_TOTAL_AT = {b"up": 0, b"down": 1, b"score": 2}
# A vote total as discussion/votes.html shows it (presenters.with_vote_totals lays the same).
HTML_VOTE_TOTALS = VoteTotals(
    re.compile(rb'data-(up|down|score)="(?P<id>\d+)">-?\d+<'),
    lambda match, totals: (
        b'data-%s="%s">%d<' % (match[1], match["id"], totals[_TOTAL_AT[match[1]]])
    ),
)
# Headers of one answer, not kept: its length is counted anew, and the outer WSGI layer gives
# each answer from memory its own request id (core.metrics.OuterApplication).
_PER_ANSWER = frozenset({"content-length", "x-request-id"})


@dataclass(frozen=True)
class SharedPage:
    """A page every reader without an identity would be given alike (see the module)."""

    kind: str  # the name of the Source whose requests may be answered with it
    probe: str  # SQL reading one row: what the page depends on
    params: tuple
    state: tuple  # the row the probe read before the page was built
    html: str | None = None  # CSRF inputs left as CSRF_MARK; None: the response's body
    closes_at: datetime | None = None  # the page holds until then (a thread's closing age)
    fill: object = None  # what the source needs to fill in its own marks per request
    # Where in `state` the thread's votes revision is: when only it has moved, the page is
    # kept with the current vote totals laid over it (see SharedReads), not built again.
    votes_at: int | None = None
    # Whether the probe's last column is LIVE_CURSOR_COLUMN, left out of `state`.
    live_cursor: bool = False


class Source(Protocol):
    """A kind of request whose answers may be shared: which requests, keyed how."""

    name: str
    # Cookies the source sets itself for every reader it answers (they are not kept).
    issued_cookies: frozenset[str]
    marks: tuple[bytes, ...]  # what `marked` leaves in a page, for `fill` to fill
    vote_totals: VoteTotals  # where its pages show vote totals (see SharedPage.votes_at)

    def key(self, environ: dict, cookies: dict[str, str]) -> tuple | None:
        """What the answer depends on besides the page's state, for a request any reader
        without an identity would get the same answer to; None for any other request.
        `cookies` are the request's cookies but the CSRF one."""

    def marked(self, body: bytes, page: SharedPage) -> tuple[bytes, SharedPage]:
        """The body with the source's per-request parts replaced by marks."""

    def fill(self, page: SharedPage, environ: dict) -> tuple[dict[bytes, bytes], list]:
        """(mark -> bytes, extra headers) for one request answered with `page`."""

    def ordered_by_votes(self, key: tuple) -> bool:
        """Whether the page under `key` places its comments by their votes ("Most Voted"):
        such a page is built again after votes, for its order, as presenters ranks it."""


class PlainSource:
    """A source whose pages carry nothing per request but CSRF tokens."""

    name = ""
    issued_cookies: frozenset[str] = frozenset()
    marks: tuple[bytes, ...] = ()
    vote_totals: VoteTotals = HTML_VOTE_TOTALS

    def marked(self, body: bytes, page: SharedPage) -> tuple[bytes, SharedPage]:
        return body, page

    def fill(self, page: SharedPage, environ: dict) -> tuple[dict[bytes, bytes], list]:
        return {}, []

    def ordered_by_votes(self, key: tuple) -> bool:
        return False


def share(response: HttpResponseBase, *, thread: Thread, html: str) -> None:
    """Offer `html` (the page with CSRF_MARK where each reader's token goes) to every
    reader without an identity who asks for the same page of comments while the thread is
    unchanged."""
    share_page(
        response,
        kind=ThreadFragments.name,
        probe=THREAD_PROBE,
        params=(thread.pk,),
        state=(thread.revision, thread.votes_revision),
        html=html,
        closes_at=as_shown(thread).closes_at,
        votes_at=1,
    )


def share_page(response: HttpResponseBase, **page) -> None:
    """Offer the response to every reader without an identity whose request the source
    `kind` keys alike, while `probe` reads `state` (see SharedPage). The state must be read
    before the page is built, so that the page is never older than the state it is kept for."""
    response.shared_page = SharedPage(**page)


THREAD_PROBE = f"SELECT revision, votes_revision FROM {Thread._meta.db_table} WHERE id = %s"
# An article page shows the publication (navigation, related articles, settings), the page's
# live revision and its thread.
ARTICLE_PROBE = f"""
    SELECT COALESCE((SELECT number FROM {PublicationRevision._meta.db_table} WHERE id = 1), 0),
           p.live_revision_id, t.revision, t.votes_revision, {LIVE_CURSOR_COLUMN}
    FROM {Page._meta.db_table} p LEFT JOIN {Thread._meta.db_table} t ON t.article_id = p.id
    WHERE p.id = %s"""


def share_article(response, *, request: HttpRequest, page: Page, publication: int) -> None:
    """Offer an article page, rendered for `request` from the publication revision
    `publication` (read before anything else of the page), to every reader without an
    identity; a signed-in reader, an editor (userbar) and a preview are never offered. It
    holds until the thread's closing age or the page's expiry, whichever comes first."""
    if is_preview(request) or request.user.is_authenticated or known_reader(request):
        return
    thread = (getattr(response, "context_data", None) or {}).get("thread")
    ends = [as_shown(thread).closes_at if thread else None, page.expire_at]
    share_page(
        response,
        kind=ArticlePages.name,
        probe=ARTICLE_PROBE,
        params=(page.pk,),
        state=(
            publication,
            page.live_revision_id,
            thread.revision if thread else None,
            thread.votes_revision if thread else None,
        ),
        closes_at=min((end for end in ends if end), default=None),
        votes_at=3 if thread else None,
        live_cursor=True,
    )


_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}


def _random_chars(count: int) -> str:
    """`count` characters of CSRF_ALLOWED_CHARS drawn from the system's randomness, each
    equally likely (bytes past the largest multiple of the alphabet's length are dropped),
    mapped in C. Django's `get_random_string` asks the system once per character, which was
    a third of this path's time."""
    return _drawn(count).decode()


def _drawn(count: int) -> bytes:
    """`_random_chars`, as ASCII bytes."""
    drawn = b""
    while len(drawn) < count:
        drawn += random_bytes(count + 8).translate(_CHAR_OF_BYTE, _BIASED)
    return drawn[:count]


_UNBIASED = 256 - 256 % len(CSRF_ALLOWED_CHARS)
_CHAR_OF_BYTE = bytes(
    ord(CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)]) for byte in range(256)
)
_BIASED = bytes(range(_UNBIASED, 256))
# Masking adds two characters' places in the alphabet, modulo its length. With each place as
# one byte of a big integer, one integer addition adds every pair at once: no place exceeds
# 61, so no byte's sum (at most 122) carries into the next.
_PLACE_OF_CHAR = bytes.maketrans(CSRF_ALLOWED_CHARS.encode(), bytes(range(len(CSRF_ALLOWED_CHARS))))
_CHAR_OF_SUM = bytes(
    ord(CSRF_ALLOWED_CHARS[total % len(CSRF_ALLOWED_CHARS)]) for total in range(256)
)


def _masked(secret: str) -> bytes:
    """The secret masked as CsrfViewMiddleware unmasks it (a fresh mask, then each character
    shifted by the mask's), so that no page shows the secret itself (BREACH). In C: this was
    a fifth of a kept page's time as a loop over the characters."""
    plain = secret.encode()
    mask = _drawn(len(plain))
    total = int.from_bytes(plain.translate(_PLACE_OF_CHAR), "big") + int.from_bytes(
        mask.translate(_PLACE_OF_CHAR), "big"
    )
    return mask + total.to_bytes(len(plain), "big").translate(_CHAR_OF_SUM)


def _new_csrf_secret() -> str:
    return _random_chars(CSRF_SECRET_LENGTH)


def _unmasked(token: str) -> str:
    half = len(token) // 2
    mask, cipher = token[:half], token[half:]
    chars = CSRF_ALLOWED_CHARS
    return "".join(
        chars[(_INDEX[shifted] - _INDEX[shift]) % len(chars)]
        for shifted, shift in zip(cipher, mask, strict=True)
    )


def _csrf_input(secret: str) -> bytes:
    """The CSRF input as Django's {% csrf_token %} writes it: the masked token is letters and
    digits, which format_html would leave as they are."""
    return b'<input type="hidden" name="csrfmiddlewaretoken" value="' + _masked(secret) + b'">'


_PLACEHOLDER = "0" * CSRF_SECRET_LENGTH
_cookie_second: list = [None, ("", "")]  # the second its expiry was written for, and the header


def _csrf_cookie(secret: str) -> tuple[str, str]:
    """The Set-Cookie header CsrfViewMiddleware sends with a new secret, as Django's WSGI
    handler writes it; written by Django once a second (its expiry date changes by the
    second) and filled in with each secret."""
    second = int(time.time())
    if _cookie_second[0] != second:
        response = HttpResponseBase()
        response.set_cookie(
            settings.CSRF_COOKIE_NAME,
            _PLACEHOLDER,
            max_age=settings.CSRF_COOKIE_AGE,
            domain=settings.CSRF_COOKIE_DOMAIN,
            path=settings.CSRF_COOKIE_PATH,
            secure=settings.CSRF_COOKIE_SECURE,
            httponly=settings.CSRF_COOKIE_HTTPONLY,
            samesite=settings.CSRF_COOKIE_SAMESITE,
        )
        written = response.cookies[settings.CSRF_COOKIE_NAME].output(header="")
        _cookie_second[:] = [second, tuple(written.split(_PLACEHOLDER, 1))]
    before, after = _cookie_second[1]
    return "Set-Cookie", f"{before}{secret}{after}"


def _csrf_marked(body: bytes, secret: str | None) -> bytes:
    """The body with each CSRF input that carries `secret` replaced by CSRF_MARK."""

    def mark(match: re.Match) -> bytes:
        if secret and _unmasked(match[1].decode()) == secret:
            return CSRF_MARK.encode()
        return match[0]

    return _CSRF_INPUT.sub(mark, body)


def _form_tokens_marked(body: bytes) -> bytes:
    """The body with each comment form's token (one this site signed) replaced by a mark."""

    def mark(match: re.Match) -> bytes:
        if seconds_since_issued(match[1].decode()) is None:
            return match[0]
        return b'name="submission_token" value="' + FORM_TOKEN_MARK + b'"'

    return _FORM_TOKEN.sub(mark, body)


@lru_cache(maxsize=256)
def _language(accept_language: str) -> str:
    """The language LocaleMiddleware picks for a header, not the header's text: readers
    spell it freely, and each spelling must not be a page of its own. Kept for the most
    recent spellings (bounded: a flood of them costs a parse each, nothing more)."""
    probe = HttpRequest()
    probe.META["HTTP_ACCEPT_LANGUAGE"] = accept_language
    return get_language_from_request(probe)


def request_part(environ: dict) -> tuple:
    """What every shared answer depends on besides its address: scheme and host (absolute
    links, HSTS behind a proxy) and the language."""
    return (
        environ.get("wsgi.url_scheme"),
        environ.get("HTTP_X_FORWARDED_PROTO"),
        environ.get("HTTP_HOST"),
        _language(environ.get("HTTP_ACCEPT_LANGUAGE", "")),
    )


@lru_cache(maxsize=1024)
def _page_part(query: str, sort_cookie: str) -> str:
    """The page of a thread a query names, normalised as the view reads it: unknown
    parameters and the spelling of a cursor left out."""
    return PageRequest.from_query(QueryDict(query), sort_cookie=sort_cookie).cache_part


def _ranked_by_votes(page_part: str) -> bool:
    """Whether a `_page_part` is of "Most Voted" (PageRequest.cache_part starts with the sort)."""
    return page_part.startswith(f"{Sort.MOST_VOTED.value}:")


@dataclass(frozen=True)
class _Checked:
    """A kept page found current: when (core.changes), and the live cursor read then."""

    moment: changes.Moment
    cursor: int


@dataclass
class _Entry:
    page: SharedPage
    status: str
    headers: list[tuple[str, str]]
    # The body split at its marks other than CSRF_MARK, each piece split at CSRF_MARK (one
    # token fills them all, with one join): [chunks, (mark, chunks), (mark, chunks), …].
    parts: list
    csrf_cookie: bool  # Django set the CSRF cookie: a reader without one is issued one
    has_csrf: bool  # the page has forms: each answer draws a token for them
    voted_on: tuple[int, ...] = ()  # the comments whose vote totals the page shows
    # The last time the probe read the kept state: replaced whole, so threads never see a
    # moment with another read's cursor.
    checked: _Checked | None = None

    def closed(self) -> bool:
        """Whether the page's closing age (or expiry) has come: it then shows otherwise."""
        return self.page.closes_at is not None and timezone.now() >= self.page.closes_at

    def state_now(self) -> tuple[tuple, int] | None:
        """What the probe reads now, and the newest live event id where the page shows one
        (else 0); None when the page may not be served whatever it reads (its closing age
        has come, the thread is gone, the read failed)."""
        if self.closed():
            return None
        try:
            row = _read_row(self.page.probe, self.page.params)
        except (DatabaseError, connection.Database.Error):  # Django's handling deals with it
            return None
        if row is None:
            return None
        if self.page.live_cursor:
            return tuple(row[:-1]), row[-1] or 0
        return tuple(row), 0

    def with_votes_of(self, state: tuple, shown: VoteTotals) -> "_Entry | None":
        """The page at `state` when only its votes revision has moved: the vote totals it
        shows (where `shown` says) read now (after the state was, so never older than it)
        and laid over it, as presenters.with_vote_totals lays them; None when anything
        else moved."""
        at, kept = self.page.votes_at, self.page.state
        if (
            at is None
            or len(state) != len(kept)
            or state[:at] + state[at + 1 :] != (kept[:at] + kept[at + 1 :])
        ):
            return None
        if not self.voted_on:
            return replace(self, page=replace(self.page, state=state), checked=None)
        try:
            rows = _read_rows(
                f"SELECT id, upvotes, downvotes, score FROM {Comment._meta.db_table} "
                f"WHERE id IN ({placeholders(self.voted_on)})",
                self.voted_on,
            )
        except (DatabaseError, connection.Database.Error):
            return None
        totals = {comment: (up, down, score) for comment, up, down, score in rows}

        def current(match: re.Match[bytes]) -> bytes:
            now = totals.get(int(match["id"]))
            return match[0] if now is None else shown.write(match, now)

        def laid(chunks: list[bytes]) -> list[bytes]:
            return [shown.pattern.sub(current, chunk) for chunk in chunks]

        parts = [laid(self.parts[0]), *((mark, laid(chunks)) for mark, chunks in self.parts[1:])]
        return replace(self, page=replace(self.page, state=state), parts=parts, checked=None)


@lru_cache(maxsize=64)
def _native(sql: str, vendor: str) -> str:
    """A probe in the driver's own placeholders: SQLite's `?` for the `%s` Django writes."""
    return sql.replace("%s", "?") if vendor == "sqlite" else sql


@lru_cache(maxsize=64)
def _numbered(sql: str) -> str:
    """A probe in a prepared statement's placeholders, `$1, $2, …`, for the `%s` Django
    writes (and `%` for its `%%`)."""
    numbers = itertools.count(1)
    return re.sub(r"%([s%])", lambda m: f"${next(numbers)}" if m[1] == "s" else "%", sql)


def _read_row(sql: str, params: tuple) -> tuple | None:
    """One row, read through the driver on Django's connection: Django's cursor wrapper
    (error translation, query logging, placeholder rewriting on every call) was a sixth of a
    kept page's time. Probes are plain SELECTs of our own, in autocommit. Where queries are
    being logged (DEBUG, a test counting them) they go through Django's."""
    rows = _read_rows(sql, params)
    return rows[0] if rows else None


def _read_rows(sql: str, params: tuple) -> list[tuple]:
    """Every row of a SELECT of our own, read as `_read_row` reads one."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.queries_logged:
        with db.cursor() as logged:
            logged.execute(sql, params)
            return logged.fetchall()
    raw = db.connection
    if raw is None:  # ensure_connection only acts then, and its async check costs a lookup
        db.ensure_connection()
        raw = db.connection
    if db.vendor == "postgresql" and hasattr(raw, "pgconn"):  # psycopg 3
        return _prepared_rows(raw, sql, params)
    cursor = raw.cursor()
    try:
        cursor.execute(_native(sql, db.vendor), params)
        return cursor.fetchall()
    finally:
        cursor.close()


# The statements prepared on each connection (a thread's own, or any of a pool's): each
# one's name by its SQL, least recently used first; _UNKEPT for a connection on which they
# do not stay (see _run_prepared).
_statements: "weakref.WeakKeyDictionary[object, dict[str, bytes]]" = weakref.WeakKeyDictionary()
_UNKEPT: dict[str, bytes] = {}
_statement_numbers = itertools.count()
# How many probes stay prepared on one connection: the hot ones (a thread's, an article's)
# stay; a flood of differently shaped counts questions costs a DEALLOCATE each, not memory.
_PREPARED_PER_CONNECTION = 64
_MISSING_STATEMENT = b"26000"  # invalid_sql_statement_name
# Each connection's psycopg transformer, kept so that the dumpers and loaders of a probe's
# types are found and made once, not with every probe (a new one per probe was about 4 µs of
# its 30 µs of CPU). Made from the connection's adapters rather than the connection: one that
# held the connection would keep it, its key here, alive.
_transformers: "weakref.WeakKeyDictionary[object, Transformer]" = weakref.WeakKeyDictionary()


def _prepared_rows(raw, sql: str, params: tuple) -> list[tuple]:
    """The rows of `sql`, run as a statement prepared on this connection through libpq
    itself: psycopg's cursor (its Python-level wait loop and query conversion) and the
    server's parse and plan were most of a kept page's CPU time on PostgreSQL, about 70 µs a
    probe against 13 µs this way. The results are loaded by psycopg's own loaders, so the
    row is the one its cursor reads (the kept state is compared with it). Parameters go as
    text of unknown type: the server takes their types from where they stand."""
    names = _statements.get(raw)
    if names is None:
        names = _statements[raw] = {}
    transformer = _transformers.get(raw)
    if transformer is None:
        transformer = _transformers[raw] = Transformer(raw.adapters)
    values = transformer.dump_sequence(params, [PyFormat.TEXT] * len(params))
    if names is _UNKEPT:
        result = raw.pgconn.exec_params(_numbered(sql).encode(), values)
    else:
        result = _run_prepared(raw, names, sql, values)
    if result.status != ExecStatus.TUPLES_OK:
        raise error_from_result(result, encoding=raw.info.encoding)
    transformer.set_pgresult(result)
    return transformer.load_rows(0, result.ntuples, tuple)


def _run_prepared(raw, names: dict[str, bytes], sql: str, values: list):
    """The result of `sql` run as the connection's prepared statement, prepared first if it
    is not (or is no longer: a pooler's DISCARD ALL drops them)."""
    for _attempt in range(2):
        name = names.pop(sql, None) or _prepare(raw, names, sql)
        names[sql] = name  # now the most recently used
        result = raw.pgconn.exec_prepared(name, values)
        if result.error_field(DiagnosticField.SQLSTATE) != _MISSING_STATEMENT:
            return result
        del names[sql]
    # Lost twice between preparing and running: a pooler in transaction mode (PgBouncer
    # without max_prepared_statements) sends each to another server connection. This
    # connection's probes then go unnamed, parsed and planned with every run.
    _statements[raw] = _UNKEPT
    return raw.pgconn.exec_params(_numbered(sql).encode(), values)


def _prepare(raw, names: dict[str, bytes], sql: str) -> bytes:
    while len(names) >= _PREPARED_PER_CONNECTION:
        oldest = names.pop(next(iter(names)))
        raw.pgconn.exec_(b"DEALLOCATE " + oldest)
    name = f"rejoinder_probe_{next(_statement_numbers)}".encode()
    result = raw.pgconn.prepare(name, _numbered(sql).encode())
    if result.status != ExecStatus.COMMAND_OK:
        raise error_from_result(result, encoding=raw.info.encoding)
    return name


class ThreadFragments(PlainSource):
    """A page of a thread's comments as htmx asks for it (`discussion:comments`)."""

    name = "fragment"

    def __init__(self) -> None:
        self._path: re.Pattern | None = None

    def key(self, environ: dict, cookies: dict[str, str]) -> tuple | None:
        if environ.get("HTTP_HX_REQUEST") != "true":
            return None
        match = self._thread_path().fullmatch(environ.get("PATH_INFO", ""))
        query = environ.get("QUERY_STRING", "")
        if match is None or "sort=" in query:  # choosing a sort sets a cookie
            return None
        # A reader known by a header instead of a cookie (the embed's frame) is not anonymous.
        if environ.get("HTTP_X_REJOINDER_FRAME"):
            return None
        sort = cookies.get(SORT_COOKIE, "")
        # Any other cookie may be an identity (session, reader) or change the page (language).
        if len(cookies) > (SORT_COOKIE in cookies):
            return None
        return (*request_part(environ), int(match[1]), _page_part(query, sort))

    def ordered_by_votes(self, key: tuple) -> bool:
        return _ranked_by_votes(key[-1])

    def _thread_path(self) -> re.Pattern:
        if self._path is None:  # the URLconf is loaded by the first request, not at import
            example = reverse("discussion:comments", args=[987654321])
            self._path = re.compile(re.escape(example).replace("987654321", r"(\d+)"))
        return self._path


class ArticlePages(PlainSource):
    """A whole page at its address (an article: publishing.models.ArticlePage.serve offers
    it), for a reader without cookies but the CSRF one and the remembered sort. Any address
    is looked up; only pages a view offered are ever kept, so the others cost one lookup."""

    name = "page"

    def key(self, environ: dict, cookies: dict[str, str]) -> tuple | None:
        if environ.get("HTTP_HX_REQUEST") or environ.get("HTTP_X_REJOINDER_FRAME"):
            return None
        if len(cookies) > (SORT_COOKIE in cookies):
            return None
        query = environ.get("QUERY_STRING", "")
        # ?sort= sets a cookie and ?page= changes the canonical address; both go to Django.
        if query and any(name in ("sort", "page") for name, _ in parse_qsl(query, True)):
            return None
        path = environ.get("PATH_INFO", "")
        return (*request_part(environ), path, _page_part(query, cookies.get(SORT_COOKIE, "")))

    def ordered_by_votes(self, key: tuple) -> bool:
        return _ranked_by_votes(key[-1])


class ListingCounts(PlainSource):
    """Counts for many pages (`/discussion/counts/`; embed.shared_counts adds the other
    addresses that count many pages) for a caller with neither token nor cookies but the CSRF
    one. Keyed by the query as sent and the Origin (the embed's CORS header follows it): each
    spelling is an entry of its own, bounded as every source is. Only answers a view offered
    (a 200) are ever kept, so a refusal goes through Django every time."""

    name = "counts"
    url_names: tuple[str, ...] = ("discussion:counts",)

    def __init__(self) -> None:
        self._paths: frozenset[str] | None = None

    def key(self, environ: dict, cookies: dict[str, str]) -> tuple | None:
        if self._paths is None:  # the URLconf is loaded by the first request, not at import
            self._paths = frozenset(reverse(name) for name in self.url_names)
        path = environ.get("PATH_INFO", "")
        if path not in self._paths or cookies or "HTTP_AUTHORIZATION" in environ:
            return None
        return (
            *request_part(environ),
            path,
            environ.get("HTTP_ORIGIN"),
            environ.get("QUERY_STRING", ""),
        )


# A part of a counts probe: a SELECT of one text column `part`, and its parameters.
ProbePart = tuple[str, list]


def thread_probe_parts(
    *, urls: Sequence[str] = (), articles: Sequence[int] = ()
) -> list[ProbePart]:
    """The parts of a counts probe that name the threads counted by address (as
    comment_counts_by_url finds them) and by article id: each thread's name, id and revision.
    A new comment, a removal, an approval or a closing bumps the revision; a page's first
    comment adds a row."""
    threads, parts = Thread._meta.db_table, []
    if urls:
        names = thread_addresses(urls)
        parts.append(
            (
                f"SELECT 'u' || url || ' ' || id || ' ' || revision AS part FROM {threads} "
                f"WHERE url IN ({placeholders(names)})",
                names,
            )
        )
    if articles:
        parts.append(
            (
                f"SELECT 'a' || article_id || ' ' || id || ' ' || revision AS part "
                f"FROM {threads} WHERE article_id IN ({placeholders(articles)})",
                list(articles),
            )
        )
    return parts


def probe_of(parts: Sequence[ProbePart]) -> tuple[str, tuple]:
    """(SQL, params) reading one row: how many rows the parts give and all of them joined.
    The row is compared whole, so the order the database joins them in only ever costs a
    needless trip through Django, never a stale answer."""
    joined = "group_concat(part, '\n')"
    if connection.vendor != "sqlite":
        joined = "string_agg(part, '\n')"
    union = " UNION ALL ".join(sql for sql, _ in parts) or "SELECT NULL AS part WHERE 1 = 0"
    params = tuple(param for _, values in parts for param in values)
    return f"SELECT COUNT(*), {joined} FROM ({union}) matched", params


def counts_state(probe: tuple[str, tuple]) -> tuple:
    """The probe's row now: read before the counts, so an answer is never older than it."""
    with connection.cursor() as cursor:
        cursor.execute(*probe)
        return tuple(cursor.fetchone())


def share_counts(response: HttpResponseBase, *, probe: tuple[str, tuple], state: tuple) -> None:
    """Offer a counts answer to every caller without an identity who asks the same."""
    sql, params = probe
    share_page(response, kind=ListingCounts.name, probe=sql, params=params, state=state)


class SharedReads:
    """WSGI middleware: answers repeated anonymous reads of shared pages from memory."""

    def __init__(self, app: Callable, sources: Iterable[Source] | None = None) -> None:
        self.app = app
        self.sources: list[Source] = list(sources or [ThreadFragments()])
        self.kept: dict[str, dict[tuple, _Entry]] = {source.name: {} for source in self.sources}
        self._keeping = threading.Lock()

    @property
    def entries(self) -> dict[tuple, _Entry]:
        """Every page kept, of every source."""
        return {
            (name, *key): entry for name, pool in self.kept.items() for key, entry in pool.items()
        }

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "GET":
            return self.app(environ, start_response)
        cookies = parse_cookie(environ["HTTP_COOKIE"]) if environ.get("HTTP_COOKIE") else {}
        csrf_secret = cookies.pop(settings.CSRF_COOKIE_NAME, None)
        if csrf_secret is not None and not _CSRF_SECRET.fullmatch(csrf_secret):
            return self.app(environ, start_response)  # Django replaces a broken one
        for source in self.sources:
            if (key := source.key(environ, cookies)) is not None:
                break
        else:
            return self.app(environ, start_response)

        pool = self.kept[source.name]
        if (entry := pool.get(key)) is not None:
            checked = entry.checked
            moment = changes.moment()
            if (
                checked is not None
                and changes.unchanged(checked.moment, moment)
                and not entry.closed()
            ):
                return self._serve(
                    entry, source, environ, csrf_secret, start_response, checked.cursor
                )
            state, cursor = entry.state_now() or (None, 0)
            if state is not None and state != entry.page.state:
                # Votes came in: most pages only show new totals, not a new order.
                renewed = (
                    None
                    if source.ordered_by_votes(key)
                    else entry.with_votes_of(state, source.vote_totals)
                )
                if renewed is not None:
                    entry = renewed
                    with self._keeping:
                        if key in pool:  # not if pushed out meanwhile: the bound holds
                            pool[key] = renewed
            if state is not None and state == entry.page.state:
                if moment is not None:  # else every request reads: nothing to keep
                    entry.checked = _Checked(moment, cursor)
                return self._serve(entry, source, environ, csrf_secret, start_response, cursor)
            pool.pop(key, None)

        answer: dict = {}

        def remember_start(status, headers, exc_info=None):
            answer.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        result = self.app(environ, remember_start)
        page = getattr(result, "shared_page", None)
        if page is not None and page.kind == source.name:
            self._keep(pool, key, source, page, result, answer, csrf_secret)
        return result

    def _serve(
        self,
        entry: _Entry,
        source: Source,
        environ: dict,
        csrf_secret: str | None,
        start_response: Callable,
        cursor: int,
    ) -> Iterable[bytes]:
        headers = list(entry.headers)
        if csrf_secret is None and entry.csrf_cookie:
            csrf_secret = _new_csrf_secret()
            headers.append(_csrf_cookie(csrf_secret))
        fills, extra = source.fill(entry.page, environ)
        headers.extend(extra)
        token = CSRF_MARK.encode()
        if csrf_secret is not None and entry.has_csrf:
            token = _csrf_input(csrf_secret)
        # Everything before the last piece's chunks is joined into its first chunk, so that
        # one join writes the body: joining the last piece (most of a page: the comments)
        # on its own first copied tens of KB twice. A page without marks is its one piece.
        pieces, chunks = [], entry.parts[0]
        for mark, following in entry.parts[1:]:
            if mark == FORM_TOKEN_MARK:
                filled = issue_form_token().encode()
            elif mark == LIVE_MARK:
                filled = b"%d" % cursor
            else:
                filled = fills[mark]
            pieces += (token.join(chunks), filled)
            chunks = following
        if pieces:
            pieces.append(chunks[0])
            chunks = [b"".join(pieces), *chunks[1:]]
        body = token.join(chunks)
        headers.append(("Content-Length", str(len(body))))
        start_response(entry.status, headers)
        return [body]

    def _keep(
        self,
        pool: dict,
        key: tuple,
        source: Source,
        page: SharedPage,
        result,
        answer: dict,
        csrf_secret: str | None,
    ) -> None:
        """Keep Django's answer for the next readers: only a plain 200 whose only cookies
        are the CSRF one and the source's own (any other would be one reader's)."""
        if not answer.get("status", "").startswith("200 ") or settings.SHARED_READS_KEPT <= 0:
            return
        headers, csrf_cookie = [], False
        for name, value in answer["headers"]:
            lowered = name.lower()
            if lowered == "set-cookie":
                cookie = value.strip().split("=", 1)[0]
                if cookie == settings.CSRF_COOKIE_NAME:
                    csrf_cookie = True
                    csrf_secret = value.strip().split("=", 1)[1].split(";", 1)[0]
                elif cookie not in source.issued_cookies:
                    return
            elif lowered not in _PER_ANSWER:
                headers.append((name, value))
        if page.html is not None:
            body = page.html.encode()
        else:
            body = _csrf_marked(result.content, csrf_secret)
        body, page = source.marked(_form_tokens_marked(body), page)
        if page.live_cursor:
            body = _LIVE_CURSOR.sub(lambda match: match[1] + LIVE_MARK + b'"', body, count=1)
        marks = [FORM_TOKEN_MARK, LIVE_MARK, *source.marks]
        splitter = re.compile(b"(" + b"|".join(re.escape(mark) for mark in marks) + b")")
        pieces = [piece.split(CSRF_MARK.encode()) for piece in splitter.split(body)]
        entry = _Entry(
            page=replace(page, html=None),
            status=answer["status"],
            headers=headers,
            parts=[pieces[0], *zip((mark for [mark] in pieces[1::2]), pieces[2::2], strict=True)],
            csrf_cookie=csrf_cookie,
            has_csrf=any(len(piece) > 1 for piece in pieces[::2]),
            voted_on=(
                tuple(
                    dict.fromkeys(
                        int(match["id"]) for match in source.vote_totals.pattern.finditer(body)
                    )
                )
                if page.votes_at is not None
                else ()
            ),
        )
        with self._keeping:
            while pool and len(pool) >= settings.SHARED_READS_KEPT:
                pool.pop(next(iter(pool)))  # the oldest goes first
            pool[key] = entry
