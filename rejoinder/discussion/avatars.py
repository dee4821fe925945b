"""Avatars for commenters: identicons generated locally, plus an opt-in Gravatar URL.

By default no third-party request is made when a reader views a thread: every avatar is a small
SVG drawn from an opaque seed. The seed is a keyed hash, so the avatar URL neither contains nor
can be matched back to the commenter's e-mail address (unlike Gravatar's bare hash, which anyone
can compute for a guessed address).
"""

from __future__ import annotations

import colorsys
import hashlib
import hmac
from urllib.parse import urlencode

__all__ = ["avatar_seed", "gravatar_url", "identicon_svg"]

GRID = 5
# Columns 0..2 are drawn from the hash and mirrored onto 4..3: symmetric shapes read as
# faces/emblems and are easier to tell apart at 24-40 px than random noise.
_HALF = (GRID + 1) // 2

# Fixed saturation/lightness, hue from the hash. At these values every hue keeps a contrast ratio
# of at least 3:1 against white (WCAG 2.x, non-text contrast), so no avatar washes out.
_SATURATION = 0.55
_LIGHTNESS = 0.35

MAX_SIZE = 2048  # Gravatar's own upper bound; also keeps a hostile ?size= from being absurd.


def _check_size(size: int) -> None:
    # bool is an int subclass; size=True would otherwise pass as 1.
    if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= MAX_SIZE:
        raise ValueError(f"size must be an integer between 1 and {MAX_SIZE}, got {size!r}")


def _colour(digest: bytes) -> str:
    hue = int.from_bytes(digest[0:2], "big") % 360
    red, green, blue = colorsys.hls_to_rgb(hue / 360, _LIGHTNESS, _SATURATION)
    # Hex rather than hsl(): understood by every SVG renderer, including old mail clients.
    return "#{:02x}{:02x}{:02x}".format(*(round(channel * 255) for channel in (red, green, blue)))


def _cells(digest: bytes) -> list[list[bool]]:
    bits = int.from_bytes(digest[2:4], "big")
    half = [[bool(bits >> (row * _HALF + col) & 1) for col in range(_HALF)] for row in range(GRID)]
    if not any(any(row) for row in half):
        # 1 seed in 32768 would otherwise give a blank avatar; fill the centre column instead.
        for row in half:
            row[_HALF - 1] = True
    return [row + row[GRID - _HALF - 1 :: -1] for row in half]


def identicon_svg(seed: str, *, size: int = 40) -> str:
    """A deterministic, horizontally symmetric 5x5 identicon for `seed`, as a compact SVG string.

    No role attribute and no <title>: the <img> that shows it carries the alt text.
    """
    _check_size(size)
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    rects: list[str] = []
    for y, row in enumerate(_cells(digest)):
        x = 0
        while x < GRID:
            if not row[x]:
                x += 1
                continue
            # Merge horizontal runs into one rect: fewer elements, and no hairline seams between
            # neighbouring cells when a browser scales the image.
            start = x
            while x < GRID and row[x]:
                x += 1
            rects.append(f'<rect x="{start}" y="{y}" width="{x - start}" height="1"/>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {GRID} {GRID}" shape-rendering="crispEdges" fill="{_colour(digest)}">'
        f"{''.join(rects)}</svg>"
    )


def _normalise_email(email: str) -> str:
    # Same normalisation as Gravatar: addresses are compared case-insensitively in practice.
    return email.strip().lower()


def avatar_seed(*, email: str | None, user_id: int | None, secret: str) -> str:
    """An opaque hex seed for a commenter's identicon, safe to put in URLs.

    Keyed with `secret` (HMAC-SHA256) so that nobody holding the seed can test guessed e-mail
    addresses against it offline. The e-mail wins over the user id when both are given, so a
    guest who later signs up with the same address keeps the same avatar.
    """
    if not secret:
        # An empty key would make this a plain, guessable hash of the e-mail address.
        raise ValueError("avatar_seed needs a non-empty secret")
    normalised = _normalise_email(email) if email else ""
    if normalised:
        # Prefixes separate the two namespaces, so no e-mail can ever collide with a user id.
        message = f"email:{normalised}"
    elif user_id is not None:
        message = f"user:{user_id}"
    else:
        raise ValueError("avatar_seed needs an e-mail address or a user id")
    return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def gravatar_url(email: str, *, size: int) -> str:
    """Gravatar URL for `email` (only used when the site enables Gravatar).

    SHA-256 rather than MD5: Gravatar accepts both, and there is no reason to use MD5 anew.
    d=identicon gives Gravatar's own identicon for addresses without an avatar.
    """
    _check_size(size)
    digest = hashlib.sha256(_normalise_email(email).encode("utf-8")).hexdigest()
    return f"https://www.gravatar.com/avatar/{digest}?{urlencode({'s': size, 'd': 'identicon'})}"
