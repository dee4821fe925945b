"""Anchoring passages, and finding them again after the text changes: parameter tables."""

import pytest

from rejoinder.inline.anchoring import (
    Selectors,
    TextPositionSelector,
    TextQuoteSelector,
    anchor,
    describe,
    normalise,
)

FIRST = "At eleven o'clock on a Saturday morning, Harbour Road is not really a road."
SECOND = "Here is a modest proposal: close the stretch between the Customs House and the bridge."
THIRD = "The traffic will not vanish. It will change, as traffic always does."
ARTICLE = "\n\n".join([FIRST, SECOND, THIRD])


def selectors_for(text: str, passage: str, occurrence: int = 0) -> Selectors:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(passage, start + 1)
    return describe(text, start, start + len(passage))


def found(text: str, selectors: Selectors) -> str | None:
    place = anchor(text, selectors)
    return None if place is None else normalise(text)[place[0] : place[1]]


@pytest.mark.parametrize(
    ("revised", "passage", "expected"),
    [
        # Unchanged: the old position still holds it.
        (ARTICLE, "a modest proposal", "a modest proposal"),
        # Paragraphs moved: found by its quote.
        ("\n\n".join([THIRD, FIRST, SECOND]), "a modest proposal", "a modest proposal"),
        ("\n\n".join([SECOND, THIRD]), "It will change", "It will change"),
        # Text inserted before it: same.
        ("A new opening line.\n\n" + ARTICLE, "Customs House", "Customs House"),
        # A word changed inside the passage: the fuzzy match finds the edited passage.
        (
            ARTICLE.replace("close the stretch", "shut the stretch"),
            "close the stretch between the Customs House",
            "shut the stretch between the Customs House",
        ),
        (
            ARTICLE.replace("vanish", "disappear"),
            "The traffic will not vanish.",
            "The traffic will not disappear.",
        ),
        # A typo fixed while the paragraph also moved.
        (
            "\n\n".join([THIRD.replace("always", "allways"), FIRST, SECOND]),
            "as traffic always does",
            "as traffic allways does",
        ),
        # The passage deleted: no place, rather than a wrong one.
        (ARTICLE.replace(SECOND, "Something else entirely."), "a modest proposal", None),
        ("\n\n".join([FIRST, THIRD]), "between the Customs House and the bridge", None),
        # Rewritten beyond recognition.
        (
            ARTICLE.replace("Harbour Road is not really a road", "the quay is full of stalls"),
            "Harbour Road is not really a road",
            None,
        ),
    ],
)
def test_passages_are_found_again_after_a_revision(revised, passage, expected):
    assert found(revised, selectors_for(ARTICLE, passage)) == expected


REPEATED = "I agree with the plan. The council disagrees. Still, I agree with the plan, mostly."


@pytest.mark.parametrize(
    ("revised", "occurrence", "expected_start"),
    [
        # Unchanged text: each occurrence stays itself.
        (REPEATED, 0, 0),
        (REPEATED, 1, REPEATED.index("Still, ") + len("Still, ")),
        # Text inserted in front shifts both; the context tells which was meant.
        ("Opening. " + REPEATED, 1, len("Opening. ") + REPEATED.index("Still, ") + 7),
        ("Opening. " + REPEATED, 0, len("Opening. ")),
        # The two sentences swap places: the second one's context follows it.
        (
            "Still, I agree with the plan, mostly. I agree with the plan. The council disagrees.",
            1,
            len("Still, "),
        ),
    ],
)
def test_repeated_phrases_are_told_apart_by_their_context(revised, occurrence, expected_start):
    selectors = selectors_for(REPEATED, "I agree with the plan", occurrence)

    assert anchor(revised, selectors) == (expected_start, expected_start + 21)


