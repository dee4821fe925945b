"""A comment's card is kept in the process once drawn (discussion/cards.py): a page drawn
from kept cards must be the page drawn afresh, whatever changed in between."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from rejoinder.discussion import cards
from rejoinder.discussion.actions import (
    remove_comment,
    revise_comment,
    set_featured,
    set_thread_closed,
    vote,
)
from rejoinder.discussion.cards import kept_cards
from tests.conftest import a_guest, guest_reader

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscreened")]

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _no_kept_cards():
    kept_cards.clear()
    yield
    kept_cards.clear()


def first_page(thread, **headers) -> str:
    """The thread's first page, its CSRF tokens (masked anew for every answer) left out."""
    response = Client().get(f"/discussion/{thread.pk}/comments/", **HTMX, **headers)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode())


def drawn_afresh(thread, **headers) -> str:
    cache.clear()
    kept_cards.clear()
    return first_page(thread, **headers)


def drawn_from_kept_cards(thread, **headers) -> str:
    """The page once its shared HTML is gone but the cards are not, as after a new comment."""
    cache.clear()
    return first_page(thread, **headers)


def test_a_page_drawn_from_kept_cards_shows_each_change_since(say, thread, member):
    opening = say("The harbour road floods every spring.")
    reply = say("Only since the new quay.", by=a_guest("Tomas"), reply_to=opening)
    say("We checked the tide tables.", by=member)
    doomed = say("Buy cheap watches here.", by=a_guest("Spammer"))
    say("Please don't.", by=a_guest("Ines"), reply_to=doomed)  # keeps it as a tombstone

    def made_staff():
        member.reader.user.is_staff = True
        member.reader.user.save()

    changes = [
        (
            lambda: revise_comment(comment=reply, body="Only since the new quay, in 2019."),
            "in 2019.",
        ),
        (lambda: remove_comment(comment=doomed), "removed by a moderator"),
        (lambda: set_featured(comment=opening, featured=True), "badge-featured"),
        (
            lambda: vote(comment=opening, voter=guest_reader("cookie-of-voter"), value=1),
            f'data-score="{opening.pk}">1<',
        ),
        (made_staff, "badge-staff"),
        (lambda: set_thread_closed(thread=thread, closed=True), "disabled><span"),
    ]
    first_page(thread)
    for change, shown in changes:
        change()
        thread.refresh_from_db()
        kept = drawn_from_kept_cards(thread)
        assert kept == drawn_afresh(thread)
        assert shown in kept

    assert "Buy cheap watches here." not in kept
    assert 'class="reply-link"' not in kept  # closed: no one replies


def test_a_card_kept_in_one_language_is_not_shown_in_another(say, thread):
    say("The port is shut on Sundays.", at=0)  # 1 March 2025
    assert "1 Mar 2025" in first_page(thread, HTTP_ACCEPT_LANGUAGE="en")

    french = drawn_from_kept_cards(thread, HTTP_ACCEPT_LANGUAGE="fr")

    assert "1 mars 2025" in french
    assert french == drawn_afresh(thread, HTTP_ACCEPT_LANGUAGE="fr")


def test_a_new_comment_draws_its_own_card_and_no_other(monkeypatch, say, thread):
    for name in ("Mara", "Tomas", "Ines"):
        say(f"{name} thinks the road should stay open.", by=a_guest(name))
    first_page(thread)
    drawn = []
    render = cards.render_to_string
    monkeypatch.setattr(
        cards,
        "render_to_string",
        lambda name, context: drawn.append(context) or render(name, context),
    )

    newest = say("And the ferry should run later.", by=a_guest("Pol"))
    page = drawn_from_kept_cards(thread)

    assert [context["comment"].pk for context in drawn] == [newest.pk]
    assert page == drawn_afresh(thread)


def test_the_kept_cards_stay_within_their_budget(monkeypatch, say, thread):
    for number in range(12):
        say(f"Comment number {number} on the harbour road, with some words to weigh it.")
    first_page(thread)
    whole = kept_cards.size
    assert len(kept_cards.cards) == 12

    monkeypatch.setattr(kept_cards, "budget", whole // 3)
    kept_cards.clear()
    page = drawn_from_kept_cards(thread)

    assert 0 < kept_cards.size <= whole // 3
    assert len(kept_cards.cards) < 12
    assert page == drawn_afresh(thread)  # those that no longer fit are drawn again
    # The first pages of ten busy discussions: 20 conversations and their first replies each.
    assert cards.CARD_BUDGET >= 10 * 220 * 3_500
