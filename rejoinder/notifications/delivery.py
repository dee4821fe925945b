"""Turning a new comment into mail, exactly once per recipient.

1. `fan_out` writes one Delivery row per recipient (bulk, in batches; the unique
   constraint makes a repeated fan-out a no-op) and returns the batches to send.
2. `send_due` claims due rows (pending → sending, under a random claim token, in one
   UPDATE, so two workers never win the same row), sends one mail per (address, thread)
   and marks the rows sent. A failed send puts the rows back with a later
   `next_attempt_at` (backoff); the worker's periodic pass picks them up again.
3. `send_digests` does the same once a day for subscriptions set to the daily digest.

Just before sending, each row is checked again: the comment must still be visible, the
subscription still active, the author's notices still on; otherwise the row is cancelled.

A worker that dies mid-send leaves rows in "sending"; after NOTIFY_CLAIM_TIMEOUT_MINUTES
they are claimed again. That resends only if the crash fell between the SMTP server
accepting the mail and the row being marked (milliseconds), and it means nothing claimed
is ever lost.
"""

import logging
import secrets
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from rejoinder.discussion.actions import normalise_email
from rejoinder.discussion.models import Comment, CommentState
from rejoinder.notifications import mail
from rejoinder.notifications.models import (
    Delivery,
    DeliveryState,
    Frequency,
    Reason,
    Scope,
    Subscriber,
    Subscription,
    SubscriptionState,
)
from rejoinder.notifications.queries import author_notices_enabled
from rejoinder.notifications.services import subscriber_for

logger = logging.getLogger("rejoinder.notifications")


class DeliveryFailed(Exception):
    """The mail server refused or could not be reached; the rows wait for a retry."""


def _address(comment: Comment | None) -> str:
    if comment is None:
        return ""
    return normalise_email(comment.user.email if comment.user_id else comment.author_email)


def _is_by(comment: Comment | None, subscriber: Subscriber, reader_key: str = "") -> bool:
    """Whether `comment` was written by this subscriber (account, address or browser)."""
    if comment is None:
        return False
    return (
        (comment.user_id is not None and comment.user_id == subscriber.user_id)
        or _address(comment) == subscriber.email
        or (bool(reader_key) and reader_key == comment.reader_key)
    )


def fan_out(*, comment_id: int) -> Iterator[list[int]]:
    """Write the deliveries a new comment owes, a batch at a time; yields each batch's
    subscriber ids. Running it again for the same comment writes nothing new."""
    comment = (
        Comment.objects.select_related("thread__article__author__user", "user", "parent__user")
        .filter(pk=comment_id, state=CommentState.VISIBLE)
        .first()
    )
    if comment is None:
        return
    parent = comment.parent
    subscriptions = Subscription.objects.filter(
        thread_id=comment.thread_id, state=SubscriptionState.ACTIVE
    ).select_related("subscriber")
    last_id = 0
    while True:
        batch = list(subscriptions.filter(pk__gt=last_id).order_by("pk")[: _batch_size()])
        if not batch:
            break
        last_id = batch[-1].pk
        rows = []
        for subscription in batch:
            subscriber = subscription.subscriber
            if _is_by(comment, subscriber, subscription.reader_key):
                continue
            replied_to = _is_by(parent, subscriber)
            if subscription.scope == Scope.REPLIES and not replied_to:
                continue
            rows.append(
                _delivery(
                    comment,
                    subscriber,
                    Reason.REPLY if replied_to else Reason.FOLLOW_UP,
                    subscription,
                )
            )
        yield _write(rows)
    if author_row := _author_delivery(comment):
        yield _write([author_row])


def _author_delivery(comment: Comment) -> Delivery | None:
    article = comment.thread.article
    author = article.author if article is not None else None
    user = author.user if author is not None else None
    if user is None or not user.email or not author_notices_enabled(user_id=user.pk):
        return None
    subscriber = subscriber_for(email=user.email, user=user)
    if _is_by(comment, subscriber):
        return None
    return _delivery(comment, subscriber, Reason.YOUR_ARTICLE, None)


def _delivery(
    comment: Comment, subscriber: Subscriber, reason: Reason, subscription: Subscription | None
) -> Delivery:
    return Delivery(
        subscriber=subscriber,
        thread_id=comment.thread_id,
        comment=comment,
        subscription=subscription,
        reason=reason,
    )


def _write(rows: list[Delivery]) -> list[int]:
    # A row already there (an earlier run, or the author also subscribed) is kept as it is.
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return [row.subscriber_id for row in rows]


def _batch_size() -> int:
    return max(settings.NOTIFY_BATCH_SIZE, 1)


def _claimable(now: datetime) -> Q:
    stale = now - timedelta(minutes=settings.NOTIFY_CLAIM_TIMEOUT_MINUTES)
    return Q(state=DeliveryState.PENDING) | Q(state=DeliveryState.SENDING, claimed_at__lt=stale)


def _due(now: datetime) -> QuerySet[Delivery]:
    return Delivery.objects.filter(_claimable(now), next_attempt_at__lte=now)


