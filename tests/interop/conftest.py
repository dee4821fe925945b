"""The cast of the import stories: a publication with the article whose old discussion
the fixture files hold ("Close the harbour road", at /opinion/harbour-road/)."""

from pathlib import Path

import pytest
from wagtail.rich_text import RichText

from rejoinder.publishing.models import ArticlePage

FIXTURES = Path(__file__).parent / "fixtures"


def add_article(category, *, slug: str, title: str) -> ArticlePage:
    article = ArticlePage(
        title=title,
        slug=slug,
        standfirst=f"The standfirst of {title}.",
        body=[("paragraph", RichText(f"<p>The body of {title}.</p>"))],
    )
    category.add_child(instance=article)
    article.save_revision().publish()
    return article


@pytest.fixture
def harbour_road(opinion) -> ArticlePage:
    return add_article(opinion, slug="harbour-road", title="Close the harbour road")


@pytest.fixture
def fixture_copy(tmp_path):
    """A fixture file copied where a test may change it."""

    def copy(name: str, *, replace: tuple[str, str] | None = None) -> Path:
        text = (FIXTURES / name).read_text(encoding="utf-8")
        if replace:
            text = text.replace(*replace)
        target = tmp_path / name
        target.write_text(text, encoding="utf-8")
        return target

    return copy
