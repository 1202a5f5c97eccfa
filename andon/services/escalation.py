"""Flags climbing the network: by hand (up, or back down with a reply) and by the escalation job.

The job, ``escalate_due_flags``, is exactly-once under concurrency, repetition and crashes:

* It works in small batches, each its own transaction. A batch takes its flags with
  ``SELECT … FOR NO KEY UPDATE SKIP LOCKED``, so two workers running at the same moment split the
  due flags between them instead of both taking the same ones, and a person acting on a flag
  (who locks it too) is never overtaken.
* A flag is due when ``next_escalation_at <= as_of``. Moving it sets a later deadline (or none), in
  the same transaction as the move, so a second run for the same minute finds nothing to do.
* A worker killed half-way loses only its open batch: the database rolls it back, the locks go,
  and the next run (every minute) finds those flags still due. Committed batches stay done.
* Behind the locks, the database refuses a second move out of one hold (unique (flag, hold) on
  move events, unique (flag, number) on holds): if anything ever tried, its batch would roll back.

A flag moves one level per deadline missed. The next team's clock starts at the deadline the team
below missed, not at the moment the job noticed, so where a flag ends up does not depend on when
(or how often) the job ran: a flag whose deadlines at two levels both passed while the job was
down climbs two levels in one run; the team it climbed past keeps its hold, marked "passed
through", and its leads and leaders are told (``andon_passed``). At the top (the hub, which has no
parent) it stays and is marked overdue, once.
"""

from __future__ import annotations

import logging
import socket
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from andon.calendar import Rule, WorkingCalendar, closed_days
from andon.models import (
    DEFAULT_RULES,
    ClosedPeriod,
    EscalationPolicy,
    EscalationRun,
    Flag,
    FlagEvent,
    FlagHold,
    WorkingHours,
)
from andon.permissions import FLAG_MOVE
from andon.services import webhook_events
from andon.services.bulk import insert_rows, update_rows
from andon.services.flags import _text
from andon.services.holds import end_hold, lock, record, start_hold, tell
from andon.signals import flag_sent_down
from playbook import clock, notifications
from playbook.models import Network, Team, User
from playbook.permissions import tree

log = logging.getLogger(__name__)

DEFAULT_BATCH = 1000
RUN_LOG_KEPT = timedelta(days=7)  # the job runs every minute: keep a week of its log
MAX_LEVELS = 16  # deeper than any team tree; a loop that climbs further stops and marks overdue

# --- By hand ------------------------------------------------------------------------------------------


def _move(flag: Flag, *, to: Team, by: User, kind: str, text: str) -> None:
    now = clock.now()
    record(flag, kind, by=by, from_team=flag.holding_team, to_team=to, text=text)
    end_hold(flag, at=now, outcome=kind)
    start_hold(flag, team=to, at=now, arrival=kind)


@transaction.atomic
def escalate_flag(*, flag: Flag, by: User, reason: str) -> Flag:
    """A lead (or a leader above) sends the flag to the team above now, saying why."""
    reason = _text(reason, "reason", "Say why it needs the team above.")
    flag = lock(flag, by, FLAG_MOVE)
    if flag.is_resolved:
        raise ValidationError("This flag is resolved; reopen it first.")
    parent = flag.holding_team.parent
    if parent is None:
        raise ValidationError(f"It is already with {flag.holding_team.name}, the top of the network.")
    came_from = flag.holding_team
    _move(flag, to=parent, by=by, kind=FlagEvent.Kind.ESCALATED, text=reason)
    webhook_events.flag_escalated(flag, by, came_from=came_from, reason=reason)
    parents = tree.network_parents(flag.network_id)
    leads = tree.leads_of(tree.chain(parent.pk, parents))
    tell(
        flag,
        tree.responders(parent.pk, parents, leads),
        subject=f"Flag escalated to {parent.name}: {flag.title}",
        body=f"{by.display_name} escalated it from {came_from.name}: {reason}",
        but_not=by,
    )
    return flag