def send_due(
    *, now: datetime | None = None, thread_id: int | None = None, subscriber_ids=None
) -> int:
    """Send the instant mails that are due, one per (address, thread), at most one per
    NOTIFY_GROUP_MINUTES: rows held back by that window wait for a later pass and then go
    out together. Returns the number of mails sent; raises DeliveryFailed on a failure."""
    now = now or timezone.now()
    due = _due(now).filter(
        Q(subscription__isnull=True) | Q(subscription__frequency=Frequency.INSTANT)
    )
    if thread_id is not None:
        due = due.filter(thread_id=thread_id)
    if subscriber_ids is not None:
        due = due.filter(subscriber_id__in=subscriber_ids)
    window_start = now - timedelta(minutes=settings.NOTIFY_GROUP_MINUTES)
    recently_mailed = Delivery.objects.filter(
        subscriber=OuterRef("subscriber"),
        thread=OuterRef("thread"),
        state=DeliveryState.SENT,
        sent_at__gt=window_start,
    )
    due = due.exclude(Exists(recently_mailed))
    sent = 0
    while rows := _claim(due, now):
        sent += _send_groups(
            rows,
            key=lambda row: (row.subscriber_id, row.thread_id),
            render=mail.notification,
            now=now,
        )
    return sent


def send_digests(*, now: datetime | None = None) -> int:
    """Once a day, after NOTIFY_DIGEST_HOUR (site time), one mail per address listing the
    new comments on every thread it follows as a digest."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    digest_time = local.replace(hour=settings.NOTIFY_DIGEST_HOUR, minute=0, second=0)
    digest_time = digest_time.replace(microsecond=0)
    if local < digest_time:
        digest_time -= timedelta(days=1)
    due = (
        _due(now)
        .filter(subscription__frequency=Frequency.DAILY)
        .filter(
            Q(subscriber__last_digest_at__isnull=True)
            | Q(subscriber__last_digest_at__lt=digest_time)
        )
    )
    sent = 0
    while rows := _claim(due, now):
        sent += _send_groups(rows, key=lambda row: row.subscriber_id, render=mail.digest, now=now)
        Subscriber.objects.filter(pk__in={row.subscriber_id for row in rows}).update(
            last_digest_at=now
        )
    return sent


def _claim(due: QuerySet[Delivery], now: datetime) -> list[Delivery]:
    """Take up to a batch of due rows for this pass alone, whole groups at a time: the
    batch is cut at an (address) boundary so a grouped mail is never split in two."""
    size = _batch_size()
    subscriber_ids = list(
        due.order_by("subscriber_id").values_list("subscriber_id", flat=True).distinct()[:size]
    )
    if not subscriber_ids:
        return []
    claim = secrets.token_hex(16)
    Delivery.objects.filter(
        _claimable(now), pk__in=due.filter(subscriber_id__in=subscriber_ids).values("pk")
    ).update(state=DeliveryState.SENDING, claim=claim, claimed_at=now)
    return list(
        Delivery.objects.filter(claim=claim, state=DeliveryState.SENDING)
        .select_related("subscriber", "thread", "subscription", "comment", "comment__parent")
        .order_by("subscriber_id", "thread_id", "comment__created_at", "comment_id")
    )


def _still_wanted(row: Delivery) -> bool:
    if row.comment.state != CommentState.VISIBLE:
        return False
    if row.subscription is not None:
        return row.subscription.state == SubscriptionState.ACTIVE
    user_id = row.subscriber.user_id
    return user_id is not None and author_notices_enabled(user_id=user_id)


def _send_groups(
    rows: list[Delivery],
    *,
    key: Callable[[Delivery], object],
    render: Callable[[Subscriber, list[Delivery]], EmailMultiAlternatives],
    now: datetime,
) -> int:
    groups: dict[object, list[Delivery]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    pending = list(groups.values())
    sent, current = 0, None
    connection = get_connection()
    try:
        # One SMTP connection for the whole batch: opening one per mail would dominate.
        connection.open()
        while pending:
            group = pending.pop(0)
            current = [row for row in group if _still_wanted(row)]
            _finish([row for row in group if row not in current], DeliveryState.CANCELLED)
            if current:
                connection.send_messages([render(current[0].subscriber, current)])
                _finish(current, DeliveryState.SENT, sent_at=now)
                sent += 1
            current = None
    except Exception as error:
        # The mail that failed counts an attempt (so its backoff grows); the rest of the
        # batch only waits, unless the server could not be reached at all.
        unreachable = current is None
        rest = [row for group in pending for row in group]
        _retry_later(current or [], error=error, now=now, count_attempt=True)
        _retry_later(rest, error=error, now=now, count_attempt=unreachable)
        raise DeliveryFailed(str(error)) from error
    finally:
        connection.close()
    return sent


def _finish(rows: list[Delivery], state: DeliveryState, *, sent_at=None) -> None:
    if rows:
        Delivery.objects.filter(pk__in=[row.pk for row in rows]).update(
            state=state, sent_at=sent_at, claim=""
        )


def _retry_later(
    rows: list[Delivery], *, error: Exception, now: datetime, count_attempt: bool
) -> None:
    """Back to pending, due again after a backoff that doubles with each failed attempt
    (1, 2, 4 … minutes, at most six hours); after NOTIFY_MAX_ATTEMPTS, given up."""
    for row in rows:
        attempts = row.attempts + (1 if count_attempt else 0)
        delay = timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))
        failed = attempts >= settings.NOTIFY_MAX_ATTEMPTS
        Delivery.objects.filter(pk=row.pk).update(
            state=DeliveryState.FAILED if failed else DeliveryState.PENDING,
            attempts=attempts,
            next_attempt_at=now + delay,
            claim="",
            last_error=f"{type(error).__name__}: {error}"[:300],
        )
    if rows:
        logger.warning("Mail to %d recipient(s) failed (%s); retrying later", len(rows), error)
