"""Staff register a site in Wagtail's admin, copy its embed code and its SSO secret once."""

import pytest
from django.contrib.auth import get_user_model

from rejoinder.discussion.models import Thread
from rejoinder.embed.models import Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("staff", "staff@example.org", "x")
    client.force_login(user)
    return client


def test_staff_register_a_site_and_copy_its_embed_code(staff):
    response = staff.post(
        "/admin/snippets/embed/site/add/",
        {
            "name": "Field Notes",
            "key": "field-notes",
            "allowed_origins": "https://notes.example.org/",
            "is_open": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    site = Site.objects.get()
    assert site.origins == ["https://notes.example.org"] and site.sso_secret == ""
    page = staff.get(f"/admin/snippets/embed/site/edit/{site.pk}/").content.decode()
    assert 'data-site="field-notes"' in page and "/embed.js" in page and "/counts.js" in page
    assert "No SSO secret yet" in page


def test_a_path_for_an_origin_is_refused_in_the_form(staff):
    response = staff.post(
        "/admin/snippets/embed/site/add/",
        {"name": "Notes", "key": "notes", "allowed_origins": "https://notes.example.org/blog/"},
    )
    assert response.status_code == 200
    assert "is not an origin" in response.content.decode()
    assert not Site.objects.exists()


def test_the_sso_secret_is_shown_once_and_can_be_replaced(staff, blog):
    old = blog.sso_secret
    url = f"/admin/embed/sites/{blog.pk}/sso-secret/"
    assert old not in staff.get(url).content.decode()
    shown = staff.post(url).content.decode()
    blog.refresh_from_db()
    assert blog.sso_secret != old and blog.sso_secret in shown
    assert (
        blog.sso_secret
        not in staff.get(f"/admin/snippets/embed/site/edit/{blog.pk}/").content.decode()
    )


def test_closing_a_site_in_the_admin_closes_its_discussions(staff, blog):
    from rejoinder.embed import actions

    actions.open_external_thread(
        site=blog, identifier="a", url="https://notes.example.org/a", title="A"
    )
    staff.post(
        f"/admin/snippets/embed/site/edit/{blog.pk}/",
        {"name": blog.name, "key": blog.key, "allowed_origins": blog.allowed_origins},
    )
    assert Thread.objects.get().is_closed


def test_readers_cannot_reach_the_secret(client, blog):
    secret = blog.sso_secret
    reader = get_user_model().objects.create_user("reader", password="x")
    client.force_login(reader)
    response = client.post(f"/admin/embed/sites/{blog.pk}/sso-secret/")
    assert response.status_code in (302, 403)
    assert secret not in response.content.decode()
    blog.refresh_from_db()
    assert blog.sso_secret == secret
