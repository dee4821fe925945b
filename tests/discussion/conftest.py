"""The discussion stories use the shared cast in tests/conftest.py (article, thread, guest,
another_guest, member, clock, say, unscreened); the names below are kept for imports."""

from tests.conftest import MORNING, a_guest, admit_everything, guest_reader  # noqa: F401
