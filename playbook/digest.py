"""The weekly digest: once a week, each person's open work and what their part of the network learned.

Sections come from a registry, filled by each app's ``digest.py`` (found at start-up, as
``panels.py`` is), so the core names no feature app. A section's ``build(user, since, until)``
returns the lines it has for that person, read through the app's ``visible_*`` querysets, so a
digest never shows what its reader may not see on the pages.

When: an hourly beat job. A network's digest for a week is due from Monday 07:00 in the network's
time zone; it covers the week before (Monday 00:00 to Monday 00:00, local), so the windows of two
weeks never overlap and nothing falls between them.

Once: a ``DigestDelivery`` row per person and week (unique) is created first, then each row is sent
under its row lock (``SKIP LOCKED``, so two workers split the people between them), and ``sent_at``
is set in the same transaction as the send. A crash before the mail server accepts the message
rolls the transaction back: ``sent_at`` stays empty and a later run sends it. The one window we
accept is between the mail server accepting the message and the commit of that ``sent_at`` (one
UPDATE, milliseconds): a crash exactly there sends that person's digest again next hour. The other
choice (commit ``sent_at`` first, then send) would lose the digest in the same window; a week's
summary arriving twice, rarely, is the lesser harm. Once ``sent_at`` is committed it is never sent
again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

from playbook import clock, preferences, unsubscribe
from playbook.email import absolute_url
from playbook.email_messages import network_name, send_templated
from playbook.models import DigestDelivery, Network, Notification, User

log = logging.getLogger(__name__)

SEND_AT = time(7, 0)  # Monday, in the network's time zone
MAX_ATTEMPTS = 5
ITEMS_PER_SECTION = 10


@dataclass(frozen=True)
class Item:
    text: str
    url: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Section:
    name: str
    order: int
    title: str
    build: Callable[[User, datetime, datetime], list[Item]]


@dataclass
class Built:
    title: str
    items: list[Item]
    # Sections fetch one line past the limit, so a cut section can say there is more.
    more: bool = False


@dataclass
class Digest:
    user: User
    week_starting: date
    since: datetime
    until: datetime
    sections: list[Built] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.sections


SECTIONS: dict[str, Section] = {}


def register_section(name: str, order: int, build: Callable, *, title: str) -> Section:
    SECTIONS[name] = Section(name, order, title, build)  # by name: a module imported twice, once
    return SECTIONS[name]


def autodiscover() -> None:
    # Each app's digest.py registers its sections here and its notification kinds with
    # playbook.notification_kinds: one module per app for both.
    autodiscover_modules("digest")


# --- When ---------------------------------------------------------------------------------------


def due_week(now: datetime, time_zone: str) -> tuple[date, datetime, datetime]:
    """The week whose digest is due at ``now``: its Monday, and the window it covers (aware)."""
    try:
        tz = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):  # one network's bad setting must not stop every digest
        tz = ZoneInfo(settings.TIME_ZONE)
    local = now.astimezone(tz)
    monday = local.date() - timedelta(days=local.weekday())
    if local.time() < SEND_AT and local.weekday() == 0:
        monday -= timedelta(days=7)  # before 07:00 on Monday, last Monday's digest is the due one
    covered = monday - timedelta(days=7)
    since = datetime.combine(covered, time(0), tzinfo=tz)
    until = datetime.combine(monday, time(0), tzinfo=tz)
    return covered, since, until


# --- What ---------------------------------------------------------------------------------------


def build(user: User, week_starting: date, since: datetime, until: datetime) -> Digest:
    digest = Digest(user, week_starting, since, until)
    for section in sorted(SECTIONS.values(), key=lambda s: (s.order, s.name)):
        items = list(section.build(user, since, until) or [])
        if items:
            shown = items[:ITEMS_PER_SECTION]
            digest.sections.append(Built(section.title, shown, len(items) > len(shown)))
    return digest


def _chosen_for_digest(user: User, since: datetime, until: datetime) -> list[Item]:
    # Only what was kept back: one emailed at once, before the person chose the digest, is not repeated.
    kinds = preferences.digest_kinds(user)
    if not kinds:
        return []
    notifications = Notification.objects.filter(
        recipient=user, kind__in=kinds, created_at__gte=since, created_at__lt=until, email_wanted=False
    ).order_by("created_at", "id")[: ITEMS_PER_SECTION + 1]
    return [Item(n.subject, n.url, n.body[:200]) for n in notifications]


register_section("notifications", 90, _chosen_for_digest, title="Notifications you kept for the digest")


# --- Sending --------------------------------------------------------------------------------------


def send_weekly_digests(now: datetime | None = None) -> int:
    """Send every digest due at ``now`` and not yet sent; the number of emails sent."""
    now = now or clock.now()
    sent = 0
    for network in Network.objects.order_by("pk"):
        week, since, until = due_week(now, network.time_zone)
        claim_digests(network, week, now)
        sent += _send_claimed(network, week, since, until)
    return sent


def recipients(network: Network):
    return User.objects.filter(network=network, is_active=True, weekly_digest=True).exclude(email="")


def claim_digests(network: Network, week: date, now: datetime) -> None:
    """One row per person for the week; a row that exists already (another run made it) stays."""
    missing = recipients(network).exclude(digests__week_starting=week).values_list("pk", flat=True)
    DigestDelivery.objects.bulk_create(
        [DigestDelivery(user_id=pk, week_starting=week, created_at=now) for pk in missing],
        ignore_conflicts=True,
    )


def _send_claimed(network: Network, week: date, since: datetime, until: datetime) -> int:
    sent, failed = 0, set()
    while True:
        current = None
        try:
            with transaction.atomic():
                row = (
                    DigestDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("user__network")
                    .filter(
                        week_starting=week,
                        user__network=network,
                        sent_at__isnull=True,
                        attempts__lt=MAX_ATTEMPTS,
                    )
                    .exclude(pk__in=failed)
                    .order_by("pk")
                    .first()
                )
                if row is None:
                    return sent
                current = row.pk
                sent += _deliver(row, since, until)
        except DatabaseError:
            raise
        except Exception as exc:  # this person's digest failed; count it, go on with the others
            if current is None:
                raise
            failed.add(current)
            _count_failure(current, exc)


def _deliver(row: DigestDelivery, since: datetime, until: datetime) -> bool:
    now = clock.now()
    # Turned off since the row was claimed (its unsubscribe link, say): done, as if empty.
    digest = build(row.user, row.week_starting, since, until) if row.user.weekly_digest else None
    if digest is None or digest.is_empty:
        # Nothing to say: recorded as done (with no attempt), so the hourly job does not rebuild it.
        DigestDelivery.objects.filter(pk=row.pk).update(sent_at=now, error="")
        return False
    _email(digest)
    DigestDelivery.objects.filter(pk=row.pk).update(sent_at=now, attempts=F("attempts") + 1, error="")
    return True


def _count_failure(row_id: int, exc: Exception) -> None:
    DigestDelivery.objects.filter(pk=row_id).update(attempts=F("attempts") + 1, error=str(exc)[:500])
    log.warning("The weekly digest %s could not be sent: %s", row_id, exc)


def _email(digest: Digest) -> None:
    unsubscribe_url = absolute_url(unsubscribe.path_for(digest.user, unsubscribe.WEEKLY_DIGEST))
    context = {
        "digest": digest,
        "person": digest.user,
        "network_name": network_name(digest.user.network),
        "week_ending": digest.until.date() - timedelta(days=1),
        "home_url": absolute_url(reverse("home")),
        # The top of the page, where the digest's own switch is (the kinds' choices follow it).
        "account_url": absolute_url(reverse("account")),
        "unsubscribe_url": unsubscribe_url,
    }
    sections = [
        {
            "title": s.title,
            "more": s.more,
            "items": [
                {"text": i.text, "detail": i.detail, "url": absolute_url(i.url) if i.url else ""}
                for i in s.items
            ],
        }
        for s in digest.sections
    ]
    context["sections"] = sections
    subject = f"[Playbook] Your week: {digest.week_starting:%-d %B}"
    send_templated(
        to=digest.user.email,
        subject=subject,
        template="email/digest",
        context=context,
        headers=unsubscribe.headers(unsubscribe_url),
    )
