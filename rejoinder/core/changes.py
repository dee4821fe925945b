"""Change notices: whether anything a kept page depends on may have changed since a moment,
known without reading it again.

A page kept in memory (discussion.shared_reads) holds while one indexed read of what it
depends on (its probe) gives what it gave when the page was built. That read is most of a kept
page's cost: a round trip to another process on PostgreSQL, a join of a few tables on SQLite.
Here each process learns of changes instead, and a probe's row read at a moment still holds
while no change was noted since (`unchanged`).

On PostgreSQL:
- every table a probe reads has a statement trigger (`notice_trigger`, added by each app's
  migration for its own tables) that sends a NOTIFY on CHANNEL; PostgreSQL delivers it when
  the writing transaction commits, to every listening session of the database, on any host;
- each process keeps one connection LISTENing, in a thread of its own, and counts the
  notices.

On SQLite, each process keeps one connection of its own that never writes and asks it for
`PRAGMA data_version`, which changes when any other connection, of any thread or process,
commits to the database file (a few microseconds, against tens for the probes). It changes
for a write to any table, so a site being written to reads its probes as before.

On both, this process's own writes to the tables probes read are counted as they run
(`count_own_writes_from_now`), so a request that follows a write in the same thread never
trusts a read from before it, even inside a test's transaction that never commits.

On PostgreSQL another process's write reaches a reader here when its notice arrives, a
millisecond or so after its commit; so does another thread's of this process, for a read it
overlapped (taken between its statement and its commit). Counting at the commit as well would
take an on-commit hook per write transaction, which the import's test rightly reads as work
queued by writes. On SQLite a commit is seen by the next request. What neither can cover is
bounded by time: a row is trusted for at most SHARED_READS_RECHECK_SECONDS, so a listener cut
off without an error (a half-open TCP connection, a pooler in transaction mode that does not
pass notices on) or a database file replaced under a running server costs at most that much
staleness. While the listener is not connected, or the watching connection fails, nothing is
trusted: every request reads.

The count is one for the whole database, not one per thread: a write anywhere makes every
kept page read its probe once more in each process. Reads between writes are what this
saves; on a site written to every few milliseconds it comes back to one read per request, as
before, plus the cost of a notice per writing transaction (PostgreSQL)."""

import itertools
import logging
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from django.db.migrations.operations import RunPython

log = logging.getLogger(__name__)

CHANNEL = "rejoinder_changes"
_FUNCTION = "rejoinder_notice_of_change"
# The tables whose writes announce themselves: every table a probe reads (a test holds the
# probes, the triggers the migrations make and this list to each other).
ANNOUNCING_TABLES = (
    "discussion_thread",
    "publishing_publicationrevision",
    "wagtailcore_page",
    "live_liveevent",
    "embed_site",
    "embed_externalpage",
)
# A listener whose server stops answering (a host gone, a half-open connection) is given up
# after about this long rather than the kernel's retransmission timeout of minutes.
_KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 20_000,  # milliseconds
}
# How long the listener waits for a notice before checking that its connection still
# answers; a connection that does not is dropped, and nothing is trusted until it is back.
_HEARTBEAT_SECONDS = 5.0
_RETRY_SECONDS = (0.5, 1, 2, 5)


@dataclass(frozen=True)
class Moment:
    """When a read was taken: the count of changes noted then, SQLite's data version as this
    process's watching connection saw it (0 on PostgreSQL), and the monotonic clock."""

    count: int
    version: int
    at: float


class _Notices:
    """This process's count of changes, and whether its listener is connected."""

    def __init__(self) -> None:
        self._numbers = itertools.count(1)
        self.count = 0
        self.listening = False
        self.listener_pid: int | None = None
        self.listener_backend: int | None = None  # the listening session's server pid
        # Which listener is the current one: a listener still connecting when it was stopped
        # or replaced sees another generation and closes instead of listening.
        self.generation = 0
        self.starting = threading.Lock()

    def note(self) -> None:
        # Each count is drawn once (next() on the counter is atomic), so a count seen again
        # always means nothing was noted since, even when two threads note at once.
        self.count = next(self._numbers)


