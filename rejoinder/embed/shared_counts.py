"""Comment counts for many pages at once (the API's `/counts`, and `/embed/counts/` that
counts.js asks), answered from memory (discussion.shared_reads) for callers without an
identity while the threads they count are unchanged.

An answer depends on which threads the pages name and on each one's count, which moves
only with its revision (discussion.actions bumps both in the same write). So the probe
reads, in one row, every (name, thread, revision) the question matches: a new comment, a
removal, an approval or a closing bumps a revision; a page's first comment adds a row; the
site's allowed origins (the CORS header of /embed/counts/) are in the row too. Any of them
changes the row, and the next request goes through Django."""

from collections.abc import Sequence
from urllib.parse import urlsplit

from django.db import connection
from django.http import HttpResponseBase
from django.urls import reverse

from rejoinder.discussion.models import Thread
from rejoinder.discussion.shared_reads import PlainSource, request_part, share_page
from rejoinder.embed.models import ExternalPage, Site


class SharedCounts(PlainSource):
    """`GET /api/v1/counts` and `GET /embed/counts/` for a caller with neither token nor
    cookies but the CSRF one. Keyed by the query as sent and the Origin (the embed's CORS
    header follows it); each spelling is an entry of its own, bounded as every source is
    (SHARED_READS_KEPT). Only answers a view offered (a 200) are ever kept."""

    name = "counts"

    def __init__(self) -> None:
        self._paths: frozenset[str] | None = None

    def key(self, environ: dict, cookies: dict[str, str]) -> tuple | None:
        if self._paths is None:  # the URLconf is loaded by the first request, not at import
            self._paths = frozenset({reverse("api-v1:counts"), reverse("embed:counts")})
        path = environ.get("PATH_INFO", "")
        if path not in self._paths or cookies or "HTTP_AUTHORIZATION" in environ:
            return None
        return (
            *request_part(environ),
            path,
            environ.get("HTTP_ORIGIN"),
            environ.get("QUERY_STRING", ""),
        )


def _names_by_url(urls: Sequence[str]) -> list[str]:
    """The thread addresses comment_counts_by_url looks for: each address and its path."""
    return list(dict.fromkeys([*urls, *(urlsplit(url).path or url for url in urls)]))


def counts_probe(
    *,
    urls: Sequence[str] = (),
    articles: Sequence[int] = (),
    site_key: str | None = None,
    identifiers: Sequence[str] = (),
) -> tuple[str, tuple]:
    """(SQL, params) reading one row that changes whenever the counts for these pages may:
    the number of threads matched and each one's name, id and revision (and the site's id
    and origins). The row is compared whole, so the order the database joins them in only
    ever costs a needless trip through Django, never a stale answer."""
    threads, pages, sites = (
        Thread._meta.db_table,
        ExternalPage._meta.db_table,
        Site._meta.db_table,
    )
    parts, params = [], []

    def among(values: list) -> str:
        params.extend(values)
        return ", ".join(["%s"] * len(values))

    if urls:
        names = _names_by_url(urls)
        parts.append(
            f"SELECT 'u' || url || ' ' || id || ' ' || revision AS part FROM {threads} "
            f"WHERE url IN ({among(names)})"
        )
    if articles:
        parts.append(
            f"SELECT 'a' || article_id || ' ' || id || ' ' || revision AS part FROM {threads} "
            f"WHERE article_id IN ({among(list(articles))})"
        )
    if site_key is not None:
        parts.append(
            f"SELECT 's' || id || ' ' || allowed_origins AS part FROM {sites} "
            f"WHERE key = {among([site_key])}"
        )
        if identifiers:
            parts.append(
                f"SELECT 'p' || p.identifier || ' ' || t.id || ' ' || t.revision AS part "
                f"FROM {pages} p JOIN {threads} t ON t.id = p.thread_id "
                f"JOIN {sites} s ON s.id = p.site_id "
                f"WHERE s.key = {among([site_key])} "
                f"AND p.identifier IN ({among(list(identifiers))})"
            )
    joined = "group_concat(part, '\n')"
    if connection.vendor != "sqlite":
        joined = "string_agg(part, '\n')"
    union = " UNION ALL ".join(parts) or "SELECT NULL AS part WHERE 1 = 0"
    return f"SELECT COUNT(*), {joined} FROM ({union}) matched", tuple(params)


def counts_state(probe: tuple[str, tuple]) -> tuple:
    """The probe's row now: read before the counts, so an answer is never older than it."""
    with connection.cursor() as cursor:
        cursor.execute(*probe)
        return tuple(cursor.fetchone())


def share_counts(response: HttpResponseBase, *, probe: tuple[str, tuple], state: tuple) -> None:
    """Offer a counts answer to every caller without an identity who asks the same."""
    sql, params = probe
    share_page(response, kind=SharedCounts.name, probe=sql, params=params, state=state)
