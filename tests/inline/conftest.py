"""An opinion column with paragraphs worth arguing about, one of them carrying an editors'
question, and helpers to post a comment on a passage of it the way a browser does."""

import pytest
from wagtail.rich_text import RichText

from rejoinder.discussion.queries import thread_for_article
from rejoinder.inline.body import article_body
from rejoinder.publishing.models import ArticlePage
from tests.builders import make_article

HTMX = {"HTTP_HX_REQUEST": "true"}

OPENING = "At eleven o'clock on a Saturday morning, Harbour Road is not really a road."
PROPOSAL = "Here is a modest proposal: close the stretch between the Customs House and the bridge."
FIGURE = "Parking fees rose by forty per cent last year."
QUESTION = "Do you agree with this figure?"


def column_body(*paragraphs: str, question: bool = True) -> list:
    body = [("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs]
    if question:
        body.append(("question", {"text": RichText(f"<p>{FIGURE}</p>"), "question": QUESTION}))
    return body


@pytest.fixture(autouse=True)
def _open_doors(settings):
    """These stories post quickly from one address; rate limits and the moderation policy
    have tests of their own."""
    settings.RATELIMIT_ENABLE = False
    settings.COMMENT_SCREENING = "tests.discussion.conftest.admit_everything"


@pytest.fixture
def column(opinion, columnist):
    article = make_article(
        opinion,
        title="Close the harbour road",
        author=columnist,
        body=column_body(OPENING, "<b>Why</b> it matters &amp; more.", PROPOSAL),
    )
    return ArticlePage.objects.get(pk=article.pk)


@pytest.fixture
def thread(column):
    return thread_for_article(column)


def passage_of(article: ArticlePage, words: str) -> str:
    """The form's passage field for `words`, counted as inline.js counts them: code points
    into the text of the block that holds them."""
    body = article_body(ArticlePage.objects.get(pk=article.pk))
    block = next(block for block in body.blocks if words in block.text)
    start = block.text.index(words)
    return f"{block.id}:{start}:{start + len(words)}"


def post_on(client, thread, *, passage: str, quote: str, body="On this bit.", htmx=False, **extra):
    data = {
        "body": body,
        "name": "Mara",
        "email": "mara@example.org",
        "passage": passage,
        "quote": quote,
        **extra,
    }
    return client.post(f"/discussion/{thread.pk}/post/", data, **(HTMX if htmx else {}))