_notices = _Notices()


def _forget_in_child() -> None:
    """A forked process has none of its parent's threads: its listener is yet to start."""
    _notices.listening = False
    _notices.listener_pid = _notices.listener_backend = None
    _notices.generation += 1
    _notices.starting = threading.Lock()
    _notices.note()


os.register_at_fork(after_in_child=_forget_in_child)


@cache
def _vendor() -> str:
    """The site's database, fixed for the process: asked once, not on every kept page."""
    return connections[DEFAULT_DB_ALIAS].vendor


class _Watcher:
    """This process's own connection to the SQLite database, for its data version only."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.connection: sqlite3.Connection | None = None
        self.failing = False

    def moment(self) -> Moment | None:
        """Now, or None when the data version cannot be read (nothing is trusted then; the
        next call connects again)."""
        with self.lock:
            try:
                if self.connection is None:
                    self.connection = self._connect()
                    # Versions of another connection are not comparable with this one's.
                    _notices.note()
                # The version moves at every commit of another connection, so what the count
                # adds is this thread's own writes not yet committed, which its next probe
                # sees: neither is raced by the other, whichever is read first.
                count = _notices.count
                (version,) = self.connection.execute("PRAGMA data_version").fetchone()
            except sqlite3.Error as error:
                if not self.failing:  # once, not on every kept page while it lasts
                    log.warning("SQLite data version unreadable (%s): reading all probes", error)
                self.failing = True
                self._close()
                return None
            if self.failing:
                log.warning("SQLite's data version is readable again")
                self.failing = False
        return Moment(count, version, time.monotonic())

    def _connect(self) -> sqlite3.Connection:
        database = connections[DEFAULT_DB_ALIAS]
        if database.is_in_memory_db():
            # Another connection to a private in-memory database would see another database.
            raise sqlite3.OperationalError("an in-memory database has no other connections")
        params = database.get_connection_params()
        watcher = sqlite3.connect(
            params["database"],
            uri=params.get("uri", False),
            timeout=1,
            isolation_level=None,
            check_same_thread=False,  # one per process, used by any thread under the lock
        )
        watcher.execute("PRAGMA query_only = 1")
        return watcher

    def _close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def close(self) -> None:
        with self.lock:
            self._close()


_watcher = _Watcher()
# SQLite's connections must not cross a fork: the parent closes its own first (it opens
# another when it next needs one), and the child starts without.
os.register_at_fork(before=_watcher.close)


def moment() -> Moment | None:
    """Now, for a read about to be taken or to compare with one taken before, if changes are
    being noticed in this process (PostgreSQL with its listener connected, or SQLite's data
    version readable); None when every read must be taken anew."""
    if settings.SHARED_READS_RECHECK_SECONDS <= 0:
        return None
    vendor = _vendor()
    if vendor == "postgresql":
        if _notices.listener_pid != os.getpid():
            _start_listener()
        if not _notices.listening:
            return None
        return Moment(_notices.count, 0, time.monotonic())
    if vendor == "sqlite":
        return _watcher.moment()
    return None


def unchanged(taken: Moment | None, now: Moment | None) -> bool:
    """Whether a read taken at `taken` still holds `now`: no change noted between them, and
    not older than SHARED_READS_RECHECK_SECONDS."""
    return (
        taken is not None
        and now is not None
        and taken.count == now.count
        and taken.version == now.version
        and now.at - taken.at < settings.SHARED_READS_RECHECK_SECONDS
    )


def _start_listener() -> None:
    """One listener per process, started by the first request that asks (a forked worker
    does not inherit its parent's thread)."""
    with _notices.starting:
        if _notices.listener_pid == os.getpid():
            return
        _notices.listening = False
        _notices.listener_pid = os.getpid()
        _notices.generation += 1
        params = session_params()
        threading.Thread(
            target=_listen,
            args=(params, _notices.generation),
            name="rejoinder-change-notices",
            daemon=True,
        ).start()


class _Replaced(Exception):
    """This listener was stopped or replaced by another."""


def session_params() -> dict:
    """psycopg.connect's arguments for a session of the site's database outside Django:
    Django's own, less what only its cursors use."""
    params = connections[DEFAULT_DB_ALIAS].get_connection_params()
    for django_only in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(django_only, None)
    return params


def _listen(params: dict, generation: int) -> None:
    import psycopg

    for option, value in _KEEPALIVES.items():
        params.setdefault(option, value)

    def current() -> None:
        if _notices.generation != generation:
            raise _Replaced

    failures = 0
    while True:
        try:
            with psycopg.connect(**params, autocommit=True) as listener:
                current()
                _notices.listener_backend = listener.info.backend_pid
                listener.execute(f"LISTEN {CHANNEL}")
                _notices.note()  # what changed before LISTEN was not noticed
                current()
                _notices.listening, failures = True, 0
                while True:
                    for _notice in listener.notifies(timeout=_HEARTBEAT_SECONDS):
                        _notices.note()
                    current()
                    listener.execute("SELECT 1")
        except _Replaced:
            return
        except Exception:  # any failure: trust nothing, connect again
            if _notices.generation != generation:
                return
            _notices.listening = False
            _notices.note()
            delay = _RETRY_SECONDS[min(failures, len(_RETRY_SECONDS) - 1)]
            if failures == 0:
                log.warning("Change notices interrupted; reading every probe until back")
            failures += 1
            time.sleep(delay)


def stop_listening() -> None:
    """End this process's listener (or SQLite watcher) and trust nothing until one starts
    again: the test suite does so before it drops its database, which a connected session
    would hold open."""
    _watcher.close()
    with _notices.starting:
        listener, backend = _notices.listener_pid, _notices.listener_backend
        _notices.listener_pid = _notices.listener_backend = None
        _notices.generation += 1
        _notices.listening = False
        _notices.note()
    if listener == os.getpid() and backend is not None:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend])


