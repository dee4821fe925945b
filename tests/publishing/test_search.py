"""Whatever a reader types into search, they get results or "no results": never a server error.

The full-text syntax of the database (SQLite's FTS5 MATCH, PostgreSQL's tsquery) must not leak
through to the reader, so quotes, operators, NUL and other control characters, and very long
queries are all tried here, by hand and by Hypothesis. Run this file on PostgreSQL too
(DATABASE_URL=postgres://…): the two backends parse queries differently.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.rich_text import RichText

from tests.builders import make_article

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    '"',
    '""',
    '"lighthouse',
    "lighthouse\"'",
    "'",
    "\\",
    "\xff\x00",
    "lighthouse\x00",
    "light\x00house",
    "\x07\x1b[31m",
    "*",
    "lighthouse*",
    "^lighthouse",
    "NEAR(lighthouse keeper)",
    "lighthouse AND",
    "OR OR OR",
    "NOT",
    "-lighthouse",
    "title:lighthouse",
    "{title body}: lighthouse",
    "(lighthouse",
    "lighthouse)",
    "!&|:*<->",
    "'lighthouse':* & !",
    "%",
    "_",
    "<script>alert(1)</script>",
    "‮lighthouse‬",
    "lighthouse" * 50,
    "keeper " * 300,
    "\ud7ff\ue000\U0010ffff",
]


@pytest.fixture
def tides(opinion):
    return make_article(
        opinion,
        title="Tides",
        body=[("paragraph", RichText("<p>The lighthouse keeper retired.</p>"))],
    )


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_any_query_gives_results_or_no_results(client, tides, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    html = response.content.decode()
    assert "article matches" in html or "articles match" in html


def test_a_query_of_control_characters_only_is_an_empty_search(client, tides):
    response = client.get("/search/", {"q": "\x00\x1b\u202e"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="q" value=""' in html and "match" not in html


@pytest.mark.parametrize(
    "query",
    ['"lighthouse"', "lighthouse\x00", "light\x00house keeper", "(lighthouse)", "lighthouse*"],
)
def test_the_words_around_odd_characters_still_find_the_article(client, tides, query):
    html = client.get("/search/", {"q": query}).content.decode()

    assert "One article matches" in html and "Tides" in html


def test_control_characters_are_not_echoed_back(client, tides):
    html = client.get("/search/", {"q": "light\x00house\x1b"}).content.decode()

    assert "\x00" not in html and "\x1b" not in html
    assert "lighthouse" in html


def test_a_very_long_query_is_cut_to_the_forms_length(client, tides):
    html = client.get("/search/", {"q": "lighthouse " + "x" * 5000}).content.decode()

    assert "x" * 201 not in html


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.text(min_size=1, max_size=60))
def test_generated_queries_never_break_search(client, tides, query):
    # Search is read-only, so the article can be shared by every example.
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    query=st.lists(
        st.sampled_from(['"', "'", "*", "(", ")", ":", "^", "&", "|", "!", "\x00", "-", "\\"])
        | st.sampled_from(["lighthouse", "AND", "OR", "NOT", "NEAR", " "]),
        min_size=1,
        max_size=12,
    ).map("".join)
)
def test_generated_full_text_syntax_never_breaks_search(client, tides, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200


@pytest.mark.parametrize("page", ["abc", "0", "99999", "1e9", "\x00", '"'])
def test_an_odd_page_of_results_is_not_found(client, tides, page):
    response = client.get("/search/", {"q": "lighthouse", "page": page})

    assert response.status_code == 404
