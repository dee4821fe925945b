"""The discussion stories use the shared cast in tests/conftest.py (article, thread, guest,
another_guest, member, clock, say, unscreened); the names below are kept for imports."""

import pytest

from rejoinder.discussion.actions import post_comment
from tests.conftest import MORNING, a_guest, admit_everything, guest_reader  # noqa: F401


@pytest.fixture
def two_comments(thread, unscreened):
    """Two visible comments by two guests, for the vote stories."""
    first = post_comment(
        thread=thread, author=a_guest("Ada"), body="Keep the library open on Sundays."
    )
    second = post_comment(
        thread=thread, author=a_guest("Bo"), body="Move the market to the square."
    )
    return first, second
