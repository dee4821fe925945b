"""Import one file: all of it or nothing, the same file twice changes nothing.

Records stream from the format's reader (records.py) and are written as they come, in
batches, inside ONE transaction: a file that fails part-way (or a process killed mid-import)
leaves the database as it was. Comments are written through the discussion's bulk path
(the one `discussion/management/commands/generate_thread.py` documents): the same fields
`post_comment` sets, the text through the discussion's own sanitiser, e-mails normalised,
readers' keys and avatar seeds as keyed hashes. Unlike `post_comment` they are not screened
by the live moderation policy (they keep their source's state), announce nothing (no mail
to subscribers, no live event) and count towards no reader's rate limit (their reader key
is of a namespace no browser or account can have).

Rejoinder's own format also carries subscriptions, screenings and the moderators' log: they
are written after the comments (they name them), through the notifications' and
moderation's restoring writes, in the same transaction; none of them sends mail."""

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.validators import URLValidator, validate_email
from django.db import connection, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from rejoinder.discussion.actions import MAX_NAME_LENGTH, normalise_email
from rejoinder.discussion.avatars import avatar_seed
from rejoinder.discussion.models import TOMBSTONE_STATES, Comment, CommentState, Thread
from rejoinder.discussion.queries import article_thread, placeholders, thread_for_article
from rejoinder.embed.actions import open_external_thread
from rejoinder.embed.models import Site
from rejoinder.embed.origins import origin_of, page_address
from rejoinder.embed.queries import external_thread
from rejoinder.interop import bodies, formats
from rejoinder.interop.errors import ImportFileError
from rejoinder.interop.models import ImportedRecord
from rejoinder.interop.records import (
    ArticleRecord,
    CommentRecord,
    DecisionRecord,
    ScreeningRecord,
    Skipped,
    Source,
    SourceState,
    SubscriptionRecord,
    ThreadRecord,
)
from rejoinder.interop.summary import Summary
from rejoinder.interop.targets import ArticleTargets
from rejoinder.interop.threading import Placement, Threader
from rejoinder.moderation.restoring import (
    NotRestorable,
    restore_decision,
    restore_screening,
    restore_undo_link,
)
from rejoinder.notifications.models import Frequency, Scope, SubscriptionState
from rejoinder.notifications.restoring import restore_subscription

BATCH_SIZE = 2_000
PROGRESS_EVERY = 500  # records between two progress reports
MAX_AUTHORS_KEPT = 20_000  # authors whose stored fields are kept ready, to bound memory

STATES = {
    SourceState.VISIBLE: CommentState.VISIBLE,
    SourceState.PENDING: CommentState.PENDING,
    SourceState.SPAM: CommentState.SPAM,
    SourceState.REMOVED: CommentState.REMOVED,
    SourceState.DELETED: CommentState.DELETED,
}

Progress = Callable[[int, int, int], None]  # (bytes read, bytes in all, records read)


_FINGERPRINTED = [field.name for field in fields(CommentRecord) if field.name != "position"]
# Fields added after imports were first made: left out of the fingerprint while empty, so
# that a comment imported before they existed is still recognised as unchanged.
_ADDED_LATER = {"featured_at"}
_ARTICLE_FINGERPRINTED = [f.name for f in fields(ArticleRecord) if f.name != "position"]


class _Rollback(Exception):
    """Raised at the end of a dry run to undo everything it wrote."""


@dataclass(frozen=True)
class _Placed:
    pk: int
    depth: int
    root_id: int | None
    thread_id: int


