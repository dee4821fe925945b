"""Who the client is: the direct peer, unless it is one of our trusted proxies; then the
address that proxy says it got the request from. Hostile headers from anyone else are
ignored, and behind a trusted proxy two readers are two clients."""

import pytest
from django.test import Client, RequestFactory

from rejoinder.core.clients import client_address, network_key
from rejoinder.discussion.models import Comment
from tests.core.test_settings import settings_with, start

PROXIES = ["10.0.0.0/8", "::1"]


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        # No trusted peer: the header is anyone's to write, so it is ignored.
        ("203.0.113.5", "", "203.0.113.5"),
        ("203.0.113.5", "198.51.100.1", "203.0.113.5"),
        ("203.0.113.5", "10.0.0.1, 198.51.100.1", "203.0.113.5"),
        # From our proxy: the address it appended, the rightmost one.
        ("10.0.0.2", "198.51.100.1", "198.51.100.1"),
        ("::1", "2001:db8::7", "2001:db8::7"),
        # A client writing its own header cannot choose its address: the proxy appends the
        # real one, and only that is believed.
        ("10.0.0.2", "192.0.2.66, 198.51.100.1", "198.51.100.1"),
        # Through two of our proxies: the first address that is not one of them.
        ("10.0.0.2", "198.51.100.1, 10.0.0.3", "198.51.100.1"),
        # Our proxy without a header, or with nonsense in it: the last address vouched for.
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.2", "198.51.100.1, <script>", "10.0.0.2"),
        # No usable peer address at all.
        ("", "198.51.100.1", ""),
        ("garbage", "", ""),
    ],
)
def test_client_address(settings, peer, forwarded, expected):
    settings.TRUSTED_PROXIES = PROXIES
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


def test_no_trusted_proxies_by_default_means_the_header_is_ignored(settings):
    assert settings.TRUSTED_PROXIES == []
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert client_address(request) == "10.0.0.2"


def test_an_ipv6_client_is_one_network_across_its_block(settings):
    def key(address):
        return network_key(RequestFactory().get("/", REMOTE_ADDR=address))

    assert key("2001:db8:1:2::1") == key("2001:db8:1:2:ffff::9")
    assert key("2001:db8:1:2::1") != key("2001:db8:1:3::1")
    assert key("203.0.113.5") != key("203.0.113.6")
    assert len(key("203.0.113.5")) == 64 and "203.0.113" not in key("203.0.113.5")


# Over HTTP: the posting limit per client --------------------------------------------------


def post(client, thread, body, **headers):
    data = {"body": body, "name": "Mara", "email": f"{body[:6]}@example.org", "homepage": ""}
    return client.post(f"/discussion/{thread.pk}/post/", data, **headers)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_two_readers_are_two_clients(settings, thread, unscreened):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    settings.COMMENT_RATE_PER_CLIENT = "1/h"
    via_proxy = {"REMOTE_ADDR": "10.0.0.1"}

    first = post(Client(**via_proxy), thread, "First!", HTTP_X_FORWARDED_FOR="198.51.100.1")
    other = post(Client(**via_proxy), thread, "Other", HTTP_X_FORWARDED_FOR="198.51.100.2")
    again = post(Client(**via_proxy), thread, "Again", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert (first.status_code, other.status_code, again.status_code) == (302, 302, 429)
    assert Comment.objects.count() == 2


@pytest.mark.django_db
def test_spoofed_forwarded_headers_from_an_untrusted_peer_are_ignored(settings, thread, unscreened):
    settings.COMMENT_RATE_PER_CLIENT = "1/h"
    peer = {"REMOTE_ADDR": "203.0.113.9"}

    first = post(Client(**peer), thread, "First!", HTTP_X_FORWARDED_FOR="198.51.100.1")
    spoofed = post(Client(**peer), thread, "Spoof", HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert (first.status_code, spoofed.status_code) == (302, 429)
    assert spoofed["Retry-After"].isdigit() and 0 < int(spoofed["Retry-After"]) <= 3605
    assert Comment.objects.count() == 1


def test_a_trusted_proxy_that_is_not_an_address_stops_start_up(tmp_path):
    finished = start(tmp_path, TRUSTED_PROXIES="10.0.0.0/8,proxy.internal")

    assert finished.returncode != 0
    assert "TRUSTED_PROXIES holds 'proxy.internal'" in finished.stderr
    assert settings_with(tmp_path, TRUSTED_PROXIES="10.0.0.0/8, ::1")["cache"]
