"""Limits that a fresh cookie per request must not walk around: reports from one network,
and the policy's rate limit, which counts a network's comments whatever the cookie."""

import html

import pytest
from django.test import Client
from django.utils import timezone

from rejoinder.discussion.screening import ClientHints
from rejoinder.moderation.checks import rate_limit
from rejoinder.moderation.models import Report
from rejoinder.moderation.submission import Submission
from rejoinder.moderation.verdicts import Outcome
from tests.conftest import a_guest

pytestmark = pytest.mark.django_db

HOME = {"REMOTE_ADDR": "203.0.113.9"}


def report(client, comment, **headers):
    url = f"/discussion/comment/{comment.pk}/report/"
    return client.post(url, {"reason": "off_topic"}, **headers)


def text(response):
    return html.unescape(response.content.decode())


def test_one_network_reports_a_comment_once_whatever_its_cookies(say):
    comment = say("Off topic rant.")

    responses = [report(Client(**HOME), comment) for _ in range(5)]

    assert Report.objects.count() == 1
    assert [r.status_code for r in responses] == [200, 429, 429, 429, 429]
    assert "already been reported from your network" in text(responses[1])
    assert int(responses[1]["Retry-After"]) > 0
    assert report(Client(REMOTE_ADDR="198.51.100.4"), comment).status_code == 200
    assert Report.objects.count() == 2


def test_one_network_reports_only_so_often(settings, say):
    settings.REPORT_RATE_PER_CLIENT = "2/h"
    comments = [say(f"Point {n}.", by=a_guest(f"Writer{n}")) for n in range(3)]
    reader = Client(**HOME)

    statuses = [report(reader, c, HTTP_HX_REQUEST="true").status_code for c in comments]

    assert statuses == [200, 200, 429]
    assert Report.objects.count() == 2


def test_a_reader_cannot_report_their_own_comment(client, thread):
    data = {"body": "My own words.", "name": "Mara", "email": "mara@example.org"}
    client.post(f"/discussion/{thread.pk}/post/", data)
    comment = thread.comments.get()

    page = report(client, comment)
    partial = report(client, comment, HTTP_HX_REQUEST="true")

    assert page.status_code == partial.status_code == 403
    assert "You can't report your own comment." in text(page)
    assert "You can't report your own comment." in text(partial)
    assert Report.objects.count() == 0


def test_the_policy_rate_limit_counts_a_networks_comments_under_any_cookie(say, thread, config):
    config.rate_limit_count = 2
    config.save()
    home = ClientHints(network="home-network-hash")
    for name in ("Ann", "Bo"):  # a fresh cookie (and name) for each post
        say(f"{name} says hello.", by=a_guest(name), client=home)

    def fresh_cookie_from(network):
        return Submission(
            text="A third voice.",
            thread=thread,
            config=config,
            now=timezone.now(),
            reader_key="a-fresh-cookie",
            network=network,
        )

    assert rate_limit.check(fresh_cookie_from("home-network-hash")).outcome == Outcome.REJECT
    assert rate_limit.check(fresh_cookie_from("another-network")) is None


def test_a_comment_from_the_same_cookie_and_network_counts_once(say, thread, guest, config):
    config.rate_limit_count = 2
    config.save()
    home = ClientHints(network="home-network-hash")

    def again():
        return Submission(
            text="Hello again.",
            thread=thread,
            config=config,
            now=timezone.now(),
            reader_key=guest.reader.key,
            network="home-network-hash",
        )

    say("Hello from home.", client=home)
    assert rate_limit.check(again()) is None
    say("Hello a second time.", client=home)
    assert rate_limit.check(again()).outcome == Outcome.REJECT
