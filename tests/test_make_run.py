"""`make run` on the embedded default (SQLite, file broker) starts, answers /healthz, and stops."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@pytest.fixture
def embedded_env(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["PLAYBOOK_VAR_DIR"] = str(tmp_path / "var")
    return env


def test_make_run_serves_healthz_on_the_embedded_default_and_stops(embedded_env):
    port = free_port()
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=ROOT,
        env=embedded_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        status, body = None, None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status, body = get_json(f"http://127.0.0.1:{port}/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.25)
        assert status == 200, f"no healthy answer; make run said:\n{_drain(process)}"
        assert body["database"] == {"ok": True, "detail": "sqlite"}
        assert body["broker"] == {"ok": True, "detail": "filesystem"}
        assert (Path(embedded_env["PLAYBOOK_VAR_DIR"]) / "playbook.sqlite3").exists()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    survivors = _group_survivors(process.pid)
    assert not survivors, f"these outlived `make run`:\n{survivors}"
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def _group_survivors(pgid, timeout=30.0):
    """Wait for every process `make run` started (web, worker, beat) to exit; name any that did not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return ""
        time.sleep(0.2)
    listing = subprocess.run(
        ["ps", "-o", "pid,etime,stat,args", "-g", str(pgid)], capture_output=True, text=True
    ).stdout
    os.killpg(pgid, signal.SIGKILL)
    return listing


def _drain(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    return process.communicate(timeout=20)[0][-4000:]
