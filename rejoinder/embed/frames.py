"""The frame's own identity, carried in a header instead of cookies.

Browsers partition or block cookies in a frame from another site, so the frame page hands
its scripts a signed token — the site, the page, the reader's random id and, after a
sign-in, the member's account — that htmx sends with every request as X-Rejoinder-Frame.
A header cannot be sent by another site's form or image, so it is not forgeable the way an
ambient cookie is: a request carrying a valid one needs no CSRF cookie (middleware.py)."""

from dataclasses import dataclass

from django.core import signing

from rejoinder.embed.errors import FrameExpired

FRAME_HEADER = "X-Rejoinder-Frame"
FRAME_TOKEN_MAX_AGE = 24 * 3600  # a tab left open longer reloads the frame to go on
_SALT = "rejoinder.embed.frame"


@dataclass(frozen=True)
class Frame:
    site_id: int
    reader_id: str
    parent_origin: str
    identifier: str
    url: str
    title: str
    member_user_id: int | None = None
    # The reader's id was made for this frame view: the browser brought no partitioned
    # cookie, so each view of a page is a new reader (votes count as cookie-less ones).
    reader_is_new: bool = False


def issue_frame_token(frame: Frame) -> str:
    data = {
        "s": frame.site_id,
        "r": frame.reader_id,
        "o": frame.parent_origin,
        "p": frame.identifier,
        "u": frame.url,
        "t": frame.title,
        "m": frame.member_user_id,
        "n": frame.reader_is_new,
    }
    return signing.dumps(data, salt=_SALT, compress=True)


def read_frame_token(token: str) -> Frame:
    """The frame a token was issued for; FrameExpired if it is old, altered or not ours."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=FRAME_TOKEN_MAX_AGE)
        return Frame(
            site_id=int(data["s"]),
            reader_id=str(data["r"]),
            parent_origin=str(data["o"]),
            identifier=str(data["p"]),
            url=str(data["u"]),
            title=str(data["t"]),
            member_user_id=int(data["m"]) if data["m"] is not None else None,
            # A token issued before this was said: its reader may be new, so it is taken as one.
            reader_is_new=bool(data.get("n", True)),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise FrameExpired() from error
