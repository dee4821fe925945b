"""Random bytes for what is drawn anew for every answer from memory (a CSRF secret and its
mask, the embed frame's reader id, the comment form's nonce), several times a request.

os.urandom lets go of the GIL around its system call. With the server's threads waiting
for it, each call hands the GIL to another thread and waits to get it back: four draws a
request cost the embed's frame more than their system calls. Each thread here draws a few
KiB from the system at a time and hands them out in order, each byte once. A forked child
forgets what its parent drew, which it would otherwise hand out a second time."""

import os
import threading

_DRAWN_AT_ONCE = 4096


class _Drawn(threading.local):
    """One thread's bytes from the system, and how many of them are handed out."""

    def __init__(self) -> None:
        self.bytes = b""
        self.used = 0


_drawn = _Drawn()


def random_bytes(count: int) -> bytes:
    """`count` bytes from the system's randomness (os.urandom), none handed out before."""
    drawn = _drawn
    start = drawn.used
    if start + count > len(drawn.bytes):
        drawn.bytes, start = os.urandom(max(_DRAWN_AT_ONCE, count)), 0
    drawn.used = start + count
    return drawn.bytes[start : start + count]


def _forget() -> None:
    global _drawn
    _drawn = _Drawn()


os.register_at_fork(after_in_child=_forget)
