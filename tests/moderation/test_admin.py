"""Moderators work in Wagtail's admin, like editors: one "Moderation" menu holds the queue,
the log, the dashboard, the settings, the category rules, the discussions and the bans."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from rejoinder.discussion.models import Thread
from rejoinder.moderation.models import Ban, CategoryPolicy, LogAction, LogEntry, ModerationSettings

pytestmark = pytest.mark.django_db


def refused(answer) -> bool:
    """Wagtail sends a user without the permission back to the admin's home with a notice."""
    return answer.status_code in (403, 404) or (
        answer.status_code == 302 and answer.url == "/admin/"
    )


def test_the_admin_menu_leads_to_every_moderation_page(moderator_client):
    home = moderator_client.get("/admin/").content.decode()
    for label in ["Moderation", "Queue", "Log", "Dashboard", "Discussions", "Bans", "Settings"]:
        assert label in home, label
    for url in ["/moderation/", "/moderation/log/", "/moderation/dashboard/"]:
        assert url in home
    queue = moderator_client.get("/moderation/").content.decode()
    assert 'href="/admin/"' in queue, "the queue links back to the admin"


def test_settings_open_the_one_row_and_a_change_is_saved(moderator_client, config):
    opened = moderator_client.get("/admin/moderation_settings/", follow=True)
    assert opened.redirect_chain[-1][0] == f"/admin/moderation_settings/edit/{config.pk}/"
    form = opened.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update({"report_threshold": 5, "blocked_words": "harbour tax\n", "max_links": 1})
    # A browser leaves unticked boxes out of the form.
    data = {key: value for key, value in data.items() if value is not False}

    moderator_client.post(f"/admin/moderation_settings/edit/{config.pk}/", data)

    config.refresh_from_db()
    assert (config.report_threshold, config.max_links) == (5, 1)
    assert config.lines("blocked_words") == ["harbour tax"]
    assert refused(moderator_client.get("/admin/moderation_settings/new/"))


@pytest.mark.parametrize(
    "hostile",
    [{"report_threshold": "-3"}, {"max_links": "lots"}, {"spam_threshold": "1e999999"}],
    ids=repr,
)
def test_a_setting_that_is_not_a_number_is_refused_with_a_reason(moderator_client, config, hostile):
    before = ModerationSettings.objects.values().get()
    answer = moderator_client.post(
        f"/admin/moderation_settings/edit/{config.pk}/",
        {"rate_limit_count": 20, "rate_limit_minutes": 10, **hostile},
    )
    assert answer.status_code == 200 and answer.context["form"].errors
    assert ModerationSettings.objects.values().get() == before


def test_a_category_rule_made_in_the_admin_applies(moderator_client, config, opinion):
    moderator_client.post(
        "/admin/category_rules/new/",
        {"category": opinion.pk, "premoderate": "on", "close_after_days": "14"},
    )
    rule = CategoryPolicy.objects.get()
    assert (rule.category_id, rule.premoderate, rule.close_after_days) == (opinion.pk, True, 14)
    assert rule.settings_id == config.pk


def test_closing_a_discussion_in_the_admin_is_logged_with_who_closed_it(
    moderator_client, moderator, thread
):
    moderator_client.post(
        f"/admin/discussions/edit/{thread.pk}/", {"is_closed": "on", "title": "Renamed!"}
    )
    thread.refresh_from_db()
    assert thread.is_closed and thread.title == "Close the harbour road"
    entry = LogEntry.objects.get()
    assert entry.action == LogAction.CLOSE
    assert (entry.moderator, entry.thread_id) == (moderator, thread.pk)

    moderator_client.post(f"/admin/discussions/edit/{thread.pk}/", {})
    thread.refresh_from_db()
    assert not thread.is_closed
    assert LogEntry.objects.filter(action=LogAction.REOPEN).exists()
    listing = moderator_client.get("/admin/discussions/?q=harbour").content.decode()
    assert "Close the harbour road" in listing


def test_discussions_are_neither_added_nor_deleted_and_bans_are_read_only(
    moderator_client, thread, moderator
):
    assert refused(moderator_client.get("/admin/discussions/new/"))
    assert refused(moderator_client.post(f"/admin/discussions/delete/{thread.pk}/"))
    assert Thread.objects.filter(pk=thread.pk).exists()
    ban = Ban.objects.create(kind="email", value="x" * 64, created_by=moderator)
    assert moderator_client.get("/admin/bans/").status_code == 200
    assert refused(moderator_client.get(f"/admin/bans/edit/{ban.pk}/"))


def test_a_reader_with_admin_access_but_no_moderation_rights_sees_none_of_it(client):
    editor = get_user_model().objects.create_user(username="ed", is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(codename="access_admin"))
    client.force_login(editor)
    home = client.get("/admin/").content.decode()
    assert "/moderation/" not in home and "/admin/discussions/" not in home
    assert refused(client.get("/admin/moderation_settings/"))
