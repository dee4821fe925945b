"""A reader's private feed of the replies to their comments: the "Notify of" mails' content
for a feed reader. Its address carries a signed token (as the mails' links do), shown only
on the reader's own subscriptions page."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from rejoinder.discussion.feeds import FEED_LENGTH, CommentsFeed
from rejoinder.discussion.models import Comment
from rejoinder.discussion.queries import latest_replies_to
from rejoinder.notifications import services
from rejoinder.notifications.errors import NotificationError
from rejoinder.notifications.models import Subscriber
from rejoinder.notifications.tokens import Purpose


class RepliesFeed(CommentsFeed):
    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        # The address is the key: keep it out of shared caches and search engines.
        response["Cache-Control"] = "private, max-age=300"
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_object(self, request: HttpRequest, token: str) -> Subscriber:
        try:
            return services.subscriber_from_token(Purpose.REPLIES_FEED, token)
        except NotificationError as error:
            raise Http404(error.message) from error

    def title(self, subscriber: Subscriber) -> str:
        return _("Replies to you · %(site)s") % {"site": settings.WAGTAIL_SITE_NAME}

    def link(self, subscriber: Subscriber) -> str:
        return "/"

    def subtitle(self, subscriber: Subscriber) -> str:
        return _("The newest replies to your comments")

    def items(self, subscriber: Subscriber) -> list[Comment]:
        return latest_replies_to(
            email=subscriber.email, user_id=subscriber.user_id, limit=FEED_LENGTH
        )
