"""Comment counts for many pages at once (the API's `/counts`, and `/embed/counts/` that
counts.js asks), answered from memory (discussion.shared_reads) for callers without an
identity while the threads they count are unchanged, as a listing's `/discussion/counts/`.

An answer depends on which threads the pages name and on each one's count, which moves
only with its revision (discussion.actions bumps both in the same write). So the probe
reads, in one row, every (name, thread, revision) the question matches: discussion gives
the parts for addresses and article ids (thread_probe_parts), this module the parts for a
site's pages; the site's allowed origins (the CORS header of /embed/counts/) are in the
row too. Any of them changes the row, and the next request goes through Django."""

from collections.abc import Sequence

from rejoinder.discussion.models import Thread
from rejoinder.discussion.queries import placeholders
from rejoinder.discussion.shared_reads import (
    ListingCounts,
    ProbePart,
    probe_of,
    thread_probe_parts,
)
from rejoinder.embed.models import ExternalPage, Site


class SharedCounts(ListingCounts):
    """Every address that counts many pages: the listing's, the API's and the embed's."""

    url_names = (*ListingCounts.url_names, "api-v1:counts", "embed:counts")


def counts_probe(
    *,
    urls: Sequence[str] = (),
    articles: Sequence[int] = (),
    site_key: str | None = None,
    identifiers: Sequence[str] = (),
) -> tuple[str, tuple]:
    """(SQL, params) reading one row that changes whenever the counts for these pages may:
    the number of threads matched and each one's name, id and revision (and the site's id
    and origins); see discussion.shared_reads.probe_of."""
    parts: list[ProbePart] = thread_probe_parts(urls=urls, articles=articles)
    if site_key is not None:
        threads, pages, sites = (
            Thread._meta.db_table,
            ExternalPage._meta.db_table,
            Site._meta.db_table,
        )
        parts.append(
            (
                f"SELECT 's' || id || ' ' || allowed_origins AS part FROM {sites} WHERE key = %s",
                [site_key],
            )
        )
        if identifiers:
            parts.append(
                (
                    f"SELECT 'p' || p.identifier || ' ' || t.id || ' ' || t.revision AS part "
                    f"FROM {pages} p JOIN {threads} t ON t.id = p.thread_id "
                    f"JOIN {sites} s ON s.id = p.site_id "
                    f"WHERE s.key = %s AND p.identifier IN ({placeholders(identifiers)})",
                    [site_key, *identifiers],
                )
            )
    return probe_of(parts)
