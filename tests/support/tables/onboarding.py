"""Permission rows for onboarding from a spreadsheet and invitations (playbook/onboarding_views.py,
playbook/invitation_views.py).

Plain data in the format of tests/support/permission_tables.py; run by tests/playbook/test_onboarding.py.
Non-admins are refused before anything is looked up (403), the outsider too. Another network's admin
gets 404 for this network's people: that persona is not in the shared table, so
tests/playbook/test_invitations.py checks it. The invitation page is public: its token is the key,
so a made-up token is 404 for everyone, signed in or not.
"""

from types import SimpleNamespace

from playbook import invitations
from tests.support.factories import UserFactory
from tests.support.permission_tables import Row, S


def world(personas) -> SimpleNamespace:
    invited = UserFactory(network=personas.network, username="invited", last_login=None)
    invitations.invite(person=invited, by=personas.admin)
    return SimpleNamespace(**vars(personas), invited=invited)


def invited(w):
    return {"pk": w.invited.pk}


def upload(w):
    return {}  # no file: the form is shown again with its error, past the permission check


# Statuses in PERSONAS order:
#   outsider sibling_member member lead leader admin anonymous
ROWS = [
    Row("people-import", "get", S("403 403 403 403 403 200 302")),
    Row("people-import", "post", S("403 403 403 403 403 200 302"), data=upload),
    Row("people-import-template", "get", S("403 403 403 403 403 200 302"), kwargs=lambda w: {"fmt": "csv"}),
    Row("person-invite", "post", S("403 403 403 403 403 302 302"), kwargs=invited),
    Row("invitation", "get", S("404 404 404 404 404 404 404"), kwargs=lambda w: {"token": "made-up"}),
]
