"""Stories of mail reaching readers through a real SMTP server: replies, follow-ups,
grouping, no mail to oneself, exactly once under retries and an SMTP outage."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from rejoinder.discussion.actions import remove_comment
from rejoinder.notifications import delivery, tasks
from rejoinder.notifications.models import Delivery, DeliveryState, Scope
from rejoinder.notifications.services import set_author_notices, unsubscribe
from tests.notifications.conftest import html_part, text_part

pytestmark = pytest.mark.django_db


def later(minutes: float):
    return timezone.now() + timedelta(minutes=minutes)


def test_a_reply_is_mailed_to_the_guest_who_was_answered(inbox, say, follow, mara, tomas):
    follow(mara, Scope.REPLIES)
    first = say("The road floods every spring.", by=mara)
    say("Unrelated thought.", by=tomas)  # not a reply to Mara: nothing for her
    assert inbox.to("mara@example.org") == []

    reply = say("Only *twice* in ten years, <script>x</script>", by=tomas, reply_to=first)

    [mail] = inbox.to("mara@example.org")
    assert mail["Subject"].strip() == "Tomas replied to you on “Close the harbour road”"
    text, html = text_part(mail), html_part(mail)
    assert "Tomas replied to Mara:" in text
    assert "Only twice in ten years, <script>x</script>" in text
    assert f"https://news.example.org/c/{reply.pk}/" in text
    assert "<em>twice</em>" in html
    assert "<script>" not in html
    assert "Tomas replied to Mara:" in html
    assert re.fullmatch(
        r"<https://news\.example\.org/notifications/unsubscribe/[^>]+/>",
        mail["List-Unsubscribe"].strip(),
    )
    assert mail["List-Unsubscribe-Post"].strip() == "List-Unsubscribe=One-Click"
    assert "mara@example.org" not in mail["List-Unsubscribe"].strip()


def test_a_follower_is_told_of_every_new_comment(inbox, say, follow, member, tomas):
    follow(member)  # signed in with an address: active at once

    say("A follow-up.", by=tomas)

    [mail] = inbox.to("ines@example.org")
    assert mail["Subject"].strip() == "Tomas commented on “Close the harbour road”"
    assert "Tomas commented:" in text_part(mail)
    assert "A follow-up." in text_part(mail)


def test_nobody_is_mailed_about_their_own_comment(inbox, say, follow, mara, member):
    follow(mara)
    follow(member)

    say("Mara said this.", by=mara)
    say("Inès said this.", by=member)

    [to_mara] = inbox.to("mara@example.org")
    [to_ines] = inbox.to("ines@example.org")
    assert "Inès said this." in text_part(to_mara)
    assert "Mara said this." in text_part(to_ines)


def test_the_articles_author_hears_of_comments_unless_they_turned_it_off(inbox, say, mara, writer):
    say("Dear author.", by=mara)
    [mail] = inbox.to("ada@example.org")
    assert "Dear author." in text_part(mail)
    assert "/notifications/author-notices-off/" in mail["List-Unsubscribe"].strip()

    set_author_notices(user=writer, enabled=False)
    say("Are you there?", by=mara)
    assert len(inbox.to("ada@example.org")) == 1


def test_a_burst_is_grouped_into_one_mail_after_the_window(inbox, say, follow, member, tomas):
    follow(member)
    say("One.", by=tomas)
    say("Two.", by=tomas)
    say("Three.", by=tomas)
    assert len(inbox.to("ines@example.org")) == 1  # "One."; the rest wait for the window

    assert delivery.send_due(now=later(2)) == 0
    assert delivery.send_due(now=later(6)) == 2  # to Inès, and to the article's author

    _first, grouped = inbox.to("ines@example.org")
    assert grouped["Subject"].strip() == "2 new comments on “Close the harbour road”"
    assert "Two." in text_part(grouped)
    assert "Three." in text_part(grouped)
    assert "One." not in text_part(grouped)


def test_no_mail_crosses_an_unsubscribe_or_a_removal_made_before_sending(
    inbox, say, follow, member, mara, tomas
):
    ines = follow(member)
    follow(mara)
    say("First, mailed at once.", by=tomas)
    removed = say("Second, held back by the window.", by=tomas)
    inbox.clear()

    unsubscribe(subscription=ines)
    remove_comment(comment=removed)
    delivery.send_due(now=later(6))

    assert inbox.messages == []
    assert set(Delivery.objects.filter(comment=removed).values_list("state", flat=True)) == {
        DeliveryState.CANCELLED
    }


def test_running_the_jobs_again_sends_nothing_twice(inbox, say, follow, member, tomas):
    follow(member)
    comment = say("Once only.", by=tomas)

    tasks.fan_out.call(comment_id=comment.pk)
    delivery.send_due(now=later(10))
    tasks.send_batch.call(
        subscriber_ids=list(Delivery.objects.values_list("subscriber", flat=True))
    )

    assert len(inbox.to("ines@example.org")) == 1
    assert Delivery.objects.filter(comment=comment).count() == 2  # Inès and the author


def test_a_failure_mid_batch_resends_only_what_was_not_sent(
    inbox, say, follow, member, mara, tomas
):
    follow(member)
    follow(mara)
    inbox.refuse.add("mara@example.org")

    say("Hello both.", by=tomas)  # the job fails at Mara's mail

    failed = Delivery.objects.get(subscriber__email="mara@example.org")
    assert failed.state == DeliveryState.PENDING
    assert failed.attempts == 1
    assert "refused" in failed.last_error.lower() or "550" in failed.last_error
    sent_before = len(inbox.messages)

    inbox.refuse.clear()
    assert delivery.send_due(now=later(0.5)) == 0  # backoff: not yet
    delivery.send_due(now=later(3))
    delivery.send_due(now=later(30))

    assert len(inbox.to("mara@example.org")) == 1
    assert len(inbox.to("ines@example.org")) == 1
    assert len(inbox.messages) == sent_before + 1


def test_smtp_down_then_up_the_mail_arrives_once(smtp, inbox, say, follow, member, tomas):
    follow(member)
    smtp.stop()

    say("Posted while the mail server is down.", by=tomas)
    assert Delivery.objects.filter(state=DeliveryState.PENDING).count() == 2

    smtp.start()
    delivery.send_due(now=later(5))
    delivery.send_due(now=later(60))

    [mail] = inbox.to("ines@example.org")
    assert "Posted while the mail server is down." in text_part(mail)
    assert len(inbox.to("ada@example.org")) == 1
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}


def test_fan_out_is_written_and_sent_in_batches(settings, inbox, say, thread, tomas):
    from rejoinder.notifications.models import Subscriber, Subscription

    settings.NOTIFY_BATCH_SIZE = 7
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{n}@example.org", public_id=f"id{n}") for n in range(30)
    )
    Subscription.objects.bulk_create(
        Subscription(
            subscriber=s, thread=thread, scope=Scope.ALL, state="active", public_id=f"sub{s.pk}"
        )
        for s in subscribers
    )
    comment = say("To thirty readers.", by=tomas)

    batches = list(delivery.fan_out(comment_id=comment.pk))
    assert [len(batch) for batch in batches[:5]] == [7, 7, 7, 7, 2]
    assert len(inbox.messages) == 31  # thirty readers and the author


def test_mail_a_crashed_worker_was_sending_is_sent_after_the_claim_times_out(
    smtp, inbox, say, follow, member, tomas
):
    follow(member)
    smtp.stop()
    say("Sent by a worker that then died.", by=tomas)
    # As a worker killed mid-send leaves them: claimed, never marked.
    Delivery.objects.update(state=DeliveryState.SENDING, claimed_at=timezone.now())
    smtp.start()

    assert delivery.send_due(now=later(5)) == 0  # the claim may still be alive
    delivery.send_due(now=later(20))

    assert len(inbox.to("ines@example.org")) == 1
