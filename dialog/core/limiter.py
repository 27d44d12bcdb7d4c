"""The rate limiter's class: Flask-Limiter, checking only where a limit is declared, and with a
route's limits looked up and charged in one round trip each to Redis."""

from typing import Any, cast

import flask_limiter
from flask import Flask, Response, g, has_request_context, request
from limits import RateLimitItem
from limits.storage import RedisStorage
from limits.strategies import FixedWindowRateLimiter
from redis.exceptions import NoScriptError

#: g attribute: the counts of this request's limits, read together before they are tested.
_READ = "_dialog_limit_counts"


class _ReadTogether(FixedWindowRateLimiter):
    """Flask-Limiter's default strategy, testing against a count read with the route's other
    limits' (`Limiter._read_together`) when there is one, else asking the storage itself."""

    def test(self, item: RateLimitItem, *identifiers: str, cost: int = 1) -> bool:
        counts = g.get(_READ) if has_request_context() else None
        key = item.key_for(*identifiers)
        if counts is None or key not in counts:
            return super().test(item, *identifiers, cost=cost)
        return counts[key] < item.amount - cost + 1


class Limiter(flask_limiter.Limiter):
    """Flask-Limiter without its look before every request when there is nothing to look at,
    and with fewer round trips to Redis.

    Flask-Limiter checks limits that apply to every request (application, default, meta and
    blueprint limits) before each request, and a route's own limits in the route's decorator.
    Ours are all declared on routes, so that first check finds nothing, at some 3 % of the CPU
    a comment's POST costs (profiled), and on every other request; it runs as before as soon
    as an operator configures such a limit (RATELIMIT_APPLICATION, RATELIMIT_DEFAULT, ...).

    A form's route has two to four limits (per account and address, per minute and day), each
    tested before the view and charged after it: a round trip to Redis apiece, twice. With
    Redis and the fixed-window strategy (the default) they are read in one round trip and
    charged in one pipeline; the counts and rules are Flask-Limiter's own."""

    def init_app(self, app: Flask) -> None:
        super().init_app(app)
        if type(self._limiter) is FixedWindowRateLimiter and isinstance(
            self._storage, RedisStorage
        ):
            self._limiter = _ReadTogether(self._storage)

    def _check_request_limit(
        self, callable_name: str | None = None, in_middleware: bool = True
    ) -> None:
        if in_middleware and not self._limits_every_request():
            return
        super()._check_request_limit(callable_name, in_middleware)

    def _limits_every_request(self) -> bool:
        manager = self.limit_manager
        return bool(
            manager.application_limits
            or manager.default_limits
            or self._meta_limits
            or manager._blueprint_limits
            or self._storage_dead  # the in-memory fallback's limits are checked here
        )

    def _redis(self) -> RedisStorage | None:
        """The storage when the limits are read together (see the class), else None."""
        storage = getattr(self.limiter, "storage", None)
        if isinstance(self.limiter, _ReadTogether) and isinstance(storage, RedisStorage):
            return storage
        return None

    # Flask-Limiter's private steps, by their mangled names (this class is a `Limiter` too).

    def _Limiter__evaluate_limits(self, endpoint: str, limits: list[Any]) -> None:
        """The route's limits tested as Flask-Limiter tests them, their counts read first."""
        g.pop(_READ, None)
        storage = self._redis()
        if storage is not None and len(limits) > 1:
            try:
                g.setdefault(_READ, self._read_together(storage, endpoint, limits))
            except Exception:  # noqa: BLE001 (each limit is then read, and fails, on its own)
                g.pop(_READ, None)
        try:
            super()._Limiter__evaluate_limits(endpoint, limits)  # type: ignore[misc]
        finally:
            g.pop(_READ, None)

    def _read_together(
        self, storage: RedisStorage, endpoint: str, limits: list[Any]
    ) -> dict[str, int]:
        """The counts of the limits Flask-Limiter is about to test, under its own keys."""
        keys = []
        for lim in limits:
            if lim.is_exempt or lim.method_exempt:
                continue
            args = [lim.key_func(), lim.scope_for(endpoint, request.method)]
            if not all(args):
                continue
            if self._key_prefix:
                args = [self._key_prefix, *args]
            keys.append(lim.limit.key_for(*args))
        values = cast(Any, storage.get_connection(True)).mget(
            [storage.prefixed_key(k) for k in keys]
        )
        return {key: int(value or 0) for key, value in zip(keys, values, strict=True)}

    def _Limiter__check_conditional_deductions(self, response: Response) -> None:
        """The route's limits charged as Flask-Limiter charges them, in one pipeline."""
        storage = self._redis()
        due = [
            (lim, args)
            for lim, args in self.context.conditional_deductions.items()
            if lim.deduct_when and lim.deduct_when(response)
        ]
        if storage is None or len(due) < 2:
            super()._Limiter__check_conditional_deductions(response)  # type: ignore[misc]
            return
        try:
            _charge_together(storage, [(lim.limit.key_for(*args), lim) for lim, args in due])
        except Exception:
            if not self._swallow_errors:
                raise
            self.logger.exception("Failed to deduct rate limit. Swallowing error")


def _charge_together(storage: RedisStorage, due: list[tuple[str, Any]]) -> None:
    """Each (key, limit) charged by the storage's own script, all in one pipeline (EVALSHA
    alone: a pipeline that knew the script would first ask Redis whether it has it, a round
    trip of its own); when Redis does not have it yet, it is loaded and the pipeline sent again
    (every command ran the one missing script: none of them did anything)."""
    client = cast(Any, storage.get_connection())
    script = storage.lua_incr_expire
    for attempt in range(2):
        pipeline = client.pipeline(transaction=False)
        for key, lim in due:
            pipeline.evalsha(
                script.sha, 1, storage.prefixed_key(key), lim.limit.get_expiry(), lim.cost
            )
        try:
            pipeline.execute()
            return
        except NoScriptError:
            if attempt:
                raise
            client.script_load(script.script)
