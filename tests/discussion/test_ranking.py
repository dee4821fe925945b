"""Tests for rejoinder.discussion.ranking: sort orders and keyset cursors (pure, no Django)."""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import pytest

from rejoinder.discussion.ranking import Cursor, Sort, comes_after, parse_sort, sort_key

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
CEST = timezone(timedelta(hours=2))


@dataclass(frozen=True)
class Item:
    """Stand-in for a top-level comment row."""

    id: int
    score: int
    created: datetime

    def key(self, sort: Sort) -> tuple[int, ...]:
        return sort_key(sort, score=self.score, created=self.created, id=self.id)

    def cursor(self) -> Cursor:
        return Cursor(score=self.score, created=self.created, id=self.id)

    def after(self, sort: Sort, cursor: Cursor) -> bool:
        return comes_after(sort, cursor, score=self.score, created=self.created, id=self.id)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


# --- parse_sort ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("newest", Sort.NEWEST),
        ("oldest", Sort.OLDEST),
        ("voted", Sort.MOST_VOTED),
        ("VOTED", Sort.MOST_VOTED),
        (" oldest ", Sort.OLDEST),
        (None, Sort.NEWEST),
        ("", Sort.NEWEST),
        ("   ", Sort.NEWEST),
        ("most_voted", Sort.NEWEST),
        ("MOST_VOTED", Sort.NEWEST),
        ("random", Sort.NEWEST),
        ("newest\x00", Sort.NEWEST),
    ],
)
def test_parse_sort(value: str | None, expected: Sort) -> None:
    assert parse_sort(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"), [(None, Sort.OLDEST), ("bogus", Sort.OLDEST), ("voted", Sort.MOST_VOTED)]
)
def test_parse_sort_custom_default(value: str | None, expected: Sort) -> None:
    assert parse_sort(value, default=Sort.OLDEST) is expected


def test_sort_values_are_url_strings() -> None:
    assert [str(s) for s in Sort] == ["newest", "oldest", "voted"]


# --- sort_key: explicit orders ---

# Ties everywhere on purpose: equal scores, equal timestamps, so the tiebreaks decide.
ITEMS = [
    Item(id=1, score=5, created=at(0)),
    Item(id=2, score=5, created=at(10)),
    Item(id=3, score=9, created=at(5)),
    Item(id=4, score=5, created=at(10)),  # same instant as 2: id breaks the tie
    Item(id=5, score=-2, created=at(20)),
    Item(id=6, score=9, created=at(5)),  # same score and instant as 3
]


@pytest.mark.parametrize(
    ("sort", "expected_ids"),
    [
        (Sort.NEWEST, [5, 4, 2, 6, 3, 1]),
        (Sort.OLDEST, [1, 3, 6, 2, 4, 5]),
        (Sort.MOST_VOTED, [6, 3, 4, 2, 1, 5]),
    ],
)
def test_sort_key_orders(sort: Sort, expected_ids: list[int]) -> None:
    shuffled = ITEMS[::-1]
    assert [item.id for item in sorted(shuffled, key=lambda item: item.key(sort))] == expected_ids


@pytest.mark.parametrize("sort", list(Sort))
def test_sort_key_ignores_timezone_of_equal_instants(sort: Sort) -> None:
    utc = sort_key(sort, score=1, created=at(0), id=7)
    local = sort_key(sort, score=1, created=at(0).astimezone(CEST), id=7)
    assert utc == local


@pytest.mark.parametrize(
    ("sort", "earlier", "later"),
    [
        # One microsecond apart must still order correctly (no float timestamps).
        (Sort.NEWEST, at(0) + timedelta(microseconds=1), at(0)),
        (Sort.OLDEST, at(0), at(0) + timedelta(microseconds=1)),
        (Sort.MOST_VOTED, at(0) + timedelta(microseconds=1), at(0)),
    ],
)
def test_sort_key_microsecond_resolution(sort: Sort, earlier: datetime, later: datetime) -> None:
    assert sort_key(sort, score=0, created=earlier, id=1) < sort_key(
        sort, score=0, created=later, id=1
    )


