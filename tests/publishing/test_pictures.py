"""Listings read like a front page: the newest article leads with its picture, the others
carry a thumbnail, and a shared link shows the article's picture. The picture is the body's
first figure, so editors have nothing more to fill in."""

import io
import re

import pytest
from django.core.files.images import ImageFile
from wagtail.images.models import Image
from wagtail.rich_text import RichText

from rejoinder.demo.images import illustration
from tests.builders import make_article

pytestmark = pytest.mark.django_db


def figure_body(alt: str) -> list:
    image = Image(title=alt)
    image.file = ImageFile(io.BytesIO(illustration(hue=20, motif="bars", seed=alt)), "p.png")
    image.save()
    return [
        ("paragraph", RichText("<p>Before the picture.</p>")),
        ("figure", {"image": image, "alt_text": alt, "caption": "", "credit": ""}),
    ]


def card(html: str, article) -> str:
    return re.search(
        rf'<article class="[^"]*" aria-labelledby="card-{article.pk}">.*?</article>', html, re.S
    ).group(0)


def test_the_newest_article_leads_with_its_picture_and_the_others_have_thumbnails(
    client, home, opinion
):
    older = make_article(opinion, title="Older, pictured", days_ago=2, body=figure_body("Gulls"))
    plain = make_article(opinion, title="Words only", days_ago=1)
    newest = make_article(opinion, title="Newest, pictured", body=figure_body("A tram"))

    html = client.get("/").content.decode()
    latest = html.split('id="latest-heading"')[1].split("</section>")[0]

    lead = card(latest, newest)
    assert "card-lead" in lead
    picture = re.search(r"<img [^>]*>", lead).group(0)
    assert 'alt="A tram"' in picture and "srcset=" in picture and "1200w" in picture
    assert 'loading="lazy"' not in picture, "the lead is above the fold"

    thumbnail = re.search(r"<img [^>]*>", card(latest, older)).group(0)
    assert 'loading="lazy"' in thumbnail and "srcset=" in thumbnail
    assert 'alt=""' in thumbnail, "beside its headline the thumbnail repeats nothing aloud"
    assert "<img" not in card(latest, plain)
    for source in re.findall(r'(?:src|srcset)="([^"]+)"', latest):
        assert source.startswith("/media/images/"), source


def test_only_the_first_page_of_a_listing_has_a_lead(client, settings, opinion):
    settings.ARTICLES_PER_PAGE = 1
    make_article(opinion, title="On page two", days_ago=1, body=figure_body("Ferries"))
    make_article(opinion, title="On page one", body=figure_body("Cranes"))

    assert "card-lead" in client.get(opinion.url).content.decode()
    second = client.get(f"{opinion.url}?page=2").content.decode()
    assert "card-lead" not in second and 'loading="lazy"' in second


def test_a_shared_link_shows_the_articles_picture(client, opinion):
    pictured = make_article(opinion, title="Pictured", body=figure_body("The quay at dusk"))
    plain = make_article(opinion, title="Plain")

    html = client.get(pictured.url).content.decode()
    image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert image.startswith("http://") and "/media/images/" in image and "1200x630" in image
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert "og:image" not in client.get(plain.url).content.decode()
