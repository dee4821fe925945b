"""The site behind Debian's nginx with the configuration in deploy/nginx/: TLS ends at
nginx (a certificate made here), nginx serves static files and public media itself, and a
reader reads an article, posts a comment and votes through it."""

import os
import re
import shutil
import ssl
import subprocess
import time
from pathlib import Path
from string import Template

import pytest

from tests.deploy.conftest import (
    ROOT,
    SECRET,
    Reader,
    comment_ids,
    first_article_path,
    free_port,
    post_comment,
    posted_comment_id,
    site_environment,
    upvotes,
    vote,
    wait_for,
)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# CI installs nginx and sets REQUIRE_NGINX, so that a missing nginx fails there.
pytestmark = pytest.mark.skipif(
    not Path(NGINX).exists() and not os.environ.get("REQUIRE_NGINX"),
    reason="nginx is not installed (apt-get install nginx): the proxy tests were not run",
)
TEMPLATE = ROOT / "deploy" / "nginx" / "rejoinder.conf.template"


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    certificate, key = directory / "site.crt", directory / "site.key"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(key), "-out", str(certificate), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return certificate, key


def nginx_config(directory: Path, **values: str) -> Path:
    """Debian's nginx with a main file of our own (unprivileged ports, files in
    `directory`) around deploy/'s site file, filled in as the README says."""
    site = Template(TEMPLATE.read_text()).safe_substitute(values)
    missing = re.findall(r"\$\{REJOINDER_[A-Z_]+\}", site)
    assert not missing, f"the template needs {missing}"
    (directory / "rejoinder.conf").write_text(site)
    for temporary in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (directory / temporary).mkdir()
    main = directory / "nginx.conf"
    # As root (CI), nginx's workers would drop to www-data, which cannot read a tmp dir.
    run_as = "user root;" if os.geteuid() == 0 else ""
    main.write_text(
        f"""
        {run_as}
        worker_processes 1;
        pid {directory}/nginx.pid;
        error_log {directory}/error.log warn;
        events {{ worker_connections 256; }}
        http {{
            include /etc/nginx/mime.types;
            default_type application/octet-stream;
            client_body_temp_path {directory}/body;
            proxy_temp_path {directory}/proxy;
            fastcgi_temp_path {directory}/fastcgi;
            uwsgi_temp_path {directory}/uwsgi;
            scgi_temp_path {directory}/scgi;
            include {directory}/rejoinder.conf;
        }}
        """
    )
    return main


@pytest.fixture
def site_behind_nginx(demo_site, processes, tmp_path):
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    origin = f"https://127.0.0.1:{https_port}"
    environment = site_environment(demo_site, SECRET_KEY=SECRET, BEHIND_TLS_PROXY="1")
    processes.serve("app", port=app_port, env=environment)

    proxy_dir = tmp_path / "nginx"
    proxy_dir.mkdir()
    certificate, key = self_signed_certificate(proxy_dir)
    main = nginx_config(
        proxy_dir,
        REJOINDER_APP_SERVERS=f"server 127.0.0.1:{app_port};",
        REJOINDER_LIVE_SERVERS=f"server 127.0.0.1:{app_port + 1};",  # LIVE_PORT's default
        REJOINDER_HTTP_PORT=str(http_port),
        REJOINDER_HTTPS_PORT=str(https_port),
        REJOINDER_SERVER_NAME="127.0.0.1",
        REJOINDER_PUBLIC_ORIGIN=origin,
        REJOINDER_LOG_DIR=str(proxy_dir),
        REJOINDER_TLS_CERTIFICATE=str(certificate),
        REJOINDER_TLS_KEY=str(key),
        REJOINDER_STATIC_ROOT=str(demo_site / "static"),
        REJOINDER_MEDIA_ROOT=str(demo_site / "media"),
    )
    tested = subprocess.run([NGINX, "-t", "-c", str(main)], capture_output=True, text=True)
    assert tested.returncode == 0, tested.stderr
    nginx = processes.start("nginx", [NGINX, "-c", str(main), "-g", "daemon off;"], env=environment)
    tls = ssl.create_default_context(cafile=str(certificate))
    wait_for(f"{origin}/healthz", nginx, context=tls)
    return {"origin": origin, "http_port": http_port, "tls": tls, "logs": proxy_dir}


def test_a_reader_reads_posts_and_votes_over_https_through_nginx(site_behind_nginx):
    origin, tls = site_behind_nginx["origin"], site_behind_nginx["tls"]
    reader = Reader(tls_context=tls)

    front = reader.get(origin + "/")
    assert front.status == 200
    article = first_article_path(front.text)
    page = reader.get(origin + article)
    assert page.status == 200
    # The app knows the reader came over HTTPS: HSTS, and cookies only sent over TLS.
    assert "max-age=31536000" in page.headers["Strict-Transport-Security"]
    assert reader.cookie("csrftoken").secure
    request_id = page.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # nginx's $request_id, kept

    posted = post_comment(reader, origin, article, "Read through the proxy, and agreed.")
    assert posted.status == 200
    assert posted.url.startswith(origin + article)
    assert "Read through the proxy, and agreed." in posted.text  # to its author at least
    assert posted_comment_id(posted) > 0

    another = Reader(tls_context=tls)
    seen = another.get(origin + article).text
    first = comment_ids(seen)[0]
    voted = vote(another, origin, article, first, "up")
    assert voted.status == 200
    assert upvotes(another.get(origin + article).text, first) == upvotes(seen, first) + 1

    # nginx's access log and the app's answer share the request id.
    time.sleep(0.5)
    assert request_id in (site_behind_nginx["logs"] / "access.log").read_text()


def test_nginx_serves_static_files_with_long_cache_headers_for_hashed_names(
    site_behind_nginx,
):
    origin, tls = site_behind_nginx["origin"], site_behind_nginx["tls"]
    reader = Reader(tls_context=tls)
    page = reader.get(origin + "/").text
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page).group(1)

    hashed = reader.get(origin + stylesheet)

    assert hashed.status == 200
    assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "X-Request-ID" not in hashed.headers  # from disk: the app never saw it
    original = reader.get(origin + re.sub(r"\.[0-9a-f]{12}\.css$", ".css", stylesheet))
    assert original.headers["Cache-Control"] == "public, max-age=3600"


def test_nginx_serves_public_images_and_never_private_documents(site_behind_nginx, demo_site):
    origin, tls = site_behind_nginx["origin"], site_behind_nginx["tls"]
    reader = Reader(tls_context=tls)
    image = next((demo_site / "media" / "original_images").iterdir())
    document_dir = demo_site / "media" / "documents"
    document_dir.mkdir(exist_ok=True)
    (document_dir / "board-minutes.txt").write_text("private minutes")

    assert reader.get(f"{origin}/media/original_images/{image.name}").status == 200
    refused = reader.get(f"{origin}/media/documents/board-minutes.txt")
    assert refused.status == 404
    assert "private minutes" not in refused.text


def test_plain_http_is_sent_to_https(site_behind_nginx):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", site_behind_nginx["http_port"])
    connection.request("GET", "/opinion/?page=2")
    answer = connection.getresponse()

    assert answer.status == 301
    assert answer.getheader("Location") == site_behind_nginx["origin"] + "/opinion/?page=2"
