"""Background jobs (django-tasks: in the database by default, on Redis with REDIS_URL).
Each is safe to run twice: deliveries are rows with a unique constraint, claimed before
sending. A failed send leaves its rows pending with a backoff; the worker's periodic pass
(`send_notifications`, run by `rejoinder worker`) retries them."""

from django_tasks import task

from rejoinder.notifications import delivery, mail
from rejoinder.notifications.models import Subscription, SubscriptionState


@task()
def fan_out(*, comment_id: int) -> None:
    """Write what a new comment owes, then queue its sending in batches, so that 10,000
    subscribers are served by several short jobs rather than one long one."""
    for subscriber_ids in delivery.fan_out(comment_id=comment_id):
        if subscriber_ids:
            send_batch.enqueue(subscriber_ids=subscriber_ids)


@task()
def send_batch(*, subscriber_ids: list[int]) -> int:
    return delivery.send_due(subscriber_ids=subscriber_ids)


@task()
def send_confirmation(*, subscription_id: int) -> None:
    subscription = (
        Subscription.objects.select_related("subscriber", "thread")
        .filter(pk=subscription_id, state=SubscriptionState.PENDING)
        .first()
    )
    if subscription is None:
        return
    try:
        mail.confirmation(subscription).send()
    except Exception:
        # Unsent: let the guest's next request send it again instead of waiting a day.
        Subscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=None)
        raise