@transaction.atomic
def send_flag_down(*, flag: Flag, by: User, reply: str) -> Flag:
    """Hand the flag back one level towards the team it came from, with a reply for the raiser."""
    reply = _text(reply, "reply", "Write the reply that goes back down with it.")
    flag = lock(flag, by, FLAG_MOVE)
    if flag.is_resolved:
        raise ValidationError("This flag is resolved; reopen it first.")
    if flag.holding_team_id == flag.team_id:
        raise ValidationError(f"It is already with {flag.team.name}, where it was raised.")
    parents = tree.network_parents(flag.network_id)
    path = tree.chain(flag.team_id, parents)
    at = path.index(flag.holding_team_id) if flag.holding_team_id in path else 0
    below = Team.objects.get(pk=path[at - 1] if at > 0 else flag.team_id)
    came_from = flag.holding_team
    _move(flag, to=below, by=by, kind=FlagEvent.Kind.SENT_DOWN, text=reply)
    leads = tree.leads_of(tree.chain(below.pk, parents))
    tell(
        flag,
        [flag.raised_by],
        subject=f"Reply from {came_from.name} on your flag: {flag.title}",
        body=f"{by.display_name}: {reply}",
        but_not=by,
    )
    tell(
        flag,
        tree.responders(below.pk, parents, leads),
        subject=f"Flag sent back to {below.name}: {flag.title}",
        body=f"{by.display_name} of {came_from.name} replied: {reply}",
        but_not=by,
    )
    # Huddles put the reply on the next meeting of the huddle the flag came from (signals.py).
    flag_sent_down.send(sender=Flag, flag=flag, reply=reply, by=by)
    return flag


# --- The job ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One deadline missed: the flag climbed a level, or (``to_team_id`` None) was marked overdue."""

    flag_id: int
    title: str
    hold: int  # the hold whose deadline was missed
    deadline: str  # "acknowledge" or "resolve"
    due_at: datetime
    from_team_id: int
    to_team_id: int | None


@dataclass
class EscalationReport:
    as_of: datetime
    steps: list[Step] = field(default_factory=list)
    flags: int = 0
    batches: int = 0

    @property
    def moved(self) -> int:
        return sum(1 for step in self.steps if step.to_team_id is not None)

    @property
    def marked_overdue(self) -> int:
        return sum(1 for step in self.steps if step.to_team_id is None)


class _Networks:
    """What a run needs about each network it meets, loaded once per run: tree, rules, calendar."""

    def __init__(self):
        self.parents: dict[int, int | None] = {}
        self.teams: dict[int, tuple[str, str]] = {}  # id -> (name, kind)
        self.rules: dict[int, dict[str, Rule]] = {}
        self.calendars: dict[int, WorkingCalendar] = {}

    def load(self, network_ids) -> None:
        new = set(network_ids) - set(self.calendars)
        if not new:
            return
        for pk, parent, name, kind in Team.objects.filter(network_id__in=new).values_list(
            "id", "parent_id", "name", "kind"
        ):
            self.parents[pk] = parent
            self.teams[pk] = (name, kind)
        for network_id in new:
            self.rules[network_id] = dict(DEFAULT_RULES)
        for policy in EscalationPolicy.objects.filter(network_id__in=new):
            self.rules[policy.network_id][policy.severity] = policy.as_rule()
        hours = {h.network_id: h for h in WorkingHours.objects.filter(network_id__in=new)}
        periods = defaultdict(list)
        for network_id, first, last in ClosedPeriod.objects.filter(network_id__in=new).values_list(
            "network_id", "starts_on", "ends_on"
        ):
            periods[network_id].append((first, last))
        for network_id, time_zone in Network.objects.filter(pk__in=new).values_list("id", "time_zone"):
            extra = {}
            if network_id in hours:
                h = hours[network_id]
                extra = {"weekdays": h.weekday_set, "day_starts": h.day_starts, "day_ends": h.day_ends}
            self.calendars[network_id] = WorkingCalendar(
                time_zone=time_zone, closed=closed_days(periods[network_id]), **extra
            )


def _advance(flag: Flag, as_of: datetime, networks: _Networks) -> list[Step]:
    """Move ``flag`` (in memory) one level per deadline it missed by ``as_of``; the steps taken."""
    steps: list[Step] = []
    while flag.next_escalation_at is not None and flag.next_escalation_at <= as_of:
        due = flag.next_escalation_at
        deadline = "acknowledge" if flag.status == Flag.Status.OPEN else "resolve"
        parent = networks.parents.get(flag.holding_team_id)
        if parent is None or len(steps) >= MAX_LEVELS:
            steps.append(Step(flag.pk, flag.title, flag.hold, deadline, due, flag.holding_team_id, None))
            flag.overdue_since, flag.next_escalation_at = due, None
            break
        steps.append(Step(flag.pk, flag.title, flag.hold, deadline, due, flag.holding_team_id, parent))
        rule = networks.rules[flag.network_id][flag.severity]
        flag.hold += 1
        flag.holding_team_id = parent
        flag.held_since = due  # the next team's clock starts when the team below missed its deadline
        flag.acknowledge_by, flag.resolve_by = networks.calendars[flag.network_id].deadlines(due, rule)
        flag.status, flag.acknowledged_at, flag.overdue_since = Flag.Status.OPEN, None, None
        flag.next_escalation_at = flag.acknowledge_by
    return steps


