"""A reader signs up, verifies their address from the mail, signs in and edits their
profile; bad input (wrong password, unverified address, a file that is no picture, one too
large) gets a clear message, never a 500."""

import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client
from PIL import Image

from rejoinder.accounts.models import Profile
from rejoinder.notifications.models import OutboxMessage

PASSWORD = "harbour-road-floods-2025"


@pytest.fixture(autouse=True)
def _outbox(settings):
    settings.EMAIL_BACKEND = "rejoinder.notifications.outbox.OutboxBackend"


def sign_up(client, email="lin@example.org", name="Lin Harbour"):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "display_name": name},
    )


def verification_link(email: str) -> str:
    mail = OutboxMessage.objects.filter(to=email).latest("id")
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.text).group(1)


@pytest.fixture
def verified_member(db, client):
    sign_up(client)
    client.post(verification_link("lin@example.org"))
    return get_user_model().objects.get(email="lin@example.org")


def test_sign_up_sends_a_verification_mail_through_the_outbox(db, client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert not EmailAddress.objects.get(email="lin@example.org").verified
    link = verification_link("lin@example.org")
    response = client.post(link)
    assert EmailAddress.objects.get(email="lin@example.org").verified
    assert Profile.objects.get(user__email="lin@example.org").display_name == "Lin Harbour"


def test_an_unverified_address_cannot_sign_in(db, client):
    sign_up(client)
    client.logout()
    response = client.post("/accounts/login/", {"login": "lin@example.org", "password": PASSWORD})
    # allauth sends the reader to "verify your address" instead of signing them in.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_is_told_plainly(verified_member, client):
    client.logout()
    response = client.post("/accounts/login/", {"login": "lin@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.text


def test_the_sign_in_page_is_in_the_sites_look(db, client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert 'class="site-header"' in response.text
    assert "Remember Me" in response.text
    assert "Send me a sign-in code" in response.text


def test_readers_who_follow_discussions_are_sent_to_the_sites_sign_in(db, client):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def picture(size=(600, 400), fmt="JPEG", exif=True) -> io.BytesIO:
    image = Image.new("RGB", size, (200, 40, 40))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCamera"  # Make
        image.save(out, fmt, exif=data.tobytes())
    else:
        image.save(out, fmt)
    out.seek(0)
    out.name = f"me.{fmt.lower()}"
    return out


def profile_form(**extra):
    return {"display_name": "Lin H.", "bio": "Harbour watcher.", "website": "", **extra}


def test_an_uploaded_avatar_is_square_small_and_stripped(verified_member, client):
    response = client.post("/accounts/profile/", profile_form(avatar=picture()))
    assert response.status_code == 302
    profile = Profile.objects.get(user=verified_member)
    stored = Image.open(io.BytesIO(bytes(profile.avatar_image)))
    assert stored.size == (256, 256)
    assert not stored.getexif()
    assert b"SecretCamera" not in bytes(profile.avatar_image)
    served = client.get(f"/discussion/avatar/{profile.avatar_key}.svg")
    assert served["Content-Type"] == "image/png"
    assert bytes(served.content) == bytes(profile.avatar_image)


def test_a_file_that_is_not_a_picture_is_refused_with_a_reason(verified_member, client):
    fake = io.BytesIO(b"%PDF-1.4 not a picture at all")
    fake.name = "me.png"
    response = client.post("/accounts/profile/", profile_form(avatar=fake))
    assert response.status_code == 400
    assert "That file is not a picture we can use" in response.text


def test_a_fifty_megabyte_avatar_is_refused_with_a_reason(verified_member, client):
    huge = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * (50 * 1024 * 1024))
    huge.name = "huge.png"
    response = client.post("/accounts/profile/", profile_form(avatar=huge))
    assert response.status_code == 400
    assert "pictures may be up to 5 MB" in response.text


def test_a_csv_injection_display_name_is_shown_as_text(verified_member, client):
    response = client.post("/accounts/profile/", profile_form(display_name="=HYPERLINK(1)"))
    assert response.status_code == 302
    page = client.get("/accounts/profile/")
    assert 'value="=HYPERLINK(1)"' in page.text


def test_a_forgotten_password_is_reset_by_a_mailed_link(verified_member, client):
    client.logout()
    client.post("/accounts/password/reset/", {"email": "lin@example.org"})
    mail = OutboxMessage.objects.filter(to="lin@example.org").latest("id")
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.text).group(1)
    form_page = client.get(link, follow=True)
    new = "a-new-harbour-password-77"
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": new, "password2": new},
    )
    assert response.status_code == 302
    assert client.login(email="lin@example.org", password=new)


def test_a_tampered_reset_link_is_told_plainly(db, client):
    response = client.get("/accounts/password/reset/key/zz-tampered/")
    assert response.status_code == 200
    assert "Bad Token" in response.text


def test_a_new_address_is_verified_before_it_counts(verified_member, client):
    client.post("/accounts/email/", {"action_add": "", "email": "lin.new@example.org"})
    assert not EmailAddress.objects.get(email="lin.new@example.org").verified
    client.post(verification_link("lin.new@example.org"))
    assert EmailAddress.objects.get(email="lin.new@example.org").verified


def test_sign_out_everywhere_ends_the_other_sessions(verified_member, client):
    other_browser = Client()
    other_browser.post("/accounts/login/", {"login": "lin@example.org", "password": PASSWORD})
    assert other_browser.get("/accounts/profile/").status_code == 200
    sessions = client.get("/accounts/sessions/")
    assert "Sign Out Other Sessions" in sessions.text
    client.post("/accounts/sessions/")
    assert other_browser.get("/accounts/profile/").status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
