"""How long `make run` takes to answer /healthz with 200: first start (empty var/) and restart.

Target (DESIGN.md §7): at most 10 s when everything is installed. Prints figures; asserts nothing.
    .venv/bin/python bench/make_run_startup.py [--runs 3]
"""

import argparse
import os
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def time_to_healthy(var_dir: str, timeout: float = 120) -> float:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["PLAYBOOK_VAR_DIR"] = var_dir
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while time.perf_counter() - started < timeout:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.1)
        raise TimeoutError("make run did not become healthy")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        time.sleep(1)  # let the worker finish its warm shutdown before the next start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        first = time_to_healthy(var_dir)
        again = [time_to_healthy(var_dir) for _ in range(args.runs)]
    print(f"make run, empty var/ (migrate + seed):  {first:5.2f} s to /healthz 200")
    print(
        f"make run, restart ({args.runs} runs):          median {statistics.median(again):5.2f} s, "
        f"max {max(again):5.2f} s   (target <= 10 s)"
    )


if __name__ == "__main__":
    main()
