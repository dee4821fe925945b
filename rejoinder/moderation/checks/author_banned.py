"""A banned author (by account, e-mail or network) cannot post; a shadow-banned one can,
but what they write waits, unseen by others, in the queue. The hold is quiet: the author
sees their comment as if it were published, so the page never tells them they are banned."""

from django.db.models import Q
from django.utils.translation import gettext as _

from rejoinder.moderation.models import Ban, BanKind
from rejoinder.moderation.submission import Submission
from rejoinder.moderation.verdicts import Verdict


def bans_naming(submission: Submission) -> list[Ban]:
    """Every ban ever made on the author's account, address or network, lifted and expired
    ones too (Submission.bans keeps them: this check reads those in force, trust counts
    them all), in one query."""
    who = Q()
    if submission.user_id is not None:
        who |= Q(kind=BanKind.USER, value=str(submission.user_id))
    if submission.email:
        who |= Q(kind=BanKind.EMAIL, value=submission.email)
    if submission.network:
        who |= Q(kind=BanKind.NETWORK, value=submission.network)
    return list(Ban.objects.filter(who)) if who else []


def check(submission: Submission) -> Verdict | None:
    now = submission.now
    bans = [
        ban
        for ban in submission.bans
        if ban.lifted_at is None and (ban.expires_at is None or ban.expires_at > now)
    ]
    if not bans:
        return None
    # An open ban outranks a shadow ban; of open ones, a lasting one, then the longest.
    ban = min(bans, key=lambda b: (b.shadow, b.expires_at is not None, -_stamp(b.expires_at)))
    if ban.shadow:
        return Verdict.hold(_("The author is shadow-banned."), quiet=True)
    if ban.expires_at is None:
        return Verdict.reject(_("You can no longer comment on this site."))
    return Verdict.reject(
        _("You can't comment until %(when)s.") % {"when": f"{ban.expires_at:%d %B %Y, %H:%M}"}
    )


def _stamp(when) -> float:
    return when.timestamp() if when is not None else 0.0