def import_file(
    *,
    path: Path,
    format: str = "auto",
    dry_run: bool = False,
    media: Path | None = None,
    mapping: dict[str, str] | None = None,
    site: str = "",
    progress: Progress | None = None,
) -> Summary:
    """Import `path`; raise ImportFileError (nothing written) if it cannot be read whole.
    `site` is an embedding site's key: discussions whose address finds no article go to
    that site's page for the address."""
    embedding_site = site_for_key(site) if site else None
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            reader = formats.reader_for(format, path=path, stream=stream)
            summary = Summary(format=reader.NAME, dry_run=dry_run)
            records = reader.read(path=path, stream=stream)
            importer = _Import(summary, mapping=mapping, media=media, site=embedding_site)
            try:
                with transaction.atomic():
                    importer.run(records, progress=progress, stream=stream, size=size)
                    if dry_run:
                        raise _Rollback()
            except _Rollback:
                pass
            except (ValueError, TypeError, KeyError, AttributeError, UnicodeError) as error:
                # A reader met content its format does not allow (a count that is not a
                # number, a field of the wrong type): named, with the last record read.
                raise ImportFileError(
                    f"unexpected content ({error})", where=importer.last_position or path.name
                ) from None
    except OSError as error:
        raise ImportFileError(f"cannot read the file: {error.strerror or error}") from None
    return summary


def site_for_key(key: str) -> Site:
    """The embedding site registered under `key`, or ImportFileError naming the key."""
    # A key with a NUL names no site, and PostgreSQL refuses to be asked about it.
    site = Site.objects.filter(key=key).first() if "\x00" not in key else None
    if site is None:
        known = ", ".join(Site.objects.order_by("key").values_list("key", flat=True)[:20])
        raise ImportFileError(
            f"no embedding site has the key {key!r}"
            + (f" (the sites' keys: {known})" if known else " (no site is registered)"),
            where="--site",
        )
    return site


def fingerprint(record: CommentRecord | ArticleRecord) -> str:
    """A hash of what the record says (not where it is in the file)."""
    names = _FINGERPRINTED if isinstance(record, CommentRecord) else _ARTICLE_FINGERPRINTED
    said = [
        getattr(record, name)
        for name in names
        if not (name in _ADDED_LATER and getattr(record, name) is None)
    ]
    return hashlib.sha256(json.dumps(said, default=str).encode()).hexdigest()


def imported_reader_key(source: str, who: str) -> str:
    """The reader key of an imported comment's author: a keyed hash in a namespace of its own,
    so no browser or account shares it (rate limits, "your comment" and votes ignore it)."""
    subject = f"{source}\n{who}"
    return salted_hmac("rejoinder.interop.reader", subject, algorithm="sha256").hexdigest()


_valid_url = URLValidator(schemes=["http", "https"])


def _checked_email(email: str) -> str:
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        return ""
    return email


def _checked_website(url: str) -> str:
    url = url.strip()
    if not url or len(url) > 300:
        return ""
    try:
        _valid_url(url)
    except ValidationError:
        return ""
    return url


