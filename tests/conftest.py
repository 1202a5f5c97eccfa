"""Shared fixtures: the personas every permission table is written against."""

import os
import socket
from urllib.parse import urlparse

import pytest

from tests.support.personas import PASSWORD, make_personas

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2
        ):
            return True
    except OSError:
        return False


def pytest_configure(config):
    """Stop with a clear message, not a traceback per test, when PostgreSQL or Redis is down."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    db_url = f"postgres://{database.get('HOST') or '127.0.0.1'}:{database.get('PORT') or 5432}"
    problems = []
    if not _reachable(db_url, 5432):
        problems.append(
            f"PostgreSQL is not answering at {db_url} (DATABASE_URL). Start it, e.g. "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, "
            "or point DATABASE_URL at one that runs."
        )
    if not _reachable(settings.REDIS_URL, 6379):
        problems.append(
            f"Redis is not answering at {settings.REDIS_URL} (REDIS_URL). Start it, e.g. "
            "`redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ''`, "
            "or point REDIS_URL at one that runs."
        )
    if problems:
        pytest.exit("The test suite needs its services:\n  " + "\n  ".join(problems), returncode=3)


@pytest.fixture
def worker():
    """A real Celery worker thread consuming the real Redis broker (tests using it need
    ``django_db(transaction=True)`` so the jobs, enqueued on commit, see committed rows)."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.control.purge()  # leftovers from an earlier run must not be mistaken for this test's work
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as running:
        yield running


@pytest.fixture
def kept_figures(settings):
    """Leaders' figures kept per person by the worker, as in production (the test settings read them
    fresh, so a test reads what it just wrote), with nothing kept from another test."""
    from django.core.cache import caches

    settings.PANELS_KEPT = True
    caches["panels"].clear()
    yield
    caches["panels"].clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def personas(db):
    """One network with a hub, two clusters and three teams, plus a second network.

    hub ── cluster_a ── team_a  (member, lead; leader sits on cluster_a)
       │            └─ team_b  (sibling_member)
       └── cluster_b ── team_c
    other network: outsider in other_team
    """
    return make_personas()
