"""Receivers of changes to the moderation rules, wired in `ModerationConfig.ready`. They call
actions; they never veto anything."""

from rejoinder.discussion.actions import renew_thread_pages
from rejoinder.moderation.models import ModerationSettings
from rejoinder.moderation.rules import bump_rules_revision


def rules_changed(sender, *, created: bool = False, **kwargs) -> None:
    """The site's moderation settings or a category's rules changed (from whichever admin,
    service or shell): every process's kept rules are retired (a new rules token), and,
    since a rule decides when a discussion shows closed, every thread's pages are renewed.
    Rules change rarely; a renewed page costs one render."""
    if sender is ModerationSettings and created:
        return  # made on first use with the defaults every process applied already
    bump_rules_revision()
    renew_thread_pages()


def spam_model_changed(sender, **kwargs) -> None:
    """The worker fitted a spam model or dropped an old one: the next post in every process
    scores with the newest (moderation.rules keeps its id). Pages show no spam score, so
    they stay as they are."""
    bump_rules_revision()
