"""Defaults that keep a site going public from hurting its readers: mail that would never
leave, mail links to an address nobody serves, demo accounts with a published password,
cookies sent in clear behind a TLS proxy, private documents served as plain files."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

from rejoinder.demo.images import illustration

ROOT = Path(__file__).resolve().parents[2]
CLEARED = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "SITE_URL", "EMAIL_URL", "HOST", "PORT"}


def environment(tmp_path, **variables) -> dict:
    found = {key: value for key, value in os.environ.items() if key not in CLEARED}
    return found | {
        "DJANGO_SETTINGS_MODULE": "rejoinder.settings",
        "DATA_DIR": str(tmp_path),
        **variables,
    }


def run(tmp_path, *arguments, **variables) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *arguments],
        env=environment(tmp_path, **variables),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def checks_say(tmp_path, **variables) -> str:
    finished = run(tmp_path, "manage.py", "check", **variables)
    assert finished.returncode == 0, finished.stderr
    return finished.stdout + finished.stderr


def test_a_public_site_without_a_mail_server_is_warned_loudly(tmp_path):
    said = checks_say(tmp_path, SITE_URL="https://news.example.org")

    assert "rejoinder.W001" in said
    assert "MAIL IS NOT SENT" in said
    assert "EMAIL_URL" in said


def test_a_public_site_with_a_mail_server_is_not_warned(tmp_path):
    said = checks_say(
        tmp_path, SITE_URL="https://news.example.org", EMAIL_URL="smtp://mail.example.org:587"
    )

    assert "rejoinder.W001" not in said


LINK_PROBE = """
import django
django.setup()
from rejoinder.notifications import links
print(links.comment_url(42))
"""


@pytest.mark.parametrize(
    ("variables", "link"),
    [
        ({}, "http://127.0.0.1:8000/"),
        ({"PORT": "8080"}, "http://127.0.0.1:8080/"),
        ({"HOST": "0.0.0.0", "PORT": "8080", "ALLOWED_HOSTS": "news.example.org"},
         "http://news.example.org:8080/"),
        ({"HOST": "::1", "PORT": "8129"}, "http://[::1]:8129/"),
        ({"SITE_URL": "https://news.example.org", "PORT": "8080"}, "https://news.example.org/"),
    ],
)  # fmt: skip
def test_mail_links_name_the_address_the_site_serves(tmp_path, variables, link):
    finished = run(tmp_path, "-c", LINK_PROBE, **variables)

    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip().startswith(link)


COOKIE_PROBE = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps([settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE]))
"""


@pytest.mark.parametrize(
    ("variables", "secure"),
    [
        ({}, False),
        ({"BEHIND_TLS_PROXY": "1"}, True),
        ({"SITE_URL": "https://news.example.org"}, True),
    ],
)
def test_cookies_are_secure_behind_a_tls_proxy_even_without_site_url(tmp_path, variables, secure):
    finished = run(tmp_path, "-c", COOKIE_PROBE, **variables)

    assert finished.returncode == 0, finished.stderr
    assert json.loads(finished.stdout) == [secure, secure]


def test_setup_on_a_public_site_creates_no_demo_accounts_and_the_check_flags_them(tmp_path):
    site = {"SITE_URL": "https://news.example.org", "EMAIL_URL": "smtp://mail.example.org:587"}

    finished = run(tmp_path, "-m", "rejoinder.cli", "setup", **site)

    assert finished.returncode == 0, finished.stderr
    assert "The demo was not loaded" in finished.stdout
    count_staff = "from django.contrib.auth.models import User; print(User.objects.count())"
    counted = run(tmp_path, "manage.py", "shell", "-c", count_staff, **site)
    assert counted.stdout.strip().splitlines()[-1] == "0"

    # An operator who made a staff account with the demo's password is told so.
    make_staff = (
        "from django.contrib.auth.models import User; "
        "User.objects.create_user('editor', password='rejoinder-demo', is_staff=True)"
    )
    assert run(tmp_path, "manage.py", "shell", "-c", make_staff, **site).returncode == 0
    said = (
        checks_say(tmp_path, **site)
        + run(tmp_path, "manage.py", "check", "--database", "default", **site).stderr
    )
    assert "rejoinder.W003" in said
    assert "editor" in said


@pytest.fixture
def private_document(db):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Legal drafts")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Lawyers"))
    document = Document(title="Draft settlement", collection=private)
    document.file.save("draft-settlement.txt", ContentFile(b"confidential terms"), save=True)
    return document


def test_a_private_document_is_never_served_as_a_plain_file(client, private_document):
    as_file = client.get(f"/media/{private_document.file.name}")
    through_wagtail = client.get(private_document.url)

    assert as_file.status_code == 404
    assert through_wagtail.status_code in (302, 403)
    assert b"confidential terms" not in through_wagtail.content


def test_public_images_are_served_from_media(client, db):
    image = Image(title="A drawing")
    image.file = ImageFile(io.BytesIO(illustration(hue=200, motif="waves", seed="s")), "a.png")
    image.save()

    response = client.get(f"/media/{image.file.name}")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
