"""Comment feeds as a feed reader fetches them: the site's latest comments and one
discussion's, published comments of public pages only, sanitised, with no personal data."""

import xml.etree.ElementTree as ElementTree

import pytest
from wagtail.models import PageViewRestriction

from rejoinder.discussion.actions import (
    CommentAuthor,
    mark_spam,
    post_comment,
    remove_comment,
)
from rejoinder.discussion.queries import thread_for_article
from tests.builders import make_article
from tests.conftest import a_guest

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(answer) -> list[dict[str, str]]:
    assert answer.status_code == 200, answer.content[:300]
    assert answer["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(answer.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "link": entry.find(f"{ATOM}link").get("href"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]


@pytest.fixture
def discussed(thread, unscreened):
    mara = CommentAuthor(
        reader=a_guest("Mara").reader,
        name="Mara",
        email="mara.private@example.org",
        website="https://mara.example.org/",
    )
    first = post_comment(
        thread=thread,
        author=mara,
        body='The tide tables say otherwise. <script>alert("feed")</script> **Check them.**',
    )
    reply = post_comment(thread=thread, author=a_guest("Tomas"), body="Which tables?", parent=first)
    return first, reply


def test_the_site_feed_has_the_latest_published_comments_sanitised(client, discussed):
    first, _reply = discussed

    found = entries(client.get("/feeds/comments.xml"))

    assert [entry["author"] for entry in found] == ["Tomas", "Mara"]
    assert found[0]["title"] == "Tomas replied to Mara on “Close the harbour road”"
    assert found[1]["link"] == f"http://testserver/c/{first.pk}/"
    assert "<strong>Check them.</strong>" in found[1]["summary"]
    assert "<script" not in found[1]["summary"]


def test_a_feed_never_carries_an_address(client, discussed):
    body = client.get("/feeds/comments.xml").content.decode()

    assert "mara.private@example.org" not in body
    assert "example.org/" not in body.replace("http://testserver/", "")
    assert "127.0.0.1" not in body


def test_held_spam_and_removed_comments_stay_out_of_every_feed(client, thread, discussed, settings):
    _first, reply = discussed
    remove_comment(comment=reply)
    spam = post_comment(thread=thread, author=a_guest("Vend"), body="Cheap watches here.")
    mark_spam(comment=spam)

    site = entries(client.get("/feeds/comments.xml"))
    own = entries(client.get(f"/discussion/{thread.pk}/comments/atom.xml"))

    assert [entry["author"] for entry in site] == ["Mara"]
    assert [entry["author"] for entry in own] == ["Mara"]


def test_an_unpublished_or_restricted_article_keeps_its_discussion_out_of_feeds(
    client, opinion, discussed, unscreened
):
    draft = make_article(opinion, title="Not yet out", live=False)
    draft_thread = thread_for_article(draft)
    post_comment(thread=draft_thread, author=a_guest("Early"), body="Seen before it was out.")
    private = make_article(opinion, title="Members only")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="harbour"
    )
    private_thread = thread_for_article(private)
    post_comment(thread=private_thread, author=a_guest("Member"), body="Behind the password.")

    site = client.get("/feeds/comments.xml").content.decode()

    assert "Seen before it was out." not in site and "Behind the password." not in site
    assert client.get(f"/discussion/{draft_thread.pk}/comments/atom.xml").status_code == 404
    assert client.get(f"/discussion/{private_thread.pk}/comments/atom.xml").status_code == 404


@pytest.mark.parametrize("thread_id", ["0", "999999999", "99999999999999999999"])
def test_a_feed_of_a_discussion_that_does_not_exist_is_not_found(client, db, thread_id):
    assert client.get(f"/discussion/{thread_id}/comments/atom.xml").status_code == 404


def test_the_article_page_links_its_discussion_feed_and_the_site_feed(client, article, discussed):
    html = client.get(article.url).content.decode()
    thread = thread_for_article(article)

    link = (
        'type="application/atom+xml" title="Comments on “Close the harbour road”" '
        f'href="/discussion/{thread.pk}/comments/atom.xml"'
    )
    assert link in html
    assert 'href="/feeds/comments.xml"' in html
