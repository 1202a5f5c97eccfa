"""Every hot page under load, beside a trivial view served by the same gunicorn in the same run.

Issue 15's bar, on a district-sized network (``seed_scale``) on this 2-core machine: gunicorn with
``sync`` workers (2 by default), 20 connections from ``wrk``, and every page and API answer at
least 1/10 of the trivial view's throughput with p95 under 100 ms. The trivial view
(``/_trivial/``, in ``bench/_load_urls.py``, served only by this bench) is the smallest Django JSON
view through every middleware. Prints req/s, p50, p95 and p99 per page and the ratio to the
trivial view; asserts nothing, except that every page answers 200 before it is timed.

    .venv/bin/python bench/load.py [--scale district] [--seconds 10] [--connections 20]
                                   [--workers 2] [--only SUBSTRING]

Uses the bench database (playbook_bench; BENCH_DATABASE_URL overrides) and builds the network
there on its first run (a few minutes). Needs ``wrk`` (Debian's package ``wrk``): installed with
apt-get when run as root, otherwise it stops and says so.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path

import _benchdb as benchdb

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TRIVIAL = "trivial view"


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing wrk with apt-get …", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)
        return
    sys.exit("bench/load.py needs wrk: install Debian's package (sudo apt-get install wrk) and run again.")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def the_network(scale):
    from django.core.management import call_command

    from playbook.models import Network

    name = f"Scale network ({scale})"
    network = Network.objects.filter(name=name).order_by("-pk").first()
    if network is None:
        started = time.perf_counter()
        call_command("seed_scale", scale=scale, stdout=StringIO())
        network = Network.objects.filter(name=name).order_by("-pk").first()
        print(f"built the {scale} network in {time.perf_counter() - started:.0f} s")
    keep_counts_as_the_beat_does()
    return network


def keep_counts_as_the_beat_does():
    """What the beat keeps counted for leaders' pages (every five minutes), counted once now: the
    figures a running site would have, whatever the age of this database."""
    from huddles.services.uptake import keep_uptake_counts

    started = time.perf_counter()
    teams = keep_uptake_counts()
    took = (time.perf_counter() - started) * 1000
    print(f"kept the uptake of {teams:,} teams in {took:.0f} ms (the beat's job)")


def session_cookie(username):
    from django.test import Client

    from playbook.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client.cookies["sessionid"].value


def pages_for(network):
    """(label, viewer, path) for the pages the issue lists and the leaders' pages of issue 16."""
    from cycles.models import Cycle
    from huddles.models import Meeting
    from measures.models import Measure
    from playbook.models import Team

    team = Team.objects.get(network=network, slug="school-1-1")
    cycle = Cycle.objects.filter(team=team).order_by("-pk").first()
    measure = Measure.objects.filter(focus_area__team=team).order_by("pk").first()
    meeting = Meeting.objects.filter(huddle__team=team).order_by("-pk").first()
    hub, cluster = f"hub-leader-{network.pk}", f"cluster-1-leader-{network.pk}"
    lead, member = f"school-1-1-lead-{network.pk}", f"school-1-1-member1-{network.pk}"
    return [
        ("andon dashboard, hub leader", hub, "/andon/"),
        ("andon dashboard, cluster leader", cluster, "/andon/"),
        ("cycle list, hub leader", hub, "/cycles/"),
        ("cycle list, one team", lead, f"/cycles/?team={team.pk}"),
        ("home, hub leader", hub, "/"),
        ("home, cluster leader", cluster, "/"),
        ("home, member", member, "/"),
        ("measure page", lead, f"/focus/measures/{measure.pk}/"),
        ("API flags, hub leader", hub, "/api/v1/flags/"),
        ("API cycles, hub leader", hub, "/api/v1/cycles/"),
        ("cycle detail", lead, f"/cycles/{cycle.pk}/"),
        ("meeting", lead, f"/huddles/meetings/{meeting.pk}/"),
        ("driver diagram", lead, f"/theory/focus/{measure.focus_area_id}/drivers/"),
        ("focus area", lead, f"/focus/{measure.focus_area_id}/"),
        ("measures at a glance, hub leader", hub, "/focus/at-a-glance/"),
        ("learnings search, hub leader", hub, "/learnings/?q=phonics"),
        ("API home, hub leader", hub, "/api/v1/home/"),
    ]


