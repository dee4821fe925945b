"""A reader makes an account in Chromium and takes it back out again: sign up with the
verification mail read from the outbox, edit the profile with a picture, comment signed in,
sign out and in again, download their data and delete the account. A guest remembers
their details on the browser, asks for their comments by mail, downloads and erases them,
and later claims the rest with an account."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from PIL import Image
from playwright.sync_api import expect

from rejoinder.discussion.models import Comment, CommentState
from rejoinder.moderation import offensive
from rejoinder.notifications.models import OutboxMessage
from tests.builders import make_article, make_author, make_category, make_home

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "harbour-road-floods-2025"


@pytest.fixture
def column(settings, live_server):
    settings.EMAIL_BACKEND = "rejoinder.notifications.outbox.OutboxBackend"
    settings.SITE_URL = live_server.url  # links in mails lead back to this test server
    # The moderation policy's language model, as `rejoinder setup` leaves it: loading it on
    # the first comment of a process would take longer than a reader's click may wait here.
    offensive.current_model()
    opinion = make_category(make_home(), title="Opinion")
    return make_article(opinion, title="Close the harbour road", author=make_author())


def link_in_latest_mail(to: str, path: str) -> str:
    mail = OutboxMessage.objects.filter(to=to).latest("id")
    return re.search(rf"https?://\S+?({path}\S*)", mail.text).group(1)


def sign_up(page, *, email: str, name: str) -> None:
    page.goto("/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="sign up").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("Name shown with your comments").fill(name)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    page.goto(link_in_latest_mail(email, "/accounts/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()


def a_photo(tmp_path) -> str:
    path = tmp_path / "me.jpg"
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"
    Image.new("RGB", (900, 600), (30, 90, 160)).save(path, "JPEG", exif=exif.tobytes())
    return str(path)


def test_sign_up_profile_comment_export_and_delete(page, column, tmp_path):
    sign_up(page, email="lin@example.org", name="Lin Harbour")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")

    page.get_by_label("Picture").set_input_files(a_photo(tmp_path))
    page.get_by_label("Short bio").fill("I count the floods.")
    page.get_by_label("Link my name beside my comments to a public profile page").check()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_contain_text("Your profile is saved.")

    page.goto(column.url)
    form = page.locator("#comment-form")
    expect(form).to_contain_text("Commenting as Lin Harbour")
    expect(form.get_by_label("E-mail")).to_have_count(0)
    form.get_by_label("Your comment").fill("Signed in, I only write.")
    form.get_by_role("button", name="Post comment").click()
    mine = page.locator("#comment-list > li").first
    expect(mine).to_contain_text("Signed in, I only write.")
    expect(mine.locator(".comment-author")).to_have_text("Lin Harbour")
    avatar = mine.locator("img.avatar")
    assert page.request.get(avatar.get_attribute("src")).headers["content-type"] == "image/png"
    mine.get_by_role("link", name="Lin Harbour", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lin Harbour")
    expect(page.locator(".bio")).to_have_text("I count the floods.")

    # Sign out, then back in with "Remember me".
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign Out").click()
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill("lin@example.org")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator("main form")).to_contain_text("are not correct")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Remember Me").check()
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    session = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    assert session["expires"] > 0  # kept after the browser closes

    page.get_by_role("link", name="My data").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as JSON").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert [c["text"] for c in data["comments"]] == ["Signed in, I only write."]
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV (spreadsheet)").click()
    assert "Signed in, I only write." in Path(download.value.path()).read_text()

    page.get_by_role(
        "link", name="Delete my account and choose what happens to my comments"
    ).click()
    # Deleting asks for the password again, however recently the reader signed in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Access")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose what happens to your comments.")
    page.get_by_label("Erase their text too").check()
    page.get_by_label("I understand that this cannot be undone").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account deleted")
    assert not get_user_model().objects.filter(email="lin@example.org").exists()
    page.goto(column.url)
    expect(page.locator("#discussion-heading")).to_have_text("0 comments")
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()


def test_sign_in_by_a_code_sent_by_mail(page, column):
    sign_up(page, email="ode@example.org", name="Ode")
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Send me a sign-in code").click()
    page.get_by_label("Email").fill("ode@example.org")
    page.get_by_role("button", name="Request Code").click()
    mail = OutboxMessage.objects.filter(to="ode@example.org").latest("id")
    code = re.search(r"open browser window\.\s+(\S+)", mail.text).group(1)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter Sign-In Code")
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")


def test_a_guest_remembers_details_asks_for_their_comments_and_erases_them(page, column):
    page.goto(column.url)
    form = page.locator("#comment-form")
    form.get_by_label("Your comment").fill("A guest's first word.")
    form.get_by_label("Name").fill("Mara")
    form.get_by_label("E-mail").fill("mara@example.org")
    form.get_by_label("Website").fill("https://mara.example.org")
    form.get_by_label("Remember me on this browser").check()
    form.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("Your comment is posted.")

    page.goto(column.url)
    form = page.locator("#comment-form")
    expect(form.get_by_label("Name")).to_have_value("Mara")
    expect(form.get_by_label("E-mail")).to_have_value("mara@example.org")
    expect(form.get_by_label("Website")).to_have_value("https://mara.example.org")
    form.get_by_label("Your comment").fill("And a second one.")
    form.get_by_label("Remember me on this browser").uncheck()
    form.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("Your comment is posted.")
    page.goto(column.url)
    expect(page.locator("#comment-form").get_by_label("Name")).to_have_value("")

    page.get_by_role("link", name="Manage my comments").click()
    page.get_by_label("The e-mail address you commented with").fill("mara@example.org")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("status")).to_contain_text("We sent a link to mara@example.org")
    page.goto(link_in_latest_mail("mara@example.org", "/comments/manage/"))
    expect(page.locator(".my-comments > li")).to_have_count(2)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV (spreadsheet)").click()
    assert "A guest's first word." in Path(download.value.path()).read_text()
    page.locator(".my-comments > li", has_text="And a second one.").get_by_role(
        "button", name="Erase this comment"
    ).click()
    expect(page.get_by_role("status")).to_contain_text("Erased 1 comment.")
    page.get_by_role("button", name="Erase all of them, and forget this address").click()
    expect(page.get_by_text("There are no comments written with this address.")).to_be_visible()
    page.goto(column.url)
    expect(page.locator("#comment-list")).not_to_contain_text("Mara")


def test_a_guest_signs_up_and_claims_their_comments(page, column):
    page.goto(column.url)
    form = page.locator("#comment-form")
    form.get_by_label("Your comment").fill("Written before I had an account.")
    form.get_by_label("Name").fill("Tomas")
    form.get_by_label("E-mail").fill("tomas@example.org")
    form.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("Your comment is posted.")

    sign_up(page, email="tomas@example.org", name="Tomas B.")
    page.get_by_role("link", name="My comments").click()
    expect(page.locator(".claim")).to_contain_text(
        "You wrote 1 comment as a guest with tomas@example.org."
    )
    page.get_by_role("button", name="Make them part of my account").click()
    expect(page.get_by_role("status")).to_contain_text(
        "1 comment you wrote as a guest is now yours."
    )
    expect(page.locator(".my-comments")).to_contain_text("Written before I had an account.")
    claimed = Comment.objects.get(body="Written before I had an account.")
    assert claimed.user.email == "tomas@example.org" and claimed.author_name == "Tomas B."
    assert claimed.state == CommentState.VISIBLE
    page.goto(column.url)
    expect(page.locator("#comment-list .comment-author").first).to_have_text("Tomas B.")
