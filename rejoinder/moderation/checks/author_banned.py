"""A banned author (by account, e-mail or network) cannot post; a shadow-banned one can,
but what they write waits, unseen by others, in the queue. The hold is quiet: the author
sees their comment as if it were published, so the page never tells them they are banned."""

from functools import lru_cache

from django.db import connection
from django.utils.translation import gettext as _

from rejoinder.moderation.models import Ban, BanKind
from rejoinder.moderation.submission import Submission
from rejoinder.moderation.verdicts import Verdict


def bans_naming(submission: Submission) -> list[Ban]:
    """Every ban ever made on the author's account, address or network, lifted and expired
    ones too (Submission.bans keeps them: this check reads those in force, trust counts
    them all). Every post asks and almost never finds one: a written-out probe of the
    index finds their ids, and only bans found are loaded (the ORM's building of the
    probe cost more than the database's answering it, #16)."""
    who = []
    if submission.user_id is not None:
        who.append((BanKind.USER.value, str(submission.user_id)))
    if submission.email:
        who.append((BanKind.EMAIL.value, submission.email))
    if submission.network:
        who.append((BanKind.NETWORK.value, submission.network))
    if not who:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_probe_sql(len(who)), [part for pair in who for part in pair])
        ids = [row[0] for row in cursor.fetchall()]
    return list(Ban.objects.filter(pk__in=ids)) if ids else []


@lru_cache(maxsize=3)
def _probe_sql(kinds: int) -> str:
    quote = connection.ops.quote_name
    one = f"({quote('kind')} = %s AND {quote('value')} = %s)"
    return (
        f"SELECT {quote('id')} FROM {quote(Ban._meta.db_table)} WHERE {' OR '.join([one] * kinds)}"
    )


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
