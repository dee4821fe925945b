"""Tests for rejoinder.discussion.avatars: local identicons and seeds (pure, no Django)."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest

from rejoinder.discussion.avatars import avatar_seed, gravatar_url, identicon_svg

SVG_NS = "http://www.w3.org/2000/svg"
SECRET = "test-secret-key"
SEEDS = ["", "a", "b", "alice", "Alice", "0" * 64, "ünïcødé 🙂", "<script>", "x" * 10_000]


def parse_svg(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything that is not well-formed XML


def filled_cells(svg: str) -> set[tuple[int, int]]:
    """The (x, y) grid cells the identicon paints, expanding merged rects."""
    cells: set[tuple[int, int]] = set()
    for rect in parse_svg(svg):
        x, y = int(rect.get("x", "")), int(rect.get("y", ""))
        width, height = int(rect.get("width", "")), int(rect.get("height", ""))
        cells.update((x + dx, y + dy) for dx in range(width) for dy in range(height))
    return cells


def relative_luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


# --- identicon_svg ---


@pytest.mark.parametrize("seed", SEEDS)
def test_identicon_is_deterministic(seed: str) -> None:
    assert identicon_svg(seed) == identicon_svg(seed)


@pytest.mark.parametrize(("a", "b"), [("a", "b"), ("alice", "Alice"), ("seed", "seed ")])
def test_different_seeds_give_different_identicons(a: str, b: str) -> None:
    assert identicon_svg(a) != identicon_svg(b)


def test_identicons_are_varied() -> None:
    # Not a guarantee per pair, but 200 seeds must give nearly 200 distinct images and colours.
    svgs = {identicon_svg(f"seed-{i}") for i in range(200)}
    patterns = {frozenset(filled_cells(svg)) for svg in svgs}
    colours = {parse_svg(svg).get("fill") for svg in svgs}
    assert len(svgs) == 200
    assert len(patterns) > 150
    assert len(colours) > 100


def check_structure(svg: str) -> None:
    root = parse_svg(svg)
    assert root.tag == f"{{{SVG_NS}}}svg"
    assert root.get("viewBox") == "0 0 5 5"
    assert root.get("shape-rendering") == "crispEdges"
    assert root.get("role") is None
    assert re.fullmatch(r"#[0-9a-f]{6}", root.get("fill", ""))
    # Only rects, directly under the root, no text content anywhere.
    assert list(root.iter())[1:] == list(root)
    assert all(child.tag == f"{{{SVG_NS}}}rect" for child in root)
    assert all(not (el.text or "").strip() and not (el.tail or "").strip() for el in root.iter())
    assert all(set(child.attrib) == {"x", "y", "width", "height"} for child in root)
    lowered = svg.lower()
    for needle in ("script", "<text", "href", "onload", "<title", "role="):
        assert needle not in lowered
    assert len(svg) < 1200


def check_grid(svg: str) -> None:
    cells = filled_cells(svg)
    assert cells, "never a blank avatar"
    assert all(0 <= x < 5 and 0 <= y < 5 for x, y in cells)
    assert cells == {(4 - x, y) for x, y in cells}, "mirror-symmetric around the centre column"


@pytest.mark.parametrize("seed", SEEDS)
def test_identicon_structure(seed: str) -> None:
    check_structure(identicon_svg(seed))


@pytest.mark.parametrize("seed", SEEDS)
def test_identicon_is_symmetric_and_inside_the_grid(seed: str) -> None:
    check_grid(identicon_svg(seed))


def test_many_identicons_are_well_formed_and_symmetric() -> None:
    for i in range(500):
        svg = identicon_svg(f"user-{i}")
        check_structure(svg)
        check_grid(svg)


def test_seed_with_no_pattern_bits_still_draws_something() -> None:
    # "blank-45759" hashes to zero in all 15 pattern bits (found by search; checked here).
    seed = "blank-45759"
    assert int.from_bytes(hashlib.sha256(seed.encode()).digest()[2:4], "big") & 0x7FFF == 0
    assert filled_cells(identicon_svg(seed)) == {(2, y) for y in range(5)}


def test_identicon_colour_contrasts_with_white() -> None:
    # 2000 seeds reach every one of the 360 hues with near certainty.
    fills = {parse_svg(identicon_svg(f"contrast-{i}")).get("fill", "") for i in range(2000)}
    assert len(fills) > 300
    for fill in fills:
        contrast = 1.05 / (relative_luminance(fill) + 0.05)
        assert contrast >= 3.0, f"{fill} has contrast {contrast:.2f} on white"


@pytest.mark.parametrize("size", [1, 16, 40, 96, 2048])
def test_identicon_size(size: int) -> None:
    root = parse_svg(identicon_svg("alice", size=size))
    assert root.get("width") == str(size)
    assert root.get("height") == str(size)


def test_identicon_size_does_not_change_the_picture() -> None:
    small, large = identicon_svg("alice", size=16), identicon_svg("alice", size=128)
    assert filled_cells(small) == filled_cells(large)
    assert parse_svg(small).get("fill") == parse_svg(large).get("fill")


@pytest.mark.parametrize("size", [0, -1, 2049, True, 1.5, "40"])
def test_identicon_rejects_bad_sizes(size: object) -> None:
    with pytest.raises(ValueError, match="size"):
        identicon_svg("alice", size=size)  # type: ignore[arg-type]


# --- avatar_seed ---


@pytest.mark.parametrize(
    "variant",
    ["ed@example.com", "Ed@Example.COM", "  ed@example.com\n", "\tED@EXAMPLE.COM "],
)
def test_seed_normalises_email(variant: str) -> None:
    expected = avatar_seed(email="ed@example.com", user_id=None, secret=SECRET)
    assert avatar_seed(email=variant, user_id=None, secret=SECRET) == expected


@pytest.mark.parametrize(
    ("kwargs"),
    [
        {"email": "ed@example.com", "user_id": None},
        {"email": "ed@example.com", "user_id": 7},
        {"email": None, "user_id": 7},
        {"email": "", "user_id": 7},
        {"email": "   ", "user_id": 7},
        {"email": None, "user_id": 0},
    ],
)
def test_seed_is_opaque_hex(kwargs: dict[str, object]) -> None:
    seed = avatar_seed(**kwargs, secret=SECRET)  # type: ignore[arg-type]
    assert re.fullmatch(r"[0-9a-f]{64}", seed)
    email = kwargs["email"]
    if isinstance(email, str) and email.strip():
        local, _, domain = email.partition("@")
        for fragment in (email, local, domain, "example"):
            assert fragment not in seed
        # Nor is it the plain (unkeyed) hash that Gravatar would publish for the address.
        for algorithm in ("md5", "sha1", "sha256"):
            assert hashlib.new(algorithm, email.encode()).hexdigest() not in seed


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            {"email": "ed@example.com", "user_id": None},
            {"email": "ed@example.org", "user_id": None},
        ),
        ({"email": None, "user_id": 1}, {"email": None, "user_id": 2}),
        # The e-mail and user-id namespaces never meet.
        ({"email": "user:1", "user_id": None}, {"email": None, "user_id": 1}),
    ],
)
def test_seed_differs_for_different_people(a: dict[str, object], b: dict[str, object]) -> None:
    assert avatar_seed(**a, secret=SECRET) != avatar_seed(**b, secret=SECRET)  # type: ignore[arg-type]


def test_email_takes_precedence_over_user_id() -> None:
    by_email = avatar_seed(email="ed@example.com", user_id=None, secret=SECRET)
    assert avatar_seed(email="ed@example.com", user_id=42, secret=SECRET) == by_email


@pytest.mark.parametrize(
    "kwargs", [{"email": "ed@example.com", "user_id": None}, {"email": None, "user_id": 5}]
)
def test_different_secrets_give_different_seeds(kwargs: dict[str, object]) -> None:
    seeds = {avatar_seed(**kwargs, secret=s) for s in ("one", "two", "One", "one ")}  # type: ignore[arg-type]
    assert len(seeds) == 4


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"email": None, "user_id": None, "secret": SECRET}, "e-mail address or a user id"),
        ({"email": "  ", "user_id": None, "secret": SECRET}, "e-mail address or a user id"),
        ({"email": "ed@example.com", "user_id": None, "secret": ""}, "secret"),
    ],
)
def test_seed_rejects_missing_input(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        avatar_seed(**kwargs)  # type: ignore[arg-type]


def test_seed_feeds_identicon() -> None:
    seed = avatar_seed(email="ed@example.com", user_id=None, secret=SECRET)
    assert identicon_svg(seed) == identicon_svg(
        avatar_seed(email=" ED@example.com", user_id=None, secret=SECRET)
    )


# --- gravatar_url ---

ED_SHA256 = hashlib.sha256(b"ed@example.com").hexdigest()


@pytest.mark.parametrize(
    ("email", "size", "expected"),
    [
        (
            "ed@example.com",
            40,
            f"https://www.gravatar.com/avatar/{ED_SHA256}?s=40&d=identicon",
        ),
        (
            "  Ed@Example.COM ",
            80,
            f"https://www.gravatar.com/avatar/{ED_SHA256}?s=80&d=identicon",
        ),
    ],
)
def test_gravatar_url(email: str, size: int, expected: str) -> None:
    assert gravatar_url(email, size=size) == expected


def test_gravatar_url_shape() -> None:
    parts = urlsplit(gravatar_url("someone@example.net", size=64))
    assert (parts.scheme, parts.netloc) == ("https", "www.gravatar.com")
    assert re.fullmatch(r"/avatar/[0-9a-f]{64}", parts.path)
    assert parse_qs(parts.query) == {"s": ["64"], "d": ["identicon"]}


@pytest.mark.parametrize("size", [0, 2049, -5])
def test_gravatar_url_rejects_bad_sizes(size: int) -> None:
    with pytest.raises(ValueError, match="size"):
        gravatar_url("ed@example.com", size=size)
