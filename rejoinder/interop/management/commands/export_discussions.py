"""rejoinder export [--format rejoinder|disqus|wxr] [--since DATE] [--output FILE]: every
discussion under an article, to standard output or a file (README: "Import and export")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rejoinder.interop.formats import WRITERS, dates


class Command(BaseCommand):
    help = "Export every discussion under an article (all states, votes as counts)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", default="rejoinder", choices=list(WRITERS))
        parser.add_argument(
            "--since", help="only comments written on or after this date (2024-01-31)"
        )
        parser.add_argument("--output", type=Path, help="a file to write (default: stdout)")

    def handle(self, *args, **options) -> None:
        since = None
        if options["since"]:
            since = dates.parse(options["since"])
            if since is None:
                raise CommandError(f"--since {options['since']!r} is not a date (2024-01-31).")
        writer = WRITERS[options["format"]]
        if options["output"]:
            path = Path(options["output"])
            try:
                with path.open("w", encoding="utf-8", newline="\n") as out:
                    written = writer.write(out, since=since)
            except OSError as error:
                raise CommandError(f"cannot write {path}: {error.strerror}") from None
            self.stderr.write(f"{written:,} comments written to {path}")
        else:
            writer.write(self.stdout, since=since)
