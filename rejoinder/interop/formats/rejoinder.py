"""Rejoinder's own export: JSON lines, UTF-8, one object a line (schema in the README,
"The Rejoinder format").

    {"format": "rejoinder", "version": 1}
    {"type": "thread", "id": "/opinion/harbour-road/", "url": "/opinion/harbour-road/",
     "title": "…", "closed": false}
    {"type": "thread", "id": "site:blog:https://blog.example.org/a/", "url": "https://…",
     "title": "…", "closed": false, "site": "blog", "identifier": "https://blog.example.org/a/"}
    {"type": "comment", "id": "3f9a…:12", "thread": "/opinion/harbour-road/",
     "parent": "3f9a…:11" or null, "state": "visible", "created_at": "2019-04-02T09:15:00Z",
     "edited_at": null, "featured_at": null,
     "author": {"name": "…", "email": "…", "website": "…"},
     "body": "Markdown", "votes": {"up": 3, "down": 1}}
    {"type": "screening", "comment": "3f9a…:12", "decision": "hold", "reasons": […],
     "spam_score": 0.7, "offensive_score": null, "spam_features": […], "label": "ham",
     "labelled_at": "…", "created_at": "…"}
    {"type": "decision", "thread": "/opinion/harbour-road/", "comment": "3f9a…:12" or null,
     "action": "approve", "moderator": "username" or null, "before": {…}, "after": {…},
     "created_at": "…", "undone_at": null}
    {"type": "subscription", "thread": "/opinion/harbour-road/", "email": "…",
     "scope": "replies", "frequency": "instant", "state": "active", "created_at": "…",
     "confirmed_at": "…", "unsubscribed_at": null}

Threads come sorted by address (the embedding sites' pages after the articles, by site and
identifier), each followed by its comments, oldest first (ties by id), then its comments'
screenings in the same order, then its log entries by date, then its subscriptions by
address. Ids of comments first written here are "<site prefix>:<number>"; a comment imported
from a Rejoinder export keeps the id it had there, so export → import → export gives the
same bytes. A reader skips (and reports) a line of a type it does not know."""

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from rejoinder.interop import exporting
from rejoinder.interop.errors import ImportFileError
from rejoinder.interop.formats import dates
from rejoinder.interop.records import (
    BodyFormat,
    CommentRecord,
    DecisionRecord,
    Record,
    ScreeningRecord,
    Skipped,
    Source,
    SourceState,
    SubscriptionRecord,
    ThreadRecord,
)

if TYPE_CHECKING:
    from rejoinder.embed.models import Site

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
                    source_id=_text(line["id"]),
                    url=_text(line["url"]),
                    title=_text(line.get("title") or ""),
                    closed=bool(line.get("closed", False)),
                    site=_text(line.get("site") or ""),
                    identifier=_text(line.get("identifier") or ""),
                    position=where,
                )
            elif kind == "comment":
                yield _comment(line, where=where)
            elif kind == "subscription":
                yield _subscription(line, where=where)
            elif kind == "screening":
                yield _screening(line, where=where)
            elif kind == "decision":
                yield _decision(line, where=where)
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
        featured_at=_optional_date(line, "featured_at"),
        state=SourceState(line.get("state", "visible")),
        author_name=str(author.get("name", "")),
        author_email=str(author.get("email", "")),
        author_url=str(author.get("website", "")),
        upvotes=int(votes.get("up", 0)),
        downvotes=int(votes.get("down", 0)),
        position=where,
    )


def _text(value: object) -> str:
    """A text field: a string, never a number, list or object turned into one."""
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {type(value).__name__}")
    return value


def _optional_date(line: dict, name: str) -> datetime | None:
    """A date that may be null; one that is there must be a date."""
    value = line.get(name)
    if value is None:
        return None
    parsed = dates.parse(_text(value))
    if parsed is None:
        raise ValueError(f"{name} {value!r} is not a date")
    return parsed


def _required_date(line: dict, name: str) -> datetime:
    parsed = _optional_date(line, name)
    if parsed is None:
        raise ValueError(f"{name} is missing")
    return parsed


def _subscription(line: dict, *, where: str) -> Record:
    return SubscriptionRecord(
        thread_id=_text(line["thread"]),
        email=_text(line["email"]),
        scope=_text(line["scope"]),
        frequency=_text(line.get("frequency") or "instant"),
        state=_text(line["state"]),
        created_at=_required_date(line, "created_at"),
        confirmed_at=_optional_date(line, "confirmed_at"),
        unsubscribed_at=_optional_date(line, "unsubscribed_at"),
        position=where,
    )


def _score(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"a score must be a number, found {value!r}")
    return float(value)


