"""Inline feedback's rules: checking a reader's passage before their comment is posted, and
finding every passage again in the article's live text, once per revision."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from rejoinder.discussion.errors import DiscussionError
from rejoinder.discussion.models import Comment, CommentState, Thread
from rejoinder.inline.anchoring import (
    Selectors,
    TextPositionSelector,
    TextQuoteSelector,
    anchor,
    describe,
    normalise,
)
from rejoinder.inline.body import Body, article_body
from rejoinder.inline.models import Anchor

PLACEMENT_FIELDS = ["placed_revision_id", "placed_block_id", "placed_start", "placed_end"]


class InvalidPassage(DiscussionError):
    pass


@dataclass(frozen=True)
class Passage:
    """A reader's passage, checked against the article's live text, ready to be saved with
    the comment about it (in the comment's transaction: see `attach`)."""

    block_id: str
    selectors: Selectors
    block_start: int
    block_end: int
    revision_id: int | None
    question: str

    def attach(self, comment: Comment) -> Anchor:
        """Save the passage for `comment`; post_comment calls this inside its transaction."""
        quote, position = self.selectors.quote, self.selectors.position
        return Anchor.objects.create(
            comment=comment,
            block_id=self.block_id,
            exact=quote.exact,
            prefix=quote.prefix,
            suffix=quote.suffix,
            start=position.start,
            end=position.end,
            revision_id=self.revision_id,
            question=self.question,
            # Made on the live text, so it is already placed there.
            placed_revision_id=self.revision_id,
            placed_block_id=self.block_id,
            placed_start=self.block_start,
            placed_end=self.block_end,
        )


def _parse(passage: str) -> tuple[str, tuple[int, int] | None]:
    """'<block id>' for a whole block, '<block id>:<start>:<end>' for part of one."""
    block_id, *offsets = passage.split(":")
    if not offsets:
        return block_id, None
    if len(offsets) != 2 or not all(part.isdecimal() for part in offsets):
        raise InvalidPassage(_("The passage you chose could not be read. Please select it again."))
    return block_id, (int(offsets[0]), int(offsets[1]))


def check_passage(
    *, thread: Thread, passage: str, quote: str = "", parent: Comment | None = None
) -> Passage | None:
    """The passage a new comment is about (None when it is about the whole article).

    `quote` is the text the reader saw selected: if the article changed since they opened
    it, the passage is looked for again, and refused only if it is gone."""
    if not passage:
        return None
    if parent is not None:
        raise InvalidPassage(_("A reply is about the comment it answers, not about a passage."))
    if thread.article_id is None:
        raise InvalidPassage(_("This discussion is not under an article."))
    article = thread.article
    body = article_body(article)
    block_id, offsets = _parse(passage)
    block = body.block(block_id)
    if block is not None and not block.commentable:
        block = None
    start, end = offsets or (0, len(block.text) if block else 0)
    if block is not None and not 0 <= start < end <= len(block.text):
        raise InvalidPassage(_("The passage you chose could not be read. Please select it again."))
    quote = normalise(quote.strip())
    if len(quote) > max((len(item.text) for item in body.blocks if item.commentable), default=0):
        # A passage lies within one paragraph; a longer quote cannot be in the article, and
        # looking for it would cost time in proportion to its length.
        raise InvalidPassage(
            _("That passage is longer than any paragraph of the article. Select part of one.")
        )
    if block is None or (quote and quote != block.text[start:end].strip()):
        # The article changed since the reader opened it: look for what they saw.
        hint = block.start + start if block else 0
        position = TextPositionSelector(start=hint, end=hint + len(quote))
        found = anchor(body.text, Selectors(TextQuoteSelector(exact=quote), position))
        located = body.locate(*found) if found else None
        if located is None:
            raise InvalidPassage(
                _("That passage is no longer in the article. Reload the page and choose it again.")
            )
        block, start, end = located
    # Whitespace at the edges of a selection is not part of what the reader meant.
    text = block.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise InvalidPassage(_("Select some words of the article to comment on."))
    return Passage(
        block_id=block.id,
        selectors=describe(body.text, block.start + start, block.start + end),
        block_start=start,
        block_end=end,
        revision_id=article.live_revision_id,
        question=block.question,
    )


@dataclass
class PlacedPassage:
    """A passage of the live article that readers commented on, with their comments."""

    key: str
    block_id: str
    start: int
    end: int
    comment_ids: list[int] = field(default_factory=list)


def _place(anchors: list[Anchor], body: Body, revision_id: int | None) -> None:
    """Find each anchor's passage in `body` (the text of revision `revision_id`), in memory."""
    for item in anchors:
        found = anchor(body.text, item.selectors)
        located = body.locate(*found) if found else None
        item.placed_revision_id = revision_id
        item.placed_block_id = located[0].id if located else ""
        item.placed_start, item.placed_end = located[1:] if located else (None, None)


def place_passages(*, article) -> None:
    """Find every passage readers commented on in `article`'s live revision and save where
    it is now, once per revision: publishing calls this (inline.receivers), so that serving
    the article only reads. What the discussion shows changes with it ("on an earlier
    version"), so the thread's cached pages are renewed."""
    thread_id = Thread.objects.filter(article_id=article.pk).values_list("pk", flat=True).first()
    if thread_id is None or not article.live_revision_id:
        return
    anchors = list(
        Anchor.objects.filter(comment__thread_id=thread_id)
        .exclude(placed_revision_id=article.live_revision_id)
        .only("comment_id", "exact", "prefix", "suffix", "start", "end", *PLACEMENT_FIELDS)
    )
    if not anchors:
        return
    _place(anchors, article_body(article), article.live_revision_id)
    with transaction.atomic():
        Anchor.objects.bulk_update(anchors, PLACEMENT_FIELDS)
        Thread.objects.filter(pk=thread_id).update(revision=F("revision") + 1)


def placed_passages(
    *, article, thread: Thread, body: Body, preview: bool = False
) -> dict[str, list[PlacedPassage]]:
    """The commented passages of `body`, by block id, in reading order within each block.
    Only reads: passages are placed in each new revision when it is published
    (`place_passages`). A preview shows a draft, and one not placed yet (an article published
    before that hook, a comment that raced a publish) is found again here, in memory."""
    anchors = list(
        Anchor.objects.filter(comment__thread=thread, comment__state=CommentState.VISIBLE)
        .only("comment_id", "exact", "prefix", "suffix", "start", "end", *PLACEMENT_FIELDS)
        .order_by("comment_id")
    )
    revision_id = None if preview else article.live_revision_id
    _place(
        [item for item in anchors if preview or item.placed_revision_id != revision_id],
        body,
        revision_id,
    )

    grouped: dict[tuple[str, int, int], PlacedPassage] = {}
    for item in anchors:
        if item.is_orphaned:
            continue
        spot = (item.placed_block_id, item.placed_start, item.placed_end)
        if spot not in grouped:
            grouped[spot] = PlacedPassage(f"p{len(grouped) + 1}", *spot)
        grouped[spot].comment_ids.append(item.comment_id)
    by_block: dict[str, list[PlacedPassage]] = defaultdict(list)
    for passage in sorted(grouped.values(), key=lambda passage: (passage.start, passage.end)):
        by_block[passage.block_id].append(passage)
    return by_block


def passage_comments(*, thread: Thread, comment_ids: list[int]) -> list[Comment]:
    """The visible inline comments among `comment_ids`, oldest first (one query)."""
    return list(
        Comment.objects.filter(
            thread=thread, pk__in=comment_ids, state=CommentState.VISIBLE, parent__isnull=True
        )
        .select_related("inline_anchor")
        .order_by("created_at", "pk")
    )


def find_passage(*, thread: Thread, exact: str) -> Passage:
    """The first passage of the thread's article that reads `exact`: for the demo loader and
    importers, which know a passage by its words rather than by a reader's selection."""
    article = thread.article
    # The caller's page object may predate its own publication (Wagtail publishes a copy).
    article.refresh_from_db(fields=["live_revision"])
    for block in article_body(article).blocks:
        if block.commentable and (start := block.text.find(normalise(exact))) != -1:
            spot = f"{block.id}:{start}:{start + len(normalise(exact))}"
            return check_passage(thread=thread, passage=spot, quote=exact)
    raise InvalidPassage(_("That passage is no longer in the article."))
