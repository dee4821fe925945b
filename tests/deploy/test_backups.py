"""`rejoinder backup` while the site serves and takes comments, and `rejoinder restore`
into an empty database: the restored site serves the same pages and comments."""

import io
import os
import re
import tarfile
import threading
import urllib.parse
from pathlib import Path

import pytest

from rejoinder import cli
from tests.deploy.conftest import (
    SECRET,
    Reader,
    comment_ids,
    first_article_path,
    free_port,
    post_comment,
    rejoinder,
    site_environment,
)


def without_tokens(page: str, origin: str) -> str:
    """A page as every reader sees it, wherever it is served: CSRF tokens and the server's
    own address (in canonical links) taken out."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page).replace(origin, "")


def test_a_sqlite_backup_taken_while_serving_restores_into_an_empty_site(
    demo_site, processes, tmp_path
):
    source_port, restored_port = free_port(), free_port()
    source = f"http://127.0.0.1:{source_port}"
    environment = site_environment(demo_site, SECRET_KEY=SECRET)
    processes.serve("source", port=source_port, env=environment)
    reader = Reader()
    article = first_article_path(reader.get(source + "/").text)
    assert post_comment(reader, source, article, "Written before the backup.").status == 200

    # Another reader keeps commenting while the backup is taken.
    stop = threading.Event()

    def keep_commenting():
        writer, count = Reader(), 0
        while not stop.is_set():
            count += 1
            post_comment(writer, source, article, f"Written during the backup, number {count}.")

    writer = threading.Thread(target=keep_commenting)
    writer.start()
    archive = tmp_path / "site.tar.gz"
    try:
        said = rejoinder("backup", "--output", str(archive), env=environment)
    finally:
        stop.set()
        writer.join()
    assert f"Backup written to {archive}" in said.stdout
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    empty = tmp_path / "restored"
    restored_environment = site_environment(empty, SECRET_KEY=SECRET)
    said = rejoinder("restore", str(archive), env=restored_environment)
    assert "Restored the backup" in said.stdout
    rejoinder("setup", "--no-demo", env=restored_environment)  # as the message asks
    restored = f"http://127.0.0.1:{restored_port}"
    processes.serve("restored", port=restored_port, env=restored_environment)

    original_page = reader.get(source + article).text
    restored_page = Reader().get(restored + article).text
    # Its author sees it (published, or awaiting moderation) with the same reader cookie.
    assert "Written before the backup." in reader.get(restored + article).text
    # One consistent snapshot: the restored comments are exactly the source's first ones,
    # with none missing in between (no comment torn out of the middle of the stream).
    kept = sorted(comment_ids(restored_page))
    assert kept == [found for found in sorted(comment_ids(original_page)) if found <= max(kept)]
    # Pages without comments written since are the same, images included.
    assert without_tokens(Reader().get(restored + "/").text, restored) == without_tokens(
        Reader().get(source + "/").text, source
    )
    # The uploads came back with the rows that name them.
    uploads = sorted(p.name for p in (demo_site / "media" / "original_images").iterdir())
    assert uploads
    assert sorted(p.name for p in (empty / "media" / "original_images").iterdir()) == uploads
    assert Reader().get(f"{restored}/media/original_images/{uploads[0]}").status == 200


@pytest.fixture
def hostile_archives(tmp_path) -> dict[str, Path]:
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not a tar file at all")
    escaping = tmp_path / "escaping.tar.gz"
    with tarfile.open(escaping, "w:gz") as archive:
        manifest = b'{"format": 1, "engine": "sqlite", "database": "database.sqlite3"}'
        for name, data in (("manifest.json", manifest), ("../../outside.txt", b"escape")):
            member = tarfile.TarInfo(name)
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return {"garbage": garbage, "escaping": escaping, "missing": tmp_path / "nothing.tar.gz"}


@pytest.mark.parametrize(
    ("archive", "message"),
    [
        ("garbage", "is not a Rejoinder backup"),
        ("escaping", "is not a Rejoinder backup"),
        ("missing", "No backup at"),
    ],
)
def test_restore_refuses_what_is_not_a_backup_with_a_reason(
    hostile_archives, archive, message, capsys, tmp_path
):
    assert cli.main(["restore", str(hostile_archives[archive])]) == 1

    assert message in capsys.readouterr().err
    assert not (tmp_path.parent / "outside.txt").exists()


@pytest.mark.django_db
def test_restore_refuses_a_database_that_has_tables(tmp_path, capsys, settings):
    settings.DATA_DIR = tmp_path
    archive = tmp_path / "backup.tar.gz"
    assert cli.main(["backup", "--output", str(archive)]) == 0

    assert cli.main(["restore", str(archive)]) == 1
    assert "already has tables" in capsys.readouterr().err


POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.mark.skipif(
    not POSTGRES,
    reason="PostgreSQL backups are tested when DATABASE_URL names a PostgreSQL server "
    "(CI's second pass)",
)
def test_a_postgresql_backup_restores_into_an_empty_database(processes, tmp_path):
    import psycopg

    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    base = url.path.lstrip("/") or "rejoinder"
    names = {"source": f"{base}_backup_source", "restored": f"{base}_backup_restored"}
    admin = urllib.parse.urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in names.values():
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    try:
        urls = {
            role: urllib.parse.urlunsplit(url._replace(path=f"/{name}"))
            for role, name in names.items()
        }
        source_env = site_environment(
            tmp_path / "source", DATABASE_URL=urls["source"], SECRET_KEY=SECRET
        )
        restored_env = site_environment(
            tmp_path / "restored", DATABASE_URL=urls["restored"], SECRET_KEY=SECRET
        )
        rejoinder("setup", "--demo", env=source_env)
        source_port, restored_port = free_port(), free_port()
        source = f"http://127.0.0.1:{source_port}"
        processes.serve("source", port=source_port, env=source_env)
        reader = Reader()
        article = first_article_path(reader.get(source + "/").text)
        assert post_comment(reader, source, article, "Kept in PostgreSQL.").status == 200

        archive = tmp_path / "pg.tar.gz"
        rejoinder("backup", "--output", str(archive), env=source_env)
        rejoinder("restore", str(archive), env=restored_env)
        rejoinder("setup", "--no-demo", env=restored_env)
        restored = f"http://127.0.0.1:{restored_port}"
        processes.serve("restored", port=restored_port, env=restored_env)

        original_page = Reader().get(source + article).text
        restored_page = Reader().get(restored + article).text
        assert "Kept in PostgreSQL." in reader.get(restored + article).text  # its author's
        assert sorted(comment_ids(restored_page)) == sorted(comment_ids(original_page))
        assert without_tokens(Reader().get(restored + "/").text, restored) == without_tokens(
            Reader().get(source + "/").text, source
        )
    finally:
        processes.stop_all()
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in names.values():
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
