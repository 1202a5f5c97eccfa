"""Shared fixtures: the personas every permission table is written against."""

import os
import socket
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest

from tests.factories import PASSWORD, MembershipFactory, NetworkFactory, TeamFactory, UserFactory

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


def wait_for(condition, timeout=15.0):
    """Poll ``condition`` until it holds or ``timeout`` seconds pass; returns whether it held."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


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
    network = NetworkFactory(name="Riverside", slug="riverside")
    hub = TeamFactory(network=network, name="Hub", slug="hub", kind="hub")
    cluster_a = TeamFactory(network=network, name="Cluster A", slug="cluster-a", kind="cluster", parent=hub)
    cluster_b = TeamFactory(network=network, name="Cluster B", slug="cluster-b", kind="cluster", parent=hub)
    team_a = TeamFactory(network=network, name="Team A", slug="team-a", parent=cluster_a)
    team_b = TeamFactory(network=network, name="Team B", slug="team-b", parent=cluster_a)
    team_c = TeamFactory(network=network, name="Team C", slug="team-c", parent=cluster_b)

    def person(username, team=None, role="member", **extra):
        user = UserFactory(username=username, network=extra.pop("network", network), **extra)
        if team is not None:
            MembershipFactory(user=user, team=team, role=role)
        return user

    other_network = NetworkFactory(name="Elsewhere", slug="elsewhere")
    other_team = TeamFactory(network=other_network, name="Other Team", slug="other-team", kind="hub")
    return SimpleNamespace(
        network=network,
        hub=hub,
        cluster_a=cluster_a,
        cluster_b=cluster_b,
        team_a=team_a,
        team_b=team_b,
        team_c=team_c,
        other_network=other_network,
        other_team=other_team,
        member=person("member", team_a, "member"),
        lead=person("lead", team_a, "lead"),
        leader=person("leader", cluster_a, "leader"),
        hub_leader=person("hub_leader", hub, "leader"),
        sibling_member=person("sibling", team_b, "member"),
        admin=person("admin", is_network_admin=True),
        outsider=person("outsider", other_team, "lead", network=other_network),
        loner=person("loner"),
    )
