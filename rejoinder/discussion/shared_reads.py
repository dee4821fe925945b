"""Pages of a thread that every reader without an identity sees alike, served from this
process's memory without Django's request cycle.

A reader with no session and no reader cookie gets a page of comments that differs from
anyone else's only in the CSRF token of its forms. The view says so by attaching the page,
with the token left as a marker, to its response (`share`). `SharedReads`, the outermost
layer of the WSGI application, keeps it together with the headers the middleware added. The
next such request for the same page, while the thread's revisions (its pages' and its vote
totals') are unchanged, gets those bytes with its own token filled in: one indexed read
instead of the whole stack.

Each process keeps its own entries; reading the revision on every request keeps them right
without messages between processes, as the revision in every cache key does elsewhere. The
one change no write announces is time: a thread that passes its category's closing age
shows closed from that moment, so a page kept before then is not served after it.

Comment counts for listings (`/discussion/counts/`) are the same for everyone too: after
Django has answered one, this layer answers the next ones itself with the same headers and
a body read fresh from the database (one query), so counts are exact after any write."""

import json
import os
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.cookie import parse_cookie
from django.middleware.csrf import CSRF_ALLOWED_CHARS
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language_from_request

from rejoinder.discussion.models import Thread
from rejoinder.discussion.presenters import CSRF_MARK, SORT_COOKIE, PageRequest, as_shown
from rejoinder.discussion.queries import comment_counts_by_url, counts_refusal

# The cookie Django sets holds the unmasked secret: 32 letters and digits.
_CSRF_SECRET = re.compile(r"[A-Za-z0-9]{32}")
_DROPPED = {"set-cookie", "content-length"}  # one reader's cookies; the length is counted anew


@dataclass(frozen=True)
class SharedPage:
    thread_id: int
    revisions: tuple[int, int]  # the thread's revision and votes revision
    html: str  # CSRF inputs left as CSRF_MARK
    closes_at: datetime | None = None  # the page shows the thread open until then


@dataclass(frozen=True)
class _Entry:
    revisions: tuple[int, int]
    closes_at: datetime | None
    status: str
    headers: list[tuple[str, str]]
    chunks: list[bytes]  # the page, split where each CSRF input goes

    def is_fresh(self, revisions: tuple[int, int] | None) -> bool:
        if revisions != self.revisions:
            return False
        return self.closes_at is None or timezone.now() < self.closes_at


def share(response: HttpResponse, *, thread: Thread, html: str) -> None:
    """Offer `html` (the page with CSRF_MARK where each reader's token goes) to every
    reader without an identity who asks for the same page while the thread is unchanged."""
    response.shared_page = SharedPage(
        thread_id=thread.pk,
        revisions=(thread.revision, thread.votes_revision),
        html=html,
        closes_at=as_shown(thread).closes_at,
    )


_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}


def _masked(secret: str) -> str:
    """The secret masked as CsrfViewMiddleware unmasks it (a fresh mask, then each character
    shifted by the mask's), so that no page shows the secret itself (BREACH). Django's
    `_mask_cipher_secret` asks the system for randomness once per character, a third of this
    path's time; here one call serves all 32."""
    chars = CSRF_ALLOWED_CHARS
    mask = [chars[byte % len(chars)] for byte in os.urandom(len(secret))]
    cipher = (
        chars[(_INDEX[plain] + _INDEX[shift]) % len(chars)]
        for plain, shift in zip(secret, mask, strict=True)
    )
    return "".join(mask) + "".join(cipher)


def _csrf_input(secret: str) -> bytes:
    html = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
    return format_html(html, _masked(secret)).encode()


def _current_revisions(thread_id: int) -> tuple[int, int] | None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT revision, votes_revision FROM {Thread._meta.db_table} WHERE id = %s",
            [thread_id],
        )
        row = cursor.fetchone()
    return tuple(row) if row else None


def _page_key(environ: dict, *, thread_id: int, sort: str) -> tuple:
    """What the page depends on, normalised as the view reads it: the page the query
    names (unknown parameters and the spelling of a cursor left out), and the language
    LocaleMiddleware picks, not the header's text. Readers spell URLs and headers freely;
    each spelling must not be a page of its own, or a flood of them would push out the
    pages everyone reads."""
    wanted = PageRequest.from_query(QueryDict(environ.get("QUERY_STRING", "")), sort_cookie=sort)
    probe = HttpRequest()
    probe.META["HTTP_ACCEPT_LANGUAGE"] = environ.get("HTTP_ACCEPT_LANGUAGE", "")
    return (
        environ.get("wsgi.url_scheme"),
        environ.get("HTTP_X_FORWARDED_PROTO"),  # HTTPS behind a proxy adds headers (HSTS)
        environ.get("HTTP_HOST"),
        thread_id,
        wanted.cache_part,
        get_language_from_request(probe),
    )


