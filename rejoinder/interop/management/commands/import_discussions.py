"""rejoinder import FILE… — see `rejoinder import --help` and the README's "Import and
export". Each file is imported whole or not at all; a file that cannot be read is reported
with where the problem is, and the next file is still imported."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from rejoinder.interop.errors import ImportFileError
from rejoinder.interop.formats import READERS
from rejoinder.interop.service import import_file, site_for_key
from rejoinder.interop.targets import read_mapping

LOG_EVERY = 5.0  # seconds between two progress lines when there is no terminal


class Command(BaseCommand):
    help = "Import discussions (and WordPress posts) from export files, each all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--format",
            default="auto",
            choices=["auto", *READERS],
            help="the files' format; auto recognises it from the content",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="read and check everything, save nothing"
        )
        parser.add_argument(
            "--media",
            type=Path,
            help="a copy of WordPress's wp-content/uploads, for the images of imported posts",
        )
        parser.add_argument(
            "--map",
            type=Path,
            help="CSV of `old address or identifier,article path or slug` lines, for "
            "discussions whose address does not find their article",
        )
        parser.add_argument(
            "--site",
            default="",
            help="an embedding site's key: discussions whose address finds no article go to "
            "that site's page for the address (created if it has none yet)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options) -> None:
        mapping = None
        try:
            if options["map"]:
                mapping = read_mapping(Path(options["map"]))
            if options["site"]:
                site_for_key(options["site"])  # an unknown key stops before any file is read
        except ImportFileError as error:
            raise CommandError(error.message) from None
        media = Path(options["media"]) if options["media"] else None
        if media is not None and not media.is_dir():
            raise CommandError(f"--media {media}: no such folder")
        failed = 0
        for path in map(Path, options["files"]):
            if not self._import_one(path, options=options, media=media, mapping=mapping):
                failed += 1
        if failed:
            raise CommandError(f"{failed} of {len(options['files'])} files were not imported.")

    def _import_one(self, path: Path, *, options: dict, media, mapping) -> bool:
        show = not options["no_progress"] and self.stdout.isatty()
        # Without a terminal (a cron job, a log), progress is a line now and then instead.
        log_lines = not options["no_progress"] and not show
        last_line = [0.0]
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[records]:,} records"),
            TimeRemainingColumn(),
            disable=not show,
            transient=True,
        ) as bar:
            task = bar.add_task(path.name, total=None, records=0)

            def report(done: int, total: int, records: int) -> None:
                bar.update(task, completed=done, total=total)
                if records:
                    bar.update(task, records=records)
                if log_lines and records and time.monotonic() - last_line[0] >= LOG_EVERY:
                    last_line[0] = time.monotonic()
                    share = f"{done / total:.0%}" if total else "?"
                    self.stdout.write(f"{path.name}: {records:,} records read ({share})")
                    self.stdout.flush()

            try:
                summary = import_file(
                    path=path,
                    format=options["format"],
                    dry_run=options["dry_run"],
                    media=media,
                    mapping=mapping,
                    site=options["site"],
                    progress=report,
                )
            except ImportFileError as error:
                self.stderr.write(f"{path}: not imported, nothing was saved. {error.message}")
                return False
        saved = "dry run: nothing was saved" if summary.dry_run else "saved"
        self.stdout.write(f"{path}: {summary.format} from {summary.source or '?'} ({saved})")
        for line in summary.lines():
            self.stdout.write(f"  {line}")
        return True
