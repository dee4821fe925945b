"""How a thread reads: the order of conversations, replies under their parents, pages that
neither repeat nor skip a comment, and a cost that does not grow with the thread."""

from datetime import timedelta

import pytest

from rejoinder.discussion.actions import delete_comment, remove_comment, set_featured, vote
from rejoinder.discussion.models import Comment
from rejoinder.discussion.queries import cursor_of, page_holding, thread_page
from rejoinder.discussion.ranking import Sort, sort_key
from tests.conftest import a_guest, guest_reader

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("unscreened"),
]


def bodies(nodes) -> list[str]:
    return [node.comment.body for node in nodes]


def give_score(comment, score: int) -> None:
    """Real votes from strangers until the comment has `score`."""
    for n in range(abs(score)):
        vote(comment=comment, voter=guest_reader(f"stranger-{n}"), value=1 if score > 0 else -1)
    comment.refresh_from_db()


def walk(thread, sort, *, limit, cursor=None) -> list[list[str]]:
    """Every page a reader gets by following "more comments", as lists of bodies."""
    pages = []
    while True:
        page = thread_page(thread=thread, sort=sort, cursor=cursor, limit=limit)
        pages.append(bodies(page.roots))
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


def descendants(node) -> list:
    return [d for reply in node.replies for d in [reply, *descendants(reply)]]


# Order -------------------------------------------------------------------------------------

# name: (minute posted, score). B and C share a minute; A, C and E share the top score.
CONVERSATIONS = {"A": (0, 2), "B": (1, 0), "C": (1, 2), "D": (2, -1), "E": (3, 2)}


@pytest.fixture
def conversations(say, another_guest):
    for name, (minute, score) in CONVERSATIONS.items():
        give_score(say(name, by=another_guest, at=minute), score)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort.NEWEST, ["E", "D", "C", "B", "A"]),
        (Sort.OLDEST, ["A", "B", "C", "D", "E"]),
        # Equal scores: the newer first. Equal minutes: the later posted first.
        (Sort.MOST_VOTED, ["E", "C", "A", "B", "D"]),
    ],
    ids=["newest", "oldest", "voted"],
)
def test_conversations_in_the_order_the_reader_chose(thread, conversations, sort, expected):
    assert bodies(thread_page(thread=thread, sort=sort).roots) == expected


@pytest.mark.parametrize("sort", list(Sort))
def test_replies_always_read_in_the_order_they_came(thread, say, guest, another_guest, sort):
    opening = say("Close it.", at=0)
    first = say("First.", by=another_guest, at=1, reply_to=opening)
    second = say("Second.", by=another_guest, at=2, reply_to=opening)
    say("Under first.", by=guest, at=3, reply_to=first)
    say("Third.", by=another_guest, at=4, reply_to=opening)
    give_score(second, 3)

    (root,) = thread_page(thread=thread, sort=sort).roots

    assert bodies(root.replies) == ["First.", "Second.", "Third."]
    assert bodies(root.replies[0].replies) == ["Under first."]


def test_a_reply_stamped_before_its_parent_still_shows_under_it(thread, say, another_guest):
    """App servers' clocks differ by a little: a quick answer can carry an earlier time
    than the comment it answers."""
    opening = say("Close it.", at=0)
    answer = say("Why?", by=another_guest, at=5, reply_to=opening)
    say("Traffic.", at=4.99, reply_to=answer)

    (root,) = thread_page(thread=thread, sort=Sort.NEWEST).roots

    assert bodies(root.replies) == ["Why?"]
    assert bodies(root.replies[0].replies) == ["Traffic."]


# Display depth -----------------------------------------------------------------------------


@pytest.fixture
def chain(say, clock):
    """A conversation eight deep, each reply by a new voice, answering the one before."""
    comments = [say("Level 0", by=a_guest("Speaker0"), at=0)]
    for level in range(1, 8):
        comments.append(
            say(f"Level {level}", by=a_guest(f"Speaker{level}"), at=level, reply_to=comments[-1])
        )
    return comments


def test_past_the_display_depth_replies_line_up_under_the_last_nesting_level(
    settings, thread, say, chain
):
    settings.COMMENT_DISPLAY_DEPTH = 5
    # Another answer to level 4, between levels 6 and 7 in time.
    say("Aside to 4", by=a_guest("Aside"), at=6.5, reply_to=chain[4])

    (node,) = thread_page(thread=thread, sort=Sort.NEWEST).roots
    for level in range(4):
        assert (node.comment.body, node.display_depth) == (f"Level {level}", level)
        (node,) = node.replies
    level_4 = node

    assert level_4.comment.body == "Level 4"
    assert [
        (reply.comment.body, reply.display_depth, reply.parent_name) for reply in level_4.replies
    ] == [
        ("Level 5", 5, "Speaker4"),
        ("Level 6", 5, "Speaker5"),
        ("Aside to 4", 5, "Speaker4"),
        ("Level 7", 5, "Speaker6"),
    ]
    assert all(reply.replies == [] for reply in level_4.replies)


