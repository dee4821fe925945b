"""The moderation rules every post reads — the settings row, the categories' rules and which
spam model is the newest — kept in this process's memory for one rules revision (issue 16).

Loading them from the database was a tenth of a post's time. Every save or delete of
ModerationSettings, CategoryPolicy or SpamModel draws a new `RulesRevision` token in the
same transaction (`bump_rules_revision`, called by the receivers `receivers.rules_changed`
and `receivers.spam_model_changed`, so the admin's viewsets, services, the worker's fit and
a shell's `save()` all count). `current_rules` reads that
token together with the publication revision in one indexed query and loads the rules again
when either changed: the publication revision too, because a category's rules are found by
the category page's path, which changes when the page moves. So a change made in any process
is obeyed by the next post in every process, as the revision in the publication's cache keys
does for reads.

The token is read before the rules: a change committed between the two is loaded under the
older token, and the next post, seeing the new one, loads once more. The rules kept are
shared by the process's threads: read them, never change them."""

import secrets
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from rejoinder.moderation.models import (
    CategoryPolicy,
    ModerationSettings,
    RulesRevision,
    SpamModel,
)
from rejoinder.publishing.models import PublicationRevision

_ROW = 1  # the one row of RulesRevision


@dataclass(frozen=True)
class Rules:
    config: ModerationSettings
    # Keyed by the category page's path: an article's category is its parent in the tree.
    by_category_path: dict[str, CategoryPolicy] = field(default_factory=dict)
    spam_model_id: int | None = None  # the newest fitted spam model, if any (moderation.spam)

    def for_category_path(self, path: str) -> CategoryPolicy | None:
        return self.by_category_path.get(path)


# (the revisions the rules were loaded under, the rules); replaced whole, so a thread reads
# either the old pair or the new one.
_kept: tuple[tuple, Rules] | None = None


@lru_cache(maxsize=1)
def _probe_sql() -> str:
    return (
        f"SELECT COALESCE((SELECT token FROM {RulesRevision._meta.db_table} WHERE id = 1), 0),"
        f" COALESCE((SELECT number FROM {PublicationRevision._meta.db_table} WHERE id = 1), 0)"
    )


def _revisions() -> tuple:
    # A bare cursor: this runs on every post, and the ORM's query building costs more than
    # the read itself.
    with connection.cursor() as cursor:
        cursor.execute(_probe_sql())
        return tuple(cursor.fetchone())


def _load() -> Rules:
    policies = CategoryPolicy.objects.annotate(category_path=F("category__path"))
    return Rules(
        config=ModerationSettings.load(),
        by_category_path={policy.category_path: policy for policy in policies},
        spam_model_id=SpamModel.objects.order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
        .first(),
    )


def current_rules() -> Rules:
    """The site's moderation settings and the categories' rules as committed (or as changed
    by the caller's own transaction): one small query while they are unchanged."""
    global _kept
    revisions = _revisions()
    kept = _kept
    if kept is not None and kept[0] == revisions:
        return kept[1]
    rules = _load()
    _kept = (revisions, rules)
    return rules


def bump_rules_revision() -> None:
    """Draw a new rules token (moderation.receivers.rules_changed, on every save or delete
    of the rules). Runs in the caller's transaction, so a process that reads the new token
    also reads the change."""
    token = secrets.randbits(62) + 1  # never 0, which stands for "no row yet"
    if RulesRevision.objects.filter(pk=_ROW).update(token=token):
        return
    try:  # the first change on this database (or one flushed since)
        with transaction.atomic():
            RulesRevision.objects.create(pk=_ROW, token=token)
    except IntegrityError:  # another process created it meanwhile
        RulesRevision.objects.filter(pk=_ROW).update(token=token)
