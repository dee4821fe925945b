"""WordPress's export (WXR: Tools → Export → All content), with wpDiscuz's votes.

    <rss xmlns:wp="http://wordpress.org/export/1.2/" …><channel>
      <wp:base_site_url>…</wp:base_site_url>
      <wp:author><wp:author_login/><wp:author_display_name/>…</wp:author>
      <item><title/><link/><dc:creator/><content:encoded/><excerpt:encoded/>
        <wp:post_id/><wp:post_date_gmt/><wp:post_name/><wp:status/><wp:post_type/>
        <category domain="category|post_tag" nicename="…">Name</category>
        <wp:comment><wp:comment_id/><wp:comment_author/><wp:comment_author_email/>
          <wp:comment_author_url/><wp:comment_date_gmt/><wp:comment_content/>
          <wp:comment_approved>1|0|spam|trash</wp:comment_approved>
          <wp:comment_type>comment|pingback|trackback</wp:comment_type>
          <wp:comment_parent/><wp:commentmeta><wp:meta_key/><wp:meta_value/></wp:commentmeta>
        </wp:comment>
      </item>
    </channel></rss>

Mapping: a post becomes an article (articles.py says how its body becomes blocks); its
comments become the article's discussion: approved → visible, 0 → awaiting moderation,
spam → spam, trash → removed. wpDiscuz's votes come from comment meta: `wpdiscuz_votes_seperate`
(likes and dislikes) when present, else the net `wpdiscuz_votes`. Pingbacks and trackbacks
are skipped and counted; so are pages, attachments and menu items. Not carried over: ip
addresses, user agents, comment karma, WordPress accounts (comments by members come in as
guests' comments with their name and address), custom fields other than wpDiscuz's votes."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element

from rejoinder.interop.errors import ImportFileError
from rejoinder.interop.formats import dates, xmlstream
from rejoinder.interop.records import (
    ArticleRecord,
    BodyFormat,
    CommentRecord,
    Record,
    Skipped,
    Source,
    SourceState,
    ThreadRecord,
)

NAME = "wxr"
_WP = "{http://wordpress.org/export/"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
STATES = {
    "1": SourceState.VISIBLE,
    "approve": SourceState.VISIBLE,
    "0": SourceState.PENDING,
    "hold": SourceState.PENDING,
    "spam": SourceState.SPAM,
    "trash": SourceState.REMOVED,
    "post-trashed": SourceState.REMOVED,
}
_SEPARATE_VOTES = re.compile(r's:\d+:"(like|dislike)";i:(-?\d+);')


def sniff(head: bytes) -> bool:
    return b"<rss" in head and b"wordpress.org/export/" in head


def wp(element: Element, name: str) -> str:
    """The text of `element`'s wp:`name` child, whatever the WXR version (1.0 to 1.2)."""
    for child in element:
        if child.tag.startswith(_WP) and child.tag.endswith("}" + name):
            return (child.text or "").strip()
    return ""


def _children(element: Element, name: str) -> list[Element]:
    return [c for c in element if c.tag.startswith(_WP) and c.tag.endswith("}" + name)]


def read(*, path: Path, stream: BinaryIO) -> Iterator[Record]:
    authors: dict[str, str] = {}
    source_named = False
    for root_tag, element, line in xmlstream.elements(stream, depth=3):
        if root_tag != "rss":
            raise ImportFileError(f"not a WordPress export: the document is <{root_tag}>")
        local = element.tag.rsplit("}", 1)[-1]
        if local == "base_site_url" and not source_named:
            yield Source(name=f"wxr:{(element.text or '').strip()}")
            source_named = True
        elif local == "author" and element.tag.startswith(_WP):
            authors[wp(element, "author_login")] = wp(element, "author_display_name")
        elif local == "item":
            if not source_named:
                raise ImportFileError("the file has no <wp:base_site_url>", where=f"line {line}")
            yield from _item(element, authors=authors, line=line)


