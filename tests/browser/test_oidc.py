"""Sign in with a real OpenID Connect provider, end to end in Chromium: a provider built on
django-oauth-toolkit runs in a process of its own on loopback; staff add it as a Social
application (issuer URL, client id and secret: no code); a reader clicks "Sign in with
Harbour ID", signs in there, consents, lands back signed in and comments."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from allauth.socialaccount.models import SocialApp
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from rejoinder.discussion.models import Comment
from rejoinder.moderation import offensive
from tests.builders import make_article, make_author, make_category, make_home

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID, SECRET = "rejoinder-test-client", "a-secret-only-these-two-share"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def provider(live_server, tmp_path):
    """The provider's issuer URL, once its discovery document answers."""
    port = free_port()
    callback = f"{live_server.url}/accounts/oidc/harbour-id/login/callback/"
    env = {**os.environ, "OIDC_PROVIDER_DB": str(tmp_path / "provider.sqlite3")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.accounts.oidc_provider.serve",
            str(port),
            CLIENT_ID,
            SECRET,
            callback,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    issuer = f"http://127.0.0.1:{port}/o"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the OIDC provider did not start: {process.stderr.read().decode()}")
            time.sleep(0.5)
    yield issuer
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def column(settings, live_server):
    settings.EMAIL_BACKEND = "rejoinder.notifications.outbox.OutboxBackend"
    offensive.current_model()  # as `rejoinder setup` leaves it (see test_accounts)
    opinion = make_category(make_home(), title="Opinion")
    return make_article(opinion, title="Close the harbour road", author=make_author())


def test_sign_in_with_an_openid_connect_provider_and_comment(page, provider, column):
    # What staff fill in under Social applications in the admin.
    SocialApp.objects.create(
        provider="openid_connect",
        provider_id="harbour-id",
        name="Harbour ID",
        client_id=CLIENT_ID,
        secret=SECRET,
        settings={"server_url": provider},
    )
    page.goto(column.url)
    page.get_by_role("banner").get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Sign in with Harbour ID").click()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour ID: sign in")
    page.get_by_label("Username").fill("sailor")
    page.get_by_label("Password").fill("sailor-password-2025")
    page.get_by_role("button", name="Sign in to Harbour ID").click()
    page.get_by_role("button", name="Authorize").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    member = get_user_model().objects.get(email="sailor@harbour.example")
    assert member.socialaccount_set.get().provider == "harbour-id"

    page.goto(column.url)
    form = page.locator("#comment-form")
    expect(form).to_contain_text("Commenting as Sal Mariner")
    form.get_by_label("Your comment").fill("Signed in through my harbour account.")
    form.get_by_role("button", name="Post comment").click()
    mine = page.locator("#comment-list > li").first
    expect(mine).to_contain_text("Signed in through my harbour account.")
    expect(mine.locator(".comment-author")).to_have_text("Sal Mariner")
    assert Comment.objects.get(user=member).author_name == "Sal Mariner"