@pytest.mark.parametrize(
    ("display_depth", "shown_at"),
    [
        (1, [0, 1, 1, 1, 1, 1, 1, 1]),
        (3, [0, 1, 2, 3, 3, 3, 3, 3]),
        (5, [0, 1, 2, 3, 4, 5, 5, 5]),
        (8, [0, 1, 2, 3, 4, 5, 6, 7]),
    ],
)
def test_the_display_depth_setting_caps_nesting(settings, thread, chain, display_depth, shown_at):
    settings.COMMENT_DISPLAY_DEPTH = display_depth

    (root,) = thread_page(thread=thread, sort=Sort.NEWEST).roots
    seen, stack = {}, [root]
    while stack:
        node = stack.pop()
        seen[node.comment.body] = node.display_depth
        stack.extend(node.replies)

    assert [seen[f"Level {level}"] for level in range(8)] == shown_at


# Placeholders ------------------------------------------------------------------------------


def test_a_taken_away_comment_shows_only_while_it_holds_up_replies(
    thread, say, guest, another_guest, clock
):
    held = say("Close it.", by=guest, at=0)
    say("Why?", by=another_guest, at=1, reply_to=held)
    alone = say("Keep it.", by=guest, at=2)
    removed = say("Spam, really.", by=another_guest, at=3)
    delete_comment(comment=held, deleter=guest.reader, now=clock(4))
    delete_comment(comment=alone, deleter=guest.reader, now=clock(4))
    remove_comment(comment=removed)

    page = thread_page(thread=thread, sort=Sort.OLDEST)

    (placeholder,) = page.roots
    assert placeholder.comment.pk == held.pk and placeholder.comment.is_tombstone
    assert bodies(placeholder.replies) == ["Why?"]


# Pages -------------------------------------------------------------------------------------

# Ten conversations with shared minutes and shared scores, so every tie-break is exercised.
MINUTES = [0, 0, 0, 1, 1, 2, 3, 3, 3, 4]
SCORES = [1, 0, 1, 2, 1, 0, 1, 1, 0, 2]


@pytest.fixture
def ten_conversations(thread, say, guest, another_guest, clock):
    """Ten listed conversations (one a placeholder holding up a reply), a reply under each
    of the first two, and a deleted comment that must never be listed."""
    listed = []
    for n, (minute, score) in enumerate(zip(MINUTES, SCORES, strict=True)):
        comment = say(f"C{n}", by=another_guest, at=minute)
        give_score(comment, score)
        listed.append(comment)
    say("A reply, not a conversation.", by=guest, at=5, reply_to=listed[0])
    say("Holding up C1.", by=guest, at=5, reply_to=listed[1])
    delete_comment(comment=listed[1], deleter=another_guest.reader, now=clock(5))
    gone = say("Gone", by=guest, at=5)
    delete_comment(comment=gone, deleter=guest.reader, now=clock(6))
    return listed


def in_order(comments, sort) -> list[str]:
    return [
        c.body
        for c in sorted(
            comments,
            key=lambda c: sort_key(sort, score=c.score, created=c.created_at, id=c.pk),
        )
    ]


# Page sizes as "more comments" shows them: the last page is never empty.
PAGINGS = {3: [3, 3, 3, 1], 5: [5, 5], 20: [10]}


@pytest.mark.parametrize("sort", list(Sort))
def test_following_the_pages_shows_every_conversation_once_in_order(
    thread, ten_conversations, sort
):
    expected = in_order(ten_conversations, sort)

    for limit, sizes in PAGINGS.items():
        pages = walk(thread, sort, limit=limit)
        assert [len(page) for page in pages] == sizes, limit
        assert [body for page in pages for body in page] == expected, limit


@pytest.mark.parametrize("sort", list(Sort))
def test_new_comments_while_reading_neither_repeat_nor_hide_older_ones(
    thread, ten_conversations, say, sort
):
    first = thread_page(thread=thread, sort=sort, limit=3)
    say("Breaking news.", at=10)
    rest = walk(thread, sort, limit=3, cursor=first.next_cursor)

    seen = bodies(first.roots) + [body for page in rest for body in page]
    assert len(seen) == len(set(seen))
    assert {c.body for c in ten_conversations} <= set(seen)


@pytest.mark.parametrize("sort", list(Sort))
def test_a_page_can_start_at_a_given_conversation(thread, ten_conversations, sort):
    order = in_order(ten_conversations, sort)
    fifth = next(c for c in ten_conversations if c.body == order[4])

    from_it = thread_page(thread=thread, sort=sort, cursor=cursor_of(fifth), inclusive=True)
    after_it = thread_page(thread=thread, sort=sort, cursor=cursor_of(fifth))

    assert bodies(from_it.roots) == order[4:]
    assert bodies(after_it.roots) == order[5:]