@pytest.mark.parametrize("sort", list(Sort))
def test_naive_datetimes_are_rejected(sort: Sort) -> None:
    naive = datetime(2025, 1, 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        sort_key(sort, score=0, created=naive, id=1)
    with pytest.raises(ValueError, match="timezone-aware"):
        comes_after(sort, Item(1, 0, at(0)).cursor(), score=0, created=naive, id=1)
    with pytest.raises(ValueError, match="timezone-aware"):
        Cursor(score=0, created=naive, id=1)


# --- comes_after: explicit cases ---


@pytest.mark.parametrize(
    ("sort", "cursor_item", "candidate", "expected"),
    [
        # NEWEST: older comes after; at the same instant, lower id comes after.
        (Sort.NEWEST, Item(4, 5, at(10)), Item(1, 5, at(0)), True),
        (Sort.NEWEST, Item(4, 5, at(10)), Item(5, 5, at(20)), False),
        (Sort.NEWEST, Item(4, 5, at(10)), Item(2, 5, at(10)), True),
        (Sort.NEWEST, Item(4, 5, at(10)), Item(9, 5, at(10)), False),
        (Sort.NEWEST, Item(4, 5, at(10)), Item(4, 5, at(10)), False),  # not strictly after itself
        # OLDEST: the mirror image.
        (Sort.OLDEST, Item(4, 5, at(10)), Item(5, 5, at(20)), True),
        (Sort.OLDEST, Item(4, 5, at(10)), Item(1, 5, at(0)), False),
        (Sort.OLDEST, Item(4, 5, at(10)), Item(9, 5, at(10)), True),
        (Sort.OLDEST, Item(4, 5, at(10)), Item(2, 5, at(10)), False),
        (Sort.OLDEST, Item(4, 5, at(10)), Item(4, 5, at(10)), False),
        # MOST_VOTED: lower score after; same score, older after; then lower id after.
        (Sort.MOST_VOTED, Item(4, 5, at(10)), Item(9, 4, at(99)), True),
        (Sort.MOST_VOTED, Item(4, 5, at(10)), Item(1, 6, at(-99)), False),
        (Sort.MOST_VOTED, Item(4, 5, at(10)), Item(9, 5, at(0)), True),
        (Sort.MOST_VOTED, Item(4, 5, at(10)), Item(1, 5, at(20)), False),
        (Sort.MOST_VOTED, Item(4, 5, at(10)), Item(2, 5, at(10)), True),
        (Sort.MOST_VOTED, Item(4, 5, at(10)), Item(9, 5, at(10)), False),
        (Sort.MOST_VOTED, Item(4, 5, at(10)), Item(4, 5, at(10)), False),
        (Sort.MOST_VOTED, Item(4, -3, at(10)), Item(9, -4, at(10)), True),  # negative scores
    ],
)
def test_comes_after_cases(sort: Sort, cursor_item: Item, candidate: Item, expected: bool) -> None:
    assert candidate.after(sort, cursor_item.cursor()) is expected


# --- property: comes_after agrees with sort_key ---


def random_items(rng: random.Random, n: int) -> list[Item]:
    # Small ranges force many ties on score and on created, which is where keyset bugs hide.
    ids = rng.sample(range(1, 10 * n + 1), n)
    return [
        Item(
            id=ids[i],
            score=rng.randint(-3, 3),
            created=(T0 + timedelta(seconds=rng.randint(0, 8))).astimezone(rng.choice([UTC, CEST])),
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("sort", list(Sort))
@pytest.mark.parametrize("seed", range(25))
def test_comes_after_agrees_with_sort_key(sort: Sort, seed: int) -> None:
    rng = random.Random(seed)
    items = random_items(rng, rng.randint(1, 40))
    rng.shuffle(items)
    ordered = sorted(items, key=lambda item: item.key(sort))
    for k, anchor in enumerate(ordered):
        cursor = anchor.cursor()
        expected = {item.id for item in ordered[k + 1 :]}
        actual = {item.id for item in items if item.after(sort, cursor)}
        assert actual == expected, f"sort={sort} seed={seed} k={k}"


@pytest.mark.parametrize("sort", list(Sort))
@pytest.mark.parametrize("seed", range(10))
def test_paging_with_encoded_cursors_visits_each_item_once(sort: Sort, seed: int) -> None:
    # Walk the whole thread page by page, carrying the cursor as the URL would (encoded).
    rng = random.Random(1000 + seed)
    items = random_items(rng, 50)
    page_size = rng.randint(1, 7)
    seen: list[int] = []
    token: str | None = None
    # Bounded, so that a predicate that re-includes the cursor row fails instead of looping.
    for _ in range(len(items) + 1):
        cursor = Cursor.decode(token) if token else None
        remaining = [item for item in items if cursor is None or item.after(sort, cursor)]
        page = sorted(remaining, key=lambda item: item.key(sort))[:page_size]
        if not page:
            break
        seen.extend(item.id for item in page)
        token = page[-1].cursor().encode()
    assert seen == [item.id for item in sorted(items, key=lambda item: item.key(sort))]


# --- Cursor encode/decode ---


@pytest.mark.parametrize(
    "cursor",
    [
        Cursor(score=0, created=T0, id=1),
        Cursor(score=-17, created=T0, id=123456789),
        Cursor(score=2**31, created=datetime(2025, 3, 1, 12, 0, 0, 999999, tzinfo=UTC), id=2**62),
        Cursor(score=1, created=datetime(1969, 12, 31, 23, 59, 59, 1, tzinfo=UTC), id=1),
        Cursor(score=1, created=datetime(1, 1, 1, tzinfo=UTC), id=1),
        Cursor(score=1, created=datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC), id=1),
        Cursor(score=3, created=at(0).astimezone(CEST), id=42),
        # Among the featured comments that open the thread: when it was featured, too.
        Cursor(score=3, created=at(0), id=42, featured=at(5)),
        Cursor(
            score=-(2**62),
            created=datetime(1, 1, 1, tzinfo=UTC),
            id=2**62,
            featured=datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        ),
    ],
)
def test_cursor_round_trip(cursor: Cursor) -> None:
    token = cursor.encode()
    assert Cursor.decode(token) == cursor
    assert token.isascii()
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert len(token) <= (64 if cursor.featured is None else 110)


def test_decoded_cursor_is_utc_aware() -> None:
    decoded = Cursor.decode(Cursor(score=1, created=at(0).astimezone(CEST), id=2).encode())
    assert decoded is not None
    assert decoded.created.utcoffset() == timedelta(0)
    assert decoded.created == at(0)


@pytest.mark.parametrize("seed", range(5))
def test_cursor_round_trip_random(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        cursor = Cursor(
            score=rng.randint(-(10**6), 10**6),
            created=T0 + timedelta(microseconds=rng.randint(-(10**16), 10**16)),
            id=rng.randint(1, 2**63 - 1),
        )
        assert Cursor.decode(cursor.encode()) == cursor


@pytest.mark.parametrize(
    "token",
    [
        None,
        "",
        "=",
        "not base64!",
        "a",
        "AAAA",
        b64("1:2"),
        b64("1:2:3:4:5"),
        b64("1:2:3:"),  # an empty featured time
        b64("1:2:3:x"),
        b64("x:2:3"),
        b64("1:2:-3"),  # negative id
        b64("1.5:2:3"),
        b64(" 1:2:3"),
        b64("1:2:3\n"),
        b64("1:2:\uff13"),  # fullwidth digit: int() would accept it, the cursor must not
        b64("1:999999999999999999:1"),  # year ~33658: beyond datetime's range
        b64("1:-999999999999999999:1"),
        b64("1:9999999999999999999:1"),  # beyond timedelta's range
        b64("1:2:99999999999999999999"),  # 20 digits
        b64("1:2:9223372036854775808"),  # 2**63, beyond a bigint id
        b64("1" * 5000 + ":2:3"),
        b64("01:2:3"),  # non-canonical spellings alias valid cursors
        b64("-0:2:3"),
        b64("1:2:3") + "==",
        b64("1:2:3") + "A",
        b64("1:2:3").replace("M", "+"),  # standard, not URL-safe, alphabet
        "\u00e9t\u00e9",
        "MToyOjM\x00",
        "MToyOjM%3D",
        "x" * 10_000,
    ],
)
def test_cursor_decode_rejects_malformed(token: str | None) -> None:
    assert Cursor.decode(token) is None


@pytest.mark.parametrize("seed", range(5))
def test_cursor_decode_never_raises_on_noise(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/:. \x00é"
    for _ in range(2000):
        token = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        result = Cursor.decode(token)
        assert result is None or result.encode() == token


def test_cursor_decode_accepts_hand_built_canonical_token() -> None:
    assert Cursor.decode(b64("-4:0:12")) == Cursor(
        score=-4, created=datetime(1970, 1, 1, tzinfo=UTC), id=12
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"score": 0, "created": T0, "id": -1}, "out of range"),
        ({"score": 0, "created": T0, "id": 2**63}, "out of range"),
        ({"score": 2**63, "created": T0, "id": 1}, "out of range"),
    ],
)
def test_cursor_rejects_out_of_range(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Cursor(**kwargs)  # type: ignore[arg-type]


def test_cursor_is_frozen() -> None:
    cursor = Cursor(score=1, created=T0, id=1)
    with pytest.raises(AttributeError):
        cursor.id = 2  # type: ignore[misc]
