"""Editors write in Wagtail's admin: a new article can be previewed before it is saved."""

import json
import re

import pytest
from django.contrib.staticfiles import finders

from rejoinder.discussion.models import Thread
from tests.builders import make_article

pytestmark = pytest.mark.django_db

# The rich-text editor posts its content as Draftail's JSON.
DRAFT_PARAGRAPH = {
    "key": "a",
    "type": "unstyled",
    "depth": 0,
    "text": "Draft words.",
    "inlineStyleRanges": [],
    "entityRanges": [],
}


def article_form(**overrides):
    data = {
        "title": "A draft column",
        "slug": "a-draft-column",
        "standfirst": "Still being written.",
        "date": "2026-11-20 09:00",
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-value": json.dumps({"blocks": [DRAFT_PARAGRAPH], "entityMap": {}}),
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-id": "",
        "tags": "",
        "related_picks-TOTAL_FORMS": "0",
        "related_picks-INITIAL_FORMS": "0",
        "related_picks-MIN_NUM_FORMS": "0",
        "related_picks-MAX_NUM_FORMS": "8",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    return data | overrides


def test_previewing_a_new_article_renders_it_and_creates_no_discussion(admin_client, opinion):
    preview_url = f"/admin/pages/add/publishing/articlepage/{opinion.pk}/preview/"

    posted = admin_client.post(preview_url, article_form())
    shown = admin_client.get(preview_url)

    assert posted.json()["is_valid"], posted.json()
    assert shown.status_code == 200
    assert "Draft words." in shown.content.decode()
    assert "A draft column" in shown.content.decode()
    assert not Thread.objects.exists()


def test_publishing_from_the_admin_serves_the_article(admin_client, client, opinion):
    response = admin_client.post(
        f"/admin/pages/add/publishing/articlepage/{opinion.pk}/",
        article_form(**{"action-publish": "1"}),
    )

    assert response.status_code == 302
    assert "Draft words." in client.get("/opinion/a-draft-column/").content.decode()


def test_the_admins_avatar_is_served_by_the_site_itself(admin_client, admin_user):
    admin_user.email = "editor@example.org"
    admin_user.save()

    html = admin_client.get("/admin/").content.decode()

    # The account menu is drawn by the admin's script from this address.
    avatar = re.search(r'"avatarUrl": "([^"]+)"', html).group(1)
    assert avatar.startswith("/static/"), f"{avatar} is not ours: the CSP would block it"
    assert finders.find(avatar.removeprefix("/static/")), "and the file is there to serve"


def test_staff_reading_an_article_get_the_userbar_and_readers_do_not(admin_client, client, opinion):
    article = make_article(opinion, title="Userbar column")

    staff_view = admin_client.get(article.url).content.decode()
    reader_view = client.get(article.url).content.decode()

    assert "<wagtail-userbar" in staff_view
    assert f"/admin/pages/{article.pk}/edit/" in staff_view, "Edit this page"
    assert "wagtail-userbar" not in reader_view
    assert "/admin/" not in reader_view.split("<main")[1]


def test_the_admin_does_not_ask_a_third_party_for_news(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "releases.wagtail.org" not in html and "data-w-upgrade" not in html
