"""Celery entry points for andon. They take times as ISO strings and are safe to run twice."""

from __future__ import annotations

from datetime import datetime

from celery import shared_task

from andon.services import escalation


@shared_task(bind=True)
def escalate_flags(self, at: str | None = None, batch_size: int = escalation.DEFAULT_BATCH) -> int:
    """Beat runs this every minute. ``at`` (ISO datetime with offset) runs it as of that moment."""
    moment = datetime.fromisoformat(at) if at else None
    report = escalation.escalate_due_flags(
        at=moment, batch_size=batch_size, worker=self.request.hostname or ""
    )
    return len(report.steps)
