"""The rate limiter's class: Flask-Limiter, checking only where a limit is declared."""

import flask_limiter


class Limiter(flask_limiter.Limiter):
    """Flask-Limiter without its look before every request when there is nothing to look at.

    Flask-Limiter checks limits that apply to every request (application, default, meta and
    blueprint limits) before each request, and a route's own limits in the route's decorator.
    Ours are all declared on routes, so that first check finds nothing, at some 3 % of the CPU
    a comment's POST costs (profiled), and on every other request; it runs as before as soon
    as an operator configures such a limit (RATELIMIT_APPLICATION, RATELIMIT_DEFAULT, ...)."""

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
