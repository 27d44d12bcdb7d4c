"""Pages for signed-out visitors, cached whole, and served while the content version holds.

A page is cached (Flask-Caching: Redis when REDIS_URL is set, else in the process) together
with the content version it was rendered under (dialog/core/versions.py: every write that
changes what a public page shows replaces it) and served only while that is the current version.
With Redis every writer also puts the new version in Redis after its commit, where readers find
it without a statement (see `Pages`).

Only a visitor who sends no cookie gets a shared page: anyone with a session or remember
cookie may be signed in or have a message waiting (a flash), so their pages are rendered for
them alone. Shared pages carry an ETag and Last-Modified (a conditional GET answers 304) and
`Cache-Control: public, max-age, stale-while-revalidate` for a reverse proxy. Once cached, they
are answered by `SharedPages` before Flask handles the request at all.
"""

import hashlib
import logging
import secrets
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from functools import wraps
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from cachelib import RedisCache
from flask import (
    Flask,
    Response,
    current_app,
    g,
    has_request_context,
    make_response,
    request,
    session,
)
from flask.typing import ResponseReturnValue
from flask_caching.backends import NullCache
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from werkzeug.http import http_date
from werkzeug.wrappers import Request as BaseRequest
from werkzeug.wrappers import Response as BaseResponse

from dialog.core.security import instance_header, malformed_query, security_headers
from dialog.core.versions import PAGES, PAGES_EXTENSION, Version, database_version, listen, version
from dialog.extensions import cache, db

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

_ACTIVE = "dialog_cached_page"
#: View attribute marking a `cached_page` view; environ key of the version the fast path read
#: (Flask's path reuses it).
_SHARED = "dialog_shared_page"
_VERSION_READ = "dialog.page_version"
#: g attribute of the version a GET request's shared parts use (`current_version`).
_REQUEST_VERSION = "_dialog_version"

logger = logging.getLogger(__name__)
#: Pages a process keeps a copy of (`Pages.lookup`): a few hundred pages × languages, each some
#: tens of KB at most.
KEPT_MAX = 256
#: Headers made for shared pages (`SharedPages`), a few hundred bytes each.
MADE_MAX = 1000

V = TypeVar("V")


class ProcessStore(Generic[V]):
    """What one process keeps of things made under the content version (pages, frames,
    headers). Their keys hold the version, so nothing made before a write is asked for again;
    when the store is full the older half goes."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: dict[Hashable, V] = {}

    def get(self, key: Hashable) -> V | None:
        return self.items.get(key)

    def put(self, key: Hashable, value: V) -> None:
        if len(self.items) >= self.size:
            for old in list(self.items)[: self.size // 2]:
                self.items.pop(old, None)
        self.items[key] = value


P = ParamSpec("P")


# Reads: the version of a request, the key, the decorator for shareable pages and the fast path
# before Flask.


def current_version() -> Version:
    """The version a page's shared parts are kept under, read once per GET or HEAD request:
    with Redis from Redis, where every writer puts it after its commit (see `Pages`), so that
    a cached part costs no statement; else from the database. Requests that may write read
    it afresh each time, so that what they show after their own commit is never old."""
    if not has_request_context() or request.method not in ("GET", "HEAD"):
        return _pages(current_app).current(version)
    found = g.get(_REQUEST_VERSION)
    if not isinstance(found, Version):
        found = request.environ.get(_VERSION_READ)
        if not isinstance(found, Version):
            found = _pages(current_app).current(version)
        setattr(g, _REQUEST_VERSION, found)
    return found


def use_version(found: Version) -> None:
    """This GET's version when a statement the request sends anyway read it (the user loader
    on a goal page, dialog/accounts/sessions.py): `current_version` then asks nobody. Read
    from the database, where every writer replaces it in its own transaction, it is never
    older than Redis's copy."""
    if has_request_context() and request.method in ("GET", "HEAD"):
        g.setdefault(_REQUEST_VERSION, found)


@dataclass(frozen=True)
class Entry:
    body: bytes
    mimetype: str
    etag: str
    #: The version the page was rendered under: served only while that is the current one.
    token: str = ""


