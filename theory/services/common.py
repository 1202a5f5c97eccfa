"""What every theory service shares: one lock per focus area, checked text, positions, history, and the
conflict it raises."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Max, Model, QuerySet

from measures.models import FocusArea
from playbook.errors import Conflict
from theory import history
from theory.models import TEXT_MAX

Action = history.Action


class ChangeIdeaInUse(Conflict):
    """PDSA cycles (or other records) point at a change idea, so it is archived, not deleted (409)."""


def lock(focus_area_id: int) -> None:
    """Serialize the writes to one focus area's theory, so positions and link checks never race."""
    list(FocusArea.objects.select_for_update().filter(pk=focus_area_id).values_list("pk", flat=True))


def clean_text(value, field: str, *, max_length: int = TEXT_MAX, label: str = "This") -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise ValidationError({field: f"{label} cannot be blank."})
    if len(text) > max_length:
        raise ValidationError({field: f"Keep it to {max_length} characters (it has {len(text)})."})
    return text


def next_position(siblings: QuerySet) -> int:
    highest = siblings.aggregate(top=Max("position"))["top"]
    return 0 if highest is None else highest + 1


def quote(text: str, limit: int = 80) -> str:
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def move(
    node: Model, siblings: QuerySet, *, by, to: int | None = None, direction: str | None = None, label: str
):
    """Put ``node`` at index ``to`` (or one step up/down) among its siblings; record each one that moved."""
    ordered = list(siblings.order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == node.pk)
    if direction is not None:
        to = index + (-1 if direction == "up" else 1)
    if to is None:
        raise ValidationError({"position": "Say where to move it."})
    to = max(0, min(len(ordered) - 1, to))
    moved = ordered.pop(index)
    ordered.insert(to, moved)
    changed = []
    for position, sibling in enumerate(ordered):
        if sibling.position != position:
            sibling.position = position
            changed.append(sibling)
    type(node).objects.bulk_update(changed, ["position"])
    for sibling in changed:
        summary = (
            f"Moved {label} {quote(str(sibling))}"
            if sibling.pk == node.pk
            else f"Reordered {quote(str(sibling))}"
        )
        history.record(node=sibling, action=Action.MOVED, by=by, summary=summary)
    node.position = moved.position
    return node


def delete(node: Model, *, by, summary: str) -> None:
    """Delete a node and record it; what hangs from it goes by cascade and drops out of replays."""
    before, pk = history.snapshot(node), node.pk
    node.delete()
    history.record(node=node, action=Action.DELETED, by=by, summary=summary, before=before, deleted_pk=pk)
