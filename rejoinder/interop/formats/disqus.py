"""Disqus's XML export (Admin → Moderation → Export).

    <disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
      <category dsq:id="1"><forum>shortname</forum>…</category>
      <thread dsq:id="2"><id>identifier</id><forum>…</forum><link>URL</link><title>…</title>
        <isClosed>false</isClosed>…</thread>
      <post dsq:id="3"><message><![CDATA[<p>HTML</p>]]></message><createdAt>…Z</createdAt>
        <isDeleted>false</isDeleted><isSpam>false</isSpam>
        <author><email/><name/><isAnonymous/><username/></author>
        <ipAddress/><thread dsq:id="2"/><parent dsq:id="…"/></post>
    </disqus>

Mapping: a thread is a discussion under the article its link finds; a post is a comment
(isDeleted → removed, isSpam → spam, isApproved false → awaiting moderation). Not carried
over: ip addresses, Disqus usernames and avatars, categories, thread authors. Disqus
exports carry no votes."""

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element

from rejoinder.interop.errors import ImportFileError
from rejoinder.interop.formats import dates, xmlstream
from rejoinder.interop.records import (
    BodyFormat,
    CommentRecord,
    Record,
    Skipped,
    Source,
    SourceState,
    ThreadRecord,
)

NAME = "disqus"
NS = {"d": "http://disqus.com", "dsq": "http://disqus.com/disqus-internals"}
ROOT = "{http://disqus.com}disqus"
DSQ_ID = "{http://disqus.com/disqus-internals}id"


def sniff(head: bytes) -> bool:
    return b"<disqus" in head and b"http://disqus.com" in head


def _true(element: Element, name: str) -> bool:
    return xmlstream.text(element, f"d:{name}", NS).lower() == "true"


def read(*, path: Path, stream: BinaryIO) -> Iterator[Record]:
    source_named = False
    posts = 0
    for root_tag, element, line in xmlstream.elements(stream, depth=2):
        if root_tag != ROOT:
            raise ImportFileError(
                f"not a Disqus export: the document is <{root_tag}>", where="line 1"
            )
        kind = element.tag.removeprefix("{http://disqus.com}")
        if not source_named and (forum := xmlstream.text(element, "d:forum", NS)):
            yield Source(name=f"disqus:{forum}")
            source_named = True
        if kind == "thread":
            yield ThreadRecord(
                source_id=element.get(DSQ_ID, ""),
                url=xmlstream.text(element, "d:link", NS),
                title=xmlstream.text(element, "d:title", NS),
                identifier=xmlstream.text(element, "d:id", NS),
                closed=_true(element, "isClosed"),
                position=f"line {line}",
            )
        elif kind == "post":
            posts += 1
            if not source_named:
                yield Source(name="disqus")
                source_named = True
            yield _post(element, position=f"line {line} (post {posts})")


def _post(element: Element, *, position: str) -> Record:
    source_id = element.get(DSQ_ID, "")
    if not source_id:
        return Skipped("comments", "it has no dsq:id", position)
    created = dates.parse(xmlstream.text(element, "d:createdAt", NS))
    if created is None:
        return Skipped("comments", "its createdAt is not a date", position)
    thread = element.find("d:thread", NS)
    parent = element.find("d:parent", NS)
    if _true(element, "isSpam"):
        state = SourceState.SPAM
    elif _true(element, "isDeleted"):
        state = SourceState.REMOVED
    elif xmlstream.text(element, "d:isApproved", NS).lower() == "false":
        state = SourceState.PENDING
    else:
        state = SourceState.VISIBLE
    return CommentRecord(
        source_id=source_id,
        thread_id=thread.get(DSQ_ID, "") if thread is not None else "",
        parent_id=parent.get(DSQ_ID, "") if parent is not None else "",
        body=xmlstream.text(element, "d:message", NS),
        body_format=BodyFormat.HTML,
        created_at=created,
        state=state,
        author_name=xmlstream.text(element, "d:author/d:name", NS)
        or xmlstream.text(element, "d:author/d:username", NS),
        author_email=xmlstream.text(element, "d:author/d:email", NS),
        position=position,
    )


# -- export ---------------------------------------------------------------------------------

MEDIA_TYPE = "application/xml; charset=utf-8"
FORUM = "rejoinder"


def write(out, *, since=None, site=None) -> int:
    """Every discussion (one embedding site's when `site` is given) as a Disqus import
    file: threads by link, posts with parents; removed and deleted comments as isDeleted,
    spam as isSpam, comments awaiting moderation as isApproved false. Votes are not part
    of Disqus's format."""
    from datetime import UTC
    from xml.sax.saxutils import escape, quoteattr

    from rejoinder.core.links import absolute_url
    from rejoinder.interop import exporting

    def cdata(text: str) -> str:
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"

    out.write(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'
    )
    written = 0
    threads = exporting.threads(site=site, since=since)
    for thread in threads:
        link = exporting.thread_address(thread, absolute_url(None, ""))
        out.write(
            f"  <thread dsq:id={quoteattr(thread.url)}><id>{escape(thread.key)}</id>"
            f"<forum>{FORUM}</forum><link>{escape(link)}</link>"
            f"<title>{escape(thread.title)}</title>"
            f"<isClosed>{str(thread.is_closed).lower()}</isClosed></thread>\n"
        )
    for thread in threads:
        for item in exporting.comments(thread, since=since):
            comment = item.comment
            parent = f"<parent dsq:id={quoteattr(item.parent_id)}/>" if item.parent_id else ""
            out.write(
                f"  <post dsq:id={quoteattr(item.id)}><id/>"
                f"<message>{cdata(comment.body_html)}</message>"
                f"<createdAt>{comment.created_at.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}</createdAt>"
                f"<isDeleted>{str(comment.is_tombstone).lower()}</isDeleted>"
                f"<isSpam>{str(comment.state == 'spam').lower()}</isSpam>"
                f"<isApproved>{str(comment.state != 'pending').lower()}</isApproved>"
                f"<author><email>{escape(comment.author_email)}</email>"
                f"<name>{escape(comment.author_name)}</name>"
                "<isAnonymous>false</isAnonymous></author>"
                f"<thread dsq:id={quoteattr(thread.url)}/>{parent}</post>\n"
            )
            written += 1
    out.write("</disqus>\n")
    return written
