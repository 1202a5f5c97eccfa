"""Permission rows for the network admins' webhook pages (playbook/webhook_views.py).

Plain data in the format of tests/support/permission_tables.py; run by
tests/playbook/test_webhook_permission_table.py.
Non-admins are refused before anything is looked up (403); the outsider, in another network,
is refused the same way. Another network's admin gets 404 for this network's rows: that persona is
not in the shared table, so tests/playbook/test_webhook_pages.py checks it.
"""

from types import SimpleNamespace

from playbook import webhook_services, webhooks
from tests.support.permission_tables import Row, S


def world(personas) -> SimpleNamespace:
    endpoint = webhook_services.create_endpoint(
        network=personas.network, by=personas.admin, url="https://hooks.example.org/a", events=["flag.raised"]
    )
    (delivery,) = webhooks.record_event(personas.network.pk, "flag.raised", {"flag": {"id": 1}})
    return SimpleNamespace(**vars(personas), endpoint=endpoint, delivery=delivery)


def endpoint(w):
    return {"pk": w.endpoint.pk}


def delivery(w):
    return {"pk": w.delivery.pk}


def endpoint_form(w):
    return {
        "url": "https://hooks.example.org/b",
        "description": "Leaders",
        "events": ["flag.raised"],
        "active": "on",
    }


# Statuses in PERSONAS order:
#   outsider sibling_member member lead leader admin anonymous
ROWS = [
    Row("webhook-list", "get", S("403 403 403 403 403 200 302")),
    Row("webhook-create", "get", S("403 403 403 403 403 200 302")),
    Row("webhook-create", "post", S("403 403 403 403 403 302 302"), data=endpoint_form),
    Row("webhook-detail", "get", S("403 403 403 403 403 200 302"), kwargs=endpoint),
    Row("webhook-edit", "get", S("403 403 403 403 403 200 302"), kwargs=endpoint),
    Row("webhook-edit", "post", S("403 403 403 403 403 302 302"), kwargs=endpoint, data=endpoint_form),
    Row("webhook-rotate-secret", "post", S("403 403 403 403 403 302 302"), kwargs=endpoint),
    Row("webhook-ping", "post", S("403 403 403 403 403 302 302"), kwargs=endpoint),
    Row("webhook-delete", "post", S("403 403 403 403 403 302 302"), kwargs=endpoint),
    Row("webhook-delivery", "get", S("403 403 403 403 403 200 302"), kwargs=delivery),
    Row("webhook-replay", "post", S("403 403 403 403 403 302 302"), kwargs=delivery),
]
