"""What a reader gets from the publication's pages."""

import json
import re

import pytest
from wagtail.rich_text import RichText

from tests.builders import make_article

pytestmark = pytest.mark.django_db


def quote_body():
    return [
        ("paragraph", RichText("<p>Opening paragraph.</p>")),
        (
            "quote",
            {
                "text": "Ferries will run hourly.",
                "source_name": "Meridian Press Agency",
                "source_url": "https://wire.example/ferries",
            },
        ),
    ]


def test_article_page_reads_top_to_bottom(client, opinion, columnist):
    article = make_article(opinion, title="Close the road", author=columnist, body=quote_body())

    html = client.get(article.url).content.decode()

    order = [
        "In <a",
        '<h1 id="article-title">',
        '<p class="standfirst">The standfirst of Close the road.',
        "By Ada Columnist",
        "disclaimer-above",
        "Opening paragraph.",
        "disclaimer-below",
        'id="comments"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert len(re.findall(r"<h1[ >]", html)) == 1


def test_quote_block_is_a_figure_with_cited_blockquote(client, opinion):
    article = make_article(opinion, body=quote_body())

    html = client.get(article.url).content.decode()

    assert re.search(
        r'<figure class="block-quote">\s*<blockquote cite="https://wire.example/ferries">'
        r"<p>Ferries will run hourly.</p></blockquote>\s*<figcaption>.*Meridian Press Agency",
        html,
        re.S,
    )


@pytest.mark.parametrize(
    ("position", "above", "below"),
    [("none", False, False), ("above", True, False), ("below", False, True), ("both", True, True)],
)
def test_disclaimer_shows_where_the_category_says(client, opinion, position, above, below):
    opinion.disclaimer_position = position
    opinion.save_revision().publish()
    article = make_article(opinion)

    html = client.get(article.url).content.decode()

    assert ("disclaimer-above" in html) is above
    assert ("disclaimer-below" in html) is below


def test_json_ld_names_opinion_articles_and_their_author(client, opinion, news, columnist):
    column = make_article(opinion, title="A column </script><script>alert(1)", author=columnist)
    report = make_article(news, title="A report")

    def json_ld(article):
        html = client.get(article.url).content.decode()
        found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        return json.loads(found.group(1))

    column_data = json_ld(column)
    assert column_data["@type"] == "OpinionNewsArticle"
    assert column_data["headline"] == "A column </script><script>alert(1)"
    assert column_data["author"]["name"] == "Ada Columnist"
    assert column_data["datePublished"]
    assert column_data["publisher"]["@type"] == "Organization"
    assert json_ld(report)["@type"] == "NewsArticle"


def test_meta_tags_give_canonical_and_social_cards(client, opinion):
    article = make_article(opinion, title="Harbour lights")

    html = client.get(article.url).content.decode()

    assert f'<link rel="canonical" href="http://testserver{article.url}">' in html
    assert '<meta property="og:title" content="Harbour lights">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card"' in html


def test_unknown_slug_is_a_styled_404(client, opinion):
    response = client.get("/opinion/no-such-column/")

    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()


def test_draft_article_is_not_served(client, opinion):
    draft = make_article(opinion, live=False)

    assert client.get(f"/opinion/{draft.slug}/").status_code == 404


def test_home_lists_latest_and_a_section_per_category(client, home, opinion, news):
    make_article(opinion, title="Column A")
    make_article(news, title="Report B")

    html = client.get("/").content.decode()

    assert "Column A" in html and "Report B" in html
    assert 'id="section-' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1


@pytest.mark.parametrize("page", ["2", "0", "x", "999"])
def test_listing_pages_are_paginated_and_bad_pages_are_404(client, settings, opinion, page):
    settings.ARTICLES_PER_PAGE = 2
    for number in range(3):
        make_article(opinion, title=f"Column {number}", days_ago=number)

    response = client.get(f"/opinion/?page={page}")

    if page == "2":
        assert response.status_code == 200
        assert "Column 2" in response.content.decode()
        assert "Column 0" not in response.content.decode()
    else:
        assert response.status_code == 404


def test_search_finds_articles_by_words_in_the_body(client, opinion):
    make_article(
        opinion,
        title="Tides",
        body=[("paragraph", RichText("<p>The lighthouse keeper retired.</p>"))],
    )
    make_article(opinion, title="Taxes")

    html = client.get("/search/", {"q": "lighthouse"}).content.decode()

    assert "Tides" in html and "Taxes" not in html


def test_search_with_no_match_says_so(client, opinion):
    html = client.get("/search/", {"q": "zeppelin"}).content.decode()

    assert "No article matches “zeppelin”." in html


def test_robots_and_sitemap(client, opinion):
    article = make_article(opinion)

    robots = client.get("/robots.txt").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()

    assert "Sitemap: http://testserver/sitemap.xml" in robots
    assert article.slug in sitemap


def test_security_headers_on_reader_pages(client, opinion):
    article = make_article(opinion)

    response = client.get(article.url)

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'self'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_is_sent_over_https(client, settings, opinion):
    article = make_article(opinion)

    response = client.get(article.url, secure=True)

    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
