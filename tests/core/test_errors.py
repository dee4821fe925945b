"""A server error shows a page in the site's style that says nothing about the failure."""

import pytest
from django.test import Client
from django.urls import path

from rejoinder.urls import urlpatterns as site_urls


def explode(request):
    raise RuntimeError("database password is hunter2")


urlpatterns = [path("explode/", explode), *site_urls]
handler500 = "rejoinder.core.views.server_error"


@pytest.mark.urls("tests.core.test_errors")
def test_500_page_leaks_nothing(db):
    client = Client(raise_request_exception=False)

    response = client.get("/explode/")

    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in body
    assert "hunter2" not in body and "RuntimeError" not in body and "Traceback" not in body
