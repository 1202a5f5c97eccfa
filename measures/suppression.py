"""Small numbers never identify a pupil: the one rule deciding whether a pupil group's figure is shown.

Pages, exports and the API all ask here, so a figure hidden on a page is hidden everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Suppression:
    hidden: bool
    reason: str = ""


SHOWN = Suppression(hidden=False)


def pupils_in(point) -> int | None:
    """How many pupils a group point is about: its observations for a subgroup measure, else as given."""
    if point.observations:
        return len(point.observations)
    return point.pupils


def check(pupils: int | None, threshold: int) -> Suppression:
    """Hidden when fewer than ``threshold`` pupils (the network's ``smallest_group_shown``), or unknown."""
    if pupils is None:
        return Suppression(True, "Hidden: the number of pupils was not given.")
    if pupils < threshold:
        return Suppression(True, f"Hidden: fewer than {threshold} pupils, so a child could be identified.")
    return SHOWN


COMPLEMENT = (
    "Hidden as well: with the other groups and the measure's own figure, it would reveal a smaller "
    "group's figure."
)


def decide(points, threshold: int) -> list[Suppression]:
    """Whether each group point may be shown, in the order given.

    First each figure by its own size (``check``). Then complementary suppression: the groups of a
    dimension add up to the measure's own figure, which is shown, so a dimension with exactly one
    figure hidden in a period would give it away by subtraction. There the smallest shown figure is
    hidden too. Callers pass every point of the dimensions and periods they show, never a page of them.
    Points need ``group.dimension``, ``period`` and what ``pupils_in`` reads.
    """
    decided = [check(pupils_in(point), threshold) for point in points]
    by_cut: dict[tuple, list[int]] = {}
    for index, point in enumerate(points):
        by_cut.setdefault((point.group.dimension, point.period), []).append(index)
    for indexes in by_cut.values():
        hidden = [i for i in indexes if decided[i].hidden]
        shown = [i for i in indexes if not decided[i].hidden]
        if len(hidden) == 1 and shown:
            smallest = min(shown, key=lambda i: (pupils_in(points[i]), i))
            decided[smallest] = Suppression(True, COMPLEMENT)
    return decided
