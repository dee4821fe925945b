"""A moderation log entry's change in words a moderator reads, not the stored keys: the
entry keeps what undo needs ({"state": …, "label": …}, a ban's id and ISO end); the log page
says "Was awaiting moderation; now removed." with dates in the site's time zone."""

from datetime import datetime

from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from rejoinder.discussion.models import CommentState
from rejoinder.moderation.models import BanKind, Label, LogEntry

QUOTED_CHARACTERS = 80


def change_in_words(entry: LogEntry) -> str:
    before, after = entry.before or {}, entry.after or {}
    sentences = [
        sentence
        for sentence in (
            _state_change(before.get("state"), after.get("state")),
            _label_change(before.get("label"), after.get("label")),
            _text_change(before.get("body"), after.get("body")),
            _ban_change(before, after),
        )
        if sentence
    ]
    return " ".join(sentences)


def _named(choices, value: str | None) -> str:
    try:
        return str(choices(value).label).lower()
    except ValueError:
        return str(value)


def _state_change(before: str | None, after: str | None) -> str:
    if not after or before == after:
        return ""
    if not before:
        return _("Now %(after)s.") % {"after": _named(CommentState, after)}
    return _("Was %(before)s; now %(after)s.") % {
        "before": _named(CommentState, before),
        "after": _named(CommentState, after),
    }


def _label_change(before: str | None, after: str | None) -> str:
    if after is None or before == after:
        return ""
    if after == Label.SPAM:
        return _("The spam filter learns it is spam.")
    if after == Label.HAM:
        return _("The spam filter learns it is not spam.")
    return _("The spam filter forgets what it learnt from it.")


def _text_change(before: str | None, after: str | None) -> str:
    if before is None or after is None or before == after:
        return ""
    return _("The text was “%(before)s”; it is now “%(after)s”.") % {
        "before": Truncator(before).chars(QUOTED_CHARACTERS),
        "after": Truncator(after).chars(QUOTED_CHARACTERS),
    }


def _ban_change(before: dict, after: dict) -> str:
    if "kind" in after:
        return _ban_described(after, lifted=False)
    if "kind" in before:  # an undone ban
        return _ban_described(before, lifted=True)
    return ""


def _ban_described(ban: dict, *, lifted: bool) -> str:
    kind = _named(BanKind, ban.get("kind"))
    if lifted:
        return _("The %(kind)s ban is lifted.") % {"kind": kind}
    shadow = _(" (a shadow ban: the author is not told)") if ban.get("shadow") else ""
    until = _until(ban.get("until"))
    return _("%(kind)s ban%(shadow)s, %(until)s.") % {
        "kind": kind.capitalize(),
        "shadow": shadow,
        "until": until,
    }


def _until(iso: str | None) -> str:
    if not iso:
        return _("for ever")
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return _("for a while")
    local = timezone.localtime(moment)
    return _("until %(when)s") % {"when": formats.date_format(local, "j M Y, H:i")}
