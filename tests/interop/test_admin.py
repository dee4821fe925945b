"""An editor imports from the admin: upload, a background job, a progress page that asks
how far it has got, and the list of past imports with their summaries."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from rejoinder.discussion.models import Comment
from rejoinder.interop.models import ImportRun, ImportStatus
from tests.interop.conftest import FIXTURES


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw")
    client.force_login(admin)
    return client


def upload(client, name: str, content: bytes, **fields):
    return client.post(
        "/admin/imports/",
        {"file": SimpleUploadedFile(name, content), "format": "auto", **fields},
    )


def test_an_upload_runs_in_the_background_and_its_page_shows_the_summary(
    admin_client, harbour_road, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            admin_client, "comments.xml", (FIXTURES / "disqus-small.xml").read_bytes()
        )
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/imports/{run.pk}/"
    assert run.status == ImportStatus.DONE
    assert Comment.objects.count() == 7
    # The uploaded file (readers' names and addresses) is not kept once imported.
    assert not run.upload
    assert not list((settings.MEDIA_ROOT / "imports").glob("comments*"))

    state = admin_client.get(f"/admin/imports/{run.pk}/state/").json()
    assert state["finished"] and state["status"] == "done"
    assert "comments          7          0          0          1" in state["summary"]

    page = admin_client.get(f"/admin/imports/{run.pk}/").content.decode()
    assert "its parent &#x27;999&#x27; is not in the file" in page
    listing = admin_client.get("/admin/imports/").content.decode()
    assert "comments.xml" in listing and "Done" in listing


def test_a_bad_upload_fails_with_its_reason_on_the_page(
    admin_client, harbour_road, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(admin_client, "notes.txt", b"just some notes, not an export")
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    state = admin_client.get(f"/admin/imports/{run.pk}/state/").json()
    assert state["error"].endswith(
        "not a format this import knows (disqus, wxr, rejoinder, remark42, isso, commento)"
    )
    assert not Comment.objects.exists()


def test_a_queued_import_reports_its_progress_while_it_runs(admin_client, harbour_road):
    upload(admin_client, "comments.xml", (FIXTURES / "disqus-small.xml").read_bytes())
    run = ImportRun.objects.get()  # not run: its job waits for the commit
    from rejoinder.interop import progress

    progress.write(run.pk, done=512, total=2048, records=40)
    state = admin_client.get(f"/admin/imports/{run.pk}/state/").json()
    assert (state["done"], state["total"], state["records"]) == (512, 2048, 40)
    assert not state["finished"]
    page = admin_client.get(f"/admin/imports/{run.pk}/").content.decode()
    assert 'src="/static/interop/progress.js"' in page


def test_the_export_downloads_as_a_file(admin_client, harbour_road):
    response = admin_client.get("/admin/imports/export/", {"format": "rejoinder"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="discussions-')
    assert response.getvalue().startswith(b'{"format": "rejoinder", "version": 1}\n')
    bad = admin_client.get("/admin/imports/export/", {"format": "csv"})
    assert bad.status_code == 400 and b"format" in bad.content


def test_readers_without_the_permission_cannot_import(client, db):
    reader = get_user_model().objects.create_user("reader", password="pw")
    client.force_login(reader)
    response = client.get("/admin/imports/")
    assert response.status_code in (302, 403)
    assert not ImportRun.objects.exists()


def test_an_upload_without_a_file_is_answered_in_the_form(admin_client):
    response = admin_client.post("/admin/imports/", {"format": "auto"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ImportRun.objects.exists()
