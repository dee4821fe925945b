"""The moderation policy: an ordered list of small checks, read top to bottom.

Each check looks at a Submission and returns nothing or a Verdict. A REJECT or SPAM verdict
ends the run; HOLD verdicts collect, so the moderator sees every reason for holding."""

from datetime import datetime
from functools import lru_cache

from django.db import connection

from rejoinder.discussion.actions import normalise_email
from rejoinder.discussion.models import Comment, CommentState, Thread
from rejoinder.discussion.screening import Admission, ClientHints
from rejoinder.moderation.checks import (
    author_banned,
    blocked_words,
    length,
    links,
    offensive_language,
    premoderation,
    rate_limit,
    repeated_post,
    spam_score,
    thread_closed,
)
from rejoinder.moderation.models import Screening
from rejoinder.moderation.placement import placement_of
from rejoinder.moderation.rules import current_rules
from rejoinder.moderation.submission import Submission
from rejoinder.moderation.verdicts import Decision, Outcome

CHECKS = [
    ("thread_closed", thread_closed.check),
    ("author_banned", author_banned.check),
    ("rate_limit", rate_limit.check),
    ("length", length.check),
    ("repeated_post", repeated_post.check),
    ("links", links.check),
    ("blocked_words", blocked_words.check),
    ("spam_score", spam_score.check),
    ("offensive_language", offensive_language.check),
    ("premoderation", premoderation.check),
]
FINAL = (Outcome.REJECT, Outcome.SPAM)


def evaluate(submission: Submission) -> Decision:
    verdicts = []
    for name, check in CHECKS:
        if (verdict := check(submission)) is None:
            continue
        verdicts.append((name, verdict))
        if verdict.outcome in FINAL:
            break
    outcomes = {verdict.outcome for _, verdict in verdicts}
    outcome = next(
        (o for o in (Outcome.REJECT, Outcome.SPAM, Outcome.HOLD) if o in outcomes),
        Outcome.ACCEPT,
    )
    computed = submission.__dict__  # scores a check asked for (cached properties)
    spam = computed.get("spam")
    return Decision(
        outcome=outcome,
        verdicts=verdicts,
        spam_score=spam.probability if spam else None,
        spam_features=spam.features if spam else [],
        offensive_score=computed.get("offensive_score"),
    )


def submission_for(
    *,
    thread: Thread,
    author,
    body: str,
    now: datetime,
    comment: Comment | None = None,
    client: ClientHints | None = None,
) -> Submission:
    article = thread.article if thread.article_id else None
    user = author.reader.user if author else (comment.user if comment else None)
    email = "" if user is not None else (author.email if author else comment.author_email)
    client = client or ClientHints()
    rules = current_rules()  # once per post: each read is a query (moderation.rules)
    placement = placement_of(thread, rules=rules)
    return Submission(
        text=body,
        thread=thread,
        config=rules.config,
        now=now,
        reader_key=author.reader.key if author else comment.reader_key,
        user_id=user.pk if user is not None else None,
        email=normalise_email(email),
        network=client.network,
        is_edit=comment is not None,
        comment_id=comment.pk if comment else None,
        article_age=now - article.date if article else None,
        category_policy=placement.policy if placement else None,
        policy_age=now - placement.age_from if placement else None,
        seconds_to_write=client.seconds_to_write,
        spam_model_id=rules.spam_model_id,
    )


STATES = {
    Outcome.ACCEPT: CommentState.VISIBLE,
    Outcome.HOLD: CommentState.PENDING,
    Outcome.SPAM: CommentState.SPAM,
}


def screen(
    *,
    thread: Thread,
    author,
    body: str,
    now: datetime,
    comment: Comment | None = None,
    client: ClientHints | None = None,
) -> Admission:
    """settings.COMMENT_SCREENING: the discussion's hook into this policy."""
    submission = submission_for(
        thread=thread, author=author, body=body, now=now, comment=comment, client=client
    )
    decision = evaluate(submission)
    if (rejection := decision.rejection) is not None:
        raise rejection.error(rejection.reason)

    def record(saved: Comment) -> None:
        fields = {
            "decision": decision.outcome.value,
            "reasons": decision.reasons(),
            "spam_score": decision.spam_score,
            "spam_features": decision.spam_features,
            "offensive_score": decision.offensive_score,
            "text_hash": submission.text_hash,
        }
        if submission.network:  # an edit made without request hints keeps the first one
            fields["network"] = submission.network
        if comment is None:  # a new comment: nothing to update, so no lookup first
            # Screened when written: the rate limit finds a network's recent comments by it.
            _insert_screening(comment_id=saved.pk, created_at=saved.created_at, **fields)
        else:
            Screening.objects.update_or_create(comment=saved, defaults=fields)

    return Admission(state=STATES[decision.outcome], record=record, quiet=decision.quiet)


# Every column a new screening is written with: those `record` fills, and the rest at their
# defaults.
_SCREENING_FIELDS = [field for field in Screening._meta.concrete_fields if not field.primary_key]


def _insert_screening(**values) -> None:
    """A new comment's screening, in a statement written once per process: every post
    writes one, and the ORM's building of the INSERT cost more than the database's running
    it (#16). Values are prepared for the database as the ORM prepares them (JSON too)."""
    params = [
        field.get_db_prep_save(
            values[field.attname] if field.attname in values else field.get_default(), connection
        )
        for field in _SCREENING_FIELDS
    ]
    with connection.cursor() as cursor:
        cursor.execute(_insert_screening_sql(), params)


@lru_cache(maxsize=1)
def _insert_screening_sql() -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in _SCREENING_FIELDS)
    marks = ", ".join(["%s"] * len(_SCREENING_FIELDS))
    return f"INSERT INTO {quote(Screening._meta.db_table)} ({names}) VALUES ({marks})"
