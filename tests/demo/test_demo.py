"""The demo publication a newcomer sees on `make run`."""

import pytest
from django.core.management import call_command

from rejoinder.publishing.models import ArticlePage, Author, CategoryPage

pytestmark = pytest.mark.django_db


def test_demo_has_what_the_tour_needs(client):
    call_command("load_demo")

    live = ArticlePage.objects.live()
    assert live.count() >= 8
    assert CategoryPage.objects.live().count() >= 3
    assert Author.objects.count() >= 3
    assert ArticlePage.objects.filter(live=False).exclude(go_live_at=None).count() == 1
    opinion = CategoryPage.objects.get(slug="opinion")
    assert opinion.disclaimer_position == "both"
    assert live.child_of(opinion).count() >= 2
    column = live.child_of(opinion).first()
    html = client.get(column.url).content.decode()
    assert "disclaimer-above" in html and "disclaimer-below" in html


def test_loading_again_keeps_the_existing_publication(capsys):
    call_command("load_demo")
    count = ArticlePage.objects.count()

    call_command("load_demo")

    assert ArticlePage.objects.count() == count
    assert "was not loaded again" in capsys.readouterr().out
