"""The policy, check by check and as a whole: what each check says about a submission, and
what post_comment then does with the comment."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rejoinder.discussion.actions import edit_comment, post_comment
from rejoinder.discussion.errors import Rejected, ThreadClosed
from rejoinder.discussion.models import Comment, CommentState
from rejoinder.moderation import policy
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
from rejoinder.moderation.models import Ban, BanKind, CategoryPolicy, Screening
from rejoinder.moderation.submission import Submission
from rejoinder.moderation.text import find_phrase, phrase_pattern
from rejoinder.moderation.verdicts import Outcome
from tests.conftest import a_guest

pytestmark = pytest.mark.django_db


@pytest.fixture
def submit(thread, config, guest):
    """A submission by the guest, with any field or setting changed."""

    def submit(text="A fair point about the harbour.", settings=None, **fields):
        for name, value in (settings or {}).items():
            setattr(config, name, value)
        values = {
            "text": text,
            "thread": thread,
            "config": config,
            "now": timezone.now(),
            "reader_key": guest.reader.key,
            "email": guest.email,
            "article_age": timedelta(days=1),
            **fields,
        }
        return Submission(**values)

    return submit


def outcome(verdict):
    return None if verdict is None else verdict.outcome


# Whole words, any case, any accents -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("What an ass.", "ass"),
        ("ASS!", "ass"),
        ("A class assignment in Scunthorpe.", None),
        ("Passing the assessment", None),
        ("Pudding: CREME BRULEE", "creme brulee"),
        ("crème    brûlée again", "creme    brulee"),
        ("cremebrulee", None),
    ],
)
def test_blocked_phrases_match_whole_words_ignoring_case_and_accents(text, found):
    pattern = phrase_pattern(["ass", "Crème brûlée"])

    assert find_phrase(text, pattern) == found


# Check by check -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("close_after", "age_days", "expected"),
    [(None, 400, None), (7, 6, None), (7, 7, Outcome.REJECT), (7, 30, Outcome.REJECT)],
)
def test_thread_closed_by_category_age(submit, opinion, config, close_after, age_days, expected):
    rule = CategoryPolicy(settings=config, category=opinion, close_after_days=close_after)

    verdict = thread_closed.check(submit(category_policy=rule, policy_age=timedelta(days=age_days)))

    assert outcome(verdict) == expected
    if verdict:
        assert verdict.error is ThreadClosed


@pytest.mark.parametrize(
    ("ban", "expected", "message"),
    [
        (None, None, None),
        ({"kind": BanKind.EMAIL, "value": "mara@example.org"}, Outcome.REJECT, "no longer"),
        ({"kind": BanKind.NETWORK, "value": "net-hash"}, Outcome.REJECT, "no longer"),
        ({"kind": BanKind.EMAIL, "value": "mara@example.org", "days": 3}, Outcome.REJECT, "until"),
        ({"kind": BanKind.EMAIL, "value": "mara@example.org", "days": -1}, None, None),
        ({"kind": BanKind.EMAIL, "value": "mara@example.org", "lifted": True}, None, None),
        (
            {"kind": BanKind.EMAIL, "value": "mara@example.org", "shadow": True},
            Outcome.HOLD,
            "shadow",
        ),
        ({"kind": BanKind.EMAIL, "value": "someone@example.org"}, None, None),
    ],
    ids=["none", "email", "network", "for-3-days", "expired", "lifted", "shadow", "other"],
)
def test_author_banned(submit, ban, expected, message):
    if ban:
        now = timezone.now()
        Ban.objects.create(
            kind=ban["kind"],
            value=ban["value"],
            shadow=ban.get("shadow", False),
            expires_at=now + timedelta(days=ban["days"]) if "days" in ban else None,
            lifted_at=now if ban.get("lifted") else None,
        )

    verdict = author_banned.check(submit(network="net-hash"))

    assert outcome(verdict) == expected
    if message:
        assert message in str(verdict.reason)


@pytest.mark.parametrize(("earlier", "expected"), [(1, None), (2, Outcome.REJECT)])
def test_rate_limit_counts_the_authors_recent_comments(say, submit, earlier, expected):
    for n in range(earlier):
        say(f"Point number {n}", ago=n)

    assert outcome(rate_limit.check(submit(settings={"rate_limit_count": 2}))) == expected
    assert rate_limit.check(submit(settings={"rate_limit_count": 2}, is_edit=True)) is None


@pytest.mark.parametrize(
    ("minimum", "text", "expected"),
    [(0, "k", None), (10, "Too short", Outcome.REJECT), (10, "Long enough now", None)],
)
def test_length(submit, minimum, text, expected):
    assert outcome(length.check(submit(text, settings={"min_length": minimum}))) == expected


def test_repeated_post_from_one_author_is_refused_from_many_is_spam(say, submit):
    say("Buy my book at the harbour stall.")
    assert outcome(repeated_post.check(submit("buy my  BOOK at the harbour stall."))) == (
        Outcome.REJECT
    )
    say("Buy my book at the harbour stall.", by=a_guest("Tomas"))
    other = submit("Buy my book at the harbour stall.", reader_key="third", email="x@example.org")
    assert outcome(repeated_post.check(other)) == Outcome.SPAM


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No links at all.", None),
        ("See https://council.example/plan", None),
        ("Buy at https://shop.cheap-pills.example/now", Outcome.SPAM),
        (
            "a http://a.example b http://b.example c http://c.example d http://d.example",
            Outcome.HOLD,
        ),
    ],
)
def test_links(submit, text, expected):
    settings = {"blocked_domains": "cheap-pills.example", "max_links": 3}
    assert outcome(links.check(submit(text, settings=settings))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("The Scunthorpe ferry", None), ("Read it, you DÜMMKOPF", Outcome.HOLD)],
)
def test_blocked_words(submit, text, expected):
    settings = {"blocked_words": "dummkopf\nscunt"}
    assert outcome(blocked_words.check(submit(text, settings=settings))) == expected


@pytest.mark.parametrize(
    ("text", "seconds", "expected"),
    [
        ("I think the trial should run through the summer before anyone decides.", 90, None),
        ("Deals http://a.example http://b.example", 90, Outcome.HOLD),
        ("DEALS DEALS http://a.example http://b.example http://c.example", 1, Outcome.SPAM),
    ],
)
def test_spam_score_heuristics_before_any_decisions(submit, text, seconds, expected):
    submission = submit(text, seconds_to_write=seconds)
    assert outcome(spam_score.check(submission)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thanks, this was a careful and fair piece.", None),
        ("You are a stupid idiot and should shut up.", Outcome.HOLD),
    ],
)
def test_offensive_language(submit, text, expected):
    verdict = offensive_language.check(submit(text))
    assert outcome(verdict) == expected
    if verdict:
        assert "abusive" in str(verdict.reason)


def test_premoderation_rules(say, submit, opinion, config):
    assert premoderation.check(submit()) is None
    rule = CategoryPolicy(settings=config, category=opinion, premoderate=True)
    assert outcome(premoderation.check(submit(category_policy=rule))) == Outcome.HOLD
    links_rule = {"premoderate_links": True}
    assert outcome(premoderation.check(submit("see www.x.example", settings=links_rule))) == (
        Outcome.HOLD
    )
    old = {"premoderate_links": False, "premoderate_after_days": 30}
    assert outcome(premoderation.check(submit(settings=old, article_age=timedelta(31)))) == (
        Outcome.HOLD
    )
    assert premoderation.check(submit(settings=old, article_age=timedelta(29))) is None

    new_guests = {"premoderate_after_days": 0, "premoderate_new_guests": True}
    verdict = premoderation.check(submit(settings=new_guests))
    assert "First comment" in str(verdict.reason)
    config.premoderate_new_guests = False
    say("An earlier comment that was shown.")
    assert premoderation.check(submit(settings=new_guests)) is None


# The whole policy -----------------------------------------------------------------------


def test_checks_run_in_the_documented_order():
    assert [name for name, _ in policy.CHECKS] == [
        "thread_closed",
        "author_banned",
        "rate_limit",
        "length",
        "repeated_post",
        "links",
        "blocked_words",
        "spam_score",
        "offensive_language",
        "premoderation",
    ]


def test_holds_collect_reasons_and_spam_ends_the_run(submit):
    settings = {"blocked_words": "harbour", "premoderate_links": True, "max_links": 9}
    text = "The harbour plan is worth reading in full before anyone decides: https://x.example/p"
    held = policy.evaluate(submit(text, settings=settings))
    assert held.outcome is Outcome.HOLD
    assert [name for name, _ in held.verdicts] == ["blocked_words", "premoderation"]
    assert held.spam_score is not None and held.offensive_score is not None

    settings["blocked_domains"] = "x.example"
    spam = policy.evaluate(submit(text, settings=settings))
    assert spam.outcome is Outcome.SPAM
    assert [name for name, _ in spam.verdicts] == ["links"]


@pytest.mark.parametrize(
    ("rules", "body", "state", "counted"),
    [
        ({}, "A fair point about the harbour.", CommentState.VISIBLE, 1),
        ({"blocked_words": "harbour"}, "A fair point about the harbour.", CommentState.PENDING, 0),
        ({"blocked_domains": "x.example"}, "See https://x.example", CommentState.SPAM, 0),
    ],
    ids=["accepted", "held", "spam"],
)
def test_post_comment_saves_in_the_state_the_policy_chose(
    thread, guest, config, rules, body, state, counted
):
    for name, value in rules.items():
        setattr(config, name, value)
    config.save()

    comment = post_comment(thread=thread, author=guest, body=body)

    comment.refresh_from_db()
    thread.refresh_from_db()
    assert comment.state == state
    assert comment.is_listed == (state == CommentState.VISIBLE)
    assert thread.comment_count == counted
    assert (
        Screening.objects.get(comment=comment).decision
        == {
            CommentState.VISIBLE: "accept",
            CommentState.PENDING: "hold",
            CommentState.SPAM: "spam",
        }[state]
    )


def test_a_rejected_comment_is_not_written(thread, guest, config):
    config.min_length = 50
    config.save()

    with pytest.raises(Rejected) as refused:
        post_comment(thread=thread, author=guest, body="Too short.")

    assert "at least 50" in str(refused.value.message)
    assert not Comment.objects.exists()


def test_an_edit_that_the_policy_holds_leaves_the_thread(thread, guest, config, say):
    comment = say("The harbour road should close.")
    config.blocked_words = "dummkopf"
    config.save()

    edit_comment(comment=comment, editor=guest.reader, body="Only a dummkopf disagrees.")

    comment.refresh_from_db()
    thread.refresh_from_db()
    assert (comment.state, comment.is_listed, thread.comment_count) == (
        CommentState.PENDING,
        False,
        0,
    )
    assert Screening.objects.get(comment=comment).reasons[0]["check"] == "blocked_words"
