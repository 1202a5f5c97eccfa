"""With the database down, Playbook answers 503 "try again in a moment", not a 500 (issue 12).

A real server process (gunicorn, as in production) runs with ``DATABASE_URL`` pointing at a port
where nothing listens; the requests are real HTTP requests to it.
"""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.broker import free_port
from tests.support.waiting import wait_for

ROOT = Path(__file__).resolve().parents[2]
ERROR_KEYS = {"status", "code", "detail", "errors"}


def _environment(settings_module: str, port: int) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/playbook",  # nothing listens there
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        "SECRET_KEY": "database-outage-test-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
    }
    if settings_module == "config.settings":
        env["DEBUG"] = "true"  # a developer's server: still a 503, not the debug page
    return env


def _request(port: int, path: str, headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def _answering(port: int) -> bool:
    try:
        _request(port, "/healthz")
        return True
    except OSError:
        return False


@pytest.fixture(params=["config.test_settings", "config.settings"], ids=["production-like", "debug"])
def server(request):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--timeout", "30", "--log-level", "warning"],
        cwd=ROOT, env=_environment(request.param, port), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert wait_for(lambda: _answering(port) or process.poll() is not None, timeout=60)
        assert process.poll() is None, process.stderr.read().decode()
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_an_api_request_answers_503_in_the_error_shape(server):
    status, headers, text = _request(server, "/api/v1/teams/", {"Authorization": "Token 0123456789abcdef"})
    body = json.loads(text)
    assert status == 503, text
    assert set(body) == ERROR_KEYS
    assert (body["status"], body["code"], body["errors"]) == (503, "unavailable", {})
    assert "Try again in a moment" in body["detail"]
    assert headers["Retry-After"]


def test_a_page_for_a_signed_in_browser_answers_503_with_the_plain_page(server):
    status, headers, page = _request(server, "/", {"Cookie": "sessionid=a-session-the-database-holds"})
    assert status == 503, page
    assert headers["Content-Type"].startswith("text/html")
    assert "Back in a moment" in page
    assert "Traceback" not in page and "Server Error" not in page
    assert headers["Retry-After"]


def test_healthz_still_reports_the_database_down(server):
    status, _, text = _request(server, "/healthz")
    body = json.loads(text)
    assert status == 503
    assert body["database"]["ok"] is False