class _Import:
    def __init__(
        self, summary: Summary, *, mapping: dict | None, media: Path | None, site: Site | None
    ) -> None:
        self.summary = summary
        self.site = site
        self.sites: dict[str, Site | None] = {}
        # Written after every comment is (they name comments), in file order.
        self.after_comments: list[SubscriptionRecord | ScreeningRecord | DecisionRecord] = []
        self.media = media
        self.targets = ArticleTargets(mapping)
        self.source = ""
        self.known: dict[str, tuple[int | None, str]] = {}
        self.threads: dict[str, Thread | None] = {}
        self.thread_skip_reason: dict[str, str] = {}
        self.placed: dict[str, _Placed | None] = {}
        self.seen: set[str] = set()
        self.authors: dict[tuple[str, str, str], dict] = {}
        self.touched: set[int] = set()
        self.pending_comments: list[dict] = []
        self.pending_records: list[dict] = []
        self.now = timezone.now()
        self.next_id = 0
        self.threader: Threader[CommentRecord] = Threader(is_placed=self._was_imported)
        self.articles = None  # the WordPress article writer, made on first use
        self.last_position = ""

    # -- the stream ---------------------------------------------------------------------

    def run(self, records: Iterator, *, progress: Progress | None, stream: BinaryIO, size: int):
        self._reserve_ids()
        for number, record in enumerate(records, start=1):
            self.last_position = f"after {getattr(record, 'position', '') or 'the start'}"
            if (kind := _KINDS.get(type(record))) and _holds_nul(record):
                # As a live comment is refused one: PostgreSQL's text cannot store it.
                reason = "it holds a NUL character (an invisible control code)"
                if isinstance(record, ThreadRecord):
                    self._skip_thread(record, reason)
                else:
                    self.summary.skip(kind, reason=reason, position=record.position)
            elif isinstance(record, Source):
                if _holds_nul(record):
                    raise ImportFileError("the source's name holds a NUL character")
                self._start(record)
            elif not self.source:
                raise ImportFileError("the file does not say where it comes from", where="start")
            elif isinstance(record, ThreadRecord):
                self._thread(record)
            elif isinstance(record, CommentRecord):
                for placement in self.threader.add(
                    record, source_id=record.source_id, parent_id=record.parent_id
                ):
                    self._comment(placement)
            elif isinstance(record, ArticleRecord):
                self._article(record)
            elif isinstance(record, SubscriptionRecord | ScreeningRecord | DecisionRecord):
                self.after_comments.append(record)
            elif isinstance(record, Skipped):
                self.summary.skip(record.kind, reason=record.reason, position=record.position)
            if len(self.pending_comments) >= BATCH_SIZE:
                self._flush()
            if progress and number % PROGRESS_EVERY == 0:
                progress(_position(stream), size, number)
        for placement in self.threader.finish():
            self._comment(placement)
        self._flush()
        self._restore_the_rest()
        self._settle_threads()
        if progress:
            progress(size, size, 0)

    def _start(self, source: Source) -> None:
        if self.source:
            return
        self.source = self.summary.source = source.name
        self.known = {
            source_id: (comment_id, print_)
            for source_id, comment_id, print_ in ImportedRecord.objects.filter(
                source=source.name
            ).values_list("source_id", "comment_id", "fingerprint")
        }

    def _was_imported(self, source_id: str) -> bool:
        return source_id in self.known

    # -- threads and articles -------------------------------------------------------------

    def _thread(self, record: ThreadRecord) -> None:
        if record.source_id in self.threads:
            return
        if record.site or self.site:
            # An external page of ours (record.site) is never matched to an article by its
            # address; another source's page is, first.
            article = None if record.site else self.targets.article_for(record)
            if article is None:
                self._external_thread(record)
                return
        else:
            article = self.targets.article_for(record)
        if article is None:
            self.threads[record.source_id] = None
            reason = f"its page {record.url or record.identifier!r} matches no article here"
            self.thread_skip_reason[record.source_id] = reason
            self.summary.skip("threads", reason=reason, position=record.position)
            return
        thread = article_thread(article)
        outcome = "unchanged"
        if thread is None:
            thread, outcome = thread_for_article(article), "created"
        self._keep_thread(record, thread, outcome)

    def _external_thread(self, record: ThreadRecord) -> None:
        """The thread of an embedding site's page, found or created as the embed would: by
        the identifier our export names, else by the page's address as the embed keys it."""
        site = self.site or self._site_named(record.site)
        if site is None:
            self._skip_thread(
                record,
                f"its site {record.site!r} is not registered here (give --site to choose one)",
            )
            return
        url = record.url.strip()
        if url.startswith("/") and site.origins:
            url = site.origins[0] + url  # a path on the site: the embed sends it whole
        address = page_address(url)
        if origin_of(address) not in site.origins:
            self._skip_thread(
                record,
                f"its page {record.url!r} is not on an allowed origin of the site {site.key!r}",
            )
            return
        identifier = (record.identifier if record.site else "") or address
        if len(identifier) > 1000:
            self._skip_thread(record, "its page's identifier is longer than 1,000 characters")
            return
        thread = external_thread(site=site, identifier=identifier)
        outcome = "unchanged"
        if thread is None:
            thread = open_external_thread(
                site=site, identifier=identifier, url=address, title=record.title
            )
            outcome = "created"
        self._keep_thread(record, thread, outcome)

    def _keep_thread(self, record: ThreadRecord, thread: Thread, outcome: str) -> None:
        """Close `thread` if the file says it is closed, count it, and keep it for its
        comments; `outcome` is "created" or "unchanged" so far."""
        if record.closed and not thread.is_closed:
            Thread.objects.filter(pk=thread.pk).update(is_closed=True)
            thread.is_closed = True
            outcome = "updated" if outcome == "unchanged" else outcome
        self.threads[record.source_id] = thread
        self.summary.count("threads", outcome)

    def _site_named(self, key: str) -> Site | None:
        if key not in self.sites:
            self.sites[key] = Site.objects.filter(key=key).first()
        return self.sites[key]

    def _skip_thread(self, record: ThreadRecord, reason: str) -> None:
        self.threads[record.source_id] = None
        self.thread_skip_reason[record.source_id] = reason
        self.summary.skip("threads", reason=reason, position=record.position)

    def _article(self, record: ArticleRecord) -> None:
        from rejoinder.interop.articles import ArticleWriter

        if self.site is not None:
            # The posts live on the embedding site, which shows their discussions: only
            # the comments come here, under the site's pages.
            self.summary.skip(
                "articles",
                reason=f"posts stay on the embedding site {self.site.key!r} (--site)",
                position=record.position,
            )
            return
        if self.articles is None:
            self.articles = ArticleWriter(
                source=self.source, summary=self.summary, media=self.media
            )
        if not self.articles.imported_before(record) and (
            existing := self.targets.article_for(ThreadRecord(source_id="", url=record.url))
        ):
            # Already here (moved before, or our own WXR export coming back): the
            # comments attach to it; a second article is not made.
            self.summary.skip(
                "articles",
                reason=f"the article {existing.title!r} already has its address",
                position=record.position,
            )
            return
        article = self.articles.write(record)
        if article is not None:
            self.targets.add(article, old_url=record.url)

    # -- comments -------------------------------------------------------------------------

    def _comment(self, placement: Placement[CommentRecord]) -> None:
        record = placement.item
        if record.source_id in self.seen:
            self.summary.skip("comments", reason="its id appears twice", position=record.position)
            return
        self.seen.add(record.source_id)
        self.placed[record.source_id] = None  # until written: its replies see it as skipped
        thread = self.threads.get(record.thread_id)
        if thread is None:
            reason = self.thread_skip_reason.get(
                record.thread_id, f"its thread {record.thread_id!r} is not in the file"
            )
            self.summary.skip("comments", reason=reason, position=record.position)
            return
        if record.source_id in self.known:
            self._update(record, thread)
            return
        body, body_html = bodies.convert(record.body, record.body_format)
        state = STATES[record.state]
        if not body_html and state not in TOMBSTONE_STATES:
            self.summary.skip("comments", reason="it has no text", position=record.position)
            return
        parent, repair = self._parent_of(placement, thread)
        if repair:
            self.summary.repair("comments", reason=repair, position=record.position)
        pk = self._take_id()
        author = self._author(record.author_name, record.author_email, record.author_url)
        self.pending_comments.append(
            {
                "id": pk,
                "thread_id": thread.pk,
                "parent_id": parent.pk if parent else None,
                "root_id": (parent.root_id or parent.pk) if parent else None,
                "depth": parent.depth + 1 if parent else 0,
                **author,
                "body": body,
                "body_html": body_html,
                "state": state,
                "is_listed": state == CommentState.VISIBLE,
                "created_at": record.created_at,
                "edited_at": record.edited_at,
                "featured_at": record.featured_at,
                "upvotes": max(record.upvotes, 0),
                "downvotes": max(record.downvotes, 0),
                "score": max(record.upvotes, 0) - max(record.downvotes, 0),
            }
        )
        self.pending_records.append(
            {
                "source": self.source,
                "source_id": record.source_id,
                "comment_id": pk,
                "fingerprint": fingerprint(record),
                "imported_at": self.now,
            }
        )
        self.placed[record.source_id] = _Placed(
            pk=pk,
            depth=parent.depth + 1 if parent else 0,
            root_id=(parent.root_id or parent.pk) if parent else None,
            thread_id=thread.pk,
        )
        self.touched.add(thread.pk)
        self.summary.count("comments", "created")

    def _author(self, name: str, email: str, website: str) -> dict:
        """The author's fields as live comments store them. Worked out once per author: a
        large archive has many comments by each, and the keyed hashes cost the most."""
        key = (name, email, website)
        if key not in self.authors:
            if len(self.authors) >= MAX_AUTHORS_KEPT:
                self.authors.clear()
            email = _checked_email(email)
            name = " ".join(name.split())[:MAX_NAME_LENGTH] or "Anonymous"
            self.authors[key] = {
                "author_name": name,
                "author_email": email,
                "author_email_normalised": normalise_email(email) if email else "",
                "author_website": _checked_website(website),
                "reader_key": imported_reader_key(self.source, normalise_email(email) or name),
                "avatar_seed": avatar_seed(
                    email=email or f"{self.source}:{name}",
                    user_id=None,
                    secret=settings.SECRET_KEY,
                ),
            }
        return self.authors[key]

    def _parent_of(
        self, placement: Placement[CommentRecord], thread: Thread
    ) -> tuple[_Placed | None, str]:
        if not placement.parent_id:
            return None, placement.repair
        parent_id = placement.parent_id
        if parent_id in self.placed:
            parent = self.placed[parent_id]
        else:
            parent = self.placed[parent_id] = self._earlier_import(parent_id)
        if parent is None:
            return None, f"its parent {parent_id!r} was not imported; shown as top-level"
        if parent.thread_id != thread.pk:
            return None, f"its parent {parent_id!r} is in another discussion; shown as top-level"
        return parent, ""

    def _earlier_import(self, source_id: str) -> _Placed | None:
        comment_id = self.known.get(source_id, (None, ""))[0]
        row = (
            Comment.objects.filter(pk=comment_id)
            .values("pk", "depth", "root_id", "thread_id")
            .first()
            if comment_id
            else None
        )
        return _Placed(**row) if row else None

    def _update(self, record: CommentRecord, thread: Thread) -> None:
        """A record imported before: unchanged, or changed in a newer export of the source.
        Its place in the tree stays as first imported."""
        comment_id, old_print = self.known[record.source_id]
        if comment_id is None:
            self.summary.skip(
                "comments",
                reason="it was deleted on this site after an earlier import",
                position=record.position,
            )
            return
        self.placed[record.source_id] = self._earlier_import(record.source_id)
        new_print = fingerprint(record)
        if new_print == old_print:
            self.summary.count("comments", "unchanged")
            return
        body, body_html = bodies.convert(record.body, record.body_format)
        state = STATES[record.state]
        author = self._author(record.author_name, record.author_email, record.author_url)
        Comment.objects.filter(pk=comment_id).update(
            body=body,
            body_html=body_html,
            state=state,
            is_listed=state == CommentState.VISIBLE,
            **{k: v for k, v in author.items() if k not in ("reader_key", "avatar_seed")},
            created_at=record.created_at,
            edited_at=record.edited_at,
            featured_at=record.featured_at,
            upvotes=max(record.upvotes, 0),
            downvotes=max(record.downvotes, 0),
            score=max(record.upvotes, 0) - max(record.downvotes, 0),
        )
        ImportedRecord.objects.filter(source=self.source, source_id=record.source_id).update(
            fingerprint=new_print
        )
        self.touched.add(thread.pk)
        self.summary.count("comments", "updated")

    # -- subscriptions and moderation (Rejoinder's own format) ---------------------------

    def _restore_the_rest(self) -> None:
        undone = []
        for record in self.after_comments:
            self.last_position = f"after {record.position}"
            if isinstance(record, SubscriptionRecord):
                self._subscription(record)
            elif isinstance(record, ScreeningRecord):
                self._screening(record)
            elif entry := self._decision(record):
                undone.append((entry, record.undone_at))
        for entry, undone_at in undone:
            if undone_at is not None:
                restore_undo_link(entry=entry, undone_at=undone_at)

    def _thread_of(self, kind: str, record) -> Thread | None:
        thread = self.threads.get(record.thread_id)
        if thread is None:
            reason = self.thread_skip_reason.get(
                record.thread_id, f"its thread {record.thread_id!r} is not in the file"
            )
            self.summary.skip(kind, reason=reason, position=record.position)
        return thread

    def _placed_comment(self, kind: str, source_id: str, position: str) -> _Placed | None:
        placed = self.placed.get(source_id)
        if placed is None and source_id in self.known:
            placed = self._earlier_import(source_id)
        if placed is None:
            self.summary.skip(
                kind,
                reason=f"its comment {source_id!r} is not in the file or was not imported",
                position=position,
            )
            return None
        return placed

    def _subscription(self, record: SubscriptionRecord) -> None:
        thread = self._thread_of("subscriptions", record)
        if thread is None:
            return
        problem = _subscription_problem(record)
        if problem:
            self.summary.skip("subscriptions", reason=problem, position=record.position)
            return
        outcome = restore_subscription(
            thread=thread,
            email=record.email,
            scope=Scope(record.scope),
            frequency=Frequency(record.frequency),
            state=SubscriptionState(record.state),
            created_at=record.created_at,
            confirmed_at=record.confirmed_at,
            unsubscribed_at=record.unsubscribed_at,
        )
        self.summary.count("subscriptions", outcome)

    def _screening(self, record: ScreeningRecord) -> None:
        placed = self._placed_comment("screenings", record.comment_id, record.position)
        if placed is None:
            return
        try:
            outcome = restore_screening(
                comment_id=placed.pk,
                decision=record.decision,
                reasons=list(record.reasons),
                spam_score=record.spam_score,
                offensive_score=record.offensive_score,
                spam_features=list(record.spam_features),
                label=record.label,
                labelled_at=record.labelled_at,
                created_at=record.created_at,
            )
        except NotRestorable as refusal:
            self.summary.skip("screenings", reason=str(refusal), position=record.position)
            return
        self.summary.count("screenings", outcome)

    def _decision(self, record: DecisionRecord):
        thread = self._thread_of("decisions", record)
        if thread is None:
            return None
        comment_pk = None
        if record.comment_id:
            placed = self._placed_comment("decisions", record.comment_id, record.position)
            if placed is None:
                return None
            if placed.thread_id != thread.pk:
                reason = f"its comment {record.comment_id!r} is in another discussion"
                self.summary.skip("decisions", reason=reason, position=record.position)
                return None
            comment_pk = placed.pk
        moderator = None
        if record.moderator:
            from django.contrib.auth import get_user_model

            User = get_user_model()
            moderator = User.objects.filter(**{User.USERNAME_FIELD: record.moderator}).first()
        try:
            entry, outcome = restore_decision(
                thread_id=thread.pk,
                comment_id=comment_pk,
                action=record.action,
                moderator=moderator,
                before=record.before,
                after=record.after,
                created_at=record.created_at,
            )
        except NotRestorable as refusal:
            self.summary.skip("decisions", reason=str(refusal), position=record.position)
            return None
        self.summary.count("decisions", outcome)
        return entry

    # -- writing --------------------------------------------------------------------------

    def _reserve_ids(self) -> None:
        """Ids are given out here, not by the database, so a reply can name a parent written
        in the same batch (as generate_thread does). PostgreSQL needs the table locked so a
        comment posted meanwhile cannot take one; SQLite's write lock already does that."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(Comment._meta.db_table)
                cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        self.next_id = (Comment.objects.aggregate(top=Max("id"))["top"] or 0) + 1

    def _take_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def _flush(self) -> None:
        if self.pending_comments:
            insert_rows(Comment, self.pending_comments)
            insert_rows(ImportedRecord, self.pending_records)
            self.pending_comments, self.pending_records = [], []

    def _settle_threads(self) -> None:
        """After the writes: ids past ours for the database, tombstones listed exactly when
        they still have listed replies (deepest first), and each thread's count recounted."""
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [Comment]):
                cursor.execute(statement)
        if not self.touched:
            return
        in_threads = Comment.objects.filter(thread_id__in=self.touched)
        tombstones = in_threads.filter(state__in=TOMBSTONE_STATES)
        depths = sorted(set(tombstones.values_list("depth", flat=True)), reverse=True)
        listed_reply = Comment.objects.filter(parent=OuterRef("pk"), is_listed=True)
        for depth in depths:
            tombstones.filter(depth=depth).update(is_listed=Exists(listed_reply))
        counts = dict(
            Thread.objects.filter(pk__in=self.touched)
            .annotate(visible=Count("comments", filter=Q(comments__state=CommentState.VISIBLE)))
            .values_list("pk", "visible")
        )
        for thread_id, visible in counts.items():
            Thread.objects.filter(pk=thread_id).update(
                comment_count=visible, revision=F("revision") + 1
            )