class Pages:
    """Where the serving side reads the current version and the pages (one per app).

    With an in-process cache (or several processes each with their own) the version is read
    from the database on every shared page, as every writer's commit replaces it there. With
    Redis (shared by every worker and server) the version is kept in Redis too, beside the
    pages, so that a cached page costs one round trip to Redis and none to the database:

    - after a commit that replaced the version in the database, the writer puts its token in
      Redis (`_after_commit`), before its answer leaves, so that every request that starts
      after the answer sees the write;
    - when Redis holds no version (first start, expiry), a reader puts in a new random token
      (SET NX), with the time of the last change from the database. A token therefore enters
      Redis only after every write before it committed, and no page is kept under a token
      it was not rendered after: a page is served only while its own token is current;
    - the version expires after PAGE_VERSION_TTL seconds, which bounds how long pages could
      stay old if a writer could not reach Redis after its commit (Redis down, a worker
      killed between the two, a process writing without REDIS_URL).
    """

    VERSION_KEY = "version:" + PAGES

    def __init__(self, app: Flask) -> None:
        self.config = app.config
        self.backend = app.extensions["cache"][cache]
        self.enabled = not isinstance(self.backend, NullCache)
        # Redis itself, for SET NX EX and MGET (cachelib's add() sets the expiry separately).
        self.redis: Any = None
        if isinstance(self.backend, RedisCache):
            self.redis = self.backend._write_client  # noqa: SLF001
        self.kept: ProcessStore[Entry] = ProcessStore(KEPT_MAX)
        with app.app_context():
            self.engine = db.engine

    def lookup(
        self, key: str, database: Callable[[], Version], known: Version | None = None
    ) -> tuple[Version, Entry | None]:
        """The current version and the page kept under `key` when it was rendered under it.
        The page is taken from this process's copy when it has one for that version, so that
        a hit costs one small round trip (the version) instead of moving the page each time."""
        if known is not None:
            current = known
        elif self.redis is not None:
            current = self.current(database)
        else:
            current = database()
        entry = self.kept.get((key, current.token))
        if entry is not None:
            return current, entry
        entry = self.backend.get(key)
        if not isinstance(entry, Entry) or entry.token != current.token:
            return current, None
        self._keep(key, entry)
        return current, entry

    def _keep(self, key: str, entry: Entry) -> None:
        """A copy in the process under the page's version (a new version is a new key, so a
        copy is never served after a write)."""
        self.kept.put((key, entry.token), entry)

    def current(self, database: Callable[[], Version]) -> Version:
        """The current version: Redis's when Redis holds one (put there after every commit
        that replaced it), else the database's."""
        if self.redis is None:
            return database()
        held = self.backend.serializer.loads(self.redis.get(self._redis_key(self.VERSION_KEY)))
        return held if isinstance(held, Version) else self._start(database)

    def _database(self) -> Version:
        with self.engine.connect() as connection:
            return database_version(connection)

    def _start(self, database: Callable[[], Version]) -> Version:
        """No version in Redis: a new token, unless another reader put one in meanwhile."""
        fresh = Version(secrets.token_hex(16), database().changed_at)
        if self._put(fresh, only_new=True):
            return fresh
        held = self.backend.get(self.VERSION_KEY)
        return held if isinstance(held, Version) else fresh

    def _redis_key(self, key: str) -> str:
        return str(self.backend._get_prefix()) + key  # as cachelib names its keys

    def _put(self, current: Version, only_new: bool = False) -> bool:
        return bool(
            self.redis.set(
                self._redis_key(self.VERSION_KEY),
                self.backend.serializer.dumps(current),
                ex=int(self.config["PAGE_VERSION_TTL"]),
                nx=only_new,
            )
        )

    def publish(self, current: Version) -> None:
        """After a commit that replaced the version: Redis gets it (nothing to do otherwise)."""
        if self.redis is None:
            return
        try:
            self._put(current)
        except Exception:  # the write is stored; pages catch up within PAGE_VERSION_TTL
            logger.exception("Could not put the new page version in Redis")

    def store(self, key: str, entry: Entry) -> None:
        self.backend.set(key, entry)
        self._keep(key, entry)


def _pages(app: Flask) -> Pages:
    return app.extensions[PAGES_EXTENSION]


def shareable() -> bool:
    """Whether this request may get (and fill) the shared copy: a GET or HEAD from a visitor
    who sends neither a session nor a remember cookie."""
    return _shareable(request, current_app.config)


