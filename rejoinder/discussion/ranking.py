"""Display order of top-level comments, and keyset cursors for paging through them.

Pages of comments are fetched with keyset ("seek") pagination rather than OFFSET: a thread that
gains comments while someone reads it must not show them the same comment twice or skip one, and
deep pages must stay cheap. The ORM query mirrors `comes_after()`; `sort_key()` is the same order
as a plain Python key, and the tests hold the two to each other.

Every order ends in the comment id, which is unique, so the order is total and a cursor always
identifies exactly one position.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

__all__ = ["Cursor", "Sort", "comes_after", "parse_sort", "sort_key"]


class Sort(StrEnum):
    """The orders a reader can choose; the values appear in URLs (?sort=…)."""

    NEWEST = "newest"
    OLDEST = "oldest"
    MOST_VOTED = "voted"


def parse_sort(value: str | None, default: Sort = Sort.NEWEST) -> Sort:
    """The Sort named by a query-string value, or `default` for anything missing or unknown."""
    if not value:
        return default
    try:
        # Lenient about case and stray whitespace: these values are hand-edited in URLs.
        return Sort(value.strip().lower())
    except ValueError:
        return default


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MICROSECOND = timedelta(microseconds=1)


def _epoch_us(created: datetime) -> int:
    """Microseconds since the Unix epoch, exactly (integer arithmetic, no float rounding)."""
    if created.tzinfo is None or created.utcoffset() is None:
        # A naive datetime would be compared as if it were UTC and silently misplace comments.
        raise ValueError("created must be timezone-aware")
    return (created - _EPOCH) // _ONE_MICROSECOND


# "score:epoch-microseconds:id[:featured-epoch-microseconds]", integers only. Bounded lengths
# keep int() cheap on hostile input (19 digits covers every 64-bit value; the epoch range of
# datetime needs at most 18). [0-9], not \d, which would also match non-ASCII digits that
# int() happily accepts.
_CURSOR_TEXT = re.compile(r"(-?[0-9]{1,19}):(-?[0-9]{1,19}):([0-9]{1,19})(?::(-?[0-9]{1,19}))?")
_CURSOR_CHARS = re.compile(r"[A-Za-z0-9_-]{1,110}")
_INT64_MAX = 2**63 - 1


@dataclass(frozen=True, slots=True)
class Cursor:
    """Keyset position of the last top-level comment on a page (the next page starts after it).

    Featured comments open the thread, most recently featured first, before the chosen sort;
    `featured` is set when the position is among them (the time that comment was featured).
    """

    score: int
    created: datetime
    id: int
    featured: datetime | None = None

    def __post_init__(self) -> None:
        _epoch_us(self.created)  # reject naive datetimes up front
        if self.featured is not None:
            _epoch_us(self.featured)
        if not 0 <= self.id <= _INT64_MAX or abs(self.score) > _INT64_MAX:
            raise ValueError("cursor score/id out of range")

    def encode(self) -> str:
        """A short, URL-safe, opaque token (unpadded base64url) for ?after=…."""
        text = f"{self.score}:{_epoch_us(self.created)}:{self.id}"
        if self.featured is not None:
            text += f":{_epoch_us(self.featured)}"
        return base64.urlsafe_b64encode(text.encode("ascii")).rstrip(b"=").decode("ascii")

    @classmethod
    def decode(cls, token: str | None) -> Cursor | None:
        """The Cursor a token encodes, or None if it is malformed in any way. Never raises.

        The token comes from the query string, so anyone can send anything; a bad one should
        just mean "first page", not an error page.
        """
        if not isinstance(token, str) or not _CURSOR_CHARS.fullmatch(token):
            return None
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            match = _CURSOR_TEXT.fullmatch(raw.decode("ascii"))
            if match is None:
                return None
            score, micros, id_ = (int(part) for part in match.groups()[:3])
            featured = match.group(4)
            cursor = cls(
                score=score,
                created=_EPOCH + micros * _ONE_MICROSECOND,
                id=id_,
                featured=None if featured is None else _EPOCH + int(featured) * _ONE_MICROSECOND,
            )
        except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError):
            return None
        # Only the canonical spelling is accepted ("007" or "-0" would otherwise alias a valid
        # cursor), so each position has exactly one token, which keeps caches and logs tidy.
        return cursor if cursor.encode() == token else None


def sort_key(sort: Sort, *, score: int, created: datetime, id: int) -> tuple[int, ...]:
    """A key whose ascending order is the display order for `sort`.

    Descending fields are negated, which is exact because every field is an integer.
    """
    us = _epoch_us(created)
    if sort is Sort.NEWEST:
        return (-us, -id)
    if sort is Sort.OLDEST:
        return (us, id)
    if sort is Sort.MOST_VOTED:
        # Ties on score go to the newer comment, so a fresh good reply is not buried under an
        # older one that merely got there first.
        return (-score, -us, -id)
    raise ValueError(f"unknown sort {sort!r}")


def comes_after(sort: Sort, cursor: Cursor, *, score: int, created: datetime, id: int) -> bool:
    """Whether a comment with these values comes strictly after `cursor` in `sort` order.

    Written as the lexicographic keyset predicate, field by field, in the same shape as the ORM
    filter (e.g. created < c OR (created = c AND id < c_id)) so the two are easy to compare.
    """
    us, c_us = _epoch_us(created), _epoch_us(cursor.created)
    if sort is Sort.NEWEST:
        return us < c_us or (us == c_us and id < cursor.id)
    if sort is Sort.OLDEST:
        return us > c_us or (us == c_us and id > cursor.id)
    if sort is Sort.MOST_VOTED:
        return (
            score < cursor.score
            or (score == cursor.score and us < c_us)
            or (score == cursor.score and us == c_us and id < cursor.id)
        )
    raise ValueError(f"unknown sort {sort!r}")
