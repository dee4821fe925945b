"""Subscriptions carried over from an export (the interop app's import): written as they
were at the source, with no mail of any kind. Kept apart from `services` because these
writes skip what a live subscribe does on purpose (the confirmation mail, trust by account)."""

from datetime import datetime

from django.db import transaction

from rejoinder.discussion.models import Thread
from rejoinder.notifications.models import Frequency, Scope, Subscription, SubscriptionState
from rejoinder.notifications.services import subscriber_for


def restore_subscription(
    *,
    thread: Thread,
    email: str,
    scope: Scope,
    frequency: Frequency,
    state: SubscriptionState,
    created_at: datetime,
    confirmed_at: datetime | None,
    unsubscribed_at: datetime | None,
) -> str:
    """Write one carried-over subscription; returns "created", "updated" or "unchanged".

    Precondition: an active subscription has its consent date (`confirmed_at`); the caller
    refuses one without. A subscription already here is never widened by an import (nor
    re-activated, nor its scope or frequency changed): only an unsubscribe is applied to it,
    so a reader who left, or chose less mail, here is not signed up again by a file."""
    subscriber = subscriber_for(email=email)  # the address normalised as a live subscribe does
    with transaction.atomic():
        existing = (
            Subscription.objects.select_for_update()
            .filter(subscriber=subscriber, thread=thread)
            .first()
        )
        if existing is None:
            Subscription.objects.create(
                subscriber=subscriber,
                thread=thread,
                scope=scope,
                frequency=frequency,
                state=state,
                created_at=created_at,
                confirmed_at=confirmed_at,
                unsubscribed_at=unsubscribed_at,
            )
            return "created"
        if (
            state == SubscriptionState.UNSUBSCRIBED
            and existing.state != SubscriptionState.UNSUBSCRIBED
        ):
            Subscription.objects.filter(pk=existing.pk).update(
                state=SubscriptionState.UNSUBSCRIBED, unsubscribed_at=unsubscribed_at
            )
            return "updated"
        return "unchanged"
