"""Permission rows for the unsubscribe link in emails (playbook/unsubscribe_views.py).

Plain data in the format of tests/support/permission_tables.py; run by
tests/playbook/test_email_unsubscribe.py. The page is public on purpose: its signed token is the key
(it holds the member's id and one kind), so whoever holds the link gets the same answer, signed in as
anyone or not, and a made-up token is 400 for everyone.
"""

from types import SimpleNamespace

from playbook import unsubscribe
from tests.support.permission_tables import Row, S


def world(personas) -> SimpleNamespace:
    return SimpleNamespace(**vars(personas), token=unsubscribe.token_for(personas.member, "cycle-comment"))


def members_link(w):
    return {"token": w.token}


# Statuses in PERSONAS order:
#   outsider sibling_member member lead leader admin anonymous
ROWS = [
    Row("email-unsubscribe", "get", S("200 200 200 200 200 200 200"), kwargs=members_link),
    Row(
        "email-unsubscribe",
        "post",
        S("200 200 200 200 200 200 200"),
        kwargs=members_link,
        data=lambda w: {"List-Unsubscribe": "One-Click"},
    ),
    Row(
        "email-unsubscribe",
        "get",
        S("400 400 400 400 400 400 400"),
        kwargs=lambda w: {"token": "made-up"},
        note="made-up token",
    ),
]
