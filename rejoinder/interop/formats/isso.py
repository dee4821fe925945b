"""Isso's database (its SQLite file, e.g. comments.db): threads (uri, title) and comments
(Markdown text, author, e-mail, website, likes, dislikes, mode).

Mapping: mode 1 → visible, 2 → awaiting moderation, 4 → deleted; likes and dislikes as
votes. Not carried over: ip addresses, voters' bloom filter, notification opt-ins."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from django.utils.crypto import salted_hmac

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

NAME = "isso"
MODES = {1: SourceState.VISIBLE, 2: SourceState.PENDING, 4: SourceState.DELETED}


def sniff(head: bytes) -> bool:
    return head.startswith(b"SQLite format 3\x00")


def read(*, path: Path, stream: BinaryIO) -> Iterator[Record]:
    try:
        # Read-only: an import never changes the file it reads.
        database = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise ImportFileError(f"cannot open the database: {error}", where=path.name) from None
    try:
        yield from _records(database, path)
    except sqlite3.DatabaseError as error:
        raise ImportFileError(
            f"not an Isso database, or a damaged one: {error}", where=path.name
        ) from None
    finally:
        database.close()


def _records(database: sqlite3.Connection, path: Path) -> Iterator[Record]:
    tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master")}
    if not {"threads", "comments"} <= tables:
        raise ImportFileError("an SQLite file, but not Isso's: no threads and comments tables")
    key = ""
    if "preferences" in tables:
        row = database.execute("SELECT value FROM preferences WHERE key = 'session-key'").fetchone()
        # Isso's session key is a secret: only a keyed hash of it names the source.
        key = salted_hmac("rejoinder.interop.isso", row[0]).hexdigest()[:16] if row else ""
    yield Source(name=f"isso:{key}" if key else "isso")
    for thread_id, uri, title in database.execute("SELECT id, uri, title FROM threads ORDER BY id"):
        yield ThreadRecord(
            source_id=str(thread_id),
            url=uri or "",
            title=title or "",
            position=f"thread {thread_id}",
        )
    rows = database.execute(
        "SELECT id, tid, parent, created, modified, mode, text, author, email, website, "
        "likes, dislikes FROM comments ORDER BY id"
    )
    for (
        comment_id, thread_id, parent, created, modified, mode, text, author, email, website,
        likes, dislikes,
    ) in rows:  # fmt: skip
        where = f"comment {comment_id}"
        when = dates.from_timestamp(created)
        if when is None:
            yield Skipped("comments", "its creation time is not a time", where)
            continue
        yield CommentRecord(
            source_id=str(comment_id),
            thread_id=str(thread_id),
            parent_id=str(parent) if parent else "",
            body=text or "",
            body_format=BodyFormat.MARKDOWN,
            created_at=when,
            edited_at=dates.from_timestamp(modified) if modified else None,
            state=MODES.get(mode, SourceState.PENDING),
            author_name=author or "",
            author_email=email or "",
            author_url=website or "",
            upvotes=likes or 0,
            downvotes=dislikes or 0,
            position=where,
        )