def insert_rows(model, rows: list[dict]) -> None:
    """Insert rows (attribute name → value) with one prepared statement. `bulk_create`
    would do the same, but builds a model instance and prepares each value through its
    field, which took half the time of a large import. Every concrete field of the model
    is written (the primary key only when given): missing ones get the field's default,
    dates are adapted as Django would."""
    pk_given = model._meta.pk.attname in rows[0]
    fields = [f for f in model._meta.concrete_fields if pk_given or not f.primary_key]
    defaults = {field.attname: field.get_default() for field in fields}
    datetimes = {field.attname for field in fields if field.get_internal_type() == "DateTimeField"}
    adapt = connection.ops.adapt_datetimefield_value
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    marks = placeholders(fields)
    values = [
        [
            adapt(row.get(name)) if name in datetimes else row.get(name, defaults[name])
            for name in defaults
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)


_KINDS = {
    ThreadRecord: "threads",
    CommentRecord: "comments",
    ArticleRecord: "articles",
    SubscriptionRecord: "subscriptions",
    ScreeningRecord: "screenings",
    DecisionRecord: "decisions",
}
_TEXT_FIELDS = {
    kind: [f.name for f in fields(kind) if f.name != "position"] for kind in [*_KINDS, Source]
}


def _holds_nul(record) -> bool:
    for name in _TEXT_FIELDS[type(record)]:
        value = getattr(record, name)
        if isinstance(value, str):
            if "\x00" in value:
                return True
        elif isinstance(value, dict | tuple | list) and "\\u0000" in json.dumps(value, default=str):
            return True
    return False


def _subscription_problem(record: SubscriptionRecord) -> str:
    """Why a subscription record cannot be taken, or "" if it can."""
    if _checked_email(record.email) != record.email.strip() or not record.email.strip():
        return f"its e-mail address {record.email[:100]!r} is not an address"
    if record.scope not in Scope.values:
        return f"its scope {record.scope!r} is not one of {', '.join(Scope.values)}"
    if record.frequency not in Frequency.values:
        return f"its frequency {record.frequency!r} is not one of {', '.join(Frequency.values)}"
    if record.state not in SubscriptionState.values:
        states = ", ".join(SubscriptionState.values)
        return f"its state {record.state!r} is not one of {states}"
    if record.state == SubscriptionState.ACTIVE and record.confirmed_at is None:
        return "it is active but has no consent date (confirmed_at)"
    if record.state == SubscriptionState.UNSUBSCRIBED and record.unsubscribed_at is None:
        return "it is unsubscribed but has no unsubscribed_at"
    return ""


def _position(stream: BinaryIO) -> int:
    try:
        return stream.tell()
    except (OSError, ValueError):
        return 0
