"""Generate large discussions quickly, for benchmarks and for trying the site at scale.

    rejoinder manage generate_thread --article new --comments 100000 --reply-share 0.3
    rejoinder manage generate_thread --article my-article-slug --comments 500 --seed 7
    rejoinder manage generate_thread --article new --threads 200 --comments 20 --json

This is the documented BULK path, not the reader's write path: `actions.post_comment` costs a
transaction and a counter update per comment, which would make a 100,000-comment thread take
minutes. Here comments are built in memory and written with `bulk_create` in batches inside one
transaction, with the same fields `post_comment` would set (thread, parent, root, depth, reader
key, avatar seed, rendered body, visible and listed), and the thread's counter and revision are
set once at the end. What it does not do: send the `comment_posted` signal (nobody needs
notifying of made-up comments) or create `Vote` rows (the vote counts are spread over the
comments directly, so a recount of votes would not match them).

The shape is deterministic for a given --seed: replies answer one of the few dozen comments
just before them, as conversations do, so every page of the thread carries about the same
share of replies.
"""

import json
import random
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from wagtail.rich_text import RichText

from rejoinder.discussion.actions import normalise_email
from rejoinder.discussion.avatars import avatar_seed
from rejoinder.discussion.identity import reader_key
from rejoinder.discussion.markup import render_comment
from rejoinder.discussion.models import Comment, CommentState, Thread
from rejoinder.discussion.queries import thread_for_article
from rejoinder.publishing.models import ArticlePage, CategoryPage

BATCH_SIZE = 2_000
# Replies answer one of this many comments before them: nearby in time, as in a live thread.
REPLY_WINDOW = 40
READERS = 240
BODIES = 36
# Generated comments are spread over this span, ending now.
SPAN = timedelta(days=30)

_FIRST = ["Ada", "Bryn", "Cai", "Dara", "Emrys", "Fen", "Gwen", "Hal", "Ines", "Jory", "Kit"]
_LAST = ["Abbott", "Barlow", "Carne", "Dunmore", "Ellery", "Fairlie", "Gower", "Hale", "Iles"]
_SENTENCES = [
    "I read this twice and I still think the council has the numbers the wrong way round.",
    "The consultation closed before most of the people it affects had heard of it.",
    "Fair point about the buses, but nobody has costed the evening services yet.",
    "My street was resurfaced last spring and the drains are already blocked again.",
    "This is the first piece I have seen that actually *asks the tenants* what they want.",
    "The report is public: [the full minutes](https://example.org/minutes) are worth reading.",
    "We tried the same scheme in 2019 and it was quietly dropped after eight months.",
    "Could the paper publish the underlying figures? Percentages alone hide a lot.",
    "**Strongly agree.** The harbour has been treated as an afterthought for years.",
    "I am not convinced; the same argument was made about the tram and it was wrong then.",
    "Small businesses on the front will feel this first, and they were not consulted.",
    "Thanks for covering this. Local reporting like this is why I subscribe.",
    "The budget line for maintenance is `0` in two of the last three years.",
    "Worth remembering that the previous administration promised exactly the same thing.",
    "As a cyclist I would welcome it, as a parent doing the school run less so.",
    "Does anyone know whether the drop-in sessions will be recorded for those who work days?",
]


@dataclass(frozen=True)
class _Reader:
    name: str
    email: str
    key: str
    avatar: str


@dataclass(frozen=True)
class Generated:
    """What one generated thread amounts to, as printed with --json."""

    article_id: int
    article_url: str
    thread_id: int
    comments: int
    replies: int
    first_comment_id: int
    last_comment_id: int


def _readers(rng: random.Random) -> list[_Reader]:
    readers = []
    for number in range(READERS):
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        email = f"reader{number}@example.org"
        readers.append(
            _Reader(
                name=name,
                email=email,
                key=reader_key(cookie_id=f"generated-{number}"),
                avatar=avatar_seed(email=email, user_id=None, secret=settings.SECRET_KEY),
            )
        )
    return readers


def _bodies(rng: random.Random) -> list[tuple[str, str]]:
    """A few dozen (Markdown, HTML) bodies of varied length, each rendered once: rendering is
    the costly part of a comment, and real threads repeat nothing, but pages only output the
    stored HTML, so reuse does not flatter reads."""
    bodies = []
    for number in range(BODIES):
        paragraphs = []
        for _ in range(1 + number % 3):
            paragraphs.append(" ".join(rng.sample(_SENTENCES, 1 + rng.randrange(3))))
        if number % 7 == 3:
            paragraphs.insert(0, "> " + rng.choice(_SENTENCES))
        text = "\n\n".join(paragraphs)
        bodies.append((text, render_comment(text)))
    return bodies


def plan(*, comments: int, reply_share: float, rng: random.Random) -> list[int | None]:
    """For each comment in the order written, the index of the comment it answers (None for a
    top-level one). Exactly round(comments * reply_share) are replies; the first never is."""
    replies = min(round(comments * reply_share), max(comments - 1, 0))
    reply_at = set(rng.sample(range(1, comments), replies)) if replies else set()
    return [
        rng.randrange(max(0, index - REPLY_WINDOW), index) if index in reply_at else None
        for index in range(comments)
    ]