class SharedReads:
    """WSGI middleware: answers repeated anonymous reads of a thread page from memory."""

    def __init__(self, app: Callable) -> None:
        self.app = app
        self.entries: dict[tuple, _Entry] = {}
        self._keeping = threading.Lock()
        self._path: re.Pattern | None = None
        self._counts_path: str | None = None
        self._counts_headers: list[tuple[str, str]] | None = None  # from Django's answer

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("PATH_INFO") == self._counts():
            return self._answer_counts(environ, start_response)
        request = self._shareable(environ)
        if request is None:
            return self.app(environ, start_response)
        key, thread_id, csrf_secret = request
        if (entry := self.entries.get(key)) is not None:
            try:
                fresh = entry.is_fresh(_current_revisions(thread_id))
            except DatabaseError:  # let Django's own handling deal with the database
                fresh = False
            if fresh:
                body = _csrf_input(csrf_secret).join(entry.chunks)
                start_response(entry.status, [*entry.headers, ("Content-Length", str(len(body)))])
                return [body]
            self.entries.pop(key, None)

        answer: dict = {}

        def remember_start(status, headers, exc_info=None):
            answer.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        result = self.app(environ, remember_start)
        page = getattr(result, "shared_page", None)
        if page is not None and answer.get("status", "").startswith("200 "):
            self._keep(key, page, answer["status"], answer["headers"])
        return result

    def _answer_counts(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """The counts the view would give, without Django once it has answered once; a
        request it would refuse, and a database error, still go through Django."""
        if self._counts_headers is not None:
            query = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
            urls = [value for name, value in query if name == "url"]
            if counts_refusal(urls) is None:
                try:
                    counts = comment_counts_by_url(urls)
                except DatabaseError:
                    counts = None
                if counts is not None:
                    body = json.dumps({"counts": counts}).encode()
                    headers = [*self._counts_headers, ("Content-Length", str(len(body)))]
                    start_response("200 OK", headers)
                    return [body]
        answer: dict = {}

        def remember_start(status, headers, exc_info=None):
            answer.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        result = self.app(environ, remember_start)
        if answer.get("status", "").startswith("200 "):
            self._counts_headers = [
                (name, value)
                for name, value in answer["headers"]
                if name.lower() not in _DROPPED | {"content-language"}
            ]
        return result

    def _counts(self) -> str:
        if self._counts_path is None:  # the URLconf is loaded by the first request
            self._counts_path = reverse("discussion:counts")
        return self._counts_path

    def _shareable(self, environ: dict) -> tuple[tuple, int, str] | None:
        """(cache key, thread id, CSRF secret) for a request every anonymous reader would
        get the same answer to, else None."""
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("HTTP_HX_REQUEST") != "true":
            return None
        match = self._thread_path().fullmatch(environ.get("PATH_INFO", ""))
        query = environ.get("QUERY_STRING", "")
        if match is None or "sort=" in query:  # choosing a sort sets a cookie
            return None
        # A reader known by a header instead of a cookie (the embed's frame) is not anonymous.
        if environ.get("HTTP_X_REJOINDER_FRAME"):
            return None
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
        csrf_secret = cookies.pop(settings.CSRF_COOKIE_NAME, "")
        sort = cookies.pop(SORT_COOKIE, "")
        # Any other cookie may be an identity (session, reader) or change the page
        # (language), and without a CSRF cookie Django must issue one.
        if cookies or not _CSRF_SECRET.fullmatch(csrf_secret):
            return None
        return _page_key(environ, thread_id=int(match[1]), sort=sort), int(match[1]), csrf_secret

    def _thread_path(self) -> re.Pattern:
        if self._path is None:  # the URLconf is loaded by the first request, not at import
            example = reverse("discussion:comments", args=[987654321])
            self._path = re.compile(re.escape(example).replace("987654321", r"(\d+)"))
        return self._path

    def _keep(self, key: tuple, page: SharedPage, status: str, headers: list) -> None:
        kept = [(name, value) for name, value in headers if name.lower() not in _DROPPED]
        chunks = page.html.encode().split(CSRF_MARK.encode())
        entry = _Entry(
            revisions=page.revisions,
            closes_at=page.closes_at,
            status=status,
            headers=kept,
            chunks=chunks,
        )
        with self._keeping:
            while self.entries and len(self.entries) >= settings.SHARED_READS_KEPT:
                self.entries.pop(next(iter(self.entries)))  # the oldest goes first
            if settings.SHARED_READS_KEPT > 0:
                self.entries[key] = entry
