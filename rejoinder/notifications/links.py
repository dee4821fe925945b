"""Absolute addresses for the links mails carry, each holding a signed token."""

from django.urls import reverse

from rejoinder.core.links import absolute_url
from rejoinder.notifications.models import Subscriber, Subscription
from rejoinder.notifications.tokens import Purpose, make_token


def confirm_url(subscription: Subscription) -> str:
    token = make_token(Purpose.CONFIRM, subscription.public_id)
    return absolute_url(None, reverse("notifications:confirm", args=[token]))


def unsubscribe_url(subscription: Subscription) -> str:
    token = make_token(Purpose.UNSUBSCRIBE, subscription.public_id)
    return absolute_url(None, reverse("notifications:unsubscribe", args=[token]))


def unsubscribe_all_url(subscriber: Subscriber) -> str:
    token = make_token(Purpose.UNSUBSCRIBE_ALL, subscriber.public_id)
    return absolute_url(None, reverse("notifications:unsubscribe_all", args=[token]))


def author_notices_off_url(subscriber: Subscriber) -> str:
    token = make_token(Purpose.AUTHOR_NOTICES_OFF, subscriber.public_id)
    return absolute_url(None, reverse("notifications:author_notices_off", args=[token]))


def manage_url(subscriber: Subscriber) -> str:
    token = make_token(Purpose.MANAGE, subscriber.public_id)
    return absolute_url(None, reverse("notifications:manage", args=[token]))


def replies_feed_url(subscriber: Subscriber) -> str:
    token = make_token(Purpose.REPLIES_FEED, subscriber.public_id)
    return absolute_url(None, reverse("notifications:replies_feed", args=[token]))


def comment_url(comment_id: int) -> str:
    return absolute_url(None, reverse("discussion:permalink", args=[comment_id]))