def new_article(*, comments: int, category: CategoryPage | None = None) -> ArticlePage:
    """A published article to hang a generated thread on, under the first category."""
    category = category or CategoryPage.objects.order_by("path").first()
    if category is None:
        raise CommandError(
            "There is no category to put the article in: run `rejoinder setup` first "
            "(it loads the demo publication), or create a category in the admin."
        )
    title = f"Generated thread of {comments:,} comments"
    base = slugify(title)
    taken = set(
        ArticlePage.objects.child_of(category)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    article = ArticlePage(
        title=title,
        slug=slug,
        standfirst=f"A thread of {comments:,} generated comments, for benchmarks.",
        body=[("paragraph", RichText("<p>The comments below were generated.</p>"))],
    )
    category.add_child(instance=article)
    article.save_revision().publish()
    return article


def generate(
    *,
    article: ArticlePage,
    comments: int,
    reply_share: float,
    seed: int,
    export: TextIO | None = None,
) -> Generated:
    """Write `comments` comments under `article`'s thread through the bulk path; with
    `export`, also write them there as JSON lines (see --export)."""
    rng = random.Random(seed)
    readers, bodies = _readers(rng), _bodies(rng)
    parents = plan(comments=comments, reply_share=reply_share, rng=rng)
    thread = thread_for_article(article)
    article_url = article.url or ""
    end = timezone.now()
    step = SPAN / max(comments, 1)

    with transaction.atomic():
        # Ids are given out here rather than by the database, so a reply can name a parent
        # written in the same batch; the sequence is moved past them afterwards. SQLite's
        # IMMEDIATE transactions already hold the write lock; PostgreSQL needs the table
        # locked so that a comment posted meanwhile cannot take one of these ids.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(Comment._meta.db_table)
                cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        start = (Comment.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        depth: list[int] = []
        root: list[int | None] = []
        batch: list[Comment] = []
        for index, parent in enumerate(parents):
            pk = start + index
            reader = readers[rng.randrange(READERS)]
            body, body_html = bodies[rng.randrange(BODIES)]
            created: datetime = end - SPAN + step * index
            up = int(rng.expovariate(0.4))
            down = int(rng.expovariate(1.2))
            if parent is None:
                depth.append(0)
                root.append(None)
            else:
                depth.append(depth[parent] + 1)
                root.append(root[parent] or start + parent)
            batch.append(
                Comment(
                    id=pk,
                    thread_id=thread.pk,
                    parent_id=None if parent is None else start + parent,
                    root_id=root[index],
                    depth=depth[index],
                    reader_key=reader.key,
                    avatar_seed=reader.avatar,
                    author_name=reader.name,
                    author_email=reader.email,
                    author_email_normalised=normalise_email(reader.email),
                    body=body,
                    body_html=body_html,
                    state=CommentState.VISIBLE,
                    is_listed=True,
                    created_at=created,
                    upvotes=up,
                    downvotes=down,
                    score=up - down,
                )
            )
            if export:
                line = {
                    "article_url": article_url,
                    "title": article.title,
                    "index": index,
                    "parent": parent,
                    "author": reader.name,
                    "email": reader.email,
                    "text": body,
                    "created": created.timestamp(),
                    "likes": up,
                    "dislikes": down,
                }
                export.write(json.dumps(line) + "\n")
            if len(batch) >= BATCH_SIZE:
                Comment.objects.bulk_create(batch, batch_size=BATCH_SIZE)
                batch = []
        if batch:
            Comment.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [Comment]):
                cursor.execute(statement)
        visible = Comment.objects.filter(thread=thread, state=CommentState.VISIBLE).count()
        Thread.objects.filter(pk=thread.pk).update(
            comment_count=visible, revision=F("revision") + 1
        )
    return Generated(
        article_id=article.pk,
        article_url=article_url,
        thread_id=thread.pk,
        comments=comments,
        replies=sum(parent is not None for parent in parents),
        first_comment_id=start,
        last_comment_id=start + comments - 1,
    )


class Command(BaseCommand):
    help = "Generate a thread of N comments quickly (bulk path), on an article or a new one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--article", required=True, help='the article\'s slug, or "new" for a new article'
        )
        parser.add_argument("--comments", type=int, required=True, help="comments per thread")
        parser.add_argument(
            "--reply-share", type=float, default=0.3, help="share of replies (0 to 1)"
        )
        parser.add_argument("--seed", type=int, default=1, help="same seed, same thread")
        parser.add_argument(
            "--threads", type=int, default=1, help="with --article new: how many threads"
        )
        parser.add_argument(
            "--export",
            type=Path,
            help="also write the comments to this file as JSON lines (one object a comment, "
            "with its article's URL and the index of the comment it answers), so that another "
            "system can be seeded with the same discussion",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, **options) -> None:
        comments, share = options["comments"], options["reply_share"]
        if comments < 1:
            raise CommandError("--comments must be at least 1.")
        if not 0 <= share <= 1:
            raise CommandError("--reply-share is a share between 0 and 1.")
        threads = options["threads"]
        if threads < 1 or (threads > 1 and options["article"] != "new"):
            raise CommandError("--threads takes a number of new articles (with --article new).")
        # Path(): call_command() hands options over as given, without argparse's type.
        export_to = Path(options["export"]) if options["export"] else None
        with export_to.open("w") if export_to else nullcontext() as export:
            results = self._generate(options, threads=threads, export=export)
        if options["json"]:
            self.stdout.write(json.dumps([result.__dict__ for result in results]))
            return
        for result in results:
            self.stdout.write(
                f"{result.comments:,} comments ({result.replies:,} replies) in thread "
                f"{result.thread_id}: {result.article_url}"
            )

    def _generate(self, options: dict, *, threads: int, export: TextIO | None) -> list[Generated]:
        results = []
        for number in range(threads):
            if options["article"] == "new":
                article = new_article(comments=options["comments"])
            else:
                article = ArticlePage.objects.filter(slug=options["article"]).first()
                if article is None:
                    raise CommandError(f"No article has the slug {options['article']!r}.")
            results.append(
                generate(
                    article=article,
                    comments=options["comments"],
                    reply_share=options["reply_share"],
                    seed=options["seed"] + number,
                    export=export,
                )
            )
        return results
