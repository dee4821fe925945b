"""Where a reader's passage is in an article, and where it is after the article changes.

Passages are described with the W3C Web Annotation selectors Hypothesis uses: a text-quote
selector (the exact text and a little context either side) and a text-position selector
(code-point offsets). Both refer to the NFC form of the text, so a letter written with a
combining accent and its precomposed twin are the same passage. Pure Python, no Django.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

__all__ = [
    "Selectors",
    "TextPositionSelector",
    "TextQuoteSelector",
    "anchor",
    "describe",
    "normalise",
]

# Characters of context kept either side: enough to tell repeated phrases apart, short
# enough that an edit near the passage does not make the context useless.
CONTEXT_LENGTH = 32
# How alike a passage found by fuzzy matching must be to the original (difflib ratio).
FUZZY_THRESHOLD = 0.75
# Aligning costs time in proportion to the quote's length times the length of text searched,
# and a reader chooses the quote: longer quotes are found exactly or not at all, and the
# alignment only searches a window around where the passage most likely is (below).
FUZZY_MAX_QUOTE = 1000
# Pieces of the quote and its context looked up exactly to say where that window is.
SEED_LENGTH = 12
SEEDS_PER_QUOTE = 48
SEED_OCCURRENCES = 32


@dataclass(frozen=True)
class TextQuoteSelector:
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class TextPositionSelector:
    start: int
    end: int


@dataclass(frozen=True)
class Selectors:
    quote: TextQuoteSelector
    position: TextPositionSelector


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def describe(text: str, start: int, end: int) -> Selectors:
    """Selectors for text[start:end] (offsets in code points of the NFC text)."""
    text = normalise(text)
    if not 0 <= start < end <= len(text):
        raise ValueError(f"no passage at {start}:{end} in a text of {len(text)} characters")
    return Selectors(
        quote=TextQuoteSelector(
            exact=text[start:end],
            prefix=text[max(0, start - CONTEXT_LENGTH) : start],
            suffix=text[end : end + CONTEXT_LENGTH],
        ),
        position=TextPositionSelector(start=start, end=end),
    )


def anchor(text: str, selectors: Selectors) -> tuple[int, int] | None:
    """Where the passage is in `text` now, as (start, end), or None if it is gone.

    Tried in order: the old position (when the passage and its context are still there);
    the quote, choosing among repeated occurrences by how well the context matches and then
    by nearness to the old position; a fuzzy match tolerating small edits."""
    text = normalise(text)
    quote, position = selectors.quote, selectors.position
    if not quote.exact:
        return None
    if _context_score(text, position.start, position.end, quote) == _full_score(quote):
        return position.start, position.end
    occurrences = list(_occurrences(text, quote.exact))
    if occurrences:
        best = max(
            occurrences,
            key=lambda start: (
                _context_score(text, start, start + len(quote.exact), quote),
                -abs(start - position.start),
            ),
        )
        return best, best + len(quote.exact)
    if len(quote.exact) > FUZZY_MAX_QUOTE:
        return None
    return _fuzzy(text, quote, _likely_start(text, quote, position.start))


def _occurrences(text: str, exact: str):
    start = text.find(exact)
    while start != -1:
        yield start
        start = text.find(exact, start + 1)


def _full_score(quote: TextQuoteSelector) -> int:
    return len(quote.prefix) + len(quote.suffix) + 1


def _context_score(text: str, start: int, end: int, quote: TextQuoteSelector) -> int:
    """How many characters of context agree around text[start:end], plus one if the passage
    itself is there: a perfect score means nothing about the passage has changed."""
    if text[start:end] != quote.exact:
        return -1
    before, after = text[:start], text[end:]
    agreeing = 0
    for wanted, found in zip(reversed(quote.prefix), reversed(before), strict=False):
        if wanted != found:
            break
        agreeing += 1
    for wanted, found in zip(quote.suffix, after, strict=False):
        if wanted != found:
            break
        agreeing += 1
    return agreeing + 1


def _likely_start(text: str, quote: TextQuoteSelector, hint: int) -> int:
    """Where the passage most likely starts now: each short piece of the context and quote
    found exactly votes for the start it implies; the old position breaks ties and is the
    answer when no piece survived. Bounded work: a few dozen `str.find` scans."""
    pattern = quote.prefix + quote.exact + quote.suffix
    step = max(SEED_LENGTH, len(pattern) // SEEDS_PER_QUOTE)
    votes: dict[int, int] = {}
    for offset in range(0, max(1, len(pattern) - SEED_LENGTH + 1), step):
        seed = pattern[offset : offset + SEED_LENGTH]
        for count, found in enumerate(_occurrences(text, seed)):
            if count == SEED_OCCURRENCES:  # a piece this common says nothing
                break
            implied = found - offset + len(quote.prefix)
            votes[implied] = votes.get(implied, 0) + 1
    if not votes:
        return hint
    return max(votes, key=lambda start: (votes[start], -abs(start - hint)))


def _fuzzy(text: str, quote: TextQuoteSelector, near: int) -> tuple[int, int] | None:
    """Align prefix + exact + suffix with the text around `near` (difflib), read off where the
    passage's first and last characters landed, and keep the result only if what lies between
    is still close to the passage. The context makes a short, edited passage findable."""
    pattern = quote.prefix + quote.exact + quote.suffix
    first, last = len(quote.prefix), len(quote.prefix) + len(quote.exact)
    # Room for the context, and for the passage to have grown or shrunk by an edit.
    slack = len(quote.prefix) + len(quote.suffix) + len(quote.exact) // 2 + CONTEXT_LENGTH
    window_start = max(0, near - slack)
    window = text[window_start : near + len(quote.exact) + slack]
    blocks = [
        (a, b + window_start, size)
        for a, b, size in difflib.SequenceMatcher(
            None, pattern, window, autojunk=False
        ).get_matching_blocks()
    ]
    start = next(
        (b + max(0, first - a) for a, b, size in blocks if size and a + size > first), None
    )
    end = next(
        (b + min(size, last - a) for a, b, size in reversed(blocks) if size and a < last), None
    )
    if start is None or end is None or end <= start:
        return None
    # Trim whitespace the alignment dragged in at either edge.
    while start < end and text[start].isspace() and not quote.exact[0].isspace():
        start += 1
    while end > start and text[end - 1].isspace() and not quote.exact[-1].isspace():
        end -= 1
    found = text[start:end]
    if difflib.SequenceMatcher(None, quote.exact, found, autojunk=False).ratio() < FUZZY_THRESHOLD:
        return None
    return start, end
