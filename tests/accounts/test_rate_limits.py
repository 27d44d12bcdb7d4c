"""Each rate limit: sign-in per IP and per account, registration, mail, posting, acting."""

import time
import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from dialog.extensions import db, limiter
from dialog.participation.models import Comment
from tests.factories import PASSWORD, csrf, form_fields, make_goal, make_user, sign_in


def _redis_or_skip():
    """The redis module, when a Redis server answers on 127.0.0.1:6379; else the test skips."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    return redis


@pytest.fixture
def limits(app, monkeypatch):
    def set_limit(name, value):
        monkeypatch.setitem(app.config, name, value)

    return set_limit


def _sign_in_attempt(client, email, ip="10.0.0.1"):
    return client.post(
        "/konto/logga-in",
        data={"email": email, "password": "wrong password", "csrf_token": csrf(client)},
        environ_base={"REMOTE_ADDR": ip},
    )


def _sign_in(client, email="anna@example.se", ip="10.0.0.1", password=PASSWORD):
    return client.post(
        "/konto/logga-in",
        data={"email": email, "password": password, "csrf_token": csrf(client)},
        environ_base={"REMOTE_ADDR": ip},
    )


def test_wrong_passwords_slow_the_guesser_not_the_owner(app, client, app_context, limits):
    limits("LIMIT_SIGN_IN_ACCOUNT", "3 per minute")
    make_user()
    for _ in range(3):
        assert _sign_in_attempt(client, "anna@example.se", "10.0.0.66").status_code == 200
    blocked = _sign_in_attempt(client, "anna@example.se", "10.0.0.66")
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= 60
    page = blocked.get_data(as_text=True)
    assert "För många felaktiga lösenord" in page and 'value="anna@example.se"' in page
    # The owner, elsewhere, signs in; the guesser may still try other accounts.
    assert _sign_in(app.test_client(), ip="10.0.0.7").status_code == 302
    assert _sign_in_attempt(client, "bo@example.se", "10.0.0.66").status_code == 200


def test_signing_in_with_the_right_password_is_not_counted(client, app_context, limits):
    limits("LIMIT_SIGN_IN_ACCOUNT", "2 per minute")
    limits("LIMIT_SIGN_IN_IP", "2 per minute")
    make_user()
    for _ in range(4):
        assert _sign_in(client).status_code == 302
        client.post("/konto/logga-ut", data={"csrf_token": csrf(client, "/")})


def test_default_sign_in_limit_backs_off_as_wrong_guesses_go_on(app):
    from limits import parse_many

    steps = sorted(parse_many(app.config["LIMIT_SIGN_IN_ACCOUNT"]), key=lambda x: x.get_expiry())
    assert len(steps) >= 3
    rates = [step.amount / step.get_expiry() for step in steps]
    assert rates == sorted(rates, reverse=True) and len(set(rates)) == len(rates)
    assert steps[0].amount <= 5 and steps[0].get_expiry() <= 60


def test_sign_in_limited_per_address_and_unknown_accounts_look_the_same(
    client, app_context, limits
):
    limits("LIMIT_SIGN_IN_IP", "4 per minute")
    make_user()
    codes = [_sign_in_attempt(client, f"x{n}@example.se").status_code for n in range(4)]
    assert codes == [200] * 4
    assert _sign_in_attempt(client, "anna@example.se").status_code == 429
    assert _sign_in_attempt(client, "anna@example.se", "10.9.9.9").status_code == 200


def _register(client, n, **overrides):
    data = {
        "email": f"n{n}@example.se",
        "display_name": f"Namn {n}",
        "password": PASSWORD,
        "accept_rules": "y",
        "accept_privacy": "y",
        "csrf_token": csrf(client, "/konto/registrera"),
    }
    data.update(overrides)
    return client.post("/konto/registrera", data=data)


def test_registration_limited_per_address(client, app_context, limits):
    limits("LIMIT_REGISTER_IP", "2 per hour")
    codes = [_register(client, n).status_code for n in range(3)]
    assert codes == [200, 200, 429]


def test_registration_forms_sent_back_with_errors_do_not_count(client, app_context, limits):
    limits("LIMIT_REGISTER_IP", "2 per hour")
    for n in range(5):
        assert _register(client, n, password="short").status_code == 200
    assert [_register(client, n).status_code for n in range(2)] == [200, 200]


def test_registration_limit_keeps_what_was_typed_and_says_why(client, app_context, limits):
    limits("LIMIT_REGISTER_IP", "1 per hour")
    assert _register(client, 1).status_code == 200
    response = _register(client, 2, display_name="Elev i 9B")
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "<form" in page and 'value="n2@example.se"' in page and 'value="Elev i 9B"' in page
    assert "från ditt nätverk" in page and "minuter" in page
    assert "försökt för många gånger" not in page  # not the generic message


def test_shared_address_can_register_a_school_class(client, app_context):
    codes = {_register(client, n).status_code for n in range(30)}
    assert codes == {200}


def test_password_reset_mail_limited_per_account(client, app_context, limits, outbox):
    limits("LIMIT_MAIL_ACCOUNT", "2 per hour")
    make_user()
    codes = []
    for n in range(3):
        codes.append(
            client.post(
                "/konto/glomt-losenord",
                data={
                    "email": "anna@example.se",
                    "csrf_token": csrf(client, "/konto/glomt-losenord"),
                },
                environ_base={"REMOTE_ADDR": f"10.1.0.{n}"},
            ).status_code
        )
    assert codes == [200, 200, 429]
    assert len(outbox.messages()) == 2


def test_posting_limited_per_account(client, app_context, limits):
    limits("LIMIT_POST_ACCOUNT", "2 per minute")
    goal = make_goal()
    make_user()
    sign_in(client)
    codes = []
    for n in range(3):
        fields = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))
        codes.append(
            client.post(
                f"/mal/{goal.id}/kommentera", data={"body": f"Nr {n}", **fields}
            ).status_code
        )
    assert codes == [302, 302, 429]
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 2


def test_posting_limited_per_address_across_accounts(app, app_context, limits):
    limits("LIMIT_POST_IP", "2 per minute")
    goal = make_goal()
    codes = []
    for n in range(3):
        make_user(f"p{n}@example.se", f"P{n}")
        client = app.test_client()
        sign_in(client, f"p{n}@example.se")
        fields = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))
        codes.append(
            client.post(f"/mal/{goal.id}/kommentera", data={"body": "Hej", **fields}).status_code
        )
    assert codes == [302, 302, 429]


def test_reactions_and_ratings_limited_per_account(client, app_context, limits):
    limits("LIMIT_ACT_ACCOUNT", "2 per minute")
    goal = make_goal()
    make_user()
    sign_in(client)
    token = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))["csrf_token"]
    codes = [
        client.post(
            f"/mal/{goal.id}/betyg", data={"importance": "3", "csrf_token": token}
        ).status_code
        for _ in range(3)
    ]
    assert codes == [302, 302, 429]


def test_limits_are_shared_through_redis(make_app, app_context):
    """Two app instances (think: two servers) with REDIS_URL count against one limit."""
    _redis_or_skip()
    # A storage prefix of its own: the suite's limiter.reset() (here or in another run on the
    # same Redis) clears only its own keys; an hour's window does not roll over mid-test.
    prefix = f"dialog-test-{uuid.uuid4().hex}"
    settings = {
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
        "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": prefix},
        "RATELIMIT_KEY_PREFIX": prefix,
        "LIMIT_SIGN_IN_ACCOUNT": "3 per hour",
    }
    servers = [make_app(**settings).test_client() for _ in range(2)]
    make_user()
    codes = [_sign_in_attempt(servers[n % 2], "anna@example.se").status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]


def test_registration_mail_to_one_address_limited(client, app_context, limits, outbox):
    """Registering again and again with someone's address must not flood their inbox."""
    limits("LIMIT_MAIL_ACCOUNT", "2 per hour")
    make_user()
    codes = []
    for n in range(3):
        codes.append(
            client.post(
                "/konto/registrera",
                data={
                    "email": "anna@example.se",
                    "display_name": "Xy",
                    "password": PASSWORD,
                    "accept_rules": "y",
                    "accept_privacy": "y",
                    "csrf_token": csrf(client, "/konto/registrera"),
                },
                environ_base={"REMOTE_ADDR": f"10.2.0.{n}"},
            ).status_code
        )
    assert codes == [200, 200, 429]
    assert len(outbox.messages()) == 2


