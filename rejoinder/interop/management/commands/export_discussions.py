"""rejoinder export [--format rejoinder|disqus|wxr] [--site KEY] [--since DATE]
[--output FILE]: the discussions, to standard output or a file (README: "Import and
export")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rejoinder.interop.errors import ImportFileError
from rejoinder.interop.formats import WRITERS, dates
from rejoinder.interop.service import site_for_key


class Command(BaseCommand):
    help = (
        "Export the discussions (all states, votes as counts): under articles and under the "
        "embedding sites' pages, or one site's with --site."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", default="rejoinder", choices=list(WRITERS))
        parser.add_argument(
            "--site", help="only the pages of the embedding site with this key (its data-site)"
        )
        parser.add_argument(
            "--since",
            help="only what changed on or after this date or moment (2024-01-31, "
            "2024-01-31T12:00:00+01:00; UTC when no offset is given): comments written, "
            "edited or decided on since, in the threads that have one",
        )
        parser.add_argument("--output", type=Path, help="a file to write (default: stdout)")

    def handle(self, *args, **options) -> None:
        since = None
        if options["since"] is not None:
            since = dates.parse(options["since"])
            if since is None:
                raise CommandError(
                    f"--since {options['since']!r} is not a date: write it as 2024-01-31 "
                    "or 2024-01-31T12:00:00+01:00."
                )
        site = None
        if options["site"] is not None:
            try:
                site = site_for_key(options["site"])
            except ImportFileError as error:
                raise CommandError(error.message) from None
        writer = WRITERS[options["format"]]
        if options["output"]:
            path = Path(options["output"])
            try:
                with path.open("w", encoding="utf-8", newline="\n") as out:
                    written = writer.write(out, since=since, site=site)
            except OSError as error:
                raise CommandError(f"cannot write {path}: {error.strerror}") from None
            self.stderr.write(f"{written:,} comments written to {path}")
        else:
            writer.write(self.stdout, since=since, site=site)
