"""A source's comment text to what a comment stores: `body` (Markdown, as a reader would
have written it, which a moderator's correction re-renders) and `body_html`.

The HTML shown to readers goes through the discussion's own sanitiser, the load-bearing
allow-list every live comment passes (`discussion.markup.sanitise_html`); Markdown sources
go through `render_comment` whole, exactly as a comment posted today. Nothing here fetches
anything: links stay links, images are dropped by the allow-list."""

import html
import re

from markdownify import markdownify

from rejoinder.discussion.markup import render_comment, sanitise_html
from rejoinder.interop.records import BodyFormat

# Sanitised HTML made of nothing but paragraphs and line breaks: most comments. Their
# Markdown is their text, escaped, which spares them the HTML-to-Markdown converter
# (a millisecond a comment, the largest cost of a large import).
_ONLY_PARAGRAPHS = re.compile(r"(?:[^<]|<(?:/?p|br)>)*")
_PARAGRAPH_BREAK = re.compile(r"</p>\s*<p>")
_TAG = re.compile(r"<[^>]+>")
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+\.)", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n\s*\n")


def convert(text: str, body_format: BodyFormat) -> tuple[str, str]:
    """(body as Markdown, body_html) for a comment's text in its source's format."""
    if body_format == BodyFormat.MARKDOWN:
        body = text.strip()
        return body, render_comment(body)
    if body_format == BodyFormat.TEXT:
        text = _paragraphs_from_lines(text)
    body_html = sanitise_html(text)
    return markdown_of(body_html), body_html


def _paragraphs_from_lines(text: str) -> str:
    """WordPress keeps a comment as typed, with a few tags allowed: blank lines are
    paragraphs and single line breaks are breaks (what its `wpautop` does on display)."""
    paragraphs = [part.strip() for part in _BLANK_LINES.split(text.replace("\r\n", "\n"))]
    return "".join(f"<p>{part.replace(chr(10), '<br>')}</p>" for part in paragraphs if part)


def markdown_of(body_html: str) -> str:
    """Markdown that renders back to (about) the same sanitised HTML."""
    if _ONLY_PARAGRAPHS.fullmatch(body_html):
        text = _PARAGRAPH_BREAK.sub("\n\n", body_html).replace("<br>", "\n")
        text = html.unescape(_TAG.sub("", text))
        text = _MARKDOWN_INLINE.sub(r"\\\1", text)
        return _MARKDOWN_LINE_START.sub(r"\1\\\2", text).strip()
    return markdownify(body_html, heading_style="ATX", bullets="-").strip()
