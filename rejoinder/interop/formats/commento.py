"""Commento's export (one JSON document, often gzipped; Comentario imports the same):
{"version": 1, "comments": [...], "commenters": [...]}.

Mapping: each domain + path is a thread; parentHex "root" is top-level; approved →
visible, unapproved → awaiting moderation, flagged → spam, deleted → deleted; the net
score as up (or down) votes; commenters' name, e-mail and link. The document is read
whole (it is one JSON value). Not carried over: avatars, login providers, moderator flags."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from rejoinder.interop.errors import ImportFileError
from rejoinder.interop.formats import compressed, dates
from rejoinder.interop.records import (
    BodyFormat,
    CommentRecord,
    Record,
    Skipped,
    Source,
    SourceState,
    ThreadRecord,
)

NAME = "commento"
STATES = {
    "approved": SourceState.VISIBLE,
    "unapproved": SourceState.PENDING,
    "flagged": SourceState.SPAM,
}


def sniff(head: bytes) -> bool:
    start = compressed.head_of(head).lstrip()[:400]
    return start.startswith(b"{") and (b'"commenters"' in start or b'"commentHex"' in start)


def read(*, path: Path, stream: BinaryIO) -> Iterator[Record]:
    try:
        document = json.load(compressed.opened(stream))
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"the JSON is malformed or cut: {error.msg}",
            where=f"line {error.lineno}, column {error.colno}",
        ) from None
    except (EOFError, OSError, UnicodeDecodeError) as error:
        raise ImportFileError(f"the file is damaged or cut short ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("comments"), list):
        raise ImportFileError("not a Commento export (no comments list)")
    commenters = {
        c.get("commenterHex"): c for c in document.get("commenters") or [] if isinstance(c, dict)
    }
    comments = document["comments"]
    domain = next((c.get("domain", "") for c in comments if isinstance(c, dict)), "")
    yield Source(name=f"commento:{domain}")
    threads: set[str] = set()
    for number, comment in enumerate(comments, start=1):
        where = f"comment {number}"
        if not isinstance(comment, dict) or not comment.get("commentHex"):
            yield Skipped("comments", "not a comment (no commentHex)", where)
            continue
        url = f"https://{comment.get('domain', '')}{comment.get('path', '')}"
        if url not in threads:
            threads.add(url)
            yield ThreadRecord(source_id=url, url=url, position=where)
        created = dates.parse(str(comment.get("creationDate", "")))
        if created is None:
            yield Skipped("comments", "its creationDate is not a date", where)
            continue
        author = commenters.get(comment.get("commenterHex"), {})
        state = STATES.get(comment.get("state"), SourceState.PENDING)
        score = int(comment.get("score") or 0)
        link = str(author.get("link", ""))
        yield CommentRecord(
            source_id=str(comment["commentHex"]),
            thread_id=url,
            parent_id=""
            if comment.get("parentHex") in (None, "", "root")
            else comment["parentHex"],
            body=str(comment.get("markdown", "")),
            body_format=BodyFormat.MARKDOWN,
            created_at=created,
            state=SourceState.DELETED if comment.get("deleted") else state,
            author_name=str(author.get("name", "")),
            author_email=str(author.get("email", "")),
            author_url="" if link == "undefined" else link,
            upvotes=max(score, 0),
            downvotes=max(-score, 0),
            position=where,
        )
