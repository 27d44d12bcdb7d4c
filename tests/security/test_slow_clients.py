"""Slow and partial requests: clients that send half a request and wait must not keep others
from being served.

gunicorn's gthread worker gives a connection a thread as soon as its first byte arrives and then
waits for the rest without a time limit, so that as many half-sent requests as the server has
threads stop it for everyone (measured: docs/security.md). Dialog is therefore served behind a
buffering proxy, as gunicorn's documentation asks: nginx reads every request whole, within its
own time limits, before passing it on. This test runs that arrangement, with the project's
gunicorn.conf.py, and sends three times as many half requests as gunicorn has threads.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.security.gunicorn_server import free_port, get, gunicorn

WORKERS, THREADS = 2, 2
SLOW_CLIENTS = 3 * WORKERS * THREADS

#: The proxy settings this depends on (docs/deployment.md gives the full configuration).
NGINX = """
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    client_max_body_size 3m;
    client_header_timeout 10s;
    client_body_timeout 10s;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_set_header Host $http_host;
            proxy_request_buffering on;
        }}
    }}
}}
"""


def nginx_binary() -> str:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.access(found, os.X_OK):
        pytest.fail("nginx is not installed: apt-get install nginx (Debian)")
    return found


@pytest.fixture(scope="module")
def proxied():
    """gunicorn (gunicorn.conf.py, 2 workers × 2 threads) behind nginx, both on 127.0.0.1."""
    with gunicorn(workers=WORKERS, threads=THREADS) as server, tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp)
        prefix.chmod(0o755)
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / name).mkdir(mode=0o777)
            (prefix / name).chmod(0o777)
        port = free_port()
        upstream = server.url.rsplit(":", 1)[1]
        conf = prefix / "nginx.conf"
        conf.write_text(NGINX.format(prefix=prefix, port=port, upstream=upstream))
        process = subprocess.Popen(  # noqa: S603
            [nginx_binary(), "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 20
            while True:
                try:
                    if get(url + "/") == 200:
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise
                time.sleep(0.1)
            yield port
        finally:
            process.send_signal(signal.SIGQUIT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def half_requests(port: int, stack: ExitStack) -> None:
    """Half of them stop in the headers, half in a POST body they promised."""
    for n in range(SLOW_CLIENTS):
        sock = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5))
        if n % 2:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        else:
            sock.sendall(
                b"POST /konto/logga-in HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 100000\r\n\r\nemail=slow"
            )


def test_half_sent_requests_do_not_stall_other_visitors(proxied):
    with ExitStack() as stack:
        half_requests(proxied, stack)
        for _ in range(5):
            assert get(f"http://127.0.0.1:{proxied}/", timeout=10) == 200