def _item(item: Element, *, authors: dict[str, str], line: int) -> Iterator[Record]:
    post_id = wp(item, "post_id")
    post_type = wp(item, "post_type") or "post"
    position = f"line {line} (post {post_id})"
    link = xmlstream.text(item, "link", {})
    comments = _children(item, "comment")
    if post_type != "post":
        yield Skipped("posts", f"a {post_type}, not a post", position)
        for comment in comments:
            yield Skipped("comments", f"under a {post_type}", _at(line, comment))
        return
    status = wp(item, "status")
    if status == "trash":
        yield Skipped("posts", "in WordPress's trash", position)
        return
    date = dates.parse(wp(item, "post_date_gmt")) or dates.parse(wp(item, "post_date"))
    if date is None or date.year < 1900:  # drafts carry 0000-00-00 as their GMT date
        date = dates.parse(wp(item, "post_date"))
    if date is None:
        yield Skipped("posts", "it has no date", position)
        return
    login = xmlstream.text(item, DC_CREATOR, {})
    excerpt = next(
        ((c.text or "").strip() for c in item if c.tag.endswith("}encoded") and "excerpt" in c.tag),
        "",
    )
    yield ArticleRecord(
        source_id=f"post:{post_id}",
        title=xmlstream.text(item, "title", {}),
        slug=wp(item, "post_name"),
        url=link,
        body_html=xmlstream.text(item, CONTENT, {}),
        status=status,
        date=date,
        author_login=login,
        author_name=authors.get(login, login),
        excerpt=excerpt,
        categories=tuple(
            (c.get("nicename", ""), (c.text or "").strip())
            for c in item.findall("category")
            if c.get("domain") == "category"
        ),
        tags=tuple(
            (c.text or "").strip()
            for c in item.findall("category")
            if c.get("domain") == "post_tag"
        ),
        position=position,
    )
    yield ThreadRecord(
        source_id=f"post:{post_id}",
        url=link,
        identifier=f"post:{post_id}",
        closed=wp(item, "comment_status") == "closed",
        position=position,
    )
    for comment in comments:
        yield _comment(comment, thread_id=f"post:{post_id}", position=_at(line, comment))


def _at(line: int, comment: Element) -> str:
    return f"line {line} (comment {wp(comment, 'comment_id')})"


def _comment(comment: Element, *, thread_id: str, position: str) -> Record:
    kind = wp(comment, "comment_type")
    if kind in ("pingback", "trackback"):
        return Skipped("comments", f"a {kind}, not a comment", position)
    approved = wp(comment, "comment_approved")
    if approved not in STATES:
        return Skipped("comments", f"its state {approved!r} is not one WordPress uses", position)
    created = dates.parse(wp(comment, "comment_date_gmt")) or dates.parse(
        wp(comment, "comment_date")
    )
    if created is None:
        return Skipped("comments", "it has no date", position)
    up, down = _votes(comment)
    parent = wp(comment, "comment_parent")
    return CommentRecord(
        source_id=wp(comment, "comment_id"),
        thread_id=thread_id,
        parent_id="" if parent in ("", "0") else parent,
        body=wp(comment, "comment_content"),
        body_format=BodyFormat.TEXT,
        created_at=created,
        state=STATES[approved],
        author_name=wp(comment, "comment_author"),
        author_email=wp(comment, "comment_author_email"),
        author_url=wp(comment, "comment_author_url"),
        upvotes=up,
        downvotes=down,
        position=position,
    )


def _votes(comment: Element) -> tuple[int, int]:
    meta = {wp(m, "meta_key"): wp(m, "meta_value") for m in _children(comment, "commentmeta")}
    if separate := meta.get("wpdiscuz_votes_seperate"):
        counts = dict(_SEPARATE_VOTES.findall(separate))
        return max(int(counts.get("like", 0)), 0), abs(int(counts.get("dislike", 0)))
    try:
        net = int(meta.get("wpdiscuz_votes", "0") or 0)
    except ValueError:
        return 0, 0
    return max(net, 0), max(-net, 0)


