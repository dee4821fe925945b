"""Moderation's background jobs."""

from django_tasks import task

from rejoinder.moderation import spam


@task()
def retrain_spam_model() -> int:
    """Refit the spam score on every decision so far; returns how many it learned from."""
    model = spam.train()
    return model.trained_on if model else 0
