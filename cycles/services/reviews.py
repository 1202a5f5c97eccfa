"""Asking a lead or a coach to look over a plan before it starts, and the comments they leave."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cycles.models import Cycle, CycleComment, CycleEvent, ReviewRequest
from cycles.services.common import CycleConflict, record, tell_the_people_on_it
from playbook import clock, permissions
from playbook.models import User
from playbook.notifications import notify


@transaction.atomic
def request_review(*, cycle: Cycle, by: User, reviewer: User) -> ReviewRequest:
    """Anyone who may see the cycle (its team's lead, a leader above, a coach collaborating) may review."""
    permissions.require(by, cycle, permissions.CHANGE)
    if cycle.stage != Cycle.Stage.PLANNING:
        raise CycleConflict("A plan is reviewed before the cycle starts.")
    if reviewer.pk == by.pk or not reviewer.is_active or not permissions.can_view(reviewer, cycle):
        raise ValidationError(
            {"reviewer": "Choose someone else who can see this cycle, such as your team's lead."}
        )
    try:
        with transaction.atomic():
            review = ReviewRequest.objects.create(
                cycle=cycle, reviewer=reviewer, requested_by=by, requested_at=clock.now()
            )
    except IntegrityError:
        raise ValidationError({"reviewer": f"{reviewer.display_name} has already been asked."}) from None
    record(cycle, CycleEvent.Kind.REVIEW_REQUESTED, by, note=reviewer.display_name)
    notify(
        recipient=reviewer,
        subject=f"{by.display_name} asks you to review the plan “{cycle.title}”",
        body="Read the plan and its predictions, and leave your comments before it starts.",
        url=cycle.get_absolute_url() + "#comments",
        kind="cycle-review",
    )
    return review


@transaction.atomic
def comment_on_cycle(*, cycle: Cycle, by: User, body: str) -> CycleComment:
    permissions.require(by, cycle, permissions.CONTRIBUTE)
    if not (body or "").strip():
        raise ValidationError({"body": "Write a comment."})
    now = clock.now()
    comment = CycleComment.objects.create(cycle=cycle, author=by, body=body.strip(), created_at=now)
    ReviewRequest.objects.filter(cycle=cycle, reviewer=by, answered_at=None).update(answered_at=now)
    tell_the_people_on_it(
        cycle, by, f"{by.display_name} commented on “{cycle.title}”", comment.body, "cycle-comment"
    )
    return comment
