"""Which category's rules a discussion follows, and from when its age counts.

A thread under an article follows its category's rules (CategoryPolicy), its age counted
from the article's publication. A thread elsewhere follows the rules the app that placed it
says: the embed's sites each name a category whose rules their pages' discussions follow.
Moderation asks those apps through settings.THREAD_PLACEMENTS (dotted names of
`PlacementSource` objects), so it imports none of them — the embed builds on moderation,
never the reverse. A setting rather than a registry filled in some AppConfig.ready, as
COMMENT_SCREENING and THREAD_CLOSING are: the wiring reads in one file, does not hang on
the order apps load in, and a test swaps it with `settings`."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.db.models import Q
from django.utils.module_loading import import_string

from rejoinder.discussion.models import Thread
from rejoinder.moderation.models import CategoryPolicy
from rejoinder.moderation.rules import Rules, current_rules


@dataclass(frozen=True)
class Placement:
    policy: CategoryPolicy
    age_from: datetime  # when the discussion's age starts, for the policy's closing age


class PlacementSource(Protocol):
    def placement_of(self, thread: Thread, rules: Rules | None = None) -> Placement | None:
        """The rules `thread` follows, if this source placed it and gave it any. Cheap for
        a thread it did not place (no query), since every source is asked in turn. `rules`
        are the moderation rules the caller holds already, if it does (a post does)."""

    def threads_following(self, policy: CategoryPolicy) -> tuple[Q, str]:
        """Threads (a filter on Thread) that follow `policy`, and the Thread field (a
        lookup path) their age counts from, so the worker finds overdue ones in one query."""


class ArticlePlacement:
    """Threads under articles: their category is the article's parent in the page tree."""

    def placement_of(self, thread: Thread, rules: Rules | None = None) -> Placement | None:
        if not thread.article_id:
            return None
        article = thread.article
        policy = category_policy_for(article, rules=rules)
        return Placement(policy=policy, age_from=article.date) if policy else None

    def threads_following(self, policy: CategoryPolicy) -> tuple[Q, str]:
        category = policy.category
        under = Q(article__path__startswith=category.path, article__depth=category.depth + 1)
        return under, "article__date"


def category_policy_for(article, *, rules: Rules | None = None) -> CategoryPolicy | None:
    """The rule of the article's category, if it has one: the category is the article's
    parent in the page tree, found by its path without loading it, among the rules this
    process keeps (moderation.rules) or the caller read already."""
    return (rules or current_rules()).for_category_path(article.path[: -article.steplen])


ARTICLES = ArticlePlacement()


def placement_sources() -> list[PlacementSource]:
    return [ARTICLES, *(import_string(name) for name in settings.THREAD_PLACEMENTS)]


def placement_of(thread: Thread, *, rules: Rules | None = None) -> Placement | None:
    """The category rules `thread` follows, or None: the site-wide rules alone apply."""
    for source in placement_sources():
        if (placement := source.placement_of(thread, rules)) is not None:
            return placement
    return None
