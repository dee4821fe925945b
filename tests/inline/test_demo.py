"""The demo column shows inline feedback on a newcomer's first visit."""

import pytest
from django.core.management import call_command

from rejoinder.inline.models import Anchor
from rejoinder.publishing.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_the_demo_column_has_comments_on_passages_and_an_editors_question(client):
    call_command("load_demo")

    column = ArticlePage.objects.get(slug="close-harbour-road-at-weekends")
    anchors = Anchor.objects.filter(comment__thread__article=column)
    assert anchors.values("exact").distinct().count() >= 3
    assert anchors.filter(comment__replies__isnull=False).exists()
    assert anchors.exclude(question="").count() >= 2
    html = client.get(column.url).content.decode()
    assert html.count('class="inline-marker"') >= 3
    assert "The editors ask:" in html
    assert html.count('class="inline-anchor"') >= 3
    assert not anchors.filter(placed_start=None).exists()
