"""What reader pages compute from many pages at once, kept for one publication revision.

The key of every entry carries the publication revision (`PublicationRevision`), read once
per request, so a publish, unpublish, move or delete on one app server is seen by every
other on its next request: the cache may be per-process memory (no REDIS_URL) or Redis,
and no invalidation message ever has to travel between processes. Stale entries are never
read again and simply expire.

A preview shows a page built from an unsaved revision: it never reads these entries (they
hold the live site) and never writes them (they would leak a draft to readers)."""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import get_language
from wagtail.models import Page, Site
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

from rejoinder.publishing.models import PublicationRevision

T = TypeVar("T")

# The one row of PublicationRevision.
_ROW = 1
# Entries are replaced by a change of revision, not by time: this only bounds the memory
# an unchanging entry holds.
CACHE_SECONDS = 24 * 3600


def is_preview(request: HttpRequest | None) -> bool:
    """Wagtail marks the request it builds to render a preview."""
    return bool(getattr(request, "is_preview", False))


def current_revision(request: HttpRequest | None = None) -> int:
    """The publication revision, read from the database once per request."""
    if request is not None and hasattr(request, "_publication_revision"):
        return request._publication_revision
    rows = PublicationRevision.objects.filter(pk=_ROW).values_list("number", flat=True)
    number = rows.first() or 0
    if request is not None:
        request._publication_revision = number
    return number


def bump_revision() -> None:
    """Start a new publication revision. Runs in the caller's transaction, so a reader who
    sees the new number also sees the change it stands for."""
    if PublicationRevision.objects.filter(pk=_ROW).update(number=F("number") + 1):
        return
    try:  # the first change on this database (or one flushed since)
        with transaction.atomic():
            PublicationRevision.objects.create(pk=_ROW, number=1)
    except IntegrityError:  # another process created it meanwhile
        PublicationRevision.objects.filter(pk=_ROW).update(number=F("number") + 1)


# (the publication revision they were read under, Wagtail's site root paths, page URLs built
# from them by url_path); replaced whole, so a thread reads either the old set or the new one.
_root_paths: tuple[int, list, dict[str, str | None]] | None = None

# Page URLs kept for one revision: one per article voted on since it started, within a bound
# however many articles a site has.
PAGE_URLS_KEPT = 4096


def site_root_paths(revision: int) -> list:
    """Wagtail's site root paths (Site.get_site_root_paths: what a page's URL is built
    from), kept in this process for one publication revision, for a caller that read the
    revision already: Wagtail keeps them in the cache, a round trip to Redis on every page
    URL built without a request (#16). Every change that moves a URL starts a revision
    (publishing.receivers: sites saved or deleted, pages published, moved or deleted).
    Under a new revision they are read from the database, not from Wagtail's entry, which
    a per-process cache in another process would not have seen cleared."""
    return _kept(revision)[1]


def page_url(revision: int, url_path: str, page: Callable[[list], Page]) -> str | None:
    """Page.url (without a request) of the page at `url_path` under `revision`, kept with
    the site root paths it is built from: given those, Wagtail builds it from the url_path
    alone. `page(paths)` makes the page, with the paths kept on it, when it is not kept: on
    every vote, building a page instance and its URL cost about 0.1 ms, 8% of its CPU."""
    _revision, paths, urls = _kept(revision)
    try:
        return urls[url_path]
    except KeyError:
        pass
    if len(urls) >= PAGE_URLS_KEPT:
        urls.clear()
    url = urls[url_path] = page(paths).url
    return url


def _kept(revision: int) -> tuple[int, list, dict[str, str | None]]:
    global _root_paths
    kept = _root_paths
    if kept is not None and kept[0] == revision:
        return kept
    cache.delete(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
    kept = _root_paths = (revision, Site.get_site_root_paths(), {})
    return kept


def shared(request: HttpRequest | None, name: str, *parts: object, compute: Callable[[], T]) -> T:
    """`compute()`'s result for `name` and `parts`, computed once per publication revision,
    language (dates and labels are translated) and host (a page's URL is relative on its own
    site, absolute on another) and kept in the cache. In a preview it is always computed and
    never kept. `compute` must not return None."""
    if is_preview(request):
        return compute()
    host = request.get_host() if request is not None else ""
    revision = str(current_revision(request))
    key = ":".join(["rj:pub", name, revision, get_language() or "", host, *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value
