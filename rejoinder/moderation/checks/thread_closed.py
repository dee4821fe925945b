"""A discussion closes a set number of days after it started (per category): after its
article was published, or after an external page's first comment (moderation.closing).

The thread's own closed flag is not checked here: `discussion.actions.check_thread_open`
guards it for every write, votes included, before the policy runs — one place for it.
What only moderation knows is the category's closing age (moderation.closing); it is
checked when a comment arrives, so no job has to run on time for the rule to hold. The
page shows such a thread closed too, and the worker's pass closes it for good."""

from rejoinder.discussion.errors import ThreadClosed
from rejoinder.moderation.closing import past_closing_age
from rejoinder.moderation.submission import Submission
from rejoinder.moderation.verdicts import Verdict


def check(submission: Submission) -> Verdict | None:
    policy = submission.category_policy
    if policy is None or submission.policy_age is None:
        return None
    if past_closing_age(age=submission.policy_age, close_after_days=policy.close_after_days):
        return Verdict.reject(ThreadClosed.message, error=ThreadClosed)
    return None
