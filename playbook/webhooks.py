"""Webhooks: telling a network's own systems (Teams, Slack, a script) of its events, signed.

An app that makes an event calls ``record_event`` (or ``record_events`` for a batch) inside the
transaction of the change itself: one ``WebhookDelivery`` per active endpoint of the network that
wants the event, all sharing one ``event_id``. A rolled-back change therefore records nothing, and
a committed one is owed to every endpoint once. After the commit a job is asked to send them
(``playbook.jobs``); when the broker is down, the every-minute ``send_owed_webhooks`` job sends
whatever is owed whose ``next_attempt_at`` has passed. The core knows no flag or cycle: the apps
say what happened in ``data``.

Sending, retries and the rules for addresses are ``playbook.webhook_delivery``'s; its public names
are offered here too, so ``webhooks.deliver(delivery_id)`` is where a reader looks first.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from playbook import clock, jobs
from playbook.email import absolute_url
from playbook.models import Network, Team, User, WebhookDelivery, WebhookEndpoint
from playbook.webhook_delivery import (  # noqa: F401 - offered here as the module's public face
    BACKOFF,
    LEASE,
    MAX_ATTEMPTS,
    body_of,
    check_url,
    deliver,
    deliver_many,
    send_owed,
    signature,
)

# What an endpoint may subscribe to, with the words the setup page shows.
EVENTS = {
    "flag.raised": "A flag is raised",
    "flag.escalated": "A flag climbs to the team above (by hand or by the escalation job)",
    "flag.resolved": "A flag is resolved",
    "cycle.decided": "A cycle's decision is made (adopt, adapt or abandon)",
    "change_idea.ready_to_spread": "A change idea is ready to spread",
}
# Sent by the "Send test event" button only, to the one endpoint; nobody subscribes to it.
PING = "ping"


# --- Recording events -----------------------------------------------------------------------------


Data = dict | Callable[[], dict]


def record_event(network_id: int, event: str, data: Data) -> list[WebhookDelivery]:
    """Owe ``event`` to every active endpoint of the network that wants it; call inside the
    transaction of the change. Nothing is sent before it commits, and nothing if it rolls back.

    ``data`` may be a function: it is called only when some endpoint wants the event, so a network
    without webhooks pays one query per event and nothing more."""
    return record_events([(network_id, event, data)])


def record_events(events: list[tuple[int, str, Data]]) -> list[WebhookDelivery]:
    """``record_event`` for many at once (the escalation job's batch): one query when no network
    has an endpoint that wants them, then one insert, and one job asked to send them all."""
    if not events:
        return []
    unknown = {event for _, event, _ in events} - set(EVENTS)
    if unknown:
        raise ValueError(f"Unknown webhook events: {sorted(unknown)}")
    endpoints = _endpoints_wanting({network_id for network_id, _, _ in events})
    if not endpoints:
        return []
    now = clock.now()
    rows = []
    for network_id, event, data in events:
        wanting = [e for e in endpoints.get(network_id, []) if event in e.events]
        if not wanting:
            continue
        payload = _payload(uuid.uuid4(), event, wanting[0].network, data() if callable(data) else data, now)
        rows.extend(_owed(endpoint, event, payload, now) for endpoint in wanting)
    return _save_and_send(rows)


def _endpoints_wanting(network_ids) -> dict[int, list[WebhookEndpoint]]:
    found: dict[int, list[WebhookEndpoint]] = {}
    # Filtered in Python, not with a JSON ``contains`` lookup: the embedded SQLite default has none,
    # and a network has a handful of endpoints.
    for endpoint in WebhookEndpoint.objects.filter(
        network_id__in=set(network_ids), active=True
    ).select_related("network"):
        found.setdefault(endpoint.network_id, []).append(endpoint)
    return found


def networks_wanting(event: str, network_ids) -> set[int]:
    """The networks among ``network_ids`` with an active endpoint that wants ``event`` (one query):
    for a batch that would rather not build payloads nobody wants."""
    return {
        network_id
        for network_id, endpoints in _endpoints_wanting(network_ids).items()
        if any(event in endpoint.events for endpoint in endpoints)
    }


def _payload(event_id: uuid.UUID, event: str, network: Network, data: dict, at: datetime) -> dict:
    return {
        "id": str(event_id),
        "event": event,
        "created_at": at.isoformat(),
        "network": {"id": network.pk, "name": network.name, "slug": network.slug},
        "data": data,
    }


def _owed(endpoint: WebhookEndpoint, event: str, payload: dict, now: datetime, **extra) -> WebhookDelivery:
    return WebhookDelivery(
        endpoint=endpoint,
        event=event,
        event_id=uuid.UUID(payload["id"]),
        payload=payload,
        created_at=now,
        next_attempt_at=now,
        **extra,
    )


def _save_and_send(rows: list[WebhookDelivery]) -> list[WebhookDelivery]:
    if not rows:
        return []
    saved = WebhookDelivery.objects.bulk_create(rows)
    from playbook.tasks import deliver_webhooks

    jobs.enqueue_on_commit(deliver_webhooks, [row.pk for row in saved])
    return saved


def owe_again(delivery: WebhookDelivery) -> WebhookDelivery:
    """A replay: the same event (same id and payload) owed once more to the same endpoint."""
    row = _owed(delivery.endpoint, delivery.event, delivery.payload, clock.now(), replay_of=delivery)
    return _save_and_send([row])[0]


def owe_ping(endpoint: WebhookEndpoint, by: User) -> WebhookDelivery:
    """A test event for one endpoint, so an admin sees the wiring work before a real event comes."""
    now = clock.now()
    data = {"message": "A test event from Playbook: this endpoint is wired.", "by": person(by)}
    payload = _payload(uuid.uuid4(), PING, endpoint.network, data, now)
    return _save_and_send([_owed(endpoint, PING, payload, now)])[0]


# --- What apps put in ``data`` ----------------------------------------------------------------------


def person(user: User | None) -> dict | None:
    """Who did it, by name only: a receiver posts it to a channel, so no email address."""
    return None if user is None else {"id": user.pk, "name": user.display_name}


def link(path: str) -> str:
    return absolute_url(path)


class TeamNames:
    """Each team of some networks with its path (``Hub / North / Oakfield``), loaded once."""

    def __init__(self, network_ids):
        self._teams = {
            pk: (parent, name, kind)
            for pk, parent, name, kind in Team.objects.filter(network_id__in=set(network_ids)).values_list(
                "id", "parent_id", "name", "kind"
            )
        }

    def ref(self, team_id: int | None) -> dict | None:
        if team_id not in self._teams:
            return None
        names, node, seen = [], team_id, set()
        while node in self._teams and node not in seen:
            seen.add(node)
            parent, name, _ = self._teams[node]
            names.append(name)
            node = parent
        _, name, kind = self._teams[team_id]
        return {"id": team_id, "name": name, "kind": kind, "path": " / ".join(reversed(names))}


def team(team: Team) -> dict:
    """``{"id", "name", "kind", "path"}`` of one team (one query)."""
    return TeamNames([team.network_id]).ref(team.pk)