def _shareable(incoming: BaseRequest, config: Mapping[str, Any]) -> bool:
    if incoming.method not in ("GET", "HEAD"):
        return False
    names = (config["SESSION_COOKIE_NAME"], config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    return not any(name in incoming.cookies for name in names)


def today_in(config: Mapping[str, Any]) -> str:
    """The local date: dialogue windows open and close by it."""
    return datetime.now(ZoneInfo(config["BABEL_DEFAULT_TIMEZONE"])).date().isoformat()


def _language(incoming: BaseRequest, config: Mapping[str, Any]) -> str:
    """The page's language for a visitor who is not signed in (dialog/core/i18n.py): `?lang=`
    when the site speaks it, else the default."""
    choice = incoming.args.get("lang")
    return str(choice if choice in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"])


def page_key(incoming: BaseRequest, config: Mapping[str, Any]) -> str:
    """Day (dialogue windows open and close by date), language, scheme, host and address.
    The version is not part of it but of the entry, so that one lookup fetches both."""
    parts = (
        today_in(config),
        _language(incoming, config),
        incoming.scheme,
        incoming.host,
        incoming.root_path,
        incoming.full_path,
    )
    return "shared:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _publish(
    response: BaseResponse, current: Version, incoming: BaseRequest, config: Mapping[str, Any]
) -> BaseResponse:
    """Headers of a shared page, then 304 when the visitor's copy is still current."""
    response.cache_control.public = True
    response.cache_control.max_age = config["PUBLIC_MAX_AGE"]
    response.cache_control.stale_while_revalidate = config["PUBLIC_STALE_WHILE_REVALIDATE"]
    response.vary.add("Cookie")
    midnight = datetime.combine(
        datetime.fromisoformat(today_in(config)), time(), tzinfo=current.changed_at.tzinfo
    )
    response.last_modified = max(current.changed_at, midnight)
    response.make_conditional(incoming)  # turns it into a 304 in place when still current
    return response


def _shared_response(
    response_class: type[BaseResponse],
    entry: Entry,
    current: Version,
    incoming: BaseRequest,
    config: Mapping[str, Any],
) -> BaseResponse:
    response = response_class(entry.body, mimetype=entry.mimetype)
    response.set_etag(entry.etag)
    return _publish(response, current, incoming, config)


def cached_page(view: Callable[P, ResponseReturnValue]) -> Callable[P, ResponseReturnValue]:
    """Serve the page from the shared cache to cookieless visitors, else render it (the
    fast path, `SharedPages`, serves most cached pages before this is reached)."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
        if g.get(_ACTIVE) or not shareable():
            return view(*args, **kwargs)
        g.setdefault(_ACTIVE, True)
        config = current_app.config
        pages = _pages(current_app)
        key = page_key(request, config)
        current, entry = pages.lookup(key, version, request.environ.get(_VERSION_READ))
        setattr(g, _REQUEST_VERSION, current)  # the page's parts are read under it too
        if entry is None:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200 or session.modified or current_user.is_authenticated:
                return response
            response.add_etag()
            etag = response.get_etag()[0]
            mimetype = response.mimetype or "text/html"
            entry = Entry(response.get_data(), mimetype, etag or "", current.token)
            pages.store(key, entry)
        return _shared_response(Response, entry, current, request, config)

    setattr(wrapper, _SHARED, True)
    return wrapper


#: Request headers that can turn a page into a 304, 412 or 206 (werkzeug's make_conditional).
_CONDITIONAL = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_RANGE",
    "HTTP_IF_RANGE",
)
#: Settings the headers of a shared page depend on (part of the remembered headers' key).
_HEADER_SETTINGS = (
    "PUBLIC_MAX_AGE",
    "PUBLIC_STALE_WHILE_REVALIDATE",
    "DIALOG_ENV",
    "HSTS",
    "DIALOG_INSTANCE",
)
_Answer = tuple[str, list[tuple[str, str]], list[bytes]]


class SharedPages:
    """WSGI middleware: a cached page for a cookieless GET or HEAD, sent before Flask's
    request handling (context, session, user, locale, limits, hooks) runs at all.

    It answers only when the address routes to a `cached_page` view and the page is in the
    cache under the current version, with the headers Flask's path would send (the shared
    page's, the security headers, the server's name); anything else, or any error, goes on to
    Flask, which then reuses the version read here. It sits inside ProxyFix and the host check.
    The headers of an unconditional 200 are made once per page, version and settings, and
    then reused with the day's Date.
    """

    def __init__(self, app: Flask, wsgi_app: "WSGIApplication") -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.pages = _pages(app)
        self.made: ProcessStore[tuple[str, list[tuple[str, str]], int]] = ProcessStore(MADE_MAX)

    def __call__(
        self, environ: "WSGIEnvironment", start_response: "StartResponse"
    ) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            try:
                answer = self.serve(environ)
            except Exception:  # Flask's path has the error pages and the retries
                logger.debug("Shared page fast path failed", exc_info=True)
                answer = None
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                return body
        return self.wsgi_app(environ, start_response)

    def serve(self, environ: "WSGIEnvironment") -> _Answer | None:
        app, config = self.app, self.app.config
        incoming = app.request_class(environ)
        if not _shareable(incoming, config) or malformed_query(
            incoming.query_string, incoming.args, config["MAX_QUERY_STRING_LENGTH"]
        ):
            return None
        try:
            endpoint, _arguments = app.create_url_adapter(incoming).match()  # type: ignore[union-attr]
        except HTTPException:  # a redirect, a 404 or a 405: Flask answers
            return None
        if not getattr(app.view_functions.get(endpoint), _SHARED, False):
            return None
        key = page_key(incoming, config)
        current, entry = self.pages.lookup(key, self.pages._database)
        environ[_VERSION_READ] = current
        if entry is None:
            return None
        if any(name in environ for name in _CONDITIONAL):
            return self._answer(environ, incoming, entry, current)
        made_key = (key, entry.etag, current, *(config[name] for name in _HEADER_SETTINGS))
        made = self.made.get(made_key)
        if made is None:
            status, headers, _body = self._answer(environ, incoming, entry, current)
            dated = [i for i, (name, _value) in enumerate(headers) if name == "Date"]
            if status != "200 OK" or len(dated) != 1:
                return status, headers, _body
            made = (status, headers, dated[0])
            self.made.put(made_key, made)
        status, headers, date_at = made
        headers = headers.copy()
        headers[date_at] = ("Date", http_date())
        return status, headers, [] if incoming.method == "HEAD" else [entry.body]

    def _answer(
        self,
        environ: "WSGIEnvironment",
        incoming: BaseRequest,
        entry: Entry,
        current: Version,
    ) -> _Answer:
        """The page as Flask's path makes it: the shared page's headers and 304, then the
        headers every response gets (dialog/core/security.py)."""
        config = self.app.config
        response = _shared_response(self.app.response_class, entry, current, incoming, config)
        headers = response.headers
        for name, value in security_headers(config):
            headers.setdefault(name, value)
        instance = instance_header(config)
        if instance:
            headers[instance[0]] = instance[1]
        body, status, wsgi_headers = response.get_wsgi_response(environ)
        return status, list(wsgi_headers), list(body)


def no_store_when_cookies_set(response: Response) -> Response:
    """A response that sets a cookie (a form's CSRF token, sign-in, a flash) is this visitor's
    alone (the session cookie itself is written after this hook, hence `modified`)."""
    if "no-store" in (response.headers.get("Cache-Control") or ""):
        return response
    if session.modified or response.headers.get("Set-Cookie"):
        response.headers["Cache-Control"] = "private, no-store"
    return response


def init_app(app: Flask) -> None:
    """Write notes, headers and the fast path (called before `wrap_wsgi`, which must stay
    outside it: the fast path needs the forwarded host and a checked one)."""
    app.config.setdefault("PUBLIC_MAX_AGE", 15)
    app.config.setdefault("PUBLIC_STALE_WHILE_REVALIDATE", 60)
    app.config.setdefault("PAGE_VERSION_TTL", 60)
    listen(db.session.session_factory.class_)
    app.after_request(no_store_when_cookies_set)
    pages = app.extensions[PAGES_EXTENSION] = Pages(app)
    if pages.enabled:
        # Wrapping wsgi_app is how Flask documents middleware; mypy sees a method replaced.
        app.wsgi_app = SharedPages(app, app.wsgi_app)  # type: ignore[method-assign]
