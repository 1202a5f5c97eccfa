"""Writes for 5 Whys: a problem statement, who took part, and chains of "why?" → "because".

Anyone in the team may start an analysis and then edits it with the others who take part; whoever
shapes the focus area may edit any. A chain's root cause is always its last step: a step after it,
or a move that would bury it, is refused until it is unmarked.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from measures.models import FocusArea
from playbook import permissions
from playbook.models import User
from theory import history
from theory.models import WhyAnalysis, WhyChain, WhyStep
from theory.services.common import Action, clean_text, delete, lock, move, next_position, quote

CHANGE, CONTRIBUTE, DELETE = permissions.CHANGE, permissions.CONTRIBUTE, permissions.DELETE


def _check_participants(focus_area: FocusArea, people) -> list[User]:
    people = list(people)
    outside = [p for p in people if not permissions.can_view(p, focus_area)]
    if outside:
        names = ", ".join(p.display_name for p in outside)
        raise ValidationError(
            {"participants": f"Only people who work on this focus area can take part: {names}."}
        )
    return people


@transaction.atomic
def start_why_analysis(*, focus_area: FocusArea, by: User, problem: str, participants=()) -> WhyAnalysis:
    """Whoever starts the analysis takes part in it."""
    permissions.require(by, focus_area, CONTRIBUTE)
    people = _check_participants(focus_area, participants)
    lock(focus_area.pk)
    analysis = WhyAnalysis.objects.create(
        focus_area=focus_area, problem=clean_text(problem, "problem", label="The problem"), created_by=by
    )
    analysis.participants.set({by.pk, *(p.pk for p in people)})
    history.record(
        node=analysis, action=Action.CREATED, by=by, summary=f"Started 5 Whys on {quote(analysis.problem)}"
    )
    return analysis


@transaction.atomic
def update_why_analysis(*, analysis: WhyAnalysis, by: User, problem=None, participants=None) -> WhyAnalysis:
    permissions.require(by, analysis, CHANGE)
    lock(analysis.focus_area_id)
    before = history.snapshot(analysis)
    if problem is not None:
        analysis.problem = clean_text(problem, "problem", label="The problem")
        analysis.save(update_fields=["problem"])
    if participants is not None:
        people = _check_participants(analysis.focus_area, participants)
        if not people:
            raise ValidationError({"participants": "Someone takes part: name at least one person."})
        analysis.participants.set(people)
    after = history.snapshot(analysis)
    if after != before:
        what = "the problem" if after["problem"] != before["problem"] else "who took part"
        summary = f"Changed {what} of 5 Whys {quote(analysis.problem)}"
        history.record(node=analysis, action=Action.CHANGED, by=by, summary=summary, before=before)
    return analysis


@transaction.atomic
def delete_why_analysis(*, analysis: WhyAnalysis, by: User) -> None:
    permissions.require(by, analysis, DELETE)
    lock(analysis.focus_area_id)
    delete(analysis, by=by, summary=f"Deleted 5 Whys {quote(analysis.problem)}")


@transaction.atomic
def add_why_chain(*, analysis: WhyAnalysis, by: User, why: str, because: str) -> WhyChain:
    """A new chain starts with its first "why?" and "because"."""
    permissions.require(by, analysis, CHANGE)
    lock(analysis.focus_area_id)
    chain = WhyChain.objects.create(
        focus_area_id=analysis.focus_area_id,
        analysis=analysis,
        created_by=by,
        position=next_position(analysis.chains.all()),
    )
    history.record(
        node=chain,
        action=Action.CREATED,
        by=by,
        summary=f"Started a chain of whys on {quote(analysis.problem)}",
    )
    add_why_step(chain=chain, by=by, why=why, because=because)
    return chain


@transaction.atomic
def delete_why_chain(*, chain: WhyChain, by: User) -> None:
    permissions.require(by, chain, CHANGE)
    lock(chain.focus_area_id)
    delete(
        chain, by=by, summary=f"Deleted chain {chain.position + 1} of 5 Whys {quote(chain.analysis.problem)}"
    )


@transaction.atomic
def add_why_step(*, chain: WhyChain, by: User, why: str, because: str) -> WhyStep:
    permissions.require(by, chain, CHANGE)
    lock(chain.focus_area_id)
    root = chain.steps.filter(is_root_cause=True).first()
    if root is not None:
        raise ValidationError(
            f"This chain already ends in its root cause, {quote(root.because)}: unmark it to ask why again."
        )
    step = WhyStep.objects.create(
        focus_area_id=chain.focus_area_id,
        chain=chain,
        created_by=by,
        why=clean_text(why, "why", label="The question"),
        because=clean_text(because, "because", label="The answer"),
        position=next_position(chain.steps.all()),
    )
    history.record(
        node=step, action=Action.CREATED, by=by, summary=f"Asked {quote(step.why)}: {quote(step.because)}"
    )
    return step


@transaction.atomic
def update_why_step(
    *, step: WhyStep, by: User, why=None, because=None, position=None, is_root_cause=None
) -> WhyStep:
    """Reword, move and (un)mark a step at once (an API PATCH). Unmarking comes before the move and
    marking after it, so a root cause can be moved and a step moved last can become one. An empty
    change is still asked of the permission layer."""
    permissions.require(by, step, CHANGE)
    if why is not None or because is not None:
        reword_why_step(step=step, by=by, why=why, because=because)
    if is_root_cause is False:
        mark_root_cause(step=step, by=by, is_root_cause=False)
    if position is not None:
        move_why_step(step=step, by=by, to=position)
    if is_root_cause:
        mark_root_cause(step=step, by=by, is_root_cause=True)
    return step


@transaction.atomic
def reword_why_step(*, step: WhyStep, by: User, why=None, because=None) -> WhyStep:
    permissions.require(by, step, CHANGE)
    lock(step.focus_area_id)
    before = history.snapshot(step)
    if why is not None:
        step.why = clean_text(why, "why", label="The question")
    if because is not None:
        step.because = clean_text(because, "because", label="The answer")
    if history.snapshot(step) != before:
        step.save(update_fields=["why", "because"])
        history.record(
            node=step, action=Action.CHANGED, by=by, summary=f"Reworded {quote(step.why)}", before=before
        )
    return step


@transaction.atomic
def move_why_step(*, step: WhyStep, by: User, to=None, direction=None) -> WhyStep:
    permissions.require(by, step, CHANGE)
    lock(step.focus_area_id)
    siblings = WhyStep.objects.filter(chain_id=step.chain_id)
    order = list(siblings.order_by("position", "pk").values_list("pk", "is_root_cause"))
    index = [pk for pk, _ in order].index(step.pk)
    target = index + (-1 if direction == "up" else 1) if direction is not None else to
    if order[-1][1] and (step.is_root_cause or (target is not None and target >= len(order) - 1)):
        raise ValidationError(
            "The root cause stays the last step of its chain: unmark it to reorder around it."
        )
    return move(step, siblings, by=by, to=to, direction=direction, label="step")


@transaction.atomic
def mark_root_cause(*, step: WhyStep, by: User, is_root_cause: bool = True) -> WhyStep:
    """The last step of a chain, and only that, can be marked as its root cause."""
    permissions.require(by, step, CHANGE)
    lock(step.focus_area_id)
    if step.is_root_cause == is_root_cause:
        return step
    if is_root_cause and WhyStep.objects.filter(chain_id=step.chain_id, position__gt=step.position).exists():
        raise ValidationError("Only the last step of a chain can be its root cause.")
    if not is_root_cause and step.driver_links.exists():
        raise ValidationError(
            "A driver addresses this root cause: unlink it in the driver diagram before unmarking it."
        )
    before = history.snapshot(step)
    step.is_root_cause = is_root_cause
    step.save(update_fields=["is_root_cause"])
    verb = "Marked" if is_root_cause else "Unmarked"
    summary = f"{verb} {quote(step.because)} as a root cause"
    history.record(node=step, action=Action.CHANGED, by=by, summary=summary, before=before)
    return step


@transaction.atomic
def delete_why_step(*, step: WhyStep, by: User) -> None:
    permissions.require(by, step, CHANGE)
    lock(step.focus_area_id)
    delete(step, by=by, summary=f"Deleted the step {quote(step.why)}")
