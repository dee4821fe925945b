"""The frame's own identity, carried in a header instead of cookies.

Browsers partition or block cookies in a frame from another site, so the frame page hands
its scripts a signed token — the site, the page, the reader's random id and, after a
sign-in, the member's account — that htmx sends with every request as X-Rejoinder-Frame.
A header cannot be sent by another site's form or image, so it is not forgeable the way an
ambient cookie is: a request carrying a valid one needs no CSRF cookie (middleware.py).

A frame opened by a reader who brings no cookie of ours is the same for every such reader
but for its token (a new reader id each time): `FramePages` lets discussion.shared_reads
keep it and fill in a new token (and, over HTTPS, the frame reader cookie) per request."""

import json
import re
import secrets
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import parse_qsl

from django.core import signing
from django.urls import reverse

from rejoinder.core.randomness import random_bytes
from rejoinder.core.signed import PreparedJSON, QuickSigner, url_safe_b64
from rejoinder.discussion.models import Thread
from rejoinder.discussion.shared_reads import (
    LIVE_CURSOR_COLUMN,
    PlainSource,
    SharedPage,
    request_part,
)
from rejoinder.embed.errors import FrameExpired
from rejoinder.embed.models import ExternalPage, Site

FRAME_HEADER = "X-Rejoinder-Frame"
FRAME_TOKEN_MAX_AGE = 24 * 3600  # a tab left open longer reloads the frame to go on
_SALT = "rejoinder.embed.frame"
FRAME_READER_COOKIE = "rejoinder_frame_reader"
FRAME_READER_MAX_AGE = 365 * 24 * 3600
FRAME_READER_SALT = "rejoinder.embed.frame-reader"


@dataclass(frozen=True)
class Frame:
    site_id: int
    reader_id: str
    parent_origin: str
    identifier: str
    url: str
    title: str
    member_user_id: int | None = None
    # The reader's id was made for this frame view: the browser brought no partitioned
    # cookie, so each view of a page is a new reader (votes count as cookie-less ones).
    reader_is_new: bool = False


def _frame_fields(frame: Frame) -> dict:
    return {
        "s": frame.site_id,
        "o": frame.parent_origin,
        "p": frame.identifier,
        "u": frame.url,
        "t": frame.title,
        "m": frame.member_user_id,
        "n": frame.reader_is_new,
        "r": frame.reader_id,  # last: a kept frame's token is its JSON up to here + an id
    }


def _json(data: object) -> bytes:
    """JSON as django.core.signing's serialiser writes it (compact, ASCII)."""
    return json.dumps(data, separators=(",", ":")).encode("latin-1")


# Tokens are those signing.dumps writes, uncompressed (signed.py): read_frame_token loads
# them, and the compressed ones issued before, alike.
_FRAME_SIGNER = QuickSigner(_SALT)


def issue_frame_token(frame: Frame) -> str:
    return _FRAME_SIGNER.sign_json(_json(_frame_fields(frame)))


def read_frame_token(token: str) -> Frame:
    """The frame a token was issued for; FrameExpired if it is old, altered or not ours."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=FRAME_TOKEN_MAX_AGE)
        return Frame(
            site_id=int(data["s"]),
            reader_id=str(data["r"]),
            parent_origin=str(data["o"]),
            identifier=str(data["p"]),
            url=str(data["u"]),
            title=str(data["t"]),
            member_user_id=int(data["m"]) if data["m"] is not None else None,
            # A token issued before this was said: its reader may be new, so it is taken as one.
            reader_is_new=bool(data.get("n", True)),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise FrameExpired() from error


_READER_ID_BYTES = 24


def new_reader_id() -> str:
    return secrets.token_urlsafe(_READER_ID_BYTES)


def frame_reader_cookie(reader_id: str) -> str:
    """The Set-Cookie value that keeps the reader's id for Rejoinder inside this host site
    only (CHIPS), written by hand because Django's cookies cannot say `Partitioned` yet.
    Browsers accept `SameSite=None` only with `Secure`: send it over HTTPS only."""
    value = signing.get_cookie_signer(salt=FRAME_READER_COOKIE + FRAME_READER_SALT).sign(reader_id)
    return (
        f"{FRAME_READER_COOKIE}={value}; Max-Age={FRAME_READER_MAX_AGE}; Path=/; "
        "HttpOnly; Secure; SameSite=None; Partitioned"
    )


# What a frame page shows of its site and its page's thread (or none yet), in one row.
FRAME_PROBE = f"""
    SELECT s.id, s.allowed_origins, s.is_open, s.category_policy_id, s.name,
           t.id, t.revision, t.votes_revision, t.url, t.title, {LIVE_CURSOR_COLUMN}
    FROM {Site._meta.db_table} s
    LEFT JOIN {ExternalPage._meta.db_table} p ON p.site_id = s.id AND p.identifier = %s
    LEFT JOIN {Thread._meta.db_table} t ON t.id = p.thread_id
    WHERE s.key = %s"""


def frame_state(site: Site, thread: Thread | None) -> tuple:
    """What FRAME_PROBE reads while a frame page built from `site` and `thread` holds. The
    page's address and title are in it: a reader who reports others gets Django, which
    writes them (update_page_details), as it does for every view."""
    shown = (
        (thread.pk, thread.revision, thread.votes_revision, thread.url, thread.title)
        if thread is not None
        else (None,) * 5
    )
    return (site.pk, site.allowed_origins, site.is_open, site.category_policy_id, site.name, *shown)


# Where frame_state puts the thread's votes revision: a vote moves only that, and a kept
# frame (always Newest first) then gets the new totals laid over it (shared_reads).
FRAME_STATE_VOTES_AT = 7


@dataclass(frozen=True)
class FrameFill:
    """The frame's token, less the reader: a new reader for every request."""

    frame: Frame  # issued to the reader Django answered; its reader id is never reused
    token: str = ""  # that reader's token, to find in the page
    secure: bool = False  # over HTTPS the reader also gets the partitioned cookie
    # Set when the page is kept: the token of a new reader, signed from its JSON up to their id.
    head: PreparedJSON | None = None


