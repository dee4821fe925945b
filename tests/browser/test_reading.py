"""A reader opens the front page and reads an opinion column, in Chromium."""

import json

import pytest
from playwright.sync_api import expect

from rejoinder.demo.loader import load_demo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_reader_clicks_through_to_an_opinion_column_and_on_to_a_related_one(page):
    load_demo()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Opinion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opinion")
    page.locator(".card-title a").first.click()
    column_url = page.url

    expect(page.locator(".kicker").first).to_contain_text("In Opinion,")
    disclaimers = page.get_by_role("complementary", name="Disclaimer")
    expect(disclaimers).to_have_count(2)
    expect(disclaimers.first).to_contain_text("The views expressed are solely the author's own")
    expect(disclaimers.first).to_contain_text("no financial, investment or medical advice")
    body_top = page.locator(".article-body").bounding_box()["y"]
    assert disclaimers.first.bounding_box()["y"] < body_top < disclaimers.last.bounding_box()["y"]

    quote = page.locator("figure.block-quote").first
    expect(quote.locator("figcaption")).to_contain_text("Meridian Press Agency")
    cite = quote.locator("blockquote").get_attribute("cite")
    assert cite.startswith("https://wire.meridian-press.example/")

    json_ld = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert json_ld["@type"] == "OpinionNewsArticle"
    assert json_ld["author"]["name"]
    assert json_ld["commentCount"] >= 60

    related = page.get_by_role("region", name="Related articles").get_by_role("link")
    assert related.count() >= 1
    title = related.first.text_content()
    related.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert page.url != column_url
