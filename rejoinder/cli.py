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
    return [sys.executable, "-m", "rejoinder.cli", "serve"]


def serve_site(*, preload: bool) -> None:
    """granian (WSGI) in this process. With `preload`, the application is loaded here before
    granian forks its workers: they share the pages of Django, Wagtail and our code instead of
    each importing its own copy (rejoinder.wsgi freezes them out of the collector's sight, so a
    collection in a worker does not write to, and so copy, every shared page). Without it,
    each worker loads the application after the fork and this process holds granian alone."""
    from django.conf import settings
    from granian import Granian
    from granian.constants import Interfaces

    target_loader = None  # granian's: each worker imports the target after the fork
    if preload:
        from django.db import connections

        from rejoinder.wsgi import application

        # A connection opened while loading must not be shared by the forked workers.
        connections.close_all()

        def target_loader(_target: str) -> object:
            return application

    Granian(
        "rejoinder.wsgi:application",
        address=settings.SERVER_HOST,
        port=settings.SERVER_PORT,
        interface=Interfaces.WSGI,
        workers=settings.SERVER_WORKERS,
        blocking_threads=settings.SERVER_THREADS,
        static_path_route=[settings.STATIC_URL.rstrip("/")],
        static_path_mount=[settings.STATIC_ROOT],
        # A browser's idle keep-alive connection must not hold a stopping server open.
        workers_kill_timeout=settings.SERVER_STOP_SECONDS,
        websockets=False,
    ).serve(target_loader=target_loader)


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


def live_environment() -> dict[str, str]:
    """The live app's environment: this one, with the live process's own settings, which
    load the events table and not the whole site (rejoinder/live/settings.py)."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "rejoinder.live.settings"}


def serve(*, preload: bool) -> int:
    """The site (WSGI, in this process: serve_site) and, beside it, the live app (ASGI) on
    LIVE_PORT. granian returns when it is told to stop (SIGTERM, or Ctrl+C, which the live
    app gets too); the live app is stopped with it."""
    from django.conf import settings

    command = live_command()
    live = subprocess.Popen(command, env=live_environment()) if command else None
    try:
        serve_site(preload=preload)
    finally:
        if live is not None:
            stop(live, seconds=settings.SERVER_STOP_SECONDS + 2)
    return 0


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
    # No proxy routes /live/ to a live app here: the site answers it briefly and the page
    # polls (README, "A live discussion"), so `make run` starts none.
    server = subprocess.Popen(server_command(), env={**os.environ, "LIVE_PORT": "0"})
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
    serve_parser = commands.add_parser("serve", help="serve with the production server")
    # Set by `serve` itself when it starts afresh after its checks (main below).
    serve_parser.add_argument("--checked", action="store_true", help=argparse.SUPPRESS)
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

    if args.command == "serve" and args.checked:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rejoinder.settings")
        return serve(preload=False)
    from django.core.exceptions import ImproperlyConfigured

    try:
        _django()
    except ImproperlyConfigured as refusal:
        # A setting the operator must fix: the reason, not a traceback through Django.
        print(f"rejoinder: {refusal}", file=sys.stderr)
        return 2
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
        from django.conf import settings

        preflight()
        if settings.SERVER_WORKERS == 1:
            # One worker has no one to share the loaded application with: this process starts
            # afresh, without Django, as granian's master (about 30 MB instead of 140), and
            # the worker loads the application (measured in issue 16: the tree after the
            # write load 200 MB RSS instead of 295).
            sys.stdout.flush()
            sys.stderr.flush()
            os.execv(sys.executable, [*server_command(), "--checked"])
        return serve(preload=True)
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
