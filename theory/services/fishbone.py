"""Writes for the fishbone: the effect, its categories, causes and sub-causes, and votes.

Everyone in the team adds causes and votes (the people closest to the problem know it best); each
person edits the causes they added, and whoever shapes the focus area edits any of them and sets
up the categories.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from measures.models import FocusArea
from playbook import permissions
from playbook.models import User
from theory import history
from theory.models import Cause, CauseVote, Fishbone, FishboneCategory
from theory.services.common import Action, clean_text, delete, lock, move, next_position, quote

CHANGE, CONTRIBUTE, DELETE = permissions.CHANGE, permissions.CONTRIBUTE, permissions.DELETE


@transaction.atomic
def start_fishbone(*, focus_area: FocusArea, by: User, effect: str = "", categories=None) -> Fishbone:
    """The effect defaults to the focus area's problem; the categories to ones that fit schools."""
    permissions.require(by, focus_area, CONTRIBUTE)
    lock(focus_area.pk)
    if Fishbone.objects.filter(focus_area=focus_area).exists():
        raise ValidationError("This focus area already has a fishbone.")
    effect = clean_text(effect or focus_area.problem[:300], "effect", label="The effect")
    fishbone = Fishbone.objects.create(focus_area=focus_area, effect=effect, created_by=by)
    history.record(
        node=fishbone, action=Action.CREATED, by=by, summary=f"Started the fishbone for {quote(effect)}"
    )
    names = Fishbone.DEFAULT_CATEGORIES if categories is None else categories
    for position, name in enumerate(names):
        category = FishboneCategory.objects.create(
            focus_area=focus_area,
            fishbone=fishbone,
            name=clean_text(name, "name", max_length=100),
            position=position,
            created_by=by,
        )
        history.record(
            node=category, action=Action.CREATED, by=by, summary=f"Added category {quote(category.name)}"
        )
    return fishbone


@transaction.atomic
def update_fishbone(*, fishbone: Fishbone, by: User, effect: str | None) -> Fishbone:
    """Change the effect; ``None`` changes nothing but is still asked of the permission layer."""
    permissions.require(by, fishbone, CHANGE)
    if effect is None:
        return fishbone
    lock(fishbone.focus_area_id)
    before, old = history.snapshot(fishbone), fishbone.effect
    fishbone.effect = clean_text(effect, "effect", label="The effect")
    if fishbone.effect != old:
        fishbone.save(update_fields=["effect"])
        summary = f"Changed the effect from {quote(old)} to {quote(fishbone.effect)}"
        history.record(node=fishbone, action=Action.CHANGED, by=by, summary=summary, before=before)
    return fishbone


def _unique_name(fishbone_id: int, name: str, exclude_pk=None) -> None:
    clash = FishboneCategory.objects.filter(fishbone_id=fishbone_id, name__iexact=name).exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": f"There is already a category called {quote(name)}."})


@transaction.atomic
def add_category(*, fishbone: Fishbone, by: User, name: str, position: int | None = None) -> FishboneCategory:
    """A new bone goes last, or at ``position`` when one is asked for."""
    permissions.require(by, fishbone, CHANGE)
    lock(fishbone.focus_area_id)
    name = clean_text(name, "name", max_length=100, label="The name")
    _unique_name(fishbone.pk, name)
    category = FishboneCategory.objects.create(
        focus_area_id=fishbone.focus_area_id,
        fishbone=fishbone,
        name=name,
        created_by=by,
        position=next_position(fishbone.categories.all()),
    )
    history.record(node=category, action=Action.CREATED, by=by, summary=f"Added category {quote(name)}")
    if position is not None:
        move_category(category=category, by=by, to=position)
    return category


@transaction.atomic
def rename_category(*, category: FishboneCategory, by: User, name: str) -> FishboneCategory:
    permissions.require(by, category, CHANGE)
    lock(category.focus_area_id)
    before, old = history.snapshot(category), category.name
    category.name = clean_text(name, "name", max_length=100, label="The name")
    _unique_name(category.fishbone_id, category.name, exclude_pk=category.pk)
    if category.name != old:
        category.save(update_fields=["name"])
        summary = f"Renamed category {quote(old)} to {quote(category.name)}"
        history.record(node=category, action=Action.CHANGED, by=by, summary=summary, before=before)
    return category


@transaction.atomic
def move_category(*, category: FishboneCategory, by: User, to=None, direction=None) -> FishboneCategory:
    permissions.require(by, category, CHANGE)
    lock(category.focus_area_id)
    siblings = FishboneCategory.objects.filter(fishbone_id=category.fishbone_id)
    return move(category, siblings, by=by, to=to, direction=direction, label="category")


@transaction.atomic
def update_category(
    *, category: FishboneCategory, by: User, name: str | None = None, position: int | None = None
) -> FishboneCategory:
    """Rename and/or move a bone at once (an API PATCH); each part checks and records itself, and an
    empty change is still asked of the permission layer, so it answers as a real one would."""
    permissions.require(by, category, CHANGE)
    if name is not None:
        rename_category(category=category, by=by, name=name)
    if position is not None:
        move_category(category=category, by=by, to=position)
    return category


@transaction.atomic
def delete_category(*, category: FishboneCategory, by: User) -> None:
    """Only an empty category goes: causes people wrote are moved or deleted one by one, on purpose."""
    permissions.require(by, category, DELETE)
    lock(category.focus_area_id)
    count = category.causes.filter(parent__isnull=True).count()
    if count:
        raise ValidationError(
            f"{quote(category.name)} still holds {count} cause{'s' if count != 1 else ''}: "
            "move them to another category or delete them first."
        )
    delete(category, by=by, summary=f"Deleted category {quote(category.name)}")


