"""A Redis broker of the test's own, to stop and start: what a broker outage does to Playbook.

The shared Redis cannot be stopped (other runs use it), so an outage test starts a private
``redis-server`` on a free port, points the Celery app at it, and stops it. Nothing it queued
survives a stop (``--save ''``), as with a broker that lost its memory.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
from contextlib import contextmanager

from config.celery import app
from tests.support.waiting import wait_for


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _accepting(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


class PrivateBroker:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        server = shutil.which("redis-server")
        assert server, "redis-server is needed for the broker outage tests"
        self._process = subprocess.Popen(
            [server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(lambda: _accepting(self.port), timeout=10), "the private redis-server did not start"

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        self._process.wait(timeout=10)
        self._process = None
        assert not _accepting(self.port)


def use_broker(url: str) -> None:
    """Point the Celery app at ``url``: publishers, and any worker started from now on."""
    app.conf.broker_url = url
    # The pools themselves are kombu's, one per broker URL, and stay open for when the URL is used
    # again: the app only has to look them up afresh.
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def private_broker():
    """A running private broker the Celery app uses until the block ends."""
    broker = PrivateBroker()
    broker.start()
    previous = app.conf.broker_url
    use_broker(broker.url)
    try:
        yield broker
    finally:
        use_broker(previous)
        broker.stop()
