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

# Sanitised HTML made of paragraphs, line breaks, emphasis and links only: most comments.
# Their Markdown is written here, which spares them the general HTML-to-Markdown converter
# (several milliseconds a comment, which was most of the time of a large import). The
# sanitiser's output is regular (its own quoting, its own rel), so these patterns are exact.
_INLINE_ONLY = re.compile(r"(?:[^<]|<(?:/?(?:p|em|strong|code)|br|/a|a href=\"[^\"<>]*\"[^<>]*)>)*")
_TOKEN = re.compile(r"(<[^<>]*>)")
_HREF = re.compile(r'href="([^"]*)"')
_EMPHASIS = {"<em>": "*", "</em>": "*", "<strong>": "**", "</strong>": "**"}
# Characters Markdown would read as syntax inside a line (escaped with a backslash, which
# CommonMark allows before any punctuation): "&" would start an entity, "<" an autolink.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<&])")
# What would start a heading, a quote or a list at the start of a line.
_MARKDOWN_LINE_START = re.compile(r"^(\s*)(?:([#>+-])|(\d+)\.)", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n\s*\n")
_HAS_BLOCKS = re.compile(r"<(?:p|blockquote|ul|ol|pre)[\s>]", re.IGNORECASE)


def convert(text: str, body_format: BodyFormat) -> tuple[str, str]:
    """(body as Markdown, body_html) for a comment's text in its source's format."""
    if body_format == BodyFormat.MARKDOWN:
        body = text.strip()
        return body, render_comment(body)
    if body_format == BodyFormat.TEXT:
        text = paragraphs_from_lines(text)
    body_html = sanitise_html(text)
    return markdown_of(body_html), body_html


def paragraphs_from_lines(text: str) -> str:
    """WordPress keeps a comment as typed, with a few tags allowed: blank lines are
    paragraphs and single line breaks are breaks (what its `wpautop` does on display).
    Text already in paragraphs is left as it is."""
    if _HAS_BLOCKS.search(text):
        return text
    paragraphs = [part.strip() for part in _BLANK_LINES.split(text.replace("\r\n", "\n"))]
    return "".join(f"<p>{part.replace(chr(10), '<br>')}</p>" for part in paragraphs if part)


def markdown_of(body_html: str) -> str:
    """Markdown that renders back to the same sanitised HTML."""
    if not _INLINE_ONLY.fullmatch(body_html):
        return markdownify(body_html, heading_style="ATX", bullets="-").strip()
    out: list[str] = []
    href, in_code, paragraphs = "", False, 0
    for index, part in enumerate(_TOKEN.split(body_html)):
        if index % 2 == 0:  # text between tags, entity-decoded, then escaped for Markdown
            text = html.unescape(part)
            out.append(text if in_code else _MARKDOWN_INLINE.sub(r"\\\1", text))
        elif part == "<p>":
            out.append("\n\n" if paragraphs else "")
            paragraphs += 1
        elif part == "<br>":
            out.append("\n")
        elif part in _EMPHASIS:
            out.append(_EMPHASIS[part])
        elif part in ("<code>", "</code>"):
            in_code = part == "<code>"
            out.append("`")
        elif part.startswith("<a "):
            href = _HREF.search(part).group(1)
            if out and out[-1].endswith("!"):  # "!" before "[" would make an image
                out[-1] = out[-1][:-1] + "\\!"
            out.append("[")
        elif part == "</a>":
            out.append(f"]({_destination(href)})")
    return _MARKDOWN_LINE_START.sub(_escape_line_start, "".join(out)).strip()


def _escape_line_start(match: re.Match) -> str:
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(1)}{match.group(3)}\\."


def _destination(href: str) -> str:
    """A link's address as a Markdown destination: no spaces or parentheses to end it."""
    return html.unescape(href).replace(" ", "%20").replace("(", "%28").replace(")", "%29")
