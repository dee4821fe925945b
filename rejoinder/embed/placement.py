"""The category rules an external page's discussion follows: its site's choice
(Site.category_policy), given to moderation through settings.THREAD_PLACEMENTS
(moderation/placement.py), so moderation never imports the embed. A thread's age, for a
rule that closes discussions after some days, counts from its creation — the page's first
comment —, since when the host published its page is not ours to know."""

from django.db.models import Q

from rejoinder.discussion.models import Thread
from rejoinder.moderation.models import CategoryPolicy
from rejoinder.moderation.placement import Placement
from rejoinder.moderation.rules import Rules


class ExternalPagePlacement:
    def placement_of(self, thread: Thread, rules: Rules | None = None) -> Placement | None:
        # `rules` do not hold the sites' choices: those are read from the site.
        if thread.article_id:
            return None  # under an article: its category's rules, not a site's
        policy = CategoryPolicy.objects.filter(embedding_sites__pages__thread=thread).first()
        return Placement(policy=policy, age_from=thread.created_at) if policy else None

    def threads_following(self, policy: CategoryPolicy) -> tuple[Q, str]:
        return Q(external_page__site__category_policy=policy), "created_at"


EXTERNAL_PAGES = ExternalPagePlacement()
