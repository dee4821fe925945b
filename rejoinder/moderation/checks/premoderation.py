"""Pre-moderation rules that follow the publication: a new guest's comments until they are
trusted (moderation.trust), every comment in chosen categories, comments with links,
comments on old articles."""

from datetime import timedelta

from django.utils.translation import gettext as _

from rejoinder.moderation.models import BanKind
from rejoinder.moderation.submission import Submission
from rejoinder.moderation.text import links
from rejoinder.moderation.trust import trust_of
from rejoinder.moderation.verdicts import Verdict


def check(submission: Submission) -> Verdict | None:
    config = submission.config
    policy = submission.category_policy
    if policy is not None and policy.premoderate:
        return Verdict.hold(_("Every comment in this category is pre-moderated."))
    if config.premoderate_links and links(submission.text):
        return Verdict.hold(_("Comments with links are pre-moderated."))
    days = config.premoderate_after_days
    if days and submission.article_age is not None and submission.article_age > timedelta(days):
        return Verdict.hold(_("The article is more than %(days)d days old.") % {"days": days})
    if config.premoderate_new_guests and not submission.is_edit and submission.email:
        bans = sum(
            ban.kind == BanKind.EMAIL and ban.value == submission.email for ban in submission.bans
        )
        record = trust_of(email=submission.email, bans=bans)
        if not record.approved:
            return Verdict.hold(_("First comment from this guest."))
        if not record.trusted:
            return Verdict.hold(_("This guest is not trusted yet."))
    return None
