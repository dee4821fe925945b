"""Receivers of the publication's announcements (Wagtail's signals), wired in
`InlineConfig.ready`."""

from rejoinder.inline.services import place_passages


def place_passages_on_publish(sender, *, instance, **kwargs) -> None:
    """A new revision goes live: find the commented passages in it now, not on a page view.
    (Wagtail announces a publish scheduled for later too: that one waits for going live.)"""
    if instance.live:
        place_passages(article=instance)
