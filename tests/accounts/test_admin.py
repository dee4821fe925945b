"""Staff see profiles and the erasure audit trail in the Django admin; the trail is read only."""

import pytest
from django.contrib.auth import get_user_model

from rejoinder.accounts.models import ErasureKind, ErasureRecord


@pytest.fixture
def staff_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("boss", "b@example.org", "x"))
    return client


def test_the_erasure_trail_is_listed_and_cannot_be_changed(staff_client):
    record = ErasureRecord.objects.create(kind=ErasureKind.GUEST, comments=3)
    assert (
        "A guest erased comments" in staff_client.get("/django-admin/accounts/erasurerecord/").text
    )
    assert staff_client.get("/django-admin/accounts/erasurerecord/add/").status_code == 403
    page = staff_client.get(f"/django-admin/accounts/erasurerecord/{record.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.text


def test_staff_add_an_openid_connect_provider_in_the_admin(staff_client):
    page = staff_client.get("/django-admin/socialaccount/socialapp/add/")
    assert page.status_code == 200 and "OpenID Connect" in page.text
