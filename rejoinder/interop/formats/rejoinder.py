"""Rejoinder's own export: JSON lines, UTF-8, one object a line (schema in the README).

    {"format": "rejoinder", "version": 1}
    {"type": "thread", "id": "/opinion/harbour-road/", "url": "/opinion/harbour-road/",
     "title": "…", "closed": false}
    {"type": "comment", "id": "3f9a…:12", "thread": "/opinion/harbour-road/",
     "parent": "3f9a…:11" or null, "state": "visible", "created_at": "2019-04-02T09:15:00Z",
     "edited_at": null, "author": {"name": "…", "email": "…", "website": "…"},
     "body": "Markdown", "votes": {"up": 3, "down": 1}}

Threads come sorted by address, each followed by its comments, oldest first (ties by id).
Ids of comments first written here are "<site prefix>:<number>"; a comment imported from a
Rejoinder export keeps the id it had there, so export → import → export gives the same bytes."""

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, TextIO

from rejoinder.interop import exporting
from rejoinder.interop.errors import ImportFileError
from rejoinder.interop.formats import dates
from rejoinder.interop.records import (
    BodyFormat,
    CommentRecord,
    Record,
    Skipped,
    Source,
    SourceState,
    ThreadRecord,
)

NAME = "rejoinder"
VERSION = 1
HEADER = {"format": "rejoinder", "version": VERSION}
MEDIA_TYPE = "application/x-ndjson; charset=utf-8"


def sniff(head: bytes) -> bool:
    first = head.lstrip().split(b"\n", 1)[0]
    return first.startswith(b"{") and b'"format"' in first and b'"rejoinder"' in first


def read(*, path: Path, stream: BinaryIO) -> Iterator[Record]:
    yield Source(name=exporting.OWN_SOURCE)
    for number, raw in enumerate(stream, start=1):
        where = f"line {number}"
        try:
            line = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            problem = "a line is not JSON" if raw.endswith(b"\n") else "the last line is cut"
            raise ImportFileError(f"{problem} ({error})", where=where) from None
        if not isinstance(line, dict):
            raise ImportFileError("a line is not a JSON object", where=where)
        if number == 1:
            if line.get("format") != NAME:
                raise ImportFileError("not a Rejoinder export (no format header)", where=where)
            if line.get("version") != VERSION:
                raise ImportFileError(
                    f"version {line.get('version')!r} of the format; this site reads {VERSION}",
                    where=where,
                )
            continue
        kind = line.get("type")
        try:
            if kind == "thread":
                yield ThreadRecord(
                    source_id=str(line["id"]),
                    url=str(line["url"]),
                    title=str(line.get("title", "")),
                    closed=bool(line.get("closed", False)),
                    position=where,
                )
            elif kind == "comment":
                yield _comment(line, where=where)
            else:
                yield Skipped("records", f"unknown record type {kind!r}", where)
        except (KeyError, TypeError, ValueError) as error:
            raise ImportFileError(
                f"a record lacks or garbles a field: {error}", where=where
            ) from None


def _comment(line: dict, *, where: str) -> Record:
    created = dates.parse(str(line["created_at"]))
    if created is None:
        return Skipped("comments", "its created_at is not a date", where)
    author, votes = line.get("author") or {}, line.get("votes") or {}
    return CommentRecord(
        source_id=str(line["id"]),
        thread_id=str(line["thread"]),
        parent_id=str(line.get("parent") or ""),
        body=str(line.get("body", "")),
        body_format=BodyFormat.MARKDOWN,
        created_at=created,
        edited_at=dates.parse(str(line.get("edited_at") or "")),
        state=SourceState(line.get("state", "visible")),
        author_name=str(author.get("name", "")),
        author_email=str(author.get("email", "")),
        author_url=str(author.get("website", "")),
        upvotes=int(votes.get("up", 0)),
        downvotes=int(votes.get("down", 0)),
        position=where,
    )


def _date(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ").replace(".000000Z", "Z")


def _line(out: TextIO, value: dict) -> None:
    out.write(json.dumps(value, ensure_ascii=False, separators=(", ", ": ")) + "\n")


def write(out: TextIO, *, since: datetime | None = None) -> int:
    """Write every discussion under an article; returns how many comments."""
    _line(out, HEADER)
    written = 0
    for thread in exporting.threads():
        _line(
            out,
            {
                "type": "thread",
                "id": thread.url,
                "url": thread.url,
                "title": thread.title,
                "closed": thread.is_closed,
            },
        )
        for item in exporting.comments(thread, since=since):
            comment = item.comment
            _line(
                out,
                {
                    "type": "comment",
                    "id": item.id,
                    "thread": thread.url,
                    "parent": item.parent_id or None,
                    "state": comment.state,
                    "created_at": _date(comment.created_at),
                    "edited_at": _date(comment.edited_at),
                    "author": {
                        "name": comment.author_name,
                        "email": comment.author_email,
                        "website": comment.author_website,
                    },
                    "body": comment.body,
                    "votes": {"up": comment.upvotes, "down": comment.downvotes},
                },
            )
            written += 1
    return written
