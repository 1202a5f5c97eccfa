"""The main pages on the embedded SQLite default (``make run``) answer, for a member and for the hub
leader: SQLite refuses some SQL that PostgreSQL takes (a LIMIT inside a UNION, for one), and the rest
of the suite runs on PostgreSQL. This runs in a process of its own, on a fresh file database with
the demo in it.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGES = ["/", "/cycles/", "/cycles/?stage=open", "/andon/", "/focus/", "/huddles/", "/learnings/?q=reading",
         "/api/v1/cycles/", "/api/v1/flags/", "/api/v1/home/"]  # fmt: skip

SCRIPT = f"""
import re
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed_demo", verbosity=0)
from django.test import Client
from playbook.models import User
for name in ("ella", "hub.leader"):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=name))
    for url in {PAGES!r}:
        print(name, url, client.get(url).status_code)
    first = client.get("/cycles/").content.decode()
    later = re.search(r'href="\\?([^"]*after=[0-9]+[^"]*)"', first)
    if later:
        later_url = "/cycles/?" + later.group(1).replace("&amp;", "&")
        print(name, later_url, client.get(later_url).status_code)
"""


def test_the_demo_pages_answer_on_sqlite(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings", "PLAYBOOK_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "sqlite-pages-test", "ALLOWED_HOSTS": "testserver", "SECURE_SSL_REDIRECT": "false",
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answers = [
        line.rsplit(" ", 1) for line in done.stdout.splitlines() if line.startswith(("ella", "hub.leader"))
    ]
    assert len(answers) >= 2 * len(PAGES)
    assert [page for page, status in answers if status != "200"] == []
