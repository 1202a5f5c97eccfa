"""Sending webhook deliveries: the work of the ``deliver_webhooks`` job (just after the commit that
recorded them) and of the every-minute ``send_owed_webhooks`` job (whatever is due: a retry, or what
the broker lost), and the rules an endpoint's address must keep. Recording is ``playbook.webhooks``.

Each attempt is a POST of the JSON payload, signed (see ``signature``): a 2xx is delivered, anything
else (an error status, a redirect, a timeout, a refused address) is tried again after a growing
pause (``BACKOFF``) until ``MAX_ATTEMPTS``, then given up. The row keeps the last attempt's answer.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import socket
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q

from playbook import clock
from playbook.models import WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)

# The pause after each failed attempt: the first retry soon (a receiver restarting), then longer, so
# an endpoint down for a day is still told once it is back, without being hammered meanwhile.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
TIMEOUT = 5  # seconds to connect and to read; a receiver must answer quickly and work later
# How long a claimed delivery is a worker's own (see ``deliver``): well past TIMEOUT's worst case.
LEASE = timedelta(minutes=2)
OWED_BATCH = 50
BODY_KEPT = 2000
USER_AGENT = "Playbook-Webhooks"
URL_MAX = WebhookEndpoint._meta.get_field("url").max_length


# --- Addresses ---------------------------------------------------------------------------------------


def _insecure_hosts() -> set[str]:
    return {host.lower() for host in getattr(settings, "WEBHOOK_INSECURE_HOSTS", ())}


def check_url(url: str) -> str:
    """The URL an endpoint may have, or a ValidationError on ``url`` saying why not.

    HTTPS only: the payload names people and flags, and the signature proves who sent it, not that
    nobody read it. No user:password in the URL (it would show on the page and in logs; the
    signature is how a receiver trusts us). And, since Playbook's server makes these requests from
    inside its own network, no address that points back into it (loopback, private, link-local such
    as the cloud metadata service): otherwise an admin could make Playbook probe its own
    infrastructure (SSRF). ``WEBHOOK_INSECURE_HOSTS`` lifts both rules for named hosts (tests' local
    receiver, a receiver on the same private network on purpose). Names are checked again, resolved,
    at each send (``_refuse_private``), so a name cannot later be pointed inward.
    """
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ValidationError({"url": "That is not a web address."}) from None
    host = (parts.hostname or "").lower()
    if not host or parts.scheme not in ("http", "https"):
        raise ValidationError({"url": "Give a full address starting with https://."})
    if len(url) > URL_MAX:
        raise ValidationError({"url": f"Keep the address under {URL_MAX} characters."})
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            {"url": "Leave the user name and password out of the address: the signature proves the sender."}
        )
    allowed = host in _insecure_hosts()
    if parts.scheme != "https" and not allowed:
        raise ValidationError({"url": "The address must start with https://, so nobody on the way reads it."})
    if not allowed and (host == "localhost" or host.endswith((".localhost", ".local", ".internal"))):
        raise ValidationError(
            {"url": "The address must be reachable on the internet, not this server's own."}
        )
    if not allowed:
        try:
            address = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            address = None
        if address is not None and not _public(address):
            raise ValidationError({"url": "The address must be a public one, not a private or local one."})
    return url


def _public(address) -> bool:
    return address.is_global and not address.is_multicast


def _refuse_private(url: str) -> None:
    """Raise ``ValueError`` when the URL's host resolves to any non-public address (see ``check_url``).

    ``requests`` looks the name up again to connect, so a name whose answer flips in between (DNS
    rebinding) could still slip through; closing that means pinning the address in the connection,
    which an egress proxy does better than we could here. This stops the plain cases."""
    host = (urlsplit(url).hostname or "").lower()
    if host in _insecure_hosts():
        return
    port = urlsplit(url).port or 443
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise ValueError(f"Could not look up {host}: {exc}") from None
    for *_, sockaddr in found:
        if not _public(ipaddress.ip_address(sockaddr[0].split("%")[0])):
            raise ValueError(f"{host} points at a private or local address ({sockaddr[0]}); not sent.")


# --- Signing -------------------------------------------------------------------------------------------


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` and the hex HMAC-SHA256, keyed with the endpoint's secret, of ``<timestamp>.<body>``.

    The timestamp is inside what is signed so a receiver can refuse an old message replayed by
    someone who recorded it (Stripe's and Slack's scheme)."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def body_of(payload: dict) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


# --- Sending ---------------------------------------------------------------------------------------------


def _owed_q(now: datetime) -> Q:
    return Q(delivered_at__isnull=True, failed_at__isnull=True, next_attempt_at__lte=now)


def deliver(delivery_id: int) -> bool | None:
    """Make one attempt at one delivery if it is owed now. True delivered, False failed (tried again
    later, or given up), None not ours to try (already delivered, given up, not due, or another
    worker has it).

    The claim is a conditional UPDATE that pushes ``next_attempt_at`` a lease ahead, committed before
    the request, rather than a row lock held across it: two workers racing for the row both run the
    UPDATE, PostgreSQL lets one through and re-checks the other against the pushed time, so exactly
    one sends; and no transaction stays open for the seconds a slow receiver takes. A worker killed
    mid-send leaves the row owed again when the lease ends, and the owed job retries it: at least
    once, never lost (a receiver drops the rare repeat by ``X-Playbook-Delivery``). The attempt's
    result is written only while the lease is still this worker's (``next_attempt_at`` unchanged).
    """
    now = clock.now()
    lease = now + LEASE
    if not WebhookDelivery.objects.filter(_owed_q(now), pk=delivery_id).update(next_attempt_at=lease):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.active:
        _finish(
            delivery, lease, status=None, body="", error="The endpoint was switched off; not sent.", ok=None
        )
        return False
    status, text, error = _post(endpoint, delivery)
    ok = status is not None and 200 <= status < 300
    _finish(delivery, lease, status=status, body=text, error=error, ok=ok)
    return ok


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> tuple[int | None, str, str]:
    import requests

    body = body_of(delivery.payload)
    timestamp = str(int(clock.now().timestamp()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Playbook-Event": delivery.event,
        "X-Playbook-Delivery": str(delivery.pk),
        "X-Playbook-Event-Id": str(delivery.event_id),
        "X-Playbook-Timestamp": timestamp,
        "X-Playbook-Signature": signature(endpoint.secret, timestamp, body),
    }
    try:
        check_url(endpoint.url)
        _refuse_private(endpoint.url)
        # No redirects: a 3xx could send the signed payload somewhere the admin never registered.
        with requests.post(
            endpoint.url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False, stream=True
        ) as response:
            kept = response.raw.read(BODY_KEPT * 4, decode_content=True) or b""
            return response.status_code, kept.decode("utf-8", "replace")[:BODY_KEPT], ""
    except ValidationError as exc:
        return None, "", " ".join(exc.messages)[:500]
    except (requests.RequestException, ValueError, OSError) as exc:
        return None, "", f"{type(exc).__name__}: {exc}"[:500]


def _finish(
    delivery: WebhookDelivery, lease: datetime, *, status, body: str, error: str, ok: bool | None
) -> None:
    now = clock.now()
    attempts = delivery.attempts + 1
    fields = {"attempts": attempts, "response_status": status, "response_body": body, "error": error}
    if ok:
        fields.update(delivered_at=now, next_attempt_at=None)
    elif ok is None or attempts >= MAX_ATTEMPTS:
        fields.update(failed_at=now, next_attempt_at=None)
        log.warning(
            "Gave up on webhook delivery %s after %d attempts: %s", delivery.pk, attempts, error or status
        )
    else:
        fields.update(next_attempt_at=now + BACKOFF[attempts - 1])
        log.info("Webhook delivery %s failed (attempt %d): %s", delivery.pk, attempts, error or status)
    WebhookDelivery.objects.filter(pk=delivery.pk, next_attempt_at=lease).update(**fields)


def deliver_many(delivery_ids) -> int:
    """The on-commit job's work: one attempt at each; the number delivered."""
    return sum(1 for pk in delivery_ids if deliver(pk))


def send_owed(*, batch_size: int = OWED_BATCH) -> int:
    """Every delivery owed now (the broker lost its job, or its retry time has come); the number
    delivered. Two runs at once split the work through ``deliver``'s claim."""
    sent, tried = 0, set()
    while True:
        batch = list(
            WebhookDelivery.objects.filter(_owed_q(clock.now()))
            .exclude(pk__in=tried)
            .order_by("next_attempt_at", "id")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not batch:
            return sent
        for pk in batch:
            tried.add(pk)
            sent += bool(deliver(pk))
