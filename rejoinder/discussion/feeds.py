"""Atom feeds of comments: the whole site's latest, and one discussion's. Anyone may read
them, so they hold what the page shows anyone — published comments of public threads, their
sanitised HTML, the name each author gave — and never an address, a held comment or a
restricted page's discussion (queries.latest_published)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from rejoinder.discussion.models import Comment, Thread
from rejoinder.discussion.presenters import thread_url
from rejoinder.discussion.queries import latest_published, public_threads

FEED_LENGTH = 30


class CommentsFeed(Feed):
    """What every feed of comments shows of a comment; subclasses choose which comments."""

    feed_type = Atom1Feed

    def item_title(self, item: Comment) -> str:
        if item.parent_id:
            return _("%(author)s replied to %(parent)s on “%(title)s”") % {
                "author": item.author_name,
                "parent": item.parent.author_name,
                "title": item.thread.title,
            }
        return _("%(author)s on “%(title)s”") % {
            "author": item.author_name,
            "title": item.thread.title,
        }

    def item_description(self, item: Comment) -> str:
        return item.body_html  # sanitised when written, as the page shows it

    def item_link(self, item: Comment) -> str:
        # A path: the framework adds this request's scheme and host to every link.
        return reverse("discussion:permalink", args=[item.pk])

    def item_guid(self, item: Comment) -> str:
        return self.item_link(item)

    def item_author_name(self, item: Comment) -> str:
        return item.author_name

    def item_pubdate(self, item: Comment):
        return item.created_at

    def item_updateddate(self, item: Comment):
        return item.edited_at or item.created_at


class LatestCommentsFeed(CommentsFeed):
    def title(self) -> str:
        return _("Latest comments · %(site)s") % {"site": settings.WAGTAIL_SITE_NAME}

    def link(self) -> str:
        return "/"

    def subtitle(self) -> str:
        return _("The newest comments in every discussion on %(site)s") % {
            "site": settings.WAGTAIL_SITE_NAME
        }

    def items(self) -> list[Comment]:
        return latest_published(limit=FEED_LENGTH)


class ThreadCommentsFeed(CommentsFeed):
    def get_object(self, request: HttpRequest, thread_id: int) -> Thread:
        thread = public_threads().select_related("article").filter(pk=thread_id).first()
        if thread is None:
            raise Http404(_("There is no such discussion."))
        return thread

    def title(self, thread: Thread) -> str:
        return _("Comments on “%(title)s”") % {"title": thread.title}

    def link(self, thread: Thread) -> str:
        return thread_url(thread)

    def subtitle(self, thread: Thread) -> str:
        return _("The newest comments in the discussion of “%(title)s”") % {"title": thread.title}

    def items(self, thread: Thread) -> list[Comment]:
        return latest_published(thread=thread, limit=FEED_LENGTH)