# Everything _advance reads or writes, and nothing more: the batch query loads only these.
_FLAG_FIELDS = (
    "network_id", "holding_team_id", "title", "severity", "status", "hold", "held_since",
    "acknowledge_by", "resolve_by", "acknowledged_at", "next_escalation_at", "overdue_since",
)  # fmt: skip
_CHANGED = [name for name in _FLAG_FIELDS if name not in ("network_id", "title", "severity")]


def escalate_due_flags(
    *, at: datetime | None = None, batch_size: int = DEFAULT_BATCH, worker: str = ""
) -> EscalationReport:
    """Move every flag that is due as of ``at`` (default: now). Safe to run anywhere, any number of
    times, at the same moment as other runs; see the module's docstring."""
    as_of = at or clock.now()
    report = EscalationReport(as_of=as_of)
    started = clock.now()
    EscalationRun.objects.filter(started_at__lt=started - RUN_LOG_KEPT).delete()
    run = EscalationRun.objects.create(as_of=as_of, started_at=started, worker=worker or socket.gethostname())
    networks = _Networks()
    while _run_batch(as_of, networks, batch_size, report):
        report.batches += 1
    EscalationRun.objects.filter(pk=run.pk).update(
        finished_at=clock.now(), flags=report.flags, steps=len(report.steps), batches=report.batches
    )
    if report.steps:
        log.info(
            "Escalation as of %s: %d moved, %d marked overdue", as_of, report.moved, report.marked_overdue
        )
    return report


def _run_batch(as_of: datetime, networks: _Networks, batch_size: int, report: EscalationReport) -> bool:
    with transaction.atomic():
        flags = list(
            Flag.objects.select_for_update(skip_locked=True, no_key=True)
            .filter(next_escalation_at__lte=as_of)
            .order_by("next_escalation_at", "id")
            .only(*_FLAG_FIELDS)[:batch_size]
        )
        if not flags:
            return False
        networks.load({flag.network_id for flag in flags})
        started = {flag.pk: (flag.hold, flag.holding_team_id) for flag in flags}
        steps = [step for flag in flags for step in _advance(flag, as_of, networks)]
        moves = [step for step in steps if step.to_team_id is not None]
        _record_steps(steps, as_of, networks)
        _close_left_holds(moves)
        _open_new_holds(moves, networks)
        update_rows(Flag, ["id"], _CHANGED, [(f.pk, *(getattr(f, name) for name in _CHANGED)) for f in flags])
        _notify(flags, steps, started, networks)
        # In the batch's transaction, like the moves: a rolled-back batch owes no webhook either.
        webhook_events.flags_escalated_by_the_job(flags, steps, started)
    report.steps.extend(steps)
    report.flags += len(flags)
    return True


_EVENT_FIELDS = [
    "flag_id", "kind", "at", "hold", "automatic", "from_team_id", "to_team_id", "deadline", "due_at", "text",
]  # fmt: skip


def _record_steps(steps: list[Step], as_of: datetime, networks: _Networks) -> None:
    rows = []
    for step in steps:
        kind = FlagEvent.Kind.ESCALATED if step.to_team_id else FlagEvent.Kind.OVERDUE
        team = networks.teams.get(step.from_team_id, ("The team", ""))[0]
        rows.append(
            (step.flag_id, kind, as_of, step.hold, True, step.from_team_id, step.to_team_id, step.deadline,
             step.due_at, f"{team} did not {step.deadline} it by the deadline.")
        )  # fmt: skip
    insert_rows(FlagEvent, _EVENT_FIELDS, rows)


def _close_left_holds(moves: list[Step]) -> None:
    """The hold each moved flag was in when the batch began ends at its (first) missed deadline."""
    first_move = {}
    for step in moves:
        first_move.setdefault(step.flag_id, step)
    update_rows(
        FlagHold,
        ["flag_id", "seq"],
        ["ended_at", "outcome"],
        [(s.flag_id, s.hold, s.due_at, FlagHold.Outcome.ESCALATED) for s in first_move.values()],
    )


_HOLD_FIELDS = ["flag_id", "seq", "team_id", "tier", "arrived_by", "started_at", "ended_at", "outcome"]


