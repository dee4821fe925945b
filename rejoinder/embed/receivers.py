"""Receivers of changes to embedding sites, wired in `EmbedConfig.ready`. They call
actions; they never veto anything."""

from rejoinder.discussion.actions import renew_thread_pages
from rejoinder.embed.queries import site_threads


def renew_pages_after_site_change(sender, *, instance, created: bool = False, **kwargs) -> None:
    """A site was edited (from whichever admin): the category whose rules its discussions
    follow may have changed, and a rule decides when a discussion shows closed, so the
    site's thread pages are renewed. Sites change rarely; a renewed page costs one render.
    (A change to the rules themselves renews every thread: moderation.receivers.)"""
    if not created:
        renew_thread_pages(threads=site_threads(instance))
