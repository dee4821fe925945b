"""Discussions close a set number of days after they started, per category
(CategoryPolicy.close_after_days): a thread under an article counts from the article's
publication, a thread of another site's page from its creation — its first comment, as the
host's publication date is not ours to know (moderation.placement). One rule, read in three
places: the policy refuses a comment on a thread past its age (checks/thread_closed), the
page shows such a thread closed even before anyone has closed it (`closing_time`, through
the discussion's settings.THREAD_CLOSING seam), and the worker's pass closes it for good
(`close_due_threads`) through the moderators' close action, so the log says when and the
thread's cached pages change."""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from rejoinder.discussion.models import Thread
from rejoinder.moderation.actions import set_closed
from rejoinder.moderation.models import CategoryPolicy
from rejoinder.moderation.placement import placement_of, placement_sources


def past_closing_age(*, age: timedelta, close_after_days: int | None) -> bool:
    """Whether a discussion this old is closed by a rule of that many days."""
    return close_after_days is not None and age >= timedelta(days=close_after_days)


def closing_time(*, thread: Thread) -> datetime | None:
    """settings.THREAD_CLOSING: when `thread` passes the age its category lets a discussion
    stay open, or None if no rule closes it."""
    placement = placement_of(thread)
    if placement is None or placement.policy.close_after_days is None:
        return None
    return placement.age_from + timedelta(days=placement.policy.close_after_days)


def threads_due_to_close(*, now: datetime) -> QuerySet[Thread]:
    """Open threads past their category's closing age, wherever they were placed (one query
    for the rules, one for the threads)."""
    rules = CategoryPolicy.objects.filter(close_after_days__isnull=False).select_related("category")
    sources = placement_sources()
    due = Q(pk__in=[])
    for rule in rules:
        started_before = now - timedelta(days=rule.close_after_days)
        for source in sources:
            following, age_from = source.threads_following(rule)
            due |= following & Q(**{f"{age_from}__lte": started_before})
    return Thread.objects.filter(due, is_closed=False)


def close_due_threads(*, now: datetime | None = None) -> list[Thread]:
    """Close every thread past its closing age through the moderators' close action (no
    moderator: the policy did it). Returns the threads it closed."""
    closed = []
    for thread in threads_due_to_close(now=now or timezone.now()).order_by("pk"):
        set_closed(thread=thread, moderator=None, closed=True)
        closed.append(thread)
    return closed
