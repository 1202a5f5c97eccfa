"""Run the escalation pass by hand: ``manage.py escalate_flags [--at ISO-DATETIME] [--dry-run]``.

The same service the Celery job runs, so it is exactly-once with it: running both at once is safe.
"""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from andon.models import Flag
from andon.services import escalation
from playbook.models import Team


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--at {text!r} is not an ISO datetime, e.g. 2026-03-02T09:30+00:00.") from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)  # in settings.TIME_ZONE, as Django reads naive times
    return moment


class Command(BaseCommand):
    help = "Move every andon flag that missed a deadline one level up per deadline missed."

    def add_arguments(self, parser):
        parser.add_argument("--at", type=_moment, help="Run as of this moment (ISO datetime); default now.")
        parser.add_argument("--dry-run", action="store_true", help="List what would move; change nothing.")
        parser.add_argument("--batch-size", type=int, default=escalation.DEFAULT_BATCH)

    def handle(self, *args, at=None, dry_run=False, batch_size=escalation.DEFAULT_BATCH, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if dry_run:
            report = escalation.plan_due_flags(at=at, chunk=batch_size)
        else:
            report = escalation.escalate_due_flags(at=at, batch_size=batch_size, worker="manage.py")
        names = dict(Team.objects.filter(pk__in=self._team_ids(report)).values_list("id", "name"))
        for step in report.steps:
            where = (
                f"{names.get(step.from_team_id)} → {names.get(step.to_team_id)}"
                if step.to_team_id
                else f"overdue at {names.get(step.from_team_id)}"
            )
            self.stdout.write(
                f"flag {step.flag_id} “{step.title}”: {where} (missed the {step.deadline} deadline of "
                f"{timezone.localtime(step.due_at):%Y-%m-%d %H:%M})"
            )
        verb = "would move" if dry_run else "moved"
        self.stdout.write(
            self.style.SUCCESS(
                f"As of {report.as_of.isoformat()}: {verb} {report.moved} level(s) and "
                f"{'would mark' if dry_run else 'marked'} {report.marked_overdue} overdue, "
                f"across {len({s.flag_id for s in report.steps})} flag(s); "
                f"{Flag.objects.filter(next_escalation_at__isnull=False).count()} flag(s) have a deadline "
                "ahead."
            )
        )

    @staticmethod
    def _team_ids(report):
        return {t for step in report.steps for t in (step.from_team_id, step.to_team_id) if t}
