"""A banned author (by account, e-mail or network) cannot post; a shadow-banned one can,
but what they write waits, unseen by others, in the queue. The hold is quiet: the author
sees their comment as if it were published, so the page never tells them they are banned."""

from django.db.models import Q
from django.utils.translation import gettext as _

from rejoinder.moderation.models import Ban, BanKind
from rejoinder.moderation.submission import Submission
from rejoinder.moderation.verdicts import Verdict


def bans_for(submission: Submission):
    who = Q()
    if submission.user_id is not None:
        who |= Q(kind=BanKind.USER, value=str(submission.user_id))
    if submission.email:
        who |= Q(kind=BanKind.EMAIL, value=submission.email)
    if submission.network:
        who |= Q(kind=BanKind.NETWORK, value=submission.network)
    if not who:
        return Ban.objects.none()
    active = Q(expires_at__isnull=True) | Q(expires_at__gt=submission.now)
    return Ban.objects.filter(who, active, lifted_at__isnull=True)


def check(submission: Submission) -> Verdict | None:
    bans = list(bans_for(submission).order_by("shadow", "-expires_at"))
    if not bans:
        return None
    ban = bans[0]  # an open ban outranks a shadow ban
    if ban.shadow:
        return Verdict.hold(_("The author is shadow-banned."), quiet=True)
    if ban.expires_at is None:
        return Verdict.reject(_("You can no longer comment on this site."))
    return Verdict.reject(
        _("You can't comment until %(when)s.") % {"when": f"{ban.expires_at:%d %B %Y, %H:%M}"}
    )
