"""The learning search on the embedded SQLite default (``make run``): the demo's hub leader finds a
word across cycles, flags and huddle notes on one page, with its snippets, as on PostgreSQL.

The rest of the suite runs on PostgreSQL; this runs the SQLite branch of ``playbook.learnings`` in a
process of its own, on a fresh file database with the demo in it.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed_demo", verbosity=0)
from playbook import learnings
from playbook.models import User
learnings.autodiscover()
found = learnings.search(User.objects.get(username="hub.leader"), learnings.Search(q="reading"))
page = found[0:20]
print("kinds", ",".join(sorted({r.kind for r in page})))
print("marked", sum("<mark>" in r.snippet for r in page), "of", len(page))
"""


def test_the_demo_hub_leader_searches_every_kind_on_sqlite(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", "PLAYBOOK_VAR_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert lines["kinds"] == "cycle,flag,meeting"
    marked, _, shown = lines["marked"].partition(" of ")
    assert int(shown) > 0 and int(marked) > 0
