"""Django's SQLite backend, with the write transactions of each process taken one at a time.

SQLite lets one writer at a time hold its database. Every write transaction here begins with
BEGIN IMMEDIATE (settings.py), so a second writer waits; but it waits in SQLite's busy
handler, which sleeps in steps of up to 100 ms and may not wake when the lock is free: with
32 connections voting, the slowest votes waited seconds. Within a process, writers queue here
instead, on a lock that hands over the moment the writer before commits. Processes still
meet in SQLite's handler, but a server has two of them, not thirty-two threads.

Only transactions queue: a write outside any (a bare autocommit INSERT) still meets SQLite's
handler, so writes made outside a request's transaction open one of their own
(core.counters, live.bus). Queueing bare statements here was tried and is unsafe: an
INSERT … RETURNING holds SQLite's lock until its rows are read, after `execute` returns.
"""

import threading

from django.db import OperationalError
from django.db.backends.sqlite3 import base

# One queue for the whole process: the database file is one, whatever the connections.
_WRITER = threading.RLock()


class DatabaseWrapper(base.DatabaseWrapper):
    _holds_writer = False

    def _start_transaction_under_autocommit(self) -> None:
        # As long as SQLite itself would wait for the lock (OPTIONS "timeout"), then give up
        # with its error, as it would.
        if not _WRITER.acquire(timeout=self.settings_dict["OPTIONS"].get("timeout", 5)):
            raise OperationalError("database is locked (waited for this process's writers)")
        self._holds_writer = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writer()
            raise

    def _release_writer(self) -> None:
        if self._holds_writer:
            self._holds_writer = False
            _WRITER.release()

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._release_writer()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._release_writer()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            self._release_writer()
