"""Discussions close a set number of days after their article was published, per category
(CategoryPolicy.close_after_days). One rule, read in three places: the policy refuses a
comment on a thread past its age (checks/thread_closed), the page shows such a thread closed
even before anyone has closed it (`closing_time`, through the discussion's
settings.THREAD_CLOSING seam), and the worker's pass closes it for good (`close_due_threads`)
through the moderators' close action, so the log says when and the thread's cached pages
change."""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from rejoinder.discussion.models import Thread
from rejoinder.moderation.actions import set_closed
from rejoinder.moderation.models import CategoryPolicy


def past_closing_age(*, age: timedelta, close_after_days: int | None) -> bool:
    """Whether an article this old has its discussion closed by a rule of that many days."""
    return close_after_days is not None and age >= timedelta(days=close_after_days)


def category_policy_for(article) -> CategoryPolicy | None:
    """The rule of the article's category, if it has one. One query: the category is the
    article's parent in the page tree, found by its path without loading it."""
    return CategoryPolicy.objects.filter(category__path=article.path[: -article.steplen]).first()


def closing_time(*, thread: Thread) -> datetime | None:
    """settings.THREAD_CLOSING: when `thread`'s article passes the age its category lets a
    discussion stay open, or None if no rule closes it."""
    article = thread.article if thread.article_id else None
    if article is None or (policy := category_policy_for(article)) is None:
        return None
    if policy.close_after_days is None:
        return None
    return article.date + timedelta(days=policy.close_after_days)


def threads_due_to_close(*, now: datetime) -> QuerySet[Thread]:
    """Open threads under articles past their category's closing age (articles are the
    category page's children in the page tree)."""
    rules = CategoryPolicy.objects.filter(close_after_days__isnull=False).select_related("category")
    due = Q(pk__in=[])
    for rule in rules:
        due |= Q(
            article__path__startswith=rule.category.path,
            article__depth=rule.category.depth + 1,
            article__date__lte=now - timedelta(days=rule.close_after_days),
        )
    return Thread.objects.filter(due, is_closed=False)


def close_due_threads(*, now: datetime | None = None) -> list[Thread]:
    """Close every thread past its closing age through the moderators' close action (no
    moderator: the policy did it). Returns the threads it closed."""
    closed = []
    for thread in threads_due_to_close(now=now or timezone.now()).order_by("pk"):
        set_closed(thread=thread, moderator=None, closed=True)
        closed.append(thread)
    return closed
