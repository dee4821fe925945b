"""Pure text helpers for the checks: folding, whole-word matching, links. No Django."""

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"']+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case without accents, so "Café" and "CAFE" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def text_hash(text: str) -> str:
    """The same words, whatever their case, accents or spacing, hash the same."""
    return hashlib.sha256(_SPACE.sub(" ", fold(text)).strip().encode()).hexdigest()


def phrase_pattern(phrases: list[str]) -> re.Pattern | None:
    """One pattern matching any phrase as whole words of folded text: "ass" matches "ass"
    but not "class" or "Scunthorpe"-style words that merely contain it."""
    parts = [r"\s+".join(map(re.escape, fold(p).split())) for p in phrases if p.split()]
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def find_phrase(text: str, pattern: re.Pattern | None) -> str | None:
    if pattern is None:
        return None
    match = pattern.search(fold(text))
    return match.group(0) if match else None


def links(text: str) -> list[str]:
    return _URL.findall(text)


def domain(url: str) -> str:
    if not url.lower().startswith(("http://", "https://")):
        url = f"http://{url}"
    return (urlsplit(url).hostname or "").removeprefix("www.")


def is_on(domain_name: str, blocked: list[str]) -> bool:
    """True when the domain is a blocked one or under it (spam.example blocks a.spam.example)."""
    return any(
        domain_name == entry or domain_name.endswith(f".{entry}")
        for entry in (b.lower().removeprefix("www.") for b in blocked)
    )


def word_count(text: str) -> int:
    return len(text.split())