def _screening(line: dict, *, where: str) -> Record:
    reasons = line.get("reasons") or []
    features = line.get("spam_features") or []
    if not isinstance(reasons, list) or not all(
        isinstance(reason, dict) and all(isinstance(v, str) for v in reason.values())
        for reason in reasons
    ):
        raise TypeError("reasons must be a list of objects of text")
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise TypeError("spam_features must be a list of words")
    return ScreeningRecord(
        comment_id=_text(line["comment"]),
        decision=_text(line["decision"]),
        reasons=tuple(reasons),
        spam_score=_score(line.get("spam_score")),
        offensive_score=_score(line.get("offensive_score")),
        spam_features=tuple(features),
        label=_text(line.get("label") or ""),
        labelled_at=_optional_date(line, "labelled_at"),
        created_at=_required_date(line, "created_at"),
        position=where,
    )


def _decision(line: dict, *, where: str) -> Record:
    before, after = line.get("before") or {}, line.get("after") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        raise TypeError("before and after must be objects")
    return DecisionRecord(
        thread_id=_text(line["thread"]),
        comment_id=_text(line.get("comment") or ""),
        action=_text(line["action"]),
        moderator=_text(line.get("moderator") or ""),
        before=before,
        after=after,
        created_at=_required_date(line, "created_at"),
        undone_at=_optional_date(line, "undone_at"),
        position=where,
    )


def _date(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ").replace(".000000Z", "Z")


def _line(out: TextIO, value: dict) -> None:
    out.write(json.dumps(value, ensure_ascii=False, separators=(", ", ": ")) + "\n")


def thread_id(thread) -> str:
    """An article's discussion by its address; an external page's by its site and identifier
    (two sites may have pages at the same path)."""
    page = getattr(thread, "external_page", None)
    return f"site:{page.site.key}:{page.identifier}" if page else thread.url


def write(out: TextIO, *, since: datetime | None = None, site: "Site | None" = None) -> int:
    """Write the discussions (one site's pages when `site` is given); returns how many
    comments."""
    _line(out, HEADER)
    written = 0
    for thread in exporting.threads(site=site, since=since):
        written += _thread(out, thread, since=since)
    return written


def _thread(out: TextIO, thread, *, since: datetime | None) -> int:
    tid = thread_id(thread)
    header = {
        "type": "thread",
        "id": tid,
        "url": thread.url,
        "title": thread.title,
        "closed": thread.is_closed,
    }
    page = getattr(thread, "external_page", None)
    if page is not None:
        header |= {"site": page.site.key, "identifier": page.identifier}
    _line(out, header)
    exported = list(exporting.comments(thread, since=since))
    for item in exported:
        comment = item.comment
        _line(
            out,
            {
                "type": "comment",
                "id": item.id,
                "thread": tid,
                "parent": item.parent_id or None,
                "state": comment.state,
                "created_at": _date(comment.created_at),
                "edited_at": _date(comment.edited_at),
                "featured_at": _date(comment.featured_at),
                "author": {
                    "name": comment.author_name,
                    "email": comment.author_email,
                    "website": comment.author_website,
                },
                "body": comment.body,
                "votes": {"up": comment.upvotes, "down": comment.downvotes},
            },
        )
    ids = {item.comment.pk: item.id for item in exported}
    screened = exporting.screenings(list(ids))
    for item in exported:
        if (screening := screened.get(item.comment.pk)) is not None:
            _line(out, _screening_line(screening, comment_id=item.id))
    decisions = [
        _decision_line(entry, thread_id=tid, comment_id=ids.get(entry.comment_id))
        for entry in exporting.decisions(thread, since=since)
        # An entry on a comment left out by --since is left out with it.
        if entry.comment_id is None or entry.comment_id in ids
    ]
    for line in sorted(decisions, key=lambda d: (d["created_at"], d["action"], d["comment"] or "")):
        _line(out, line)
    for subscription in exporting.subscriptions(thread, since=since):
        _line(
            out,
            {
                "type": "subscription",
                "thread": tid,
                "email": subscription.subscriber.email,
                "scope": subscription.scope,
                "frequency": subscription.frequency,
                "state": subscription.state,
                "created_at": _date(subscription.created_at),
                "confirmed_at": _date(subscription.confirmed_at),
                "unsubscribed_at": _date(subscription.unsubscribed_at),
            },
        )
    return len(exported)


def _screening_line(screening, *, comment_id: str) -> dict:
    # The writer's network (a keyed hash) stays here: exports carry no network at all.
    return {
        "type": "screening",
        "comment": comment_id,
        "decision": screening.decision,
        "reasons": screening.reasons,
        "spam_score": screening.spam_score,
        "offensive_score": screening.offensive_score,
        "spam_features": screening.spam_features,
        "label": screening.label,
        "labelled_at": _date(screening.labelled_at),
        "created_at": _date(screening.created_at),
    }


def _decision_line(entry, *, thread_id: str, comment_id: str | None) -> dict:
    return {
        "type": "decision",
        "thread": thread_id,
        "comment": comment_id,
        "action": entry.action,
        "moderator": entry.moderator.get_username() if entry.moderator else None,
        "before": entry.before,
        "after": entry.after,
        "created_at": _date(entry.created_at),
        "undone_at": _date(entry.undone_by.created_at) if entry.undone_by else None,
    }
