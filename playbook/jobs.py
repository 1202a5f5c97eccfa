"""Queueing a Celery job without letting the broker fail, slow or repeat the change that asked for it.

A job queued after a commit is only a prompt: what it is for (an email owed, a chart older than
its data) is already stored in the same transaction as the change, and a periodic job delivers
whatever is still pending. So when the broker is down the publish fails fast (see the Celery
settings: one connection attempt, no publish retries, short socket timeouts), is logged, and the
person's request answers as if nothing were wrong; the periodic job catches up once it is back.
"""

from __future__ import annotations

import functools
import logging
import time

from celery import Task
from django.db import transaction
from kombu.exceptions import KombuError

log = logging.getLogger(__name__)

# After a publish fails, this process takes the broker for down a moment and does not try: a change
# that notifies twenty people must not wait out twenty connection attempts (a hung broker costs a
# socket timeout each).
COOL_OFF = 3.0  # seconds
_down_until: dict[str, float] = {}


def enqueue(task: Task, *args, **kwargs) -> bool:
    """Publish ``task(*args, **kwargs)`` now. False, logged, if the broker refused it or just did."""
    broker = task.app.conf.broker_write_url
    if time.monotonic() < _down_until.get(broker, 0.0):
        log.info("Not queueing %s%r: the broker failed a moment ago; a periodic job will", task.name, args)
        return False
    try:
        task.apply_async(args, kwargs, retry=False)
    except _broker_errors(task.app) as exc:
        _down_until[broker] = time.monotonic() + COOL_OFF
        log.warning("Could not queue %s%r (%s); a periodic job will do its work later", task.name, args, exc)
        return False
    return True


def enqueue_on_commit(task: Task, *args, **kwargs) -> None:
    """``enqueue`` once the current transaction commits (at once outside one); never if it rolls back.

    ``robust``: whatever else goes wrong in the publish is logged, never raised into a response for
    a change that has already been committed.
    """
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs), robust=True)


@functools.cache
def _broker_errors(app) -> tuple[type[BaseException], ...]:
    # The transport's own exceptions (redis-py's, for Redis) are not all OSErrors or KombuErrors.
    connection = app.connection_for_write()
    try:
        return (KombuError, OSError, *connection.connection_errors, *connection.channel_errors)
    finally:
        connection.release()