def test_mail_forms_limited_per_address(client, app_context, limits, outbox):
    limits("LIMIT_MAIL_IP", "2 per hour")
    codes = [
        client.post(
            "/konto/glomt-losenord",
            data={"email": f"n{n}@example.se", "csrf_token": csrf(client, "/konto/glomt-losenord")},
        ).status_code
        for n in range(3)
    ]
    assert codes == [200, 200, 429]


def test_no_look_before_each_request_while_every_limit_is_a_routes_own(app):
    """Our limits are declared on routes (checked by their decorators): the limiter's check
    before every request has nothing to check and is skipped (dialog/core/limiter.py)."""
    assert not limiter._limits_every_request()


def test_a_limit_on_every_request_is_still_checked_before_each(make_app, app_context):
    """An operator's application-wide limit turns the check before each request back on."""
    try:
        server = make_app(RATELIMIT_APPLICATION="2 per minute").test_client()
        codes = [server.get("/").status_code for _ in range(3)]
    finally:
        # The limiter object is shared by every app of the suite.
        limiter.limit_manager.set_application_limits([])
    assert codes == [200, 200, 429]
    assert not limiter._limits_every_request()


def test_a_forms_limits_take_one_round_trip_to_redis_to_read_and_one_to_charge(
    make_app, app_context, monkeypatch
):
    """Posting has four limits (per account and address, per minute and day): read together
    before the view and charged together after it (dialog/core/limiter.py), and still kept."""
    redis = _redis_or_skip()
    prefix = f"dialog-test-{uuid.uuid4().hex}"
    server = make_app(
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379",
        RATELIMIT_STORAGE_OPTIONS={"key_prefix": prefix},
        RATELIMIT_KEY_PREFIX=prefix,
        LIMIT_POST_ACCOUNT="2 per hour;60 per day",
        LIMIT_POST_IP="20 per hour;300 per day",
    )
    client = server.test_client()
    goal = make_goal()
    make_user()
    sign_in(client)
    sent: list[object] = []
    send = redis.connection.Connection.send_packed_command

    def counted(self, command, check_health=True):
        sent.append(command)
        return send(self, command, check_health)

    codes, round_trips = [], []
    for n in range(3):
        fields = form_fields(client.get(f"/mal/{goal.id}").get_data(as_text=True))
        monkeypatch.setattr(redis.connection.Connection, "send_packed_command", counted)
        sent.clear()
        response = client.post(f"/mal/{goal.id}/kommentera", data={"body": f"Nr {n}", **fields})
        monkeypatch.undo()
        codes.append(response.status_code)
        round_trips.append(len(sent))
    assert codes == [302, 302, 429]
    # Read and charged (the first may also load the limits' script into Redis).
    assert round_trips[1] == 2 and round_trips[0] in (2, 4)
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 2


def test_charges_sent_together_load_the_script_when_redis_lacks_it():
    """Redis forgets its scripts when restarted: the pipeline of charges is refused whole,
    the script loaded and the charges sent again, each counted once."""
    _redis_or_skip()
    from limits import parse
    from limits.storage import RedisStorage

    from dialog.core.limiter import _charge_together

    prefix = f"dialog-test-{uuid.uuid4().hex}"
    storage = RedisStorage("redis://127.0.0.1:6379", key_prefix=prefix)
    # The storage's own script, but one Redis has never seen (a comment of its own).
    script = storage.lua_incr_expire.script
    script = (script.decode() if isinstance(script, bytes) else script) + f"\n-- {prefix}"
    storage.lua_incr_expire = storage.get_connection().register_script(script)
    limit = SimpleNamespace(limit=parse("5 per minute"), cost=1)
    try:
        _charge_together(storage, [("a", limit), ("b", limit)])
        _charge_together(storage, [("a", limit), ("b", limit)])
        assert (storage.get("a"), storage.get("b")) == (2, 2)
        assert 0 < storage.get_expiry("a") - time.time() <= 60
    finally:
        storage.clear("a")
        storage.clear("b")
