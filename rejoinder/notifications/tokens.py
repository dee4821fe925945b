"""Signed, opaque tokens for the links in mails. A token carries only a random public id
(never an address or a row number), signed with a purpose of its own, so a confirmation
link cannot be replayed as a management link."""

from enum import Enum

from django.conf import settings
from django.core import signing


class Purpose(Enum):
    CONFIRM = "rejoinder.notifications.confirm"
    # An unsubscribe link must keep working for as long as the mail sits in an inbox.
    UNSUBSCRIBE = "rejoinder.notifications.unsubscribe"
    UNSUBSCRIBE_ALL = "rejoinder.notifications.unsubscribe-all"
    AUTHOR_NOTICES_OFF = "rejoinder.notifications.author-off"
    MANAGE = "rejoinder.notifications.manage"
    # A feed reader keeps the address for good: it does not expire, and the page shows the
    # same address every time (STABLE below).
    REPLIES_FEED = "rejoinder.notifications.replies-feed"


# Signed without a time, so the same id always gives the same token. Addresses handed out
# before carry a time and are still read (see read_token).
STABLE = frozenset({Purpose.REPLIES_FEED})


class BadToken(Exception):
    """The link was altered, is for something else, or has expired."""

    def __init__(self, *, expired: bool) -> None:
        self.expired = expired
        super().__init__("expired" if expired else "invalid")


def _max_age(purpose: Purpose) -> int | None:
    days = {
        Purpose.CONFIRM: settings.NOTIFY_CONFIRM_DAYS,
        Purpose.MANAGE: settings.NOTIFY_MANAGE_LINK_DAYS,
    }.get(purpose)
    return days * 24 * 3600 if days else None


def make_token(purpose: Purpose, public_id: str) -> str:
    if purpose in STABLE:
        return signing.Signer(salt=purpose.value).sign(public_id)
    return signing.TimestampSigner(salt=purpose.value).sign(public_id)


def read_token(purpose: Purpose, token: str) -> str:
    """The public id inside `token`; raises BadToken if tampered with or expired."""
    try:
        if purpose in STABLE:
            # An older, timestamped token is a plain signature of "id:time" (TimestampSigner
            # signs so), and these never expire: its id is what comes before the time.
            # Public ids are URL-safe base64, which has no separator.
            signer = signing.Signer(salt=purpose.value)
            return signer.unsign(token).split(signer.sep, 1)[0]
        signer = signing.TimestampSigner(salt=purpose.value)
        return signer.unsign(token, max_age=_max_age(purpose))
    except signing.SignatureExpired as error:
        raise BadToken(expired=True) from error
    except signing.BadSignature as error:
        raise BadToken(expired=False) from error
