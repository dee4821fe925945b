"""Links: a blocked domain is spam; too many links wait for a moderator."""

from django.utils.translation import gettext as _

from rejoinder.moderation.submission import Submission
from rejoinder.moderation.text import domain, is_on, links
from rejoinder.moderation.verdicts import Verdict


def check(submission: Submission) -> Verdict | None:
    found = links(submission.text)
    if not found:
        return None
    blocked = submission.config.lines("blocked_domains")
    for url in found:
        if blocked and is_on(name := domain(url), blocked):
            return Verdict.spam(_("Links to a blocked domain: %(domain)s") % {"domain": name})
    limit = submission.config.max_links
    if limit and len(found) > limit:
        return Verdict.hold(
            _("%(count)d links (more than %(limit)d).") % {"count": len(found), "limit": limit}
        )
    return None
