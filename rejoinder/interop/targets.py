"""Which article a source's thread belongs to: by a mapping file when one is given, else by
the address's path, else by its last path segment when exactly one article has that slug
(a WordPress permalink such as /2018/12/30/harbour-road/ finds the article harbour-road).

Only articles: discussions of other sites' pages (the embed, issue #9) are not imported yet."""

import csv
from pathlib import Path
from urllib.parse import urlsplit

from rejoinder.interop.errors import ImportFileError
from rejoinder.interop.records import ThreadRecord
from rejoinder.publishing.models import ArticlePage


def normalised_path(address: str) -> str:
    """/opinion/harbour-road/ for https://host/opinion/harbour-road?utm=x, or for
    /opinion/harbour-road."""
    path = urlsplit(address.strip()).path or "/"
    return path if path.endswith("/") else f"{path}/"


def read_mapping(path: Path) -> dict[str, str]:
    """A CSV of `old address or identifier,article path or slug` lines."""
    mapping = {}
    try:
        with path.open(newline="", encoding="utf-8") as lines:
            for number, row in enumerate(csv.reader(lines), start=1):
                if not row or row[0].startswith("#"):
                    continue
                if len(row) != 2 or not row[0].strip() or not row[1].strip():
                    raise ImportFileError(
                        "expected two columns: the old address (or identifier) and the "
                        "article's path or slug",
                        where=f"{path.name}, line {number}",
                    )
                mapping[row[0].strip()] = row[1].strip()
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFileError(f"cannot read the mapping file: {error}", where=path.name) from None
    return mapping


class ArticleTargets:
    def __init__(self, mapping: dict[str, str] | None = None) -> None:
        self._mapping = mapping or {}
        self._by_path: dict[str, ArticlePage] = {}
        self._by_slug: dict[str, list[ArticlePage]] = {}
        self._by_id: dict[int, ArticlePage] = {}
        for article in ArticlePage.objects.order_by("pk"):
            parts = article.get_url_parts()
            if parts is not None:
                self._by_path[normalised_path(parts[2])] = article
            self._by_slug.setdefault(article.slug, []).append(article)

    def add(self, article: ArticlePage, *, old_url: str = "") -> None:
        """An article created by this import (from a WordPress post at `old_url`)."""
        if old_url:
            self._mapping.setdefault(old_url, f"article:{article.pk}")
            self._by_id[article.pk] = article
        parts = article.get_url_parts()
        if parts is not None:
            self._by_path[normalised_path(parts[2])] = article
        self._by_slug.setdefault(article.slug, []).append(article)

    def _find(self, reference: str) -> ArticlePage | None:
        if reference.startswith("article:"):
            return self._by_id.get(int(reference.removeprefix("article:")))
        if reference in self._by_path or normalised_path(reference) in self._by_path:
            return self._by_path.get(reference) or self._by_path[normalised_path(reference)]
        slug = normalised_path(reference).rstrip("/").rsplit("/", 1)[-1]
        candidates = self._by_slug.get(slug, [])
        return candidates[0] if len(candidates) == 1 else None

    def article_for(self, thread: ThreadRecord) -> ArticlePage | None:
        for key in (thread.url, thread.identifier, normalised_path(thread.url)):
            if key and key in self._mapping:
                return self._find(self._mapping[key])
        return self._find(thread.url) if thread.url else None
