"""Every read of subscriptions and preferences."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from rejoinder.notifications.models import (
    NotificationPreferences,
    Subscriber,
    Subscription,
    SubscriptionState,
)


def subscriber_of_user(*, user: AbstractBaseUser) -> Subscriber | None:
    return Subscriber.objects.filter(user=user).first()


def subscriptions_of(*, subscriber: Subscriber) -> QuerySet[Subscription]:
    """The subscriptions a reader can still see and change, newest first."""
    return (
        Subscription.objects.filter(subscriber=subscriber)
        .exclude(state=SubscriptionState.UNSUBSCRIBED)
        .select_related("thread", "thread__article")
        .order_by("-created_at", "-id")
    )


def author_notices_enabled(*, user_id: int) -> bool:
    """Whether an article author still wants mail about comments on their articles."""
    return not NotificationPreferences.objects.filter(
        user_id=user_id, comments_on_my_articles=False
    ).exists()
