"""A reader opens the front page and reads an opinion column, in Chromium."""

import json

import pytest
from playwright.sync_api import expect

from rejoinder.demo.loader import load_demo

# Transactional tests flush the database; serialized rollback restores what Wagtail's
# migrations created (the page tree root, the root collection, the locale).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo():
    return load_demo()


def test_reader_clicks_through_to_an_opinion_column(page, demo):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Opinion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opinion")
    page.locator(".card-title a").first.click()

    expect(page.locator(".kicker").first).to_contain_text("In Opinion,")
    disclaimers = page.get_by_role("complementary", name="Disclaimer")
    expect(disclaimers).to_have_count(2)
    expect(disclaimers.first).to_contain_text("The views expressed are solely the author's own")
    expect(disclaimers.first).to_contain_text("no financial, investment or medical advice")
    body_top = page.locator(".article-body").bounding_box()["y"]
    assert disclaimers.first.bounding_box()["y"] < body_top < disclaimers.last.bounding_box()["y"]

    json_ld = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert json_ld["@type"] == "OpinionNewsArticle"
    assert json_ld["author"]["name"]


def test_quote_attribution_and_related_links_work(page, demo):
    page.goto("/")
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Opinion").click()
    column_url = page.locator(".card-title a").first.get_attribute("href")
    page.goto(column_url)

    quote = page.locator("figure.block-quote").first
    expect(quote.locator("figcaption")).to_contain_text("Meridian Press Agency")

    related = page.get_by_role("region", name="Related articles").get_by_role("link")
    assert related.count() >= 1
    title = related.first.text_content()
    related.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert page.url.rstrip("/") != column_url.rstrip("/")
