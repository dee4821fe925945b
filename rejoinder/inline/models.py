"""A comment's passage: the W3C selectors it was made with, and where it is now."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rejoinder.inline.anchoring import Selectors, TextPositionSelector, TextQuoteSelector


class Anchor(models.Model):
    """Ties a top-level comment to a passage of its article's body.

    The selectors (exact, prefix, suffix, start, end) are written once, over the body text
    of the revision the reader saw (`revision_id`), and never change. The `placed_*` fields
    cache where re-anchoring found the passage in the article's live revision: they are
    recomputed once when a new revision goes live (services.placements), not per view."""

    comment = models.OneToOneField(
        "discussion.Comment", on_delete=models.CASCADE, related_name="inline_anchor"
    )
    block_id = models.CharField(max_length=64, help_text=_("the body block it was made in"))
    exact = models.TextField()
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    start = models.PositiveIntegerField(help_text=_("code points into the body text"))
    end = models.PositiveIntegerField()
    # Wagtail revisions can be pruned; the id is a record, not a link that must hold.
    revision_id = models.PositiveBigIntegerField(null=True, blank=True)
    question = models.CharField(
        max_length=255, blank=True, help_text=_("the editors' question this comment answers")
    )

    placed_revision_id = models.PositiveBigIntegerField(null=True, blank=True)
    placed_block_id = models.CharField(max_length=64, blank=True)
    # Offsets within the placed block's text; empty when the passage is gone (orphaned).
    placed_start = models.PositiveIntegerField(null=True, blank=True)
    placed_end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("passage of a comment")

    def __str__(self) -> str:
        return self.exact[:60]

    @property
    def is_orphaned(self) -> bool:
        return self.placed_start is None

    @property
    def selectors(self) -> Selectors:
        return Selectors(
            quote=TextQuoteSelector(exact=self.exact, prefix=self.prefix, suffix=self.suffix),
            position=TextPositionSelector(start=self.start, end=self.end),
        )
