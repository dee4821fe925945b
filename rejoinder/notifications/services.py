"""Every write to subscriptions and preferences. Views, the comment form and the admin
call these; each writes atomically and queues mail only after the write commits."""

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from rejoinder.discussion.actions import normalise_email
from rejoinder.discussion.models import Comment, Thread
from rejoinder.notifications import tasks
from rejoinder.notifications.errors import (
    LinkExpired,
    LinkInvalid,
    NoAddress,
    SubscriptionGone,
)
from rejoinder.notifications.models import (
    Frequency,
    NotificationPreferences,
    Scope,
    Subscriber,
    Subscription,
    SubscriptionState,
)
from rejoinder.notifications.tokens import BadToken, Purpose, read_token

# A guest who asks again is not sent a second confirmation for the same article sooner.
CONFIRMATION_RESEND_AFTER = timedelta(days=1)


def subscriber_for(*, email: str, user: AbstractBaseUser | None = None) -> Subscriber:
    """The subscriber for this address (and account), created the first time."""
    email = normalise_email(email)
    if not email:
        raise NoAddress()
    if user is not None and (own := Subscriber.objects.filter(user=user).first()):
        if own.email != email:
            # The account's address changed: mail follows the account.
            Subscriber.objects.filter(pk=own.pk).update(email=email)
            own.email = email
        return own
    try:
        with transaction.atomic():
            subscriber, _ = Subscriber.objects.get_or_create(email=email)
    except IntegrityError:
        subscriber = Subscriber.objects.get(email=email)
    if user is not None and subscriber.user_id is None:
        Subscriber.objects.filter(pk=subscriber.pk).update(user=user)
        subscriber.user = user
    return subscriber


def subscribe(
    *,
    thread: Thread,
    scope: Scope,
    email: str,
    user: AbstractBaseUser | None = None,
    reader_key: str = "",
    now: datetime | None = None,
) -> Subscription:
    """Follow `thread`. A signed-in reader's account address is active at once; a guest's
    waits for the confirmation link. Asking again widens the scope, never narrows it."""
    now = now or timezone.now()
    trusted = user is not None and normalise_email(user.email) == normalise_email(email)
    with transaction.atomic():
        subscriber = subscriber_for(email=email, user=user if trusted else None)
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            subscriber=subscriber,
            thread=thread,
            defaults={"scope": scope, "reader_key": reader_key, "created_at": now},
        )
        if not created and scope == Scope.ALL:
            subscription.scope = Scope.ALL
        if reader_key:
            subscription.reader_key = reader_key
        if subscription.state == SubscriptionState.UNSUBSCRIBED:
            subscription.state = SubscriptionState.PENDING
            subscription.unsubscribed_at = None
        if trusted and subscription.state == SubscriptionState.PENDING:
            subscription.state = SubscriptionState.ACTIVE
            subscription.confirmed_at = now
        send_confirmation = subscription.state == SubscriptionState.PENDING and (
            subscription.confirmation_sent_at is None
            or now - subscription.confirmation_sent_at >= CONFIRMATION_RESEND_AFTER
        )
        if send_confirmation:
            subscription.confirmation_sent_at = now
        subscription.save()
    if send_confirmation:
        transaction.on_commit(
            lambda: tasks.send_confirmation.enqueue(subscription_id=subscription.pk)
        )
    return subscription


def subscribe_after_comment(*, comment: Comment, scope: str) -> Subscription | None:
    """The comment form's "Notify of" choice: follow the thread at the commenter's address
    (the account's for a signed-in reader, the one they gave for a guest)."""
    if scope not in Scope.values:
        return None
    user = comment.user
    email = user.email if user is not None else comment.author_email
    if not email:
        return None
    return subscribe(
        thread=comment.thread,
        scope=Scope(scope),
        email=email,
        user=user,
        reader_key=comment.reader_key,
    )


def _from_token(purpose: Purpose, token: str) -> str:
    try:
        return read_token(purpose, token)
    except BadToken as error:
        raise (LinkExpired() if error.expired else LinkInvalid()) from error


def subscription_from_token(purpose: Purpose, token: str) -> Subscription:
    public_id = _from_token(purpose, token)
    subscription = (
        Subscription.objects.select_related("subscriber", "thread", "thread__article")
        .filter(public_id=public_id)
        .first()
    )
    if subscription is None:
        raise SubscriptionGone()
    return subscription


def subscriber_from_token(purpose: Purpose, token: str) -> Subscriber:
    subscriber = Subscriber.objects.filter(public_id=_from_token(purpose, token)).first()
    if subscriber is None:
        raise SubscriptionGone()
    return subscriber


def confirm(*, token: str, now: datetime | None = None) -> Subscription:
    """The guest followed the confirmation link: the subscription becomes active (once;
    following it again changes nothing, and an unsubscribe is not undone by it)."""
    subscription = subscription_from_token(Purpose.CONFIRM, token)
    Subscription.objects.filter(pk=subscription.pk, state=SubscriptionState.PENDING).update(
        state=SubscriptionState.ACTIVE, confirmed_at=now or timezone.now()
    )
    subscription.refresh_from_db(fields=["state", "confirmed_at"])
    return subscription


def unsubscribe(*, subscription: Subscription, now: datetime | None = None) -> Subscription:
    """Stop mail about this thread. Mail already owed is cancelled when its turn comes,
    because the sender checks the state just before sending."""
    Subscription.objects.filter(pk=subscription.pk).exclude(
        state=SubscriptionState.UNSUBSCRIBED
    ).update(state=SubscriptionState.UNSUBSCRIBED, unsubscribed_at=now or timezone.now())
    subscription.refresh_from_db(fields=["state", "unsubscribed_at"])
    return subscription


def unsubscribe_all(*, subscriber: Subscriber, now: datetime | None = None) -> int:
    """Stop every mail to this address: all subscriptions, and article-author notices."""
    with transaction.atomic():
        count = (
            Subscription.objects.filter(subscriber=subscriber)
            .exclude(state=SubscriptionState.UNSUBSCRIBED)
            .update(state=SubscriptionState.UNSUBSCRIBED, unsubscribed_at=now or timezone.now())
        )
        if subscriber.user_id is not None:
            set_author_notices(user=subscriber.user, enabled=False)
    return count


def change(*, subscription: Subscription, scope: Scope, frequency: Frequency) -> Subscription:
    """What the reader gets (replies to them, or every comment) and how often. Unlike
    asking again on the form, this may narrow the scope: the reader chose it here."""
    Subscription.objects.filter(pk=subscription.pk).update(scope=scope, frequency=frequency)
    subscription.scope, subscription.frequency = scope, frequency
    return subscription


def set_author_notices(*, user: AbstractBaseUser, enabled: bool) -> NotificationPreferences:
    preferences, _ = NotificationPreferences.objects.update_or_create(
        user=user, defaults={"comments_on_my_articles": enabled}
    )
    return preferences
