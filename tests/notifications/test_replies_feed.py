"""A reader's private feed of replies to them, reached from their subscriptions page (as a
guest through the link in every mail, signed in at /notifications/): replies to them only,
published ones only, and a token that opens nothing else."""

import re
import xml.etree.ElementTree as ElementTree

import pytest
from django.core import signing

from rejoinder.discussion.actions import mark_spam
from rejoinder.notifications.models import Subscriber
from rejoinder.notifications.tokens import Purpose, make_token
from tests.notifications.test_subscribing import link

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def feed_address(page: str) -> str:
    found = re.search(r'id="replies-feed"[^>]*value="https?://[^/"]+(/[^"]+)"', page)
    assert found, "no feed address on the page"
    return found.group(1)


def authors_and_texts(answer) -> list[tuple[str, str]]:
    assert answer.status_code == 200, answer.content[:300]
    feed = ElementTree.fromstring(answer.content)
    return [
        (entry.findtext(f"{ATOM}author/{ATOM}name"), entry.findtext(f"{ATOM}summary"))
        for entry in feed.iter(f"{ATOM}entry")
    ]


def test_a_guest_finds_the_feed_on_the_page_their_mails_link_to(
    client, inbox, say, follow, mara, tomas, another_guest
):
    follow(mara)
    mine = say("The ferry timetable is wrong.", by=mara)
    say("Hello Mara, which one?", by=tomas, reply_to=mine)
    say("The morning one.", by=mara, reply_to=mine)  # her own reply is not news to her
    say("Unrelated thought.", by=tomas)  # not a reply to her
    spam = say("Buy ferry tickets here!", by=tomas, reply_to=mine)
    mark_spam(comment=spam)
    [mail, *_] = inbox.to("mara@example.org")
    manage_page = client.get(link(mail, "/notifications/manage/")).content.decode()

    answer = client.get(feed_address(manage_page))

    assert [author for author, _text in authors_and_texts(answer)] == ["Tomas"]
    assert "Hello Mara, which one?" in authors_and_texts(answer)[0][1]
    assert answer["X-Robots-Tag"] == "noindex"
    assert "private" in answer["Cache-Control"]
    assert "mara@example.org" not in answer.content.decode()


def test_a_signed_in_reader_who_never_subscribed_gets_the_feed_too(client, say, member, tomas):
    mine = say("Members should vote on it.", by=member)
    say("Agreed, Inès.", by=tomas, reply_to=mine)
    client.force_login(member.reader.user)

    page = client.get("/notifications/").content.decode()
    assert "Make my feed" in page and 'id="replies-feed"' not in page
    mine_only = Subscriber.objects.filter(user=member.reader.user)
    assert not mine_only.exists(), "looking at the page stores nothing"

    page = client.post("/notifications/", {"action": "replies_feed"}).content.decode()
    answer = client.get(feed_address(page))

    assert [author for author, _text in authors_and_texts(answer)] == ["Tomas"]
    assert mine_only.count() == 1
    again = client.post("/notifications/", {"action": "replies_feed"}).content.decode()
    assert feed_address(again) == feed_address(page) and mine_only.count() == 1


@pytest.mark.parametrize(
    "token",
    ["", "nonsense", "a" * 5000, "%00", "../../etc/passwd", "x:y:z"],
    ids=["empty", "nonsense", "long", "nul", "path", "colons"],
)
def test_a_made_up_feed_address_is_not_found(client, db, token):
    answer = client.get(f"/notifications/replies/{token}/atom.xml")

    assert answer.status_code == 404


def test_a_token_for_another_purpose_does_not_open_the_feed(client, follow, mara):
    subscriber = follow(mara).subscriber
    manage_token = make_token(Purpose.MANAGE, subscriber.public_id)
    feed_token = make_token(Purpose.REPLIES_FEED, subscriber.public_id)
    forged = signing.TimestampSigner(salt="another-salt").sign(subscriber.public_id)

    assert client.get(f"/notifications/replies/{feed_token}/atom.xml").status_code == 200
    assert client.get(f"/notifications/replies/{manage_token}/atom.xml").status_code == 404
    assert client.get(f"/notifications/replies/{forged}/atom.xml").status_code == 404


def test_the_feed_address_stays_the_same_as_time_passes(client, follow, mara, monkeypatch):
    subscriber = follow(mara).subscriber
    today = make_token(Purpose.REPLIES_FEED, subscriber.public_id)
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + 400 * 24 * 3600)

    assert make_token(Purpose.REPLIES_FEED, subscriber.public_id) == today
    assert client.get(f"/notifications/replies/{today}/atom.xml").status_code == 200


def test_a_feed_address_handed_out_with_a_time_in_it_still_opens_the_feed(client, follow, mara):
    subscriber = follow(mara).subscriber
    timed = signing.TimestampSigner(salt=Purpose.REPLIES_FEED.value)
    handed_out = timed.sign(subscriber.public_id)
    altered = handed_out[:-1] + ("A" if handed_out[-1] != "A" else "B")

    assert client.get(f"/notifications/replies/{handed_out}/atom.xml").status_code == 200
    assert client.get(f"/notifications/replies/{altered}/atom.xml").status_code == 404