def _count_write(execute, sql, params, many, context):
    """Django's cursors' statements in this process that write to an announcing table,
    counted after each runs: a read that starts after the write returns sees a new count."""
    try:
        return execute(sql, params, many, context)
    finally:
        # Only the head is looked at: a statement may be kilobytes, and this runs on every one.
        if not sql[:32].lstrip()[:6].upper().startswith("SELECT") and any(
            table in sql for table in ANNOUNCING_TABLES
        ):
            _notices.note()


def _count_own_writes(sender, connection, **kwargs) -> None:
    if _count_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(_count_write)


def count_own_writes_from_now() -> None:
    """Count the statements of every connection this process opens (the core app connects
    it when Django starts, before any connection is made)."""
    connection_created.connect(_count_own_writes, dispatch_uid="rejoinder-count-own-writes")


def notice_trigger(*tables: str) -> RunPython:
    """A migration operation: on PostgreSQL, every statement that writes to one of `tables`
    sends a notice on CHANNEL when its transaction commits (PostgreSQL sends one per
    transaction however many statements wrote). Nothing on SQLite."""

    def create(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN PERFORM pg_notify('{CHANNEL}', ''); RETURN NULL; END $$"
        )
        for table in tables:
            schema_editor.execute(
                f"CREATE TRIGGER {_FUNCTION} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION {_FUNCTION}()'
            )

    def drop(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(f'DROP TRIGGER IF EXISTS {_FUNCTION} ON "{table}"')

    return RunPython(create, drop, elidable=False)


def tables_with_notices() -> set[str]:
    """The tables whose writes send a notice (PostgreSQL), for the check that every table a
    probe reads is one of them."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s AND NOT t.tgisinternal",
            [_FUNCTION],
        )
        return {name for (name,) in cursor.fetchall()}