# -- export ---------------------------------------------------------------------------------

MEDIA_TYPE = "application/rss+xml; charset=utf-8"
_EXPORT_STATES = {
    "visible": "1",
    "pending": "0",
    "spam": "spam",
    "removed": "trash",
    "deleted": "trash",
}


EXTERNAL_POST_IDS = 1_000_000_000


def write(out, *, since=None, site=None) -> int:
    """Every discussion (one embedding site's when `site` is given) as WordPress comments
    (WXR 1.2), one item per article or external page carrying its address, title and slug
    (not its body: WordPress's importer matches comments to posts it already has). Votes
    go into wpDiscuz's meta."""
    from datetime import UTC
    from xml.sax.saxutils import escape

    from rejoinder.core.links import absolute_url
    from rejoinder.interop import exporting

    def cdata(text: str) -> str:
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"

    # An embedding site's export is that site's: a WordPress importing it sees its own URL.
    base = site.origins[0] if site and site.origins else absolute_url(None, "").rstrip("/")
    out.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        f"<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>{escape(base)}"
        f"</wp:base_site_url>\n"
    )
    written, numbers = 0, {}
    for thread in exporting.threads(site=site, since=since):
        article = thread.article
        address = exporting.thread_address(thread, absolute_url(None, ""))
        # An external page has no post here: its number is the thread's, past any article's
        # (WordPress only needs it unique in the file), its slug its address's last part.
        post_id = article.pk if article else EXTERNAL_POST_IDS + thread.pk
        date = article.date if article else thread.created_at
        slug = article.slug if article else address.rstrip("/").rsplit("/", 1)[-1]
        out.write(
            f"<item><title>{escape(thread.title)}</title>"
            f"<link>{escape(address)}</link>"
            f"<wp:post_id>{post_id}</wp:post_id>"
            f"<wp:post_date_gmt>{date.astimezone(UTC):%Y-%m-%d %H:%M:%S}"
            f"</wp:post_date_gmt><wp:post_name>{escape(slug)}</wp:post_name>"
            f"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
            f"<wp:comment_status>{'closed' if thread.is_closed else 'open'}"
            "</wp:comment_status>\n"
        )
        for item in exporting.comments(thread, since=since):
            comment = item.comment
            numbers[item.id] = len(numbers) + 1
            parent = numbers.get(item.parent_id, 0)
            votes = f'a:2:{{s:4:"like";i:{comment.upvotes};s:7:"dislike";i:{comment.downvotes};}}'
            out.write(
                f"<wp:comment><wp:comment_id>{numbers[item.id]}</wp:comment_id>"
                f"<wp:comment_author>{cdata(comment.author_name)}</wp:comment_author>"
                f"<wp:comment_author_email>{escape(comment.author_email)}"
                "</wp:comment_author_email>"
                f"<wp:comment_author_url>{escape(comment.author_website)}"
                "</wp:comment_author_url>"
                f"<wp:comment_date_gmt>{comment.created_at.astimezone(UTC):%Y-%m-%d %H:%M:%S}"
                "</wp:comment_date_gmt>"
                f"<wp:comment_content>{cdata(comment.body_html)}</wp:comment_content>"
                f"<wp:comment_approved>{_EXPORT_STATES[comment.state]}</wp:comment_approved>"
                "<wp:comment_type>comment</wp:comment_type>"
                f"<wp:comment_parent>{parent}</wp:comment_parent>"
                "<wp:commentmeta><wp:meta_key>wpdiscuz_votes</wp:meta_key>"
                f"<wp:meta_value>{comment.score}</wp:meta_value></wp:commentmeta>"
                "<wp:commentmeta><wp:meta_key>wpdiscuz_votes_seperate</wp:meta_key>"
                f"<wp:meta_value>{cdata(votes)}</wp:meta_value></wp:commentmeta>"
                "</wp:comment>\n"
            )
            written += 1
        out.write("</item>\n")
    out.write("</channel>\n</rss>\n")
    return written