FRAME_MARK = b"<!--rj:frame-token-->"
# The frame's own parameters (embed.js sends these); any other (?comment=, a sort, a cursor)
# opens the frame somewhere else, and goes to Django.
_FRAME_PARAMETERS = frozenset({"site", "page", "url", "title", "origin", "theme"})


class FramePages(PlainSource):
    """The embed's frame (`embed:frame`) for a reader without cookies but the CSRF one.

    Each answer signs a frame token of its own, with a new reader id, as signing.dumps signs
    it (core.signed), from the JSON prepared when the page was kept: one HMAC and a join.
    (The comment form's one-time token is drawn by shared_reads, as on every kept page.)"""

    name = "frame"
    issued_cookies = frozenset({FRAME_READER_COOKIE})
    marks = (FRAME_MARK,)

    def __init__(self) -> None:
        self._path: str | None = None

    def key(self, environ: dict, cookies: dict[str, str]) -> tuple | None:
        if self._path is None:  # the URLconf is loaded by the first request, not at import
            self._path = reverse("embed:frame")
        if environ.get("PATH_INFO") != self._path or cookies:
            return None
        if environ.get("HTTP_X_REJOINDER_FRAME") or environ.get("HTTP_HX_REQUEST"):
            return None
        query = _frame_query(environ.get("QUERY_STRING", ""))
        return None if query is None else (*request_part(environ), query)

    def marked(self, body: bytes, page: SharedPage) -> tuple[bytes, SharedPage]:
        fill: FrameFill = page.fill
        marked = body.replace(fill.token.encode(), FRAME_MARK)
        # Every reader of the kept page is new (the view keeps no other): the token's JSON
        # is the same for all of them up to the id, which is last and needs no escaping.
        whole = _json(_frame_fields(replace(fill.frame, reader_id="", reader_is_new=True)))
        head = _FRAME_SIGNER.prepared(whole.removesuffix(b'""}') + b'"')
        return marked, replace(page, fill=replace(fill, token="", head=head))

    def fill(self, page: SharedPage, environ: dict) -> tuple[dict[bytes, bytes], list]:
        fill: FrameFill = page.fill
        # As new_reader_id draws it, as bytes: URL-safe, nothing to escape in the JSON.
        reader_id = url_safe_b64(random_bytes(_READER_ID_BYTES))
        token = fill.head.signed_json(reader_id + b'"}')
        cookies = [("Set-Cookie", frame_reader_cookie(reader_id.decode()))] if fill.secure else []
        return {FRAME_MARK: token}, cookies


@lru_cache(maxsize=1024)
def _frame_query(query: str) -> tuple | None:
    """The frame's parameters, each once, as (name, value) pairs in order of name; None for
    a query with anything else. Kept for the most recent queries (bounded)."""
    pairs = parse_qsl(query, keep_blank_values=True)
    names = [name for name, _value in pairs]
    if len(set(names)) != len(names) or not _FRAME_PARAMETERS.issuperset(names):
        return None
    return tuple(sorted(pairs))


_TOKEN_ALPHABET = re.compile(r"[A-Za-z0-9_:.-]+")


def token_needs_no_escaping(token: str) -> bool:
    """A signed token is URL-safe base64 and colons: it reads the same in JSON and in HTML."""
    return bool(_TOKEN_ALPHABET.fullmatch(token))
