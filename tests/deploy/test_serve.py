"""`rejoinder serve` with its default two workers loads the application once, in granian's
master, before forking them (issue 16): that loading must not reach the database, or the
forked workers would share the master's connection (or its pool), and a site whose database
is down would not even start."""

import socket
import sys
import time

from tests.deploy.conftest import SECRET, free_port, site_environment


def test_serve_starts_its_workers_without_reaching_a_database_that_never_answers(
    processes, tmp_path
):
    # A "database" that takes connections and never answers: a connection opened while the
    # master loads would hang its start, and would be seen here.
    with socket.socket() as database:
        database.bind(("127.0.0.1", 0))
        database.listen()
        database.setblocking(False)
        port = free_port()
        env = site_environment(
            tmp_path / "data",
            SECRET_KEY=SECRET,
            DATABASE_URL=f"postgres://rejoinder@127.0.0.1:{database.getsockname()[1]}/rejoinder",
            DATABASE_POOL_SIZE="2",
            HOST="127.0.0.1",
            PORT=str(port),
            WEB_WORKERS="2",
            LIVE_PORT="0",
        )
        server = processes.start("serve", [sys.executable, "-m", "rejoinder.cli", "serve"], env)
        deadline = time.monotonic() + 60
        while True:
            assert server.popen.poll() is None, server.output()[-4000:]
            assert time.monotonic() < deadline, f"not serving in 60 s:\n{server.output()[-4000:]}"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(1)  # granian binds before its workers have loaded: give them the time
        assert server.popen.poll() is None, server.output()[-4000:]
        try:
            database.accept()[0].close()
        except BlockingIOError:
            pass
        else:
            raise AssertionError("the server connected to the database before any request")
