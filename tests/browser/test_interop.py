"""An editor watches an import advance in Chromium, without reloading the page."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from rejoinder.interop import progress
from rejoinder.interop.models import ImportRun, ImportStatus

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def running_import():
    get_user_model().objects.create_superuser("chief", "chief@example.org", "rejoinder-demo")
    run = ImportRun(original_name="comments.xml", status=ImportStatus.RUNNING)
    run.upload.save("comments.xml", ContentFile(b"<disqus/>"), save=True)
    progress.write(run.pk, done=100, total=1000, records=50)
    return run


def test_the_progress_page_advances_and_shows_the_summary(page, running_import):
    page.goto(f"/admin/imports/{running_import.pk}/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("rejoinder-demo")
    page.get_by_role("button", name="Sign in").click()
    bar = page.get_by_label("Progress")
    expect(bar).to_have_attribute("value", "100")
    page.evaluate("window.__same_page = true")

    progress.write(running_import.pk, done=600, total=1000, records=3000)
    expect(page.get_by_text("3,000 records read")).to_be_visible()
    assert bar.evaluate("el => el.value") == 600

    running_import.status = ImportStatus.DONE
    running_import.summary = {"counts": {"comments": {"created": 3000}}}
    running_import.save()
    expect(page.locator("#import-status")).to_have_text("Done")
    expect(page.locator("#import-summary")).to_contain_text("comments")
    assert page.evaluate("window.__same_page") is True  # never reloaded