@pytest.mark.parametrize(
    ("text", "passage", "revised", "expected"),
    [
        # A combining accent (e + U+0301) and its precomposed form are the same passage.
        ("Le cafe\u0301 est fermé.", "café", "Notre café est fermé.", "café"),
        # Emoji count as one code point each, so offsets after them stay right.
        (
            "Tide 🌊🌊 then the quay 🚲 fills.",
            "the quay",
            "Tide 🌊 then the quay 🚲 fills.",
            "the quay",
        ),
        # Right-to-left text.
        (
            "قال المجلس إن الطريق سيغلق يوم السبت.",
            "الطريق سيغلق",
            "في الصباح قال المجلس إن الطريق سيغلق يوم السبت.",
            "الطريق سيغلق",
        ),
        ("שלום עולם, שלום לכולם", "שלום לכולם", "שלום לכולם", "שלום לכולם"),
    ],
)
def test_unicode_passages(text, passage, revised, expected):
    text = normalise(text)
    selectors = selectors_for(text, normalise(passage))

    assert found(revised, selectors) == expected


def test_positions_are_code_points_of_the_nfc_text():
    selectors = describe("e\u0301t\u00e9 🌊 ici", 5, 8)

    assert selectors.quote == TextQuoteSelector(exact=" ic", prefix="été 🌊", suffix="i")
    assert selectors.position == TextPositionSelector(start=5, end=8)


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (3, 3), (5, 2), (0, 999)])
def test_describing_a_passage_outside_the_text_is_refused(start, end):
    with pytest.raises(ValueError, match="no passage"):
        describe("short text", start, end)


def test_an_empty_quote_anchors_nowhere():
    empty = Selectors(TextQuoteSelector(exact=""), TextPositionSelector(0, 0))

    assert anchor("anything", empty) is None


# --- bounded work: a reader chooses the quote, so a quote must not choose our CPU time ---

# A long article of our own words, varied enough that no 12-character piece repeats often.
LONG_ARTICLE = "\n\n".join(
    f"Paragraph {number}: the harbour committee met on day {number} and heard {number * 7} "
    f"objections about stall {number % 13}, quay lamp {number % 17} and the tide table."
    for number in range(200)
)


@pytest.fixture
def alignments(monkeypatch):
    """The sizes of every alignment difflib is asked to do (its cost is their product)."""
    import difflib

    sizes: list[tuple[int, int]] = []
    real = difflib.SequenceMatcher

    class Recording(real):
        def __init__(self, isjunk=None, a="", b="", autojunk=True):
            sizes.append((len(a), len(b)))
            super().__init__(isjunk, a, b, autojunk)

    monkeypatch.setattr(difflib, "SequenceMatcher", Recording)
    return sizes


def test_a_quote_found_nowhere_is_aligned_against_a_window_not_the_article(alignments):
    assert len(LONG_ARTICLE) > 20_000
    nowhere = Selectors(
        TextQuoteSelector(exact="x y z quay lamp " * 60),  # 960 characters of near-misses
        TextPositionSelector(start=10_000, end=10_960),
    )

    assert anchor(LONG_ARTICLE, nowhere) is None
    assert alignments, "the fuzzy step ran"
    assert max(a * b for a, b in alignments) <= 1000 * 3000


def test_an_over_long_quote_is_found_exactly_or_not_at_all(alignments):
    passage = LONG_ARTICLE[5_000:6_500]
    selectors = describe(LONG_ARTICLE, 5_000, 6_500)

    assert found(LONG_ARTICLE, selectors) == passage
    edited = LONG_ARTICLE[:5_500] + "EDITED" + LONG_ARTICLE[5_506:]
    assert anchor(edited, selectors) is None
    assert alignments == []


def test_an_edited_passage_that_moved_far_is_still_found():
    words = "heard 1050 objections about stall 7"
    start = LONG_ARTICLE.index(words)
    selectors = describe(LONG_ARTICLE, start, start + len(words))
    # Three thousand characters inserted far above it, and a word changed inside it.
    revised = "A new opening. " * 200 + LONG_ARTICLE.replace(
        words, "heard 1050 complaints about stall 7"
    )

    assert found(revised, selectors) == "heard 1050 complaints about stall 7"
