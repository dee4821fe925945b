"""A discussion closes a set number of days after its article was published (per category).

The thread's own closed flag is not checked here: `discussion.actions.check_thread_open`
guards it for every write, votes included, before the policy runs — one place for it.
What only moderation knows is the category's closing age; it is checked when a comment
arrives, so no job has to run on time for the rule to hold. (The form still shows until a
moderator closes the thread; the refusal says why.)"""

from rejoinder.discussion.errors import ThreadClosed
from rejoinder.moderation.submission import Submission
from rejoinder.moderation.verdicts import Verdict


def check(submission: Submission) -> Verdict | None:
    policy = submission.category_policy
    if policy is None or policy.close_after_days is None or submission.article_age is None:
        return None
    if submission.article_age.days >= policy.close_after_days:
        return Verdict.reject(ThreadClosed.message, error=ThreadClosed)
    return None
