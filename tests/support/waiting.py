"""Waiting on work another thread does (a Celery worker, a second connection)."""

import time


def wait_for(condition, timeout=15.0):
    """Poll ``condition`` until it holds or ``timeout`` seconds pass; returns whether it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False
