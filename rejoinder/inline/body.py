"""An article body as inline feedback sees it: its blocks rendered once, each with the
plain text a reader can select in it, and the body text that anchors are measured over.

A block's text is exactly what the browser's `textContent` gives for its rendered HTML
(tags dropped, entities decoded, in NFC), so offsets counted in the reader's browser and on
the server agree. The served HTML is the same HTML with its text re-encoded in NFC."""

import html
import re
from dataclasses import dataclass
from itertools import pairwise

from django.utils.safestring import SafeString, mark_safe

from rejoinder.inline.anchoring import normalise

# Blocks a reader can comment on; figures are pictures, whose captions are not the argument.
COMMENTABLE = {"paragraph", "heading", "quote", "question"}
# Between blocks in the body text, so a passage's context does not run two blocks together.
BLOCK_SEPARATOR = "\n\n"
_TAG = re.compile(r"(<[^>]*>)")


@dataclass(frozen=True)
class BodyBlock:
    id: str
    kind: str
    html: str
    text: str
    start: int  # where this block's text begins in the body text
    question: str = ""

    @property
    def commentable(self) -> bool:
        return self.kind in COMMENTABLE


@dataclass(frozen=True)
class Body:
    blocks: list[BodyBlock]
    text: str

    def block(self, block_id: str) -> BodyBlock | None:
        return next((block for block in self.blocks if block.id == block_id), None)

    def locate(self, start: int, end: int) -> tuple[BodyBlock, int, int] | None:
        """The commentable block holding body text [start, end), with offsets inside it
        (a range running past the block's end is cut at it)."""
        for block in self.blocks:
            if block.commentable and block.start <= start < block.start + len(block.text):
                return (
                    block,
                    start - block.start,
                    min(end, block.start + len(block.text)) - block.start,
                )
        return None


def _chunks(rendered: str) -> list[tuple[bool, str]]:
    """(is_text, piece) pairs: tags as they are, text decoded and in NFC."""
    return [
        (False, piece) if _TAG.fullmatch(piece) else (True, normalise(html.unescape(piece)))
        for piece in _TAG.split(rendered)
        if piece
    ]


def article_body(article) -> Body:
    """Render `article`'s body blocks once and measure their text."""
    blocks, texts, offset = [], [], 0
    for child in article.body:
        chunks = _chunks(str(child.render()))
        text = "".join(piece for is_text, piece in chunks if is_text)
        served = "".join(
            html.escape(piece, quote=False) if is_text else piece for is_text, piece in chunks
        )
        kind = child.block_type
        question = child.value["question"] if kind == "question" else ""
        blocks.append(BodyBlock(child.id, kind, served, text, offset, question))
        texts.append(text)
        offset += len(text) + len(BLOCK_SEPARATOR)
    return Body(blocks=blocks, text=BLOCK_SEPARATOR.join(texts))


def mark_passages(block: BodyBlock, passages: dict[str, tuple[int, int]]) -> SafeString:
    """The block's HTML with each passage (key -> offsets in the block's text) wrapped in
    <mark class="inline-anchor" data-passages="…">. Overlapping passages are cut into
    segments, each marked with every passage covering it, and marks never cross a tag, so
    the result is as well-formed as the block's own HTML."""
    if not passages:
        return mark_safe(block.html)  # rendered by our block templates, text re-escaped
    out, position = [], 0
    for is_text, piece in _chunks(block.html):
        if not is_text:
            out.append(piece)
            continue
        end = position + len(piece)
        cuts = sorted(
            {position, end}
            | {edge for span in passages.values() for edge in span if position < edge < end}
        )
        for left, right in pairwise(cuts):
            segment = html.escape(piece[left - position : right - position], quote=False)
            keys = [key for key, (start, stop) in passages.items() if start < right and left < stop]
            if keys and segment.strip():
                out.append(
                    f'<mark class="inline-anchor" data-passages="{" ".join(keys)}">{segment}</mark>'
                )
            else:
                out.append(segment)
        position = end
    return mark_safe("".join(out))  # as above: our tags, escaped text
