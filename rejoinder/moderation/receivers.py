"""Receivers of changes to the moderation rules, wired in `ModerationConfig.ready`. They call
actions; they never veto anything."""

from rejoinder.discussion.actions import renew_thread_pages
from rejoinder.moderation.models import ModerationSettings


def renew_pages_after_rules_change(sender, *, created: bool = False, **kwargs) -> None:
    """The site's moderation settings or a category's rules changed (from whichever admin):
    a rule decides when a discussion shows closed, so every thread's pages are renewed.
    Rules change rarely; a renewed page costs one render."""
    if sender is ModerationSettings and created:
        return  # made on first use with the defaults the policy applied already
    renew_thread_pages()