def start_gunicorn(port, workers):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="_load_settings",
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="false",
        LOG_LEVEL="WARNING",
    )
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi:application",
        "--worker-class=sync",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        f"--pythonpath={ROOT},{BENCH}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_trivial/", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except OSError:  # refused while it boots, or a first answer slower than the timeout
            time.sleep(0.2)
    stop(server)
    sys.exit("gunicorn did not answer /_trivial/ within 60 s")


def stop(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def status_of(url, cookie):
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"} if cookie else {})
    try:
        with opener.open(request, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def wrk(url, cookie, seconds, connections):
    command = [
        "wrk",
        f"--threads={min(2, connections)}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={BENCH / '_wrk_report.lua'}",
    ]
    if cookie:
        command += ["--header", f"Cookie: sessionid={cookie}"]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    figures = json.loads(line[len("JSON ") :])
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="district")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="time only the pages whose label holds this")
    args = parser.parse_args()

    ensure_wrk()
    benchdb.setup()
    from django.db import connection

    network = the_network(args.scale)
    pages = [page for page in pages_for(network) if args.only in page[0]]
    cookies = {viewer: session_cookie(viewer) for _, viewer, _ in pages}
    connection.close()
    print(
        f"{args.scale} network {network.pk}; gunicorn sync -w {args.workers}; wrk -c{args.connections} "
        f"for {args.seconds} s a page",
        flush=True,
    )

    port = free_port()
    server = start_gunicorn(port, args.workers)
    base = f"http://127.0.0.1:{port}"
    rows = []
    try:
        for label, viewer, path in [(TRIVIAL, None, "/_trivial/"), *pages]:
            cookie = cookies.get(viewer)
            status = status_of(base + path, cookie)
            if status != 200:
                print(f"{label:34s} answered {status}: not timed", flush=True)
                continue
            wrk(base + path, cookie, 2, args.connections)  # warm both workers' caches and connections
            figures = wrk(base + path, cookie, args.seconds, args.connections)
            rows.append((label, figures))
            print(
                f"{label:34s} {figures['rps']:8.1f} req/s  p50 {figures['p50'] / 1000:7.1f}  "
                f"p95 {figures['p95'] / 1000:7.1f}  p99 {figures['p99'] / 1000:7.1f} ms"
                + (f"  ({figures['bad_status']} non-2xx)" if figures["bad_status"] else "")
                + (f"  ({figures['errors']} socket errors)" if figures["errors"] else ""),
                flush=True,
            )
    finally:
        stop(server)

    trivial = dict(rows)[TRIVIAL]["rps"] if rows and rows[0][0] == TRIVIAL else None
    print()
    print("| page | req/s | p50 ms | p95 ms | p99 ms | of trivial |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, figures in rows:
        share = f"1/{trivial / figures['rps']:.0f}" if trivial and label != TRIVIAL else "1"
        print(
            f"| {label} | {figures['rps']:.1f} | {figures['p50'] / 1000:.1f} | {figures['p95'] / 1000:.1f} "
            f"| {figures['p99'] / 1000:.1f} | {share} |"
        )
    met = [
        label
        for label, figures in rows
        if label != TRIVIAL and trivial and figures["rps"] * 10 >= trivial and figures["p95"] < 100_000
    ]
    print(f"\nmeeting the bar (≥ 1/10 of the trivial view and p95 < 100 ms): {len(met)} of {len(rows) - 1}")


if __name__ == "__main__":
    main()
