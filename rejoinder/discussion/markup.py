"""Reader comment text (Markdown) to safe HTML.

Comments are rendered once, when they are written, and the HTML is stored; pages then output it
as-is. That makes this module the only thing standing between a reader's keyboard and every
other reader's browser, so it works in two independent layers:

1. markdown-it-py in CommonMark mode with raw HTML off, and with the constructs a comment may not
   use (images, headings, thematic breaks) rewritten at render time;
2. nh3 (ammonia) with an explicit allow-list, which is what actually guarantees safety: even if
   layer 1 had a bug, nothing outside the allow-list can reach the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "ALLOWED_URL_SCHEMES",
    "LINK_REL",
    "plain_text",
    "render_comment",
    "sanitise_html",
]

# Everything a comment may contain. Deliberately no headings (a comment must not add entries to
# the page's document outline), no images (tracking pixels, layout breakage, mixed content), no
# tables, no <hr>, and no classes or ids (they would let a comment borrow the site's own styling).
ALLOWED_TAGS: frozenset[str] = frozenset(
    {"p", "br", "em", "strong", "a", "blockquote", "code", "pre", "ul", "ol", "li"}
)

# Only links carry an attribute; `rel` is not listed because nh3 sets it itself (link_rel), and
# nh3 refuses to both allow and set it.
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {"a": frozenset({"href"})}

ALLOWED_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

# nofollow + ugc: tells search engines the link is user-generated and not endorsed, which takes
# away the SEO incentive for link spam. noopener: the linked page gets no window.opener handle.
LINK_REL = "nofollow ugc noopener"

_WHITESPACE = re.compile(r"\s+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)


class _CommentMarkdown(MarkdownIt):
    """CommonMark parser whose links must be absolute http(s)/mailto URLs."""

    def validateLink(self, url: str) -> bool:
        # markdown-it's own check only blocks javascript:/vbscript:/file:/data:. Anything else we
        # would not keep (relative paths, ftp:, custom app schemes) is refused here too, so the
        # reader sees their Markdown as literal text rather than a dead <a> without an href.
        # `url` is already entity-decoded and percent-encoded by markdown-it at this point.
        match = _SCHEME.match(url.strip())
        return match is not None and match.group(1).lower() in ALLOWED_URL_SCHEMES

    def normalizeLinkText(self, link: str) -> str:
        # A link's text is shown as the reader typed it: markdown-it would percent-decode a
        # bare address ("%41" shown as "A"), so the page would not say what its author wrote.
        return link


def _render_image_as_alt_text(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    # An image becomes its (escaped) alt text: the reader's words survive, the <img> does not.
    return html.escape(self.renderInlineAsText(tokens[idx].children or [], options, env))


def _render_heading_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    # A heading becomes a bold paragraph, so "# Wrong!" still reads as emphasis but adds
    # nothing to the article's h1..h6 outline (screen-reader navigation, SEO).
    return "<p><strong>"


def _render_heading_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    return "</strong></p>\n"


def _build_parser() -> MarkdownIt:
    # "commonmark" has no tables or strikethrough. html=False makes raw HTML come out as
    # escaped text, which is what a reader who typed "<b>" expects to see. breaks=True: in a
    # comment box a single Enter means a new line, as in every other comment system readers
    # know; CommonMark's default would join the lines.
    md = _CommentMarkdown("commonmark", {"html": False, "linkify": True, "breaks": True})
    # Bare addresses become links (https://…, www.…, example.org/…), through validateLink and
    # the same allow-list and rel as written links; a bare e-mail address stays text, since
    # turning readers' addresses into mailto: links would only help those who harvest them.
    md.enable("linkify")
    md.linkify.set({"fuzzy_email": False})
    # A line of "---" or "***" stays literal text instead of becoming an <hr> (not allowed).
    # "text\n---" is still a setext heading, which the heading renderer below flattens.
    md.disable("hr")
    md.add_render_rule("image", _render_image_as_alt_text)
    md.add_render_rule("heading_open", _render_heading_open)
    md.add_render_rule("heading_close", _render_heading_close)
    return md


_MARKDOWN = _build_parser()


def render_comment(text: str) -> str:
    """Render a reader's Markdown comment to sanitised HTML, ready to store and output verbatim.

    Returns "" for empty or whitespace-only text.
    """
    if not text or not text.strip():
        return ""
    return sanitise_html(_MARKDOWN.render(text))


def sanitise_html(fragment: str) -> str:
    """Reduce an HTML fragment to the comment allow-list (the second, load-bearing layer).

    render_comment() calls this on markdown-it's output; it is separate so that it can be tested
    on hostile HTML directly, since markdown-it with html=False never lets such HTML through.
    """
    cleaned = nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        # Without this, ammonia's default would keep the *contents* of <script>/<style>; nothing
        # can produce those tags here (html=False), but the allow-list must not rely on that.
        clean_content_tags={"script", "style"},
        # "*": set() matters: without it ammonia keeps its default generic attributes (title,
        # lang) on every allowed tag, which the allow-list above does not mention.
        attributes={"*": set()} | {tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        # Relative and protocol-relative hrefs ("/admin/…", "//host") are dropped: a comment links
        # out with a full URL or not at all, so it cannot dress up a link as part of the site.
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return cleaned.strip()


def plain_text(html_fragment: str) -> str:
    """Return the visible text of rendered comment HTML, whitespace collapsed.

    For e-mail bodies and excerpts. The result is *text*, not HTML: it is unescaped, so anything
    that puts it back into HTML must escape it again (Django templates do by default).
    """
    # tags=set() keeps only text; script/style contents (which render_comment never produces) are
    # dropped rather than turned into visible text.
    text = nh3.clean(html_fragment, tags=set(), clean_content_tags={"script", "style"})
    return _WHITESPACE.sub(" ", html.unescape(text)).strip()
