"""Remark42's backup (JSON lines, usually gzipped): a first line of metadata, then one
comment a line with its locator (site and page URL), parent id, HTML text (and original
Markdown), user, votes, time and deleted flag.

Mapping: each page URL is a thread; the original Markdown when present, else the HTML;
the votes map gives up and down counts; delete → deleted. Remark42 has no pending or spam
state and keeps no e-mail addresses. Not carried over: user ids and avatars, hashed ip
addresses, pins, edit summaries, read-only flags, controversy scores."""

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

NAME = "remark42"


def sniff(head: bytes) -> bool:
    first = compressed.head_of(head).lstrip().split(b"\n", 1)[0]
    return first.startswith(b"{") and b'"users"' in first and b'"posts"' in first


def read(*, path: Path, stream: BinaryIO) -> Iterator[Record]:
    threads: set[str] = set()
    source_named = False
    for number, raw in compressed.lines(stream):
        where = f"line {number}"
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            problem = "a line is not JSON" if raw.endswith(b"\n") else "the last line is cut"
            raise ImportFileError(f"{problem} ({error})", where=where) from None
        if number == 1:
            if not isinstance(line, dict) or "version" not in line:
                raise ImportFileError("not a Remark42 backup (no metadata line)", where=where)
            continue
        if not isinstance(line, dict) or not isinstance(line.get("locator"), dict):
            yield Skipped("comments", "not a comment (no locator)", where)
            continue
        locator, user = line["locator"], line.get("user") or {}
        if not source_named:
            yield Source(name=f"remark42:{locator.get('site', '')}")
            source_named = True
        url = str(locator.get("url", ""))
        if url not in threads:
            threads.add(url)
            yield ThreadRecord(
                source_id=url, url=url, title=str(line.get("title", "")), position=where
            )
        created = dates.parse(str(line.get("time", "")))
        if created is None or not line.get("id"):
            yield Skipped("comments", "it has no id or no time", where)
            continue
        votes = line.get("votes") or {}
        original = str(line.get("orig") or "")
        yield CommentRecord(
            source_id=str(line["id"]),
            thread_id=url,
            parent_id=str(line.get("pid") or ""),
            body=original or str(line.get("text", "")),
            body_format=BodyFormat.MARKDOWN if original else BodyFormat.HTML,
            created_at=created,
            state=SourceState.DELETED if line.get("delete") else SourceState.VISIBLE,
            author_name=str(user.get("name", "")),
            upvotes=sum(1 for up in votes.values() if up is True),
            downvotes=sum(1 for up in votes.values() if up is False),
            position=where,
        )
