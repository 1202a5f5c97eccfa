"""How soon the first chart page shows its chart, in real Chromium, from a server configured as in
production (gunicorn, DEBUG off, collected static files: hashed, gzipped, cached for a year).

Seeds the demo into its own database (playbook_bench), collects static files into a temporary folder,
starts gunicorn on a free port, signs in as maya.lead and opens a measure page in a fresh browser (an
empty cache), timing navigation start → Plotly's first ``.main-svg`` in the page; then once more with
the cache warm. Also prints the bundle's size as served. Goal (issue 13): under 1 s on localhost.
Prints figures; asserts nothing.
    .venv/bin/python bench/first_chart_page.py [--runs 3]
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from io import StringIO
from pathlib import Path

import _benchdb as benchdb

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Runs before any page script: notes the moment the first chart's SVG enters the document.
FIRST_CHART = """
new MutationObserver((_, observer) => {
  if (document.querySelector("[data-figure] .main-svg")) {
    window.__firstChart = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(static_root: str) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        STATIC_MANIFEST="true",
        WHITENOISE_USE_FINDERS="false",
        STATIC_ROOT=static_root,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer {url}")


def bundle_sizes(base: str, static_root: str) -> tuple[int, int]:
    """The bundle's bytes on the wire, plain and gzipped, under the hashed name pages ask for."""
    manifest = json.loads((Path(static_root) / "staticfiles.json").read_text())
    url = f"{base}/static/{manifest['paths']['vendor/plotly.min.js']}"
    sizes = []
    for encoding in ("identity", "gzip"):
        with urllib.request.urlopen(
            urllib.request.Request(url, headers={"Accept-Encoding": encoding})
        ) as answer:
            sizes.append(len(answer.read()))
    return sizes[0], sizes[1]


def time_first_chart(context, url: str) -> float:
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("window.__firstChart !== undefined", timeout=30_000)
    elapsed = page.evaluate("window.__firstChart")
    page.close()
    return elapsed / 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    benchdb.setup()
    from django.core.management import call_command

    from measures.models import Measure

    call_command("seed_demo", stdout=StringIO())
    measure = Measure.objects.order_by("pk").first()
    static_root = tempfile.mkdtemp(prefix="playbook-bench-static-")
    env = production_env(static_root)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"{base}/healthz")
        plain, gzipped = bundle_sizes(base, static_root)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            cold, warm = [], []
            for _ in range(args.runs):
                context = browser.new_context(base_url=base, viewport={"width": 1366, "height": 900})
                context.add_init_script(FIRST_CHART)
                page = context.new_page()
                page.goto("/accounts/login/")
                page.get_by_label("Username").fill("maya.lead")
                page.get_by_label("Password").fill("playbook-demo")
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_url(lambda url: "/accounts/login" not in url)
                page.close()
                cold.append(time_first_chart(context, measure.get_absolute_url()))
                warm.append(time_first_chart(context, measure.get_absolute_url()))
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(static_root, ignore_errors=True)

    print(f"plotly.min.js as served: {plain:,} bytes, {gzipped:,} gzipped")
    print(f"first chart drawn, empty cache ({args.runs} runs): median {statistics.median(cold):.2f} s, "
          f"max {max(cold):.2f} s (goal: under 1 s)")  # fmt: skip
    print(f"first chart drawn, warm cache: median {statistics.median(warm):.2f} s")


if __name__ == "__main__":
    main()