# --- Causes ----------------------------------------------------------------------------------------


@transaction.atomic
def add_cause(
    *,
    category: FishboneCategory,
    by: User,
    text: str,
    parent: Cause | None = None,
    position: int | None = None,
) -> Cause:
    """A new cause goes last among its siblings, or at ``position`` when one is asked for."""
    permissions.require(by, category, CONTRIBUTE)
    if parent is not None:
        if parent.category_id != category.pk:
            raise ValidationError({"parent": "A sub-cause sits in the same category as its cause."})
        if parent.parent_id is not None:
            raise ValidationError({"parent": "Sub-causes go one level deep: add this under the main cause."})
    lock(category.focus_area_id)
    cause = Cause.objects.create(
        focus_area_id=category.focus_area_id,
        category=category,
        parent=parent,
        created_by=by,
        text=clean_text(text, "text", label="The cause"),
        position=next_position(Cause.objects.filter(category=category, parent=parent)),
    )
    under = f" under {quote(parent.text)}" if parent is not None else ""
    summary = (
        f"Added {'sub-cause' if parent else 'cause'} {quote(cause.text)} to {quote(category.name)}{under}"
    )
    history.record(node=cause, action=Action.CREATED, by=by, summary=summary)
    if position is not None:
        move_cause(cause=cause, by=by, to=position)
    return cause


@transaction.atomic
def update_cause(
    *,
    cause: Cause,
    by: User,
    text: str | None = None,
    category: FishboneCategory | None = None,
    position: int | None = None,
) -> Cause:
    """Reword a cause, move it to another category and/or place, at once (an API PATCH does all three).
    An empty change is still asked of the permission layer."""
    permissions.require(by, cause, CHANGE)
    if text is not None:
        reword_cause(cause=cause, by=by, text=text)
    if category is not None and category.pk != cause.category_id:
        move_cause(cause=cause, by=by, category=category)
    if position is not None:
        move_cause(cause=cause, by=by, to=position)
    return cause


@transaction.atomic
def reword_cause(*, cause: Cause, by: User, text: str) -> Cause:
    permissions.require(by, cause, CHANGE)
    lock(cause.focus_area_id)
    before, old = history.snapshot(cause), cause.text
    cause.text = clean_text(text, "text", label="The cause")
    if cause.text != old:
        cause.save(update_fields=["text"])
        summary = f"Reworded cause {quote(old)} to {quote(cause.text)}"
        history.record(node=cause, action=Action.CHANGED, by=by, summary=summary, before=before)
    return cause


@transaction.atomic
def move_cause(
    *, cause: Cause, by: User, category: FishboneCategory | None = None, to=None, direction=None
) -> Cause:
    """Reorder a cause among its siblings, or move it (with its sub-causes) to another category."""
    permissions.require(by, cause, CHANGE)
    lock(cause.focus_area_id)
    if category is not None and category.pk != cause.category_id:
        if category.fishbone_id != cause.category.fishbone_id:
            raise ValidationError({"category": "Choose a category of the same fishbone."})
        if cause.parent_id is not None:
            raise ValidationError({"category": "A sub-cause moves with its cause."})
        before, old = history.snapshot(cause), cause.category.name
        cause.category = category
        cause.position = next_position(Cause.objects.filter(category=category, parent=None))
        cause.save(update_fields=["category", "position"])
        summary = f"Moved cause {quote(cause.text)} from {quote(old)} to {quote(category.name)}"
        history.record(node=cause, action=Action.MOVED, by=by, summary=summary, before=before)
        for sub in cause.sub_causes.all():
            before = history.snapshot(sub)
            sub.category = category
            sub.save(update_fields=["category"])
            summary = f"Moved sub-cause {quote(sub.text)} with it"
            history.record(node=sub, action=Action.MOVED, by=by, summary=summary, before=before)
        return cause
    siblings = Cause.objects.filter(category_id=cause.category_id, parent_id=cause.parent_id)
    return move(cause, siblings, by=by, to=to, direction=direction, label="cause")


@transaction.atomic
def delete_cause(*, cause: Cause, by: User) -> None:
    permissions.require(by, cause, DELETE)
    lock(cause.focus_area_id)
    delete(cause, by=by, summary=f"Deleted {'sub-cause' if cause.parent_id else 'cause'} {quote(cause.text)}")


@transaction.atomic
def vote(*, cause: Cause, by: User) -> CauseVote:
    """One vote per person per cause; voting again changes nothing."""
    permissions.require(by, cause, CONTRIBUTE)
    lock(cause.focus_area_id)
    existing = CauseVote.objects.filter(cause=cause, voter=by).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            ballot = CauseVote.objects.create(focus_area_id=cause.focus_area_id, cause=cause, voter=by)
    except IntegrityError:  # the same person voting twice at once
        return CauseVote.objects.get(cause=cause, voter=by)
    history.record(node=ballot, action=Action.CREATED, by=by, summary=f"Voted for {quote(cause.text)}")
    return ballot


@transaction.atomic
def unvote(*, cause: Cause, by: User) -> None:
    permissions.require(by, cause, CONTRIBUTE)
    lock(cause.focus_area_id)
    ballot = CauseVote.objects.filter(cause=cause, voter=by).first()
    if ballot is not None:
        ballot.focus_area_id = cause.focus_area_id
        delete(ballot, by=by, summary=f"Took back a vote for {quote(cause.text)}")
