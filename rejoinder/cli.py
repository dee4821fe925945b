"""The `rejoinder` command: set up, serve, and run the background worker.

rejoinder run      set up (first time: demo content), start the worker, serve
rejoinder setup    migrate, collect static files, load the demo once (--no-demo to skip; on a
                   site with SITE_URL or DATABASE_URL only with --demo)
rejoinder serve    the production server (granian, WSGI) on HOST:PORT, and the live
                   discussion's event streams (granian, ASGI) on LIVE_PORT
rejoinder worker   background jobs and scheduled publishing
rejoinder manage   any Django management command, e.g. `rejoinder manage createsuperuser`
rejoinder import   import discussions from export files (Disqus, WordPress, Remark42, …)
rejoinder export   export every discussion (rejoinder JSON lines, Disqus XML or WXR)
rejoinder backup   the database and uploaded media in one file, while the site serves
rejoinder restore  put a backup in place (into an empty database, or --replace)
"""

import argparse
import os
import signal
import subprocess
import sys
import time


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rejoinder.settings")
    import django

    django.setup()


def setup(*, demo: bool) -> None:
    from django.core.management import call_command

    from rejoinder.moderation import offensive

    # The first run takes a minute: say what is happening rather than sit silent.
    steps = ["database tables", "offensive-language model", "static files"]
    if demo:
        steps.append("demo publication")
    step = iter(f"Setting up ({n}/{len(steps)}): {name}…" for n, name in enumerate(steps, 1))
    print(next(step), flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    print(next(step), flush=True)
    offensive.ensure_model()
    print(next(step), flush=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    if demo:
        print(next(step), flush=True)
        call_command("load_demo")


def demo_wanted(*, demo: bool, no_demo: bool) -> bool:
    """The demo's staff accounts have a published password: a site with a public address or
    an external database gets them only when asked for by name."""
    from django.conf import settings

    if no_demo:
        return False
    return demo or settings.DEMO_BY_DEFAULT


def preflight() -> None:
    """Before serving or working: say loudly what is misconfigured (system checks print
    their warnings; an error stops start-up), and drop metric files of dead processes."""
    from django.conf import settings
    from django.core.management import call_command

    from rejoinder.core.metrics import remove_dead_process_files

    call_command("check")
    remove_dead_process_files(settings.METRICS_DIR)


def server_command() -> list[str]:
    from django.conf import settings

    return [
        sys.executable, "-m", "granian",
        "--interface", "wsgi",
        "--host", settings.SERVER_HOST,
        "--port", str(settings.SERVER_PORT),
        "--workers", str(settings.SERVER_WORKERS),
        "--blocking-threads", str(settings.SERVER_THREADS),
        "--static-path-route", settings.STATIC_URL.rstrip("/"),
        "--static-path-mount", str(settings.STATIC_ROOT),
        # A browser's idle keep-alive connection must not hold a stopping server open.
        "--workers-kill-timeout", str(settings.SERVER_STOP_SECONDS),
        "--no-ws",
        "rejoinder.wsgi:application",
    ]  # fmt: skip


def live_command() -> list[str] | None:
    """The live app (rejoinder/live/asgi.py) under granian's ASGI interface on LIVE_PORT, or
    None when LIVE_PORT is 0. Measured: an open stream costs this async process a few
    kilobytes, where the WSGI server would give it one of its few threads for its lifetime."""
    from django.conf import settings

    if not settings.LIVE_PORT:
        return None
    return [
        sys.executable, "-m", "granian",
        "--interface", "asgi",
        "--host", settings.SERVER_HOST,
        "--port", str(settings.LIVE_PORT),
        "--workers", str(settings.LIVE_WORKERS),
        # Every open stream is a request in progress: let the app refuse the surplus (503,
        # and the page polls) rather than granian queueing them unanswered.
        "--backpressure", str(settings.LIVE_MAX_CONNECTIONS + 64),
        "--workers-kill-timeout", str(settings.SERVER_STOP_SECONDS),
        "--no-ws",
        "rejoinder.live.asgi:application",
    ]  # fmt: skip


def serve() -> int:
    """The site (WSGI) and, beside it, the live app (ASGI); stopping one stops both."""
    from django.conf import settings

    preflight()
    live = live_command()
    if live is None:
        os.execv(sys.executable, server_command())
    servers = [subprocess.Popen(server_command()), subprocess.Popen(live)]
    signal.signal(signal.SIGTERM, lambda *_: [server.terminate() for server in servers])
    try:
        while all(server.poll() is None for server in servers):
            time.sleep(0.5)
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    codes = [stop(server, seconds=settings.SERVER_STOP_SECONDS + 2) for server in servers]
    return next((code for code in codes if code), 0)


def worker_command() -> list[str]:
    return [sys.executable, "-m", "rejoinder.cli", "worker"]


def run() -> int:
    """Set up, then serve with a worker beside the server; stopping one stops both."""
    from django.conf import settings

    # In a process of its own: exporting the offensive-language model and scoring the demo's
    # comments load scikit-learn, which this process, waiting on the server, need not keep.
    try:
        subprocess.run([sys.executable, "-m", "rejoinder.cli", "setup"], check=True)
    except KeyboardInterrupt:
        print("\nStopped during set-up; the next run carries on from there.", flush=True)
        return 130
    preflight()
    address = f"http://{settings.SERVER_HOST}:{settings.SERVER_PORT}"
    print(f"\nRejoinder is serving {address}/  (editors: {address}/admin/)", flush=True)
    if settings.DEMO_BY_DEFAULT:
        print("Demo editor login: editor / rejoinder-demo   ·   Ctrl+C stops.", flush=True)
        print(f"Demo moderator: moderator / rejoinder-demo at {address}/moderation/", flush=True)
        print(f"Demo reader: reader@example.org / rejoinder-demo at {address}/accounts/login/")
        example = f"http://localhost:{settings.SERVER_PORT}/embed/example/"
        print(f"The discussion embedded in another site's page: {example}\n", flush=True)
    worker = subprocess.Popen(worker_command())
    server = subprocess.Popen(server_command())
    signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    try:
        return server.wait()
    except KeyboardInterrupt:
        # Ctrl+C reached the whole process group; a second one must not interrupt the stop.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        print("\nStopping…", flush=True)
        return stop(server, seconds=settings.SERVER_STOP_SECONDS + 2)
    finally:
        stop(worker, seconds=settings.SERVER_STOP_SECONDS)


def stop(process: subprocess.Popen, *, seconds: float) -> int:
    """Ask `process` to stop; kill it if it is still there after `seconds`."""
    if process.poll() is None:
        process.terminate()
    try:
        return process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def backup_or_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from rejoinder.core import backups

    try:
        if args.command == "backup":
            output = Path(args.output) if args.output else backups.default_destination()
            written = backups.make_backup(destination=output)
            print(f"Backup written to {written}", flush=True)
        else:
            manifest = backups.restore_backup(archive_path=Path(args.archive), replace=args.replace)
            print(
                f"Restored the backup of {manifest['created_at']}. Run `rejoinder setup "
                "--no-demo` to apply any newer migrations.",
                flush=True,
            )
    except backups.BackupError as error:
        print(f"rejoinder {args.command}: {error}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rejoinder", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="set up, start the worker and serve")
    setup_parser = commands.add_parser("setup", help="migrate, collect static, load the demo")
    setup_parser.add_argument("--no-demo", action="store_true", help="do not load the demo")
    setup_parser.add_argument(
        "--demo",
        action="store_true",
        help="load the demo (and its staff accounts) even with SITE_URL or DATABASE_URL set",
    )
    commands.add_parser("serve", help="serve with the production server")
    commands.add_parser("worker", help="run background jobs and scheduled publishing")
    commands.add_parser("manage", help="a Django management command", add_help=False)
    commands.add_parser("import", help="import discussions from files", add_help=False)
    commands.add_parser("export", help="export every discussion", add_help=False)
    backup_parser = commands.add_parser("backup", help="back up the database and media")
    backup_parser.add_argument("--output", help="the .tar.gz to write (default: DATA_DIR/backups/)")
    restore_parser = commands.add_parser("restore", help="restore a backup")
    restore_parser.add_argument("archive", help="a .tar.gz written by `rejoinder backup`")
    restore_parser.add_argument(
        "--replace", action="store_true", help="overwrite a database that has tables"
    )
    args, rest = parser.parse_known_args(argv)

    _django()
    if args.command == "run":
        return run()
    if args.command == "setup":
        demo = demo_wanted(demo=args.demo, no_demo=args.no_demo)
        setup(demo=demo)
        if not demo and not args.no_demo:
            print(
                "The demo was not loaded (SITE_URL or DATABASE_URL is set): its staff accounts "
                "have a published password. `rejoinder setup --demo` loads it anyway.",
                flush=True,
            )
        return 0
    if args.command == "serve":
        return serve()
    from django.core.management import call_command, execute_from_command_line

    if args.command in ("backup", "restore"):
        return backup_or_restore(args)
    if args.command == "worker":
        preflight()
        call_command("run_worker")
        return 0
    if args.command in ("import", "export"):
        # The management commands hold the options (and their --help).
        command = f"{args.command}_discussions"
        execute_from_command_line(["rejoinder", command, *rest])
        return 0
    execute_from_command_line(["rejoinder", *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
