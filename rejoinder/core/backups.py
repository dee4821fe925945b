"""`rejoinder backup` and `rejoinder restore`: the database and the uploaded media in one
tar file, taken while the site serves.

SQLite is copied with its online backup API, which reads one consistent snapshot while
readers and writers go on; PostgreSQL with pg_dump (one consistent snapshot too, in its
custom format) and back with pg_restore. The database is taken first and the media after
it, so every file a row of the snapshot names is in the archive (uploads are written before
their rows). A backup restores into the same kind of database it came from."""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

FORMAT = 1
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"


class BackupError(Exception):
    """What went wrong, said so that the operator knows what to do."""


def _engine() -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def _postgres_arguments() -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore; the password travels in the environment,
    never on a command line other users can read."""
    database = settings.DATABASES["default"]
    arguments = ["--dbname", database["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            arguments += [option, str(database[key])]
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        finished = subprocess.run(command, env=environment, capture_output=True, text=True)
    except FileNotFoundError as missing:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        ) from missing
    if finished.returncode != 0:
        raise BackupError(f"{command[0]} failed: {finished.stderr.strip()}")


def _add_file(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    member = tarfile.TarInfo(name)
    member.size = len(data)
    member.mtime = int(datetime.now(UTC).timestamp())
    member.mode = 0o600
    archive.addfile(member, io.BytesIO(data))


def default_destination() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return settings.DATA_DIR / "backups" / f"rejoinder-{stamp}.tar.gz"


def make_backup(*, destination: Path) -> Path:
    """Write the database and the media to `destination` (a .tar.gz); return its path."""
    engine = _engine()
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    with tempfile.TemporaryDirectory() as scratch:
        if engine == "sqlite":
            dump, member = Path(scratch) / SQLITE_MEMBER, SQLITE_MEMBER
            source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            target = sqlite3.connect(dump)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        else:
            dump, member = Path(scratch) / POSTGRES_MEMBER, POSTGRES_MEMBER
            arguments, environment = _postgres_arguments()
            command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
            _run([*command, "--file", str(dump), *arguments], environment)
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "database": member,
            "created_at": datetime.now(UTC).isoformat(),
        }
        with tarfile.open(partial, "w:gz") as archive:
            _add_file(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(dump, arcname=member)
            if settings.MEDIA_ROOT.exists():
                archive.add(settings.MEDIA_ROOT, arcname="media")
            key_file = settings.DATA_DIR / "secret_key"
            if key_file.exists():
                # The generated key signs the links in mails already sent (unsubscribe).
                _add_file(archive, "secret_key", key_file.read_bytes())
    os.chmod(partial, 0o600)  # it holds readers' e-mail addresses
    partial.replace(destination)
    return destination


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore_backup(*, archive_path: Path, replace: bool = False) -> dict:
    """Put the archive's database and media in place. Refuses a database that has tables
    unless `replace`; returns the archive's manifest."""
    engine = _engine()
    if not archive_path.is_file():
        raise BackupError(f"No backup at {archive_path}.")
    with tempfile.TemporaryDirectory() as scratch:
        manifest = _unpack(archive_path, Path(scratch))
        if manifest["engine"] != engine:
            raise BackupError(
                f"This backup holds a {manifest['engine']} database and the site uses "
                f"{engine}: restore it into the same kind of database."
            )
        if not replace and not database_is_empty():
            raise BackupError(
                "The database already has tables. Restore into an empty database, or pass "
                "--replace to overwrite everything in it."
            )
        dump = Path(scratch) / manifest["database"]
        connection.close()
        if engine == "sqlite":
            _restore_sqlite(dump)
        else:
            arguments, environment = _postgres_arguments()
            command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
            if replace:
                command += ["--clean", "--if-exists"]
            _run([*command, "--single-transaction", *arguments, str(dump)], environment)
        media = Path(scratch) / "media"
        if media.exists():
            shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
        _restore_generated_key(Path(scratch) / "secret_key")
    return manifest


def _unpack(archive_path: Path, scratch: Path) -> dict:
    """Unpack into `scratch` (no member may land outside it) and return the manifest."""
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            manifest = json.load(archive.extractfile("manifest.json"))
            known = (manifest.get("engine"), manifest.get("database")) in (
                ("sqlite", SQLITE_MEMBER),
                ("postgresql", POSTGRES_MEMBER),
            )
            if manifest.get("format") != FORMAT or not known:
                raise BackupError(f"{archive_path} is in a format this version cannot read.")
            archive.extractall(scratch, filter="data")
    except (tarfile.TarError, KeyError, ValueError, AttributeError, OSError) as error:
        raise BackupError(f"{archive_path} is not a Rejoinder backup ({error}).") from error
    return manifest


def _restore_sqlite(dump: Path) -> None:
    """Copy the snapshot into the site's database file page by page (the backup API the
    other way), so a file that exists keeps its path and permissions."""
    source = sqlite3.connect(dump)
    target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _restore_generated_key(key: Path) -> None:
    """A site whose key was generated into DATA_DIR takes back the backed-up one, so that
    links in mail already sent (unsubscribe, manage) keep working. A key given as SECRET_KEY
    is the operator's to keep."""
    target = settings.DATA_DIR / "secret_key"
    uses_generated = target.exists() and target.read_text().strip() == settings.SECRET_KEY
    if key.exists() and (uses_generated or not target.exists()):
        target.touch(mode=0o600)
        target.write_bytes(key.read_bytes())
