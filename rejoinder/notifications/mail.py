"""Mails as multipart messages (plain text + HTML) rendered from templates in the site's
language. Every notification names its unsubscribe link in the body and in the RFC 8058
headers, so mail clients can offer a one-click "Unsubscribe" of their own."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from rejoinder.core.links import absolute_url
from rejoinder.discussion.markup import plain_text
from rejoinder.discussion.models import Comment
from rejoinder.discussion.presenters import thread_url
from rejoinder.notifications import links
from rejoinder.notifications.models import Delivery, Reason, Subscriber, Subscription


@dataclass(frozen=True)
class MailedComment:
    """One comment as a mail shows it: who said it, to whom, the text, and where it is."""

    author_name: str
    parent_author_name: str
    html: str
    text: str
    url: str
    reason: str

    @classmethod
    def of(cls, delivery: Delivery) -> "MailedComment":
        comment: Comment = delivery.comment
        return cls(
            author_name=comment.author_name,
            parent_author_name=comment.parent.author_name if comment.parent_id else "",
            html=comment.body_html,
            text=plain_text(comment.body_html),
            url=links.comment_url(comment.pk),
            reason=delivery.reason,
        )


def _manage_comments_url() -> str:
    """Where a reader sees, downloads or erases what they wrote ("Manage my comments"), when
    an app offers it (the accounts app names it `accounts:guest_request`)."""
    try:
        return absolute_url(None, reverse("accounts:guest_request"))
    except NoReverseMatch:
        return ""


def _message(
    *, to: str, subject: str, template: str, context: dict, unsubscribe: str | None
) -> EmailMultiAlternatives:
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "unsubscribe_url": unsubscribe,
        "manage_comments_url": _manage_comments_url(),
        **context,
    }
    headers = {}
    if unsubscribe:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/mail/{template}.txt", context),
        to=[to],
        headers=headers,
    )
    message.attach_alternative(
        render_to_string(f"notifications/mail/{template}.html", context), "text/html"
    )
    return message


def confirmation(subscription: Subscription) -> EmailMultiAlternatives:
    thread = subscription.thread
    with translation.override(settings.LANGUAGE_CODE):
        return _message(
            to=subscription.subscriber.email,
            subject=_("Confirm: notifications about “%(title)s”") % {"title": thread.title},
            template="confirm",
            context={
                "thread_title": thread.title,
                "thread_link": absolute_url(None, thread_url(thread)),
                "scope": subscription.get_scope_display(),
                "confirm_url": links.confirm_url(subscription),
                "days": settings.NOTIFY_CONFIRM_DAYS,
            },
            # Nothing is subscribed yet, so there is nothing to leave.
            unsubscribe=None,
        )


def notification(subscriber: Subscriber, deliveries: list[Delivery]) -> EmailMultiAlternatives:
    """One mail about one thread: every new comment in `deliveries` (oldest first)."""
    thread = deliveries[0].thread
    comments = [MailedComment.of(delivery) for delivery in deliveries]
    subscription = next((d.subscription for d in deliveries if d.subscription_id), None)
    if subscription is not None:
        unsubscribe = links.unsubscribe_url(subscription)
    else:
        unsubscribe = links.author_notices_off_url(subscriber)
    with translation.override(settings.LANGUAGE_CODE):
        if len(comments) == 1 and comments[0].reason == Reason.REPLY:
            subject = _("%(name)s replied to you on “%(title)s”")
        elif len(comments) == 1:
            subject = _("%(name)s commented on “%(title)s”")
        else:
            subject = _("%(count)d new comments on “%(title)s”")
        subject %= {"name": comments[0].author_name, "title": thread.title, "count": len(comments)}
        return _message(
            to=subscriber.email,
            subject=subject,
            template="notification",
            context={
                "threads": [{"title": thread.title, "comments": comments}],
                "manage_url": links.manage_url(subscriber),
                "is_author_notice": subscription is None,
            },
            unsubscribe=unsubscribe,
        )


def digest(subscriber: Subscriber, deliveries: list[Delivery]) -> EmailMultiAlternatives:
    """The daily mail: new comments on every thread the reader follows as a digest."""
    by_thread: dict[int, dict] = {}
    for delivery in deliveries:
        entry = by_thread.setdefault(
            delivery.thread_id, {"title": delivery.thread.title, "comments": []}
        )
        entry["comments"].append(MailedComment.of(delivery))
    with translation.override(settings.LANGUAGE_CODE):
        return _message(
            to=subscriber.email,
            subject=_("Your daily digest: %(count)d new comments") % {"count": len(deliveries)},
            template="notification",
            context={
                "threads": list(by_thread.values()),
                "manage_url": links.manage_url(subscriber),
                "is_digest": True,
            },
            unsubscribe=links.unsubscribe_all_url(subscriber),
        )
