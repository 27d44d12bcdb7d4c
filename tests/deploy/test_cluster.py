"""Scale-out: nginx in front of two gunicorn servers that share PostgreSQL, Redis and a worker.

`deploy.cluster.running()` is what `make cluster` serves: nginx with TLS on a free port, two
gunicorn servers in production mode, a Celery worker, a database of its own. Through nginx a
resident registers (the mail is written by the worker), signs in, is recognised by both servers,
posts a comment and sees it from both; wrong passwords are counted across both servers, since the
limits are in Redis. Runs in the PostgreSQL run of `make test`; needs nginx (`make nginx`),
PostgreSQL and Redis. Waiting is polling with deadlines.
"""

import http.client
import json
import os
import ssl
import time
import urllib.parse
from http.cookies import SimpleCookie

import pytest

from deploy import cluster as deploy
from tests.databases import admin_url, backend
from tests.factories import PASSWORD, Outbox, form_fields

pytestmark = pytest.mark.cluster

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
PLAN = "/kommun/lund/plan/kommunfullmaktiges-mal-och-sarskilda-uppdrag"
EMAIL = "kim.kluster@example.se"
NAME = "Kim i Klostergården"
COMMENT = "Två servrar, en databas: den här kommentaren syns från båda."
#: Requests through nginx before both servers must have answered (nginx takes turns).
TURNS = 20


class Visitor:
    """One browser: its own cookies, every request over a new TLS connection to nginx."""

    def __init__(self, url: str, certificate):
        self.url = url
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.context = ssl.create_default_context(cafile=str(certificate))
        self.cookies: dict[str, str] = {}
        self.served_by: list[str] = []

    def request(self, method: str, path: str, form: dict | None = None, referer: str = "/"):
        connection = http.client.HTTPSConnection(
            self.host, self.port, context=self.context, timeout=60
        )
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # Over https Flask-WTF wants a same-origin Referer, as browsers send it.
            headers["Referer"] = self.url + referer
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        self.served_by.append(response.headers.get("X-Dialog-Instance", "?"))
        return response, text

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, form: dict, page: str | None = None):
        """Send a form with the CSRF token (and submission token) of the page it is on."""
        _response, html = self.get(page or path)
        return self.request("POST", path, {**form_fields(html), **form}, page or path)


def _require(what: str, check) -> None:
    try:
        check()
    except Exception as error:
        if os.environ.get("CI") or os.environ.get(f"REQUIRE_{what.upper()}"):
            pytest.fail(f"{what} is required here: {error}")
        pytest.skip(f"{what} is not reachable: {error}")


@pytest.fixture
def cluster():
    if backend() != "postgresql":
        pytest.skip("the cluster shares PostgreSQL: it runs in the PostgreSQL run")
    import psycopg
    import redis

    _require("postgresql", lambda: psycopg.connect(admin_url(), connect_timeout=3).close())
    _require("redis", lambda: redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping())
    deploy.nginx_binary()  # fails, not skips: `make test` installs nginx
    # One nginx worker process takes strict turns between the servers (each process keeps its own
    # turn), so that every second request goes to the other server.
    with deploy.running(postgresql=admin_url(), redis=REDIS_URL, nginx_workers="1") as running:
        yield running


def _wait_for_mail(outbox: Outbox, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if outbox.folder.is_dir() and outbox.messages():
            return outbox.last()
        time.sleep(0.2)
    raise AssertionError(f"the worker wrote no mail to {outbox.folder} within {seconds:.0f} s")


def _served_by_both(visitor: Visitor, path: str, check) -> set[str]:
    """GET `path` through nginx until both servers have answered it; `check` every answer."""
    seen: set[str] = set()
    for _turn in range(TURNS):
        response, html = visitor.get(path)
        assert response.status == 200, (path, response.status)
        check(html)
        seen.add(response.headers["X-Dialog-Instance"])
        if seen == {"a", "b"}:
            return seen
    raise AssertionError(f"{path}: {TURNS} requests were all answered by {seen}")


def _first_goal(visitor: Visitor) -> int:
    slug = PLAN.rsplit("/", 1)[1]
    _response, body = visitor.get(f"/api/v1/municipalities/lund/plans/{slug}")
    plan = json.loads(body)
    return next(goal["id"] for area in plan["focus_areas"] for goal in area["goals"])


def test_two_servers_behind_nginx_share_sessions_comments_limits_and_jobs(cluster):
    """One test, so that pytest-xdist never starts the cluster twice."""
    resident_is_served_by_both_servers_and_sees_their_comment_from_each(cluster)
    wrong_passwords_are_counted_across_both_servers(cluster)


def resident_is_served_by_both_servers_and_sees_their_comment_from_each(cluster):
    visitor = Visitor(cluster.url, cluster.certificate)
    response, _html = visitor.post(
        "/konto/registrera",
        {
            "email": EMAIL,
            "display_name": NAME,
            "password": PASSWORD,
            "accept_rules": "y",
            "accept_privacy": "y",
        },
    )
    assert response.status == 200
    # The server queued the mail; the Celery worker, a process of its own, wrote it.
    outbox = Outbox(cluster.outbox)
    message = _wait_for_mail(outbox)
    assert message["To"] == EMAIL
    link = outbox.local_link(message)
    assert link.startswith("/konto/bekrafta/")
    assert visitor.get(link)[0].status == 302

    response, _html = visitor.post("/konto/logga-in", {"email": EMAIL, "password": PASSWORD})
    assert response.status == 302, response.status
    signed_in = visitor.served_by[-1]

    # The session cookie one server signed is valid on the other; the device row is shared.
    def shows_the_resident(html: str) -> None:
        assert NAME in html and 'action="/konto/logga-ut"' in html

    _served_by_both(visitor, "/mina-sidor", shows_the_resident)

    goal = _first_goal(visitor)
    response, _html = visitor.post(f"/mal/{goal}/kommentera", {"body": COMMENT}, f"/mal/{goal}")
    assert response.status == 302, response.status
    posted_on = visitor.served_by[-1]

    def shows_the_comment(html: str) -> None:
        assert COMMENT in html

    _served_by_both(visitor, f"/mal/{goal}", shows_the_comment)
    anonymous = Visitor(cluster.url, cluster.certificate)
    _served_by_both(anonymous, f"/mal/{goal}", shows_the_comment)
    assert {signed_in, posted_on} <= {"a", "b"}


def wrong_passwords_are_counted_across_both_servers(cluster):
    """LIMIT_SIGN_IN_ACCOUNT allows 5 a minute: in memory, each of 4 processes would allow 5."""
    visitor = Visitor(cluster.url, cluster.certificate)
    _response, html = visitor.get("/konto/logga-in")
    wrong = {**form_fields(html), "email": "not.me@example.se", "password": "fel lösenord igen"}
    statuses = [
        visitor.request("POST", "/konto/logga-in", wrong, "/konto/logga-in")[0].status
        for _ in range(6)
    ]
    assert statuses == [200] * 5 + [429], statuses
    assert set(visitor.served_by[1:]) == {"a", "b"}, visitor.served_by
