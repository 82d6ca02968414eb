"""When the database goes away the site answers 503 with a friendly page, and recovers.

The PostgreSQL test makes a real outage: gunicorn reaches the database through a
small TCP proxy in this process, and the test cuts and restores the proxy.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests import factories
from tests.processes import PRODUCTION_ENV, run_django

PROJECT_DIR = Path(__file__).resolve().parents[2]
FRIENDLY_HEADING = "We will be back in a moment"


def assert_friendly_503(status, headers, body):
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "no-store" in headers["Cache-Control"]
    assert FRIENDLY_HEADING in body
    assert "Traceback" not in body and "OperationalError" not in body


# --- SQLite: the database file cannot be opened ---------------------------------

OUTAGE_PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
answers = {}
for url in ["/films/", "/search/?q=land", "/api/films/", "/healthz"]:
    response = client.get(url)
    answers[url] = [response.status_code, dict(response.headers), response.content.decode()]
print(json.dumps(answers))
"""


@pytest.mark.slow
def test_an_unopenable_database_gives_503_pages_not_500(tmp_path):
    result = run_django(
        OUTAGE_PROBE,
        {
            **PRODUCTION_ENV,
            "DJANGO_SETTINGS_MODULE": "reviews_site.settings",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.splitlines()[-1])
    # /films/ fails in the page cache's middleware, /search/ in its view: both are 503s.
    for url in ("/films/", "/search/?q=land"):
        assert_friendly_503(*answers[url])
    status, headers, body = answers["/api/films/"]
    assert status == 503 and headers["Retry-After"] == "30"
    assert json.loads(body) == {
        "detail": "The service is briefly unavailable. Please try again shortly."
    }
    status, _, body = answers["/healthz"]
    assert status == 503 and json.loads(body) == {"database": "error", "cache": "ok"}


# --- PostgreSQL: a real outage through a TCP proxy -------------------------------


class TcpProxy:
    """Forwards 127.0.0.1:<port> to the database; cut() drops every connection."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.port = None
        self.sockets = set()
        self.lock = threading.Lock()

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen()
        listener.settimeout(0.1)
        self.port = listener.getsockname()[1]
        self.listener = listener
        self.running = threading.Event()
        self.running.set()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def cut(self):
        self.running.clear()
        self.thread.join()
        self.listener.close()
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()

    def _accept(self):
        while self.running.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            server = socket.create_connection(self.upstream)
            with self.lock:
                self.sockets |= {client, server}
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.fixture
def proxy():
    db = connection.settings_dict
    tcp_proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    tcp_proxy.start()
    yield tcp_proxy
    if tcp_proxy.running.is_set():
        tcp_proxy.cut()


@pytest.fixture
def gunicorn_through(proxy, transactional_db):
    db = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        **PRODUCTION_ENV,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}",
    }
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "reviews_site.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30"),
        ],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            fetch(base + "/healthz")
            break
        except OSError:
            time.sleep(0.2)
    try:
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.slow
@pytest.mark.postgres(reason="a real PostgreSQL outage")
def test_the_site_shows_503_while_postgres_is_away_and_recovers(proxy, gunicorn_through):
    factories.film(title="Outage Proof", slug="outage-proof")
    search = gunicorn_through + "/search/?q=Outage"
    health = gunicorn_through + "/healthz"

    status, _, body = fetch(search)
    assert status == 200 and "Outage Proof" in body

    proxy.cut()
    assert_friendly_503(*fetch(search))
    status, _, body = fetch(health)
    assert status == 503 and json.loads(body) == {"database": "error", "cache": "ok"}

    proxy.start()
    status, _, body = fetch(search)
    assert status == 200 and "Outage Proof" in body
    status, _, body = fetch(health)
    assert status == 200 and json.loads(body) == {"database": "ok", "cache": "ok"}
