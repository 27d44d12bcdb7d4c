"""A production start without the settings security depends on stops with a clear message."""

import runpy
from types import SimpleNamespace

import pytest

from dialog import ROOT, create_app
from dialog.config import ConfigError

pytestmark = pytest.mark.no_database

SITE = "https://dialog.example.se"


def production(**settings):
    values = {
        "DIALOG_ENV": "production",
        "SECRET_KEY": "s" * 64,
        "DIALOG_BASE_URL": SITE,
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
    }
    values.update(settings)
    return create_app({k: v for k, v in values.items() if v is not None})


@pytest.fixture(autouse=True)
def _no_deployment_environment(monkeypatch):
    for name in ("SECRET_KEY", "REDIS_URL", "WEB_CONCURRENCY", "DIALOG_BASE_URL", "DIALOG_ENV"):
        monkeypatch.delenv(name, raising=False)


def test_production_names_every_missing_setting_at_once():
    with pytest.raises(ConfigError) as error:
        production(SECRET_KEY=None, DIALOG_BASE_URL=None)
    message = str(error.value)
    assert "SECRET_KEY" in message and "DIALOG_BASE_URL" in message


@pytest.mark.parametrize("url", ["http://dialog.example.se", "https://", "dialog.example.se"])
def test_production_needs_an_https_base_url(url):
    with pytest.raises(ConfigError, match="DIALOG_BASE_URL"):
        production(DIALOG_BASE_URL=url)


def test_a_malformed_base_url_is_refused_in_development_too():
    with pytest.raises(ConfigError, match="DIALOG_BASE_URL"):
        create_app({"SECRET_KEY": "x", "DIALOG_BASE_URL": "https://dialog.example.se/?a=1"})


def test_production_checks_host_names_against_the_base_url_and_dialog_hosts():
    assert production().config["TRUSTED_HOSTS"] == ["dialog.example.se"]
    app = production(DIALOG_HOSTS="www.dialog.example.se, ")
    assert app.config["TRUSTED_HOSTS"] == ["dialog.example.se", "www.dialog.example.se"]
    assert create_app({"SECRET_KEY": "x"}).config.get("TRUSTED_HOSTS") is None


def test_production_with_several_workers_and_limits_in_memory_refuses_to_start(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    with pytest.raises(ConfigError, match="REDIS_URL"):
        production()
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert production().config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    monkeypatch.delenv("REDIS_URL")
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    production()  # one worker counts correctly in memory


def _gunicorn_hooks():
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def _server(app, workers):
    log = SimpleNamespace(errors=[], error=lambda *args: log.errors.append(args[0] % args[1:]))
    server = SimpleNamespace(
        cfg=SimpleNamespace(workers=workers), app=SimpleNamespace(wsgi=lambda: app), log=log
    )
    return server


def test_gunicorn_refuses_several_workers_with_limits_in_memory():
    hooks = _gunicorn_hooks()
    with pytest.raises(ConfigError, match="REDIS_URL"):
        hooks["on_starting"](_server(production(), 5))
    hooks["on_starting"](_server(production(), 1))
    redis = production(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0")
    hooks["on_starting"](_server(redis, 5))
    hooks["on_starting"](_server(create_app({"SECRET_KEY": "x"}), 5))  # development


def test_gunicorn_stays_at_one_worker_when_asked_for_more_at_run_time():
    hooks = _gunicorn_hooks()
    server = _server(production(), 1)
    server.num_workers = 2
    hooks["nworkers_changed"](server, 2, 1)
    assert server.num_workers == 1
    assert "REDIS_URL" in server.log.errors[0]


def test_hsts_in_production_only():
    response = production().test_client().get("/regler", base_url=SITE)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    development = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert "Strict-Transport-Security" not in development.test_client().get("/regler").headers
