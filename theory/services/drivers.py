"""Writes for the driver diagram: drivers, the links between them, change ideas and root causes.

The diagram runs from the aim (the focus area's) through primary and secondary drivers to change
ideas. Links only point one step towards the aim — a secondary driver serves a primary one, a change
idea serves a secondary driver — and only within one focus area, so the diagram can never loop and
never borrows another team's nodes. Shaping the diagram is for whoever may change the focus area
(its owner, the team's lead, leaders above); members propose change ideas.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from measures.models import FocusArea
from playbook import clock, permissions
from playbook.models import User
from theory import history
from theory.models import Cause, ChangeIdea, ChangeIdeaLink, Driver, DriverLink, RootCauseLink, WhyStep
from theory.services.common import (
    Action,
    ChangeIdeaInUse,
    clean_text,
    delete,
    lock,
    move,
    next_position,
    quote,
)

CHANGE, DELETE = permissions.CHANGE, permissions.DELETE
KIND_LABEL = {Driver.Kind.PRIMARY: "primary driver", Driver.Kind.SECONDARY: "secondary driver"}


# --- Drivers ---------------------------------------------------------------------------------------


@transaction.atomic
def add_driver(
    *, focus_area: FocusArea, by: User, kind: str, text: str, position: int | None = None
) -> Driver:
    """A new driver goes last in its column, or at ``position`` when one is asked for."""
    permissions.require(by, focus_area, CHANGE)
    if kind not in Driver.Kind.values:
        raise ValidationError({"kind": "Choose primary or secondary."})
    lock(focus_area.pk)
    siblings = Driver.objects.filter(focus_area=focus_area, kind=kind)
    driver = Driver.objects.create(
        focus_area=focus_area,
        kind=kind,
        text=clean_text(text, "text"),
        position=next_position(siblings),
        created_by=by,
    )
    history.record(
        node=driver, action=Action.CREATED, by=by, summary=f"Added {KIND_LABEL[kind]} {quote(driver.text)}"
    )
    if position is not None:
        move_driver(driver=driver, by=by, to=position)
    return driver


@transaction.atomic
def rename_driver(*, driver: Driver, by: User, text: str) -> Driver:
    permissions.require(by, driver, CHANGE)
    lock(driver.focus_area_id)
    before, old = history.snapshot(driver), driver.text
    driver.text = clean_text(text, "text")
    if driver.text != old:
        driver.save(update_fields=["text"])
        summary = f"Renamed {KIND_LABEL[driver.kind]} {quote(old)} to {quote(driver.text)}"
        history.record(node=driver, action=Action.CHANGED, by=by, summary=summary, before=before)
    return driver


@transaction.atomic
def move_driver(*, driver: Driver, by: User, to: int | None = None, direction: str | None = None) -> Driver:
    permissions.require(by, driver, CHANGE)
    lock(driver.focus_area_id)
    siblings = Driver.objects.filter(focus_area_id=driver.focus_area_id, kind=driver.kind)
    return move(driver, siblings, by=by, to=to, direction=direction, label=KIND_LABEL[driver.kind])


@transaction.atomic
def update_driver(
    *, driver: Driver, by: User, text: str | None = None, position: int | None = None
) -> Driver:
    """Rename and/or move a driver at once (an API PATCH); each part checks and records itself, and an
    empty change is still asked of the permission layer, so it answers as a real one would."""
    permissions.require(by, driver, CHANGE)
    if text is not None:
        rename_driver(driver=driver, by=by, text=text)
    if position is not None:
        move_driver(driver=driver, by=by, to=position)
    return driver


@transaction.atomic
def delete_driver(*, driver: Driver, by: User) -> None:
    """The driver goes with its links; the change ideas it held stay (cycles may test them)."""
    permissions.require(by, driver, DELETE)
    lock(driver.focus_area_id)
    delete(driver, by=by, summary=f"Deleted {KIND_LABEL[driver.kind]} {quote(driver.text)}")


def check_driver_link(primary: Driver, secondary: Driver) -> None:
    """The graph rules for a link "``secondary`` serves ``primary``"."""
    if primary.focus_area_id != secondary.focus_area_id:
        raise ValidationError("Both drivers must be in the same focus area's diagram.")
    if primary.pk == secondary.pk:
        raise ValidationError("A driver cannot serve itself: that would make a loop.")
    if primary.kind == Driver.Kind.SECONDARY and secondary.kind == Driver.Kind.PRIMARY:
        raise ValidationError(
            "That link would run backwards, from a primary driver to a secondary one, and make a loop: "
            "a secondary driver serves a primary one."
        )
    if primary.kind != Driver.Kind.PRIMARY or secondary.kind != Driver.Kind.SECONDARY:
        raise ValidationError("Link a secondary driver to a primary one.")


@transaction.atomic
def link_drivers(*, primary: Driver, secondary: Driver, by: User) -> DriverLink:
    permissions.require(by, primary, CHANGE)
    permissions.require(by, secondary, CHANGE)
    check_driver_link(primary, secondary)
    lock(primary.focus_area_id)
    link = DriverLink(focus_area_id=primary.focus_area_id, primary=primary, secondary=secondary)
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        raise ValidationError(f"{quote(secondary.text)} already serves {quote(primary.text)}.") from None
    summary = f"Linked {quote(secondary.text)} to {quote(primary.text)}"
    history.record(node=link, action=Action.CREATED, by=by, summary=summary)
    return link


@transaction.atomic
def unlink_drivers(*, link: DriverLink, by: User) -> None:
    permissions.require(by, link, DELETE)
    lock(link.focus_area_id)
    summary = f"Unlinked {quote(link.secondary.text)} from {quote(link.primary.text)}"
    delete(link, by=by, summary=summary)


# --- Change ideas ----------------------------------------------------------------------------------


@transaction.atomic
def create_change_idea(
    *, focus_area: FocusArea, by: User, title: str, description: str = "", drivers=()
) -> ChangeIdea:
    """Anyone working on a focus area may propose a change idea; linking it is for who shapes the diagram."""
    permissions.require(by, focus_area, permissions.CONTRIBUTE)
    lock(focus_area.pk)
    idea = ChangeIdea(
        focus_area=focus_area,
        title=clean_text(title, "title", max_length=200),
        description=description,
        created_by=by,
    )
    idea.full_clean(validate_unique=False, exclude=["focus_area", "created_by"])
    try:
        with transaction.atomic():
            idea.save()
    except IntegrityError:
        raise ValidationError(
            {"title": "This focus area already has a change idea with that title."}
        ) from None
    history.record(
        node=idea, action=Action.CREATED, by=by, summary=f"Proposed change idea {quote(idea.title)}"
    )
    for driver in drivers:
        link_change_idea(change_idea=idea, driver=driver, by=by)
    return idea


@transaction.atomic
def update_change_idea(*, change_idea: ChangeIdea, by: User, **fields) -> ChangeIdea:
    permissions.require(by, change_idea, CHANGE)
    lock(change_idea.focus_area_id)
    before, old = history.snapshot(change_idea), change_idea.title
    if "title" in fields:
        change_idea.title = clean_text(fields["title"], "title", max_length=200)
    if "description" in fields:
        change_idea.description = str(fields["description"] or "").strip()
    clash = ChangeIdea.objects.filter(focus_area_id=change_idea.focus_area_id, title=change_idea.title)
    if clash.exclude(pk=change_idea.pk).exists():
        raise ValidationError({"title": "This focus area already has a change idea with that title."})
    if history.snapshot(change_idea) != before:
        change_idea.save(update_fields=["title", "description"])
        what = (
            f"Renamed change idea {quote(old)} to {quote(change_idea.title)}"
            if old != change_idea.title
            else (f"Changed the description of {quote(change_idea.title)}")
        )
        history.record(node=change_idea, action=Action.CHANGED, by=by, summary=what, before=before)
    return change_idea


@transaction.atomic
def archive_change_idea(*, change_idea: ChangeIdea, by: User, archived: bool = True) -> ChangeIdea:
    """Take an idea off the diagram (or put it back) while its cycles keep pointing at it."""
    permissions.require(by, change_idea, CHANGE)
    lock(change_idea.focus_area_id)
    if (change_idea.archived_at is not None) == archived:
        return change_idea
    before = history.snapshot(change_idea)
    change_idea.archived_at = clock.now() if archived else None
    change_idea.save(update_fields=["archived_at"])
    action, verb = (Action.ARCHIVED, "Archived") if archived else (Action.RESTORED, "Restored")
    summary = f"{verb} change idea {quote(change_idea.title)}"
    history.record(node=change_idea, action=action, by=by, summary=summary, before=before)
    return change_idea


def _protected_message(idea: ChangeIdea, error: ProtectedError) -> str:
    count = len(error.protected_objects)
    if all(obj._meta.label == "cycles.Cycle" for obj in error.protected_objects):
        what = f"{count} PDSA cycle{'s' if count != 1 else ''} {'test' if count != 1 else 'tests'} it"
    else:
        names = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
        what = f"{count} record{'s' if count != 1 else ''} ({', '.join(names)}) point at it"
    return (
        f"{quote(idea.title)} cannot be deleted: {what}, and deleting it would lose what they learned. "
        "Archive it instead: it leaves the diagram and its cycles keep it."
    )


@transaction.atomic
def delete_change_idea(*, change_idea: ChangeIdea, by: User) -> None:
    """Refused while any PDSA cycle points at the idea (PROTECT): archive it instead (409 in the API)."""
    permissions.require(by, change_idea, DELETE)
    lock(change_idea.focus_area_id)
    try:
        with transaction.atomic():
            delete(change_idea, by=by, summary=f"Deleted change idea {quote(change_idea.title)}")
    except ProtectedError as error:
        raise ChangeIdeaInUse(_protected_message(change_idea, error)) from None


@transaction.atomic
def link_change_idea(*, change_idea: ChangeIdea, driver: Driver, by: User) -> ChangeIdeaLink:
    permissions.require(by, change_idea, permissions.VIEW)
    permissions.require(by, driver, CHANGE)
    if change_idea.focus_area_id != driver.focus_area_id:
        raise ValidationError("The change idea and the driver must be in the same focus area's diagram.")
    if driver.kind != Driver.Kind.SECONDARY:
        raise ValidationError("A change idea serves a secondary driver; link it to one of those.")
    if change_idea.archived_at is not None:
        raise ValidationError(f"{quote(change_idea.title)} is archived; restore it before linking it.")
    lock(driver.focus_area_id)
    link = ChangeIdeaLink(focus_area_id=driver.focus_area_id, driver=driver, change_idea=change_idea)
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        raise ValidationError(f"{quote(change_idea.title)} already serves {quote(driver.text)}.") from None
    summary = f"Linked change idea {quote(change_idea.title)} to {quote(driver.text)}"
    history.record(node=link, action=Action.CREATED, by=by, summary=summary)
    return link


@transaction.atomic
def unlink_change_idea(*, link: ChangeIdeaLink, by: User) -> None:
    permissions.require(by, link, DELETE)
    lock(link.focus_area_id)
    summary = f"Unlinked change idea {quote(link.change_idea.title)} from {quote(link.driver.text)}"
    delete(link, by=by, summary=summary)


@transaction.atomic
def set_testing_status(*, change_idea: ChangeIdea, status: str, by: User | None = None) -> ChangeIdea:
    """Record what the cycles testing an idea now say about it (called by the cycles app).

    No permission check: the cycles app decides, from cycles the person was allowed to move.
    """
    if status not in ChangeIdea.TestingStatus.values:
        raise ValueError(f"Unknown testing status {status!r}")
    if status != change_idea.status:
        before = history.snapshot(change_idea)
        moment = clock.now()
        ChangeIdea.objects.filter(pk=change_idea.pk).update(status=status, status_changed_at=moment)
        change_idea.status, change_idea.status_changed_at = status, moment
        label = ChangeIdea.TestingStatus(status).label.lower()
        summary = f"{quote(change_idea.title)} is now {label}, from its PDSA cycles"
        history.record(node=change_idea, action=Action.STATUS, by=by, summary=summary, before=before)
    return change_idea


# --- Root causes -----------------------------------------------------------------------------------


@transaction.atomic
def link_root_cause(
    *, driver: Driver, by: User, why_step: WhyStep | None = None, cause: Cause | None = None
) -> RootCauseLink:
    """Say which driver addresses a root cause found with 5 Whys or on the fishbone."""
    permissions.require(by, driver, CHANGE)
    if (why_step is None) == (cause is None):
        raise ValidationError("Choose one root cause: a 5 Whys root cause or a fishbone cause.")
    root = why_step or cause
    permissions.require(by, root, permissions.VIEW)
    if root.focus_area_id != driver.focus_area_id:
        raise ValidationError("The root cause and the driver must belong to the same focus area.")
    if why_step is not None and not why_step.is_root_cause:
        raise ValidationError({"why_step": "Mark this step as the chain's root cause first."})
    lock(driver.focus_area_id)
    link = RootCauseLink(focus_area_id=driver.focus_area_id, driver=driver, why_step=why_step, cause=cause)
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        raise ValidationError(f"{quote(driver.text)} already addresses that root cause.") from None
    text = why_step.because if why_step is not None else cause.text
    history.record(
        node=link,
        action=Action.CREATED,
        by=by,
        summary=f"Linked root cause {quote(text)} to {quote(driver.text)}",
    )
    return link


@transaction.atomic
def unlink_root_cause(*, link: RootCauseLink, by: User) -> None:
    permissions.require(by, link, DELETE)
    lock(link.focus_area_id)
    text = link.why_step.because if link.why_step_id else link.cause.text
    delete(link, by=by, summary=f"Unlinked root cause {quote(text)} from {quote(link.driver.text)}")
