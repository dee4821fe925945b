"""Receivers of the publication's announcements (Wagtail's signals), wired in
`DiscussionConfig.ready`. They call actions; they never veto anything."""

from wagtail.models import Page

from rejoinder.discussion.actions import open_article_thread, renew_thread_pages
from rejoinder.discussion.models import Thread


def open_thread_on_publish(sender, *, instance, **kwargs) -> None:
    """An article's discussion opens when it goes live, so that reading it never writes.
    (Wagtail announces a publish scheduled for later too: that one waits for going live.)"""
    if instance.live:
        open_article_thread(article=instance)


def renew_pages_on_unpublish(sender, *, instance, **kwargs) -> None:
    """An article taken down: its discussion is no longer reachable (queries.reachable), and
    the pages of it kept for readers without an identity (shared_reads, the API's) hold while
    the thread's revision does, which nothing else of the takedown moves. A new revision
    sends their next reader through the view, which finds no such discussion."""
    renew_thread_pages(threads=Thread.objects.filter(article_id=instance.pk))


def renew_pages_under_restriction(sender, *, instance, **kwargs) -> None:
    """A view restriction set or changed on a page: its articles' discussions, and those of
    the pages under it, are now read only by readers it lets in (queries.shown_to), and a
    page of them kept for readers without an identity must not be served past the change."""
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:
        renew_thread_pages(threads=Thread.objects.filter(article__path__startswith=page.path))


def renew_pages_of_author(sender, *, instance, **kwargs) -> None:
    """An author's profile changed, perhaps the account it belongs to: the comments of that
    account carry the "Author" mark on the pages of the author's articles."""
    renew_thread_pages(threads=Thread.objects.filter(article__author=instance))
