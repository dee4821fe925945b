"""The demo's outbox (mail kept on the machine, read by staff in the browser) and mail
sent by the real worker from the database queue."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from wagtail.admin.menu import admin_menu

from rejoinder.discussion.actions import post_comment
from rejoinder.notifications.models import Delivery, DeliveryState, OutboxMessage, Scope
from rejoinder.notifications.services import subscribe


@pytest.fixture
def outbox(settings):
    settings.EMAIL_BACKEND = "rejoinder.notifications.outbox.OutboxBackend"


@pytest.mark.django_db
def test_staff_read_the_outbox_and_nobody_else_does(outbox, thread, member, tomas, say):
    subscribe(thread=thread, scope=Scope.ALL, email="ines@example.org", user=member.reader.user)
    say("Kept in the outbox.", by=tomas)
    mail = OutboxMessage.objects.get(to="ines@example.org")
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in mail.headers
    assert "Kept in the outbox." in mail.text
    assert "<p>Kept in the outbox.</p>" in mail.html

    assert Client().get("/outbox/").url.startswith("/admin/login/")
    reader = Client()
    reader.force_login(member.reader.user)
    assert reader.get("/outbox/").status_code == 302

    staff = Client()
    staff.force_login(
        get_user_model().objects.create_user(username="editor", is_staff=True, password="x")
    )
    listing = staff.get("/outbox/").content.decode()
    assert "Tomas commented on" in listing
    detail = staff.get(f"/outbox/{mail.pk}/")
    assert "List-Unsubscribe" in detail.content.decode()
    html = staff.get(f"/outbox/{mail.pk}/html/")
    assert html["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.django_db
def test_the_admin_menu_links_to_the_outbox_in_the_demo_only(rf, settings, outbox):
    request = rf.get("/admin/")
    request.user = get_user_model().objects.create_superuser("boss", "b@example.org", "x")

    def menu_urls() -> list[str]:
        return [item.url for item in admin_menu.menu_items_for_request(request)]

    assert "/outbox/" in menu_urls()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert "/outbox/" not in menu_urls()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_sends_queued_mail_once(settings, inbox, thread, member, tomas):
    # The durable database queue, processed by the worker's own loop (also under REDIS_URL).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.REDIS_URL = ""
    subscribe(thread=thread, scope=Scope.ALL, email="ines@example.org", user=member.reader.user)

    post_comment(thread=thread, author=tomas, body="Queued, then sent by the worker.")
    assert inbox.messages == []  # the request only queued a job

    call_command("run_worker", "--once")
    call_command("run_worker", "--once")

    [mail] = inbox.to("ines@example.org")
    assert "Queued, then sent by the worker." in mail.get_body(("plain",)).get_content()
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