@pytest.mark.parametrize("sort", list(Sort))
def test_a_link_to_a_reply_opens_the_page_of_its_conversation(
    thread, ten_conversations, say, another_guest, sort
):
    conversation = next(
        c for c in ten_conversations if c.body == in_order(ten_conversations, sort)[6]
    )
    answer = say("Why?", by=another_guest, at=7, reply_to=conversation)
    deep = say("Because.", at=8, reply_to=answer)

    page = thread_page(thread=thread, sort=sort, cursor=page_holding(deep), inclusive=True, limit=3)

    assert page.roots[0].comment.pk == conversation.pk
    assert deep.pk in page.comment_ids
    assert page_holding(conversation) == cursor_of(conversation)


# Featured conversations --------------------------------------------------------------------

FEATURED_PAGE = 4


@pytest.mark.parametrize(
    "featured",
    [0, 2, FEATURED_PAGE, FEATURED_PAGE + 3],
    ids=["none", "a-few", "exactly-a-page", "more-than-a-page"],
)
@pytest.mark.parametrize("sort", list(Sort))
def test_featured_conversations_open_every_sort_and_every_one_shows_once(
    thread, ten_conversations, say, guest, sort, featured, django_assert_max_num_queries
):
    for comment in ten_conversations[:featured]:
        set_featured(comment=comment, featured=True)
    say("Under a featured one.", by=guest, at=9, reply_to=ten_conversations[0])
    listed = Comment.objects.filter(thread=thread, parent__isnull=True, is_listed=True)
    pinned = sorted(
        listed.filter(featured_at__isnull=False),
        key=lambda c: (c.featured_at, c.pk),
        reverse=True,
    )
    expected = [c.body for c in pinned] + in_order(listed.filter(featured_at__isnull=True), sort)

    pages, cursor = [], None
    while True:
        with django_assert_max_num_queries(2):
            page = thread_page(thread=thread, sort=sort, cursor=cursor, limit=FEATURED_PAGE)
        pages.append(page)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor

    shown = [body for page in pages for body in bodies(page.roots)]
    assert shown == expected
    assert [len(page.roots) for page in pages[:-1]] == [FEATURED_PAGE] * (len(pages) - 1)
    assert 0 < len(pages[-1].roots) <= FEATURED_PAGE
    # A featured conversation comes with its replies, on whichever page it falls.
    first = next(root for page in pages for root in page.roots if root.comment.body == "C0")
    assert [reply.comment.body for reply in first.replies] == [
        "A reply, not a conversation.",
        "Under a featured one.",
    ]


# Cost --------------------------------------------------------------------------------------


def fill(thread, *, conversations: int, replies_each: int, start) -> None:
    """A big thread, written straight to the table: `conversations` top-level comments,
    each with a chain of `replies_each` replies."""

    def comment(n, *, parent=None):
        return Comment(
            thread=thread,
            parent=parent,
            root=parent and (parent.root or parent),
            depth=parent.depth + 1 if parent else 0,
            reader_key=f"reader-{n % 7}",
            avatar_seed=f"seed-{n % 7}",
            author_name=f"Reader {n % 7}",
            body=f"Comment {n}",
            body_html=f"<p>Comment {n}</p>",
            created_at=start + timedelta(seconds=n),
        )

    layer = Comment.objects.bulk_create(comment(n) for n in range(conversations))
    for level in range(replies_each):
        layer = Comment.objects.bulk_create(
            comment(conversations * (level + 1) + n, parent=parent)
            for n, parent in enumerate(layer)
        )


@pytest.mark.parametrize(("conversations", "replies_each"), [(5, 0), (100, 2)], ids=["5", "300"])
@pytest.mark.parametrize("sort", list(Sort))
def test_a_page_costs_the_same_two_queries_however_big_the_thread(
    thread, say, member, clock, django_assert_max_num_queries, conversations, replies_each, sort
):
    fill(thread, conversations=conversations, replies_each=replies_each, start=clock(0))
    # A signed-in reader opens and closes the thread, so they are on every first page: their
    # account comes in the same query, not in one more per comment.
    say("First word.", by=member, at=-1)
    give_score(say("Last word.", by=member, at=60 * 24), 1)

    with django_assert_max_num_queries(2):
        page = thread_page(thread=thread, sort=sort)
        shown = [
            (node.comment.author_name, node.comment.user and node.comment.user.get_full_name())
            for root in page.roots
            for node in [root, *descendants(root)]
        ]

    assert len(page.roots) == min(20, conversations + 2)
    assert ("Inès Duarte", "Inès Duarte") in shown
    assert {len(descendants(root)) for root in page.roots if root.comment.user is None} == {
        replies_each
    }
