"""Signed-in readers just write: their comments carry their profile's name, picture and,
when they opt in, a link to their public profile."""

import pytest
from django.contrib.auth import get_user_model

from rejoinder.accounts.profiles import update_profile
from rejoinder.discussion.models import Comment


@pytest.fixture
def lin(db, client):
    user = get_user_model().objects.create_user(username="lin-at-example", email="lin@example.org")
    client.force_login(user)
    return user


def test_a_member_comments_without_name_or_address_fields(client, article, thread, lin, unscreened):
    page = client.get(article.url).text
    assert 'name="email"' not in page and f"Commenting as Reader {lin.pk}" in page
    client.post(f"/discussion/{thread.pk}/post/", {"body": "Before I chose a name."})
    assert Comment.objects.get(user=lin).author_name == f"Reader {lin.pk}"
    update_profile(user=lin, display_name="Lin Harbour", bio="", website="", is_public=False)
    assert "Commenting as Lin Harbour" in client.get(article.url).text
    client.post(f"/discussion/{thread.pk}/post/", {"body": "Signed in and brief."})
    comment = Comment.objects.get(user=lin, body="Signed in and brief.")
    assert (comment.author_name, comment.author_email) == ("Lin Harbour", "")
    # The username (made from the address) is never shown.
    assert "lin-at-example" not in client.get(article.url).text


def test_a_profile_change_shows_on_earlier_comments(client, article, thread, lin, unscreened):
    client.post(f"/discussion/{thread.pk}/post/", {"body": "Before the change."})
    update_profile(
        user=lin, display_name="L. Harbour", bio="Tide tables.", website="", is_public=True
    )
    page = client.get(article.url).text
    assert "L. Harbour" in page
    assert f'href="/accounts/readers/{lin.pk}/"' in page
    profile = client.get(f"/accounts/readers/{lin.pk}/").text
    assert "Tide tables." in profile and "Before the change." in profile


def test_a_private_profile_is_not_found(client, lin):
    update_profile(user=lin, display_name="Lin", bio="Private.", website="", is_public=False)
    assert client.get(f"/accounts/readers/{lin.pk}/").status_code == 404
