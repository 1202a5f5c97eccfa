"""Real Celery workers in processes of their own, on the test database, for races and kill -9."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from config.celery import app
from tests.support.waiting import wait_for

ROOT = Path(__file__).resolve().parents[2]


def worker_environment(**extra) -> dict:
    """The environment a worker process needs to use the test's database and broker."""
    database = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
            f"/{database['NAME']}"
        ),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        **extra,
    }


@contextmanager
def two_workers(name: str):
    """Two `celery -A config worker` processes consuming a queue of their own; yields its name."""
    queue = f"{name}-{uuid.uuid4().hex[:8]}"
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "-n",
                f"racer{i}-{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=worker_environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for i in (1, 2)
    ]
    try:
        assert wait_for(lambda: len(app.control.ping(timeout=0.5)) >= 2, timeout=60)
        yield queue
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
