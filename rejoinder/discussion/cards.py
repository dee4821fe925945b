"""Each comment's card (its <article>: author, date, body, votes, reply, share and report),
rendered once and kept in this process for as long as nothing it shows changes.

A new comment moves its thread's revision, so the next reader of each of the thread's kept
pages waits for a whole page to render again: measured (issue 16), 27 ms for a first page of
20 conversations, most of it Django rendering the same cards as before. With the cards kept,
that render draws only the new or changed ones.

A card is drawn from its own context and nothing else (not the page's), and is kept under
every value that context holds, so a kept card is what rendering it afresh would give:
changing what comment_card.html shows means changing `_card_key` with it. Process memory, not
the shared cache: the shared cache's entries are pages, and cards would evict them."""

from collections import OrderedDict
from threading import Lock

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from rejoinder.discussion.queries import CommentNode

# What a process keeps, in characters of the cards and their keys (plus ENTRY_OVERHEAD each):
# a first page of 20 conversations with their first replies shown is up to ~220 cards of
# ~3.5 KB, so this holds the first pages of about ten busy discussions at once. A page is
# drawn card by card, in order: a budget smaller than the pages read in turn would keep
# none of them.
CARD_BUDGET = 8_000_000
# The key's tuple, its datetimes and the entry in the ordered dict, roughly, in characters.
ENTRY_OVERHEAD = 500


class _KeptCards:
    """The most recently used cards within CARD_BUDGET characters. Written here rather than
    on Django's local-memory cache, which bounds the number of entries whatever their size,
    wants string keys (a digest of every key) and pickles every value on the way in and out."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self.cards: OrderedDict[tuple, tuple[SafeString, int]] = OrderedDict()
        self.lock = Lock()

    def get(self, key: tuple) -> SafeString | None:
        with self.lock:
            kept = self.cards.get(key)
            if kept is None:
                return None
            self.cards.move_to_end(key)
            return kept[0]

    def put(self, key: tuple, html: SafeString, size: int) -> None:
        with self.lock:
            if key in self.cards:
                return
            self.cards[key] = (html, size)
            self.size += size
            while self.size > self.budget and self.cards:
                _key, (_html, dropped) = self.cards.popitem(last=False)
                self.size -= dropped

    def clear(self) -> None:
        with self.lock:
            self.cards.clear()
            self.size = 0


kept_cards = _KeptCards(CARD_BUDGET)


def _card_key(node: CommentNode, *, parent_id: int | None, closed: bool, by_author: bool) -> tuple:
    """Every value comment_card.html shows, and what its text and links depend on."""
    comment = node.comment
    anchor = getattr(comment, "inline_anchor", None)  # absent: no passage
    staff = comment.user_id is not None and not by_author and comment.user.is_staff
    passage = anchor and (
        anchor.comment_id,
        anchor.question,
        anchor.exact,
        anchor.placed_block_id,
        anchor.is_orphaned,
    )
    return (
        get_language(),
        get_current_timezone_name(),
        get_script_prefix(),
        get_urlconf(),
        comment.pk,
        comment.state,
        comment.avatar_seed,
        comment.author_website,
        comment.author_name,
        by_author,
        staff,
        comment.featured_at,
        comment.parent_id,
        comment.created_at,
        comment.edited_at,
        comment.body_html,
        comment.upvotes,
        comment.downvotes,
        comment.score,
        passage,
        node.parent_name,
        parent_id,
        closed,
    )


def _characters(key: tuple) -> int:
    """Characters of the strings in `key`, the passage's among them."""
    return sum(
        len(part) if isinstance(part, str) else _characters(part) if isinstance(part, tuple) else 0
        for part in key
    )


def comment_card(
    node: CommentNode, *, parent_id: int | None, closed: bool, article_author_id: int | None
) -> SafeString:
    """The card of `node`'s comment; `parent_id` is the comment its "Reply to" links to."""
    context = {
        "comment": node.comment,
        "node": node,
        "parent_id": parent_id,
        "closed": closed,
        "article_author_id": article_author_id,
    }
    # Under the development server, a template edited meanwhile is read again: so are cards.
    if settings.DEBUG:
        return mark_safe(render_to_string("discussion/comment_card.html", context))
    by_author = bool(article_author_id) and node.comment.user_id == article_author_id
    key = _card_key(node, parent_id=parent_id, closed=closed, by_author=by_author)
    if (html := kept_cards.get(key)) is None:
        html = mark_safe(render_to_string("discussion/comment_card.html", context))
        kept_cards.put(key, html, len(html) + _characters(key) + ENTRY_OVERHEAD)
    return html


@receiver(setting_changed)
def _forget_cards(**kwargs) -> None:
    """A test's changed setting may change what a card shows in ways its key cannot see
    (the URLconf, the templates)."""
    kept_cards.clear()