def _open_new_holds(moves: list[Step], networks: _Networks) -> None:
    rows = []
    for i, step in enumerate(moves):
        following = moves[i + 1] if i + 1 < len(moves) and moves[i + 1].flag_id == step.flag_id else None
        rows.append(
            (
                step.flag_id,
                step.hold + 1,
                step.to_team_id,
                networks.teams[step.to_team_id][1],
                FlagHold.Arrival.ESCALATED,
                step.due_at,
                # A flag that climbed past this team in the same run left it at the next deadline;
                # the team passed it on without ever being told it had it (see ``_notify``).
                following.due_at if following else None,
                FlagHold.Outcome.PASSED if following else FlagHold.Outcome.HELD,
            )
        )
    insert_rows(FlagHold, _HOLD_FIELDS, rows)


def _notify(flags: list[Flag], steps: list[Step], started: dict, networks: _Networks) -> None:
    """One notification per person per batch, listing the flags that reached their team, and one
    more (``andon_passed``) per person listing the flags that climbed past their team.

    The team a flag ends up with hears of it; a team without leads passes the word to the nearest
    team above with some. A team the flag climbed past in the same run still sees it (it held it,
    DESIGN.md §4), so its own leads and leaders are told it passed through, in the same transaction
    as the move: a rolled-back batch tells nobody, and a flag passes a team once, so once is all.
    """
    stepped = {step.flag_id for step in steps}
    by_id = {flag.pk: flag for flag in flags}
    # The teams passed through: reached by one step of a run and left by the next step of the same run.
    passed = [
        (step.flag_id, step.to_team_id)
        for step, following in zip(steps, steps[1:], strict=False)
        if step.to_team_id is not None and following.flag_id == step.flag_id and following.to_team_id
    ]
    ended = [flag for flag in flags if flag.pk in stepped]
    chains = {t for flag in ended for t in tree.chain(flag.holding_team_id, networks.parents)}
    leads = tree.leads_of(chains | {team_id for _, team_id in passed})
    news: dict[int, list[str]] = defaultdict(list)
    people: dict[int, User] = {}
    for flag in ended:
        team_name = networks.teams[flag.holding_team_id][0]
        if flag.overdue_since is not None and flag.holding_team_id == started[flag.pk][1]:
            line = f"Overdue at {team_name}: {flag.title} ({flag.get_severity_display().lower()})"
        else:
            line = f"Escalated to {team_name}: {flag.title} ({flag.get_severity_display().lower()})"
        for person in tree.responders(flag.holding_team_id, networks.parents, leads):
            people[person.pk] = person
            news[person.pk].append(line)
    passing: dict[int, list[str]] = defaultdict(list)
    for flag_id, team_id in passed:
        flag = by_id[flag_id]
        line = (
            f"Passed through {networks.teams[team_id][0]} to {networks.teams[flag.holding_team_id][0]}: "
            f"{flag.title} ({flag.get_severity_display().lower()})"
        )
        for person in leads.get(team_id, []):
            people[person.pk] = person
            passing[person.pk].append(line)
    dashboard = reverse("andon-dashboard")
    for pk, lines in news.items():
        subject = lines[0] if len(lines) == 1 else f"{len(lines)} andon flags need your teams"
        notifications.notify(
            recipient=people[pk], subject=subject, body=_listed(lines), url=dashboard, kind="andon"
        )
    passed_url = f"{dashboard}?passed=on&status=all"
    for pk, lines in passing.items():
        subject = lines[0] if len(lines) == 1 else f"{len(lines)} andon flags passed through your teams"
        notifications.notify(
            recipient=people[pk], subject=subject, body=_listed(lines), url=passed_url, kind="andon_passed"
        )


def _listed(lines: list[str]) -> str:
    return "\n".join(lines[:25]) + (f"\n… and {len(lines) - 25} more." if len(lines) > 25 else "")


def plan_due_flags(*, at: datetime | None = None, chunk: int = DEFAULT_BATCH) -> EscalationReport:
    """What ``escalate_due_flags`` would do as of ``at``, changing nothing (for ``--dry-run``)."""
    as_of = at or clock.now()
    report = EscalationReport(as_of=as_of)
    networks = _Networks()
    after = None
    while True:
        due = Flag.objects.filter(next_escalation_at__lte=as_of).order_by("next_escalation_at", "id")
        if after is not None:
            due = due.filter(next_escalation_at__gte=after[0]).exclude(
                next_escalation_at=after[0], id__lte=after[1]
            )
        flags = list(due.only(*_FLAG_FIELDS)[:chunk])
        if not flags:
            return report
        after = (flags[-1].next_escalation_at, flags[-1].pk)
        networks.load({flag.network_id for flag in flags})
        for flag in flags:
            report.steps.extend(_advance(flag, as_of, networks))
        report.flags += len(flags)
        report.batches += 1
