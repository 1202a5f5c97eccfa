"""Writes for the pupil-group breakdown: the network's list of groups, its threshold, and a measure's
figures per group (typed in a grid, sent by the API, or imported from a CSV file).

Each write is one transaction. Storing the figures a second time changes nothing; a changed figure
archives the old point (kept, as every record of what happened is) and stores the new one.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from measures.data_input import (
    MAX_CSV_ROWS,
    PointInput,
    Rhythm,
    parse_date,
    parse_number,
    point_errors,
)
from measures.models import GroupPoint, Measure, PupilGroup
from playbook import clock, permissions
from playbook.models import Network, User

THRESHOLD_RANGE = (1, 100)
MAX_OBSERVATIONS = 1000


# --- The network's list of groups ----------------------------------------------------------------------


def _require_admin(by: User, network: Network) -> None:
    if not permissions.can_administer_network(by, network):
        raise PermissionDenied("Only network admins keep the list of pupil groups.")


def _clean_label(text: str, what: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({what: f"Give the {what}."})
    if len(text) > 80:
        raise ValidationError({what: f"Keep the {what} to 80 characters."})
    return text


@transaction.atomic
def add_group(*, network: Network, by: User, dimension: str, name: str) -> PupilGroup:
    _require_admin(by, network)
    dimension, name = _clean_label(dimension, "dimension"), _clean_label(name, "name")
    # The dimension as already spelt, so "free school meals" joins "Free school meals".
    known = PupilGroup.objects.filter(network=network, dimension__iexact=dimension).first()
    if known is not None:
        dimension = known.dimension
    if PupilGroup.objects.filter(network=network, dimension=dimension, name__iexact=name).exists():
        raise ValidationError({"name": f"“{dimension}” already has a group called “{name}”."})
    last = PupilGroup.objects.filter(network=network, dimension=dimension).aggregate(m=Max("position"))["m"]
    return PupilGroup.objects.create(
        network=network, dimension=dimension, name=name, position=0 if last is None else last + 1
    )


@transaction.atomic
def rename_group(*, group: PupilGroup, by: User, name: str) -> PupilGroup:
    permissions.require(by, group, permissions.CHANGE)
    name = _clean_label(name, "name")
    clash = PupilGroup.objects.filter(
        network_id=group.network_id, dimension=group.dimension, name__iexact=name
    )
    if clash.exclude(pk=group.pk).exists():
        raise ValidationError({"name": f"“{group.dimension}” already has a group called “{name}”."})
    group.name = name
    group.save(update_fields=["name"])
    return group


@transaction.atomic
def move_group(*, group: PupilGroup, by: User, up: bool) -> None:
    """Swap the group with its neighbour in the dimension's order (numbering them afresh first)."""
    permissions.require(by, group, permissions.CHANGE)
    siblings = list(
        PupilGroup.objects.select_for_update().filter(network_id=group.network_id, dimension=group.dimension)
    )
    siblings.sort(key=lambda g: (g.position, g.name))
    index = next(i for i, g in enumerate(siblings) if g.pk == group.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    PupilGroup.objects.bulk_update(siblings, ["position"])


@transaction.atomic
def remove_group(*, group: PupilGroup, by: User) -> None:
    permissions.require(by, group, permissions.DELETE)
    # Archived points count: they are kept records, and they point at the group.
    used = GroupPoint.all_objects.filter(group=group).count()
    if used:
        raise ValidationError(
            f"“{group}” has {used} figure{'s' if used != 1 else ''} entered, so it cannot be removed; "
            "rename it instead."
        )
    group.delete()


@transaction.atomic
def set_threshold(*, network: Network, by: User, smallest_group_shown: int) -> Network:
    _require_admin(by, network)
    low, high = THRESHOLD_RANGE
    if not isinstance(smallest_group_shown, int) or not low <= smallest_group_shown <= high:
        raise ValidationError({"smallest_group_shown": f"Give a whole number from {low} to {high}."})
    network.smallest_group_shown = smallest_group_shown
    network.save(update_fields=["smallest_group_shown"])
    return network


# --- A measure's figures per group ---------------------------------------------------------------------


@dataclass
class GroupPointInput:
    group: PupilGroup | None
    period: date | None
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    observations: list[float] | None = None
    pupils: int | None = None


@dataclass
class Recorded:
    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    points: list[GroupPoint] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.created + self.replaced


class GroupPointErrors(ValidationError):
    """Some figures of a batch are wrong; ``by_row`` maps each bad row's index to its field errors."""

    def __init__(self, by_row: dict[int, dict[str, list[str]]]):
        self.by_row = by_row
        super().__init__(
            {
                "points": [
                    f"Row {i + 1}: {' '.join(m for ms in e.values() for m in ms)}" for i, e in by_row.items()
                ]
            }
        )


def network_of(measure: Measure) -> Network:
    return measure.focus_area.team.network


def stored_pupils(measure: Measure, given: GroupPointInput) -> int | None:
    """How many pupils a figure is about, as stored: as given; for a proportion, its denominator
    (the pupils counted) when no figure is given. A rate's denominator is exposure (sessions, days),
    not pupils, so a rate without a pupils figure stays hidden rather than guessed."""
    if given.pupils is not None:
        return given.pupils
    if measure.data_kind == Measure.DataKind.PROPORTION and given.denominator is not None:
        return int(given.denominator) if float(given.denominator).is_integer() else None
    return None


def group_point_errors(
    measure: Measure, given: GroupPointInput, rhythm: Rhythm | None, network_id: int
) -> dict[str, list[str]]:
    """Why this figure cannot be stored for ``measure``; empty when it can. The same checks as the
    measure's own points (``data_input.point_errors``), plus the group, the pupils and observations."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if given.group is None:
        add("group", "Give the pupil group.")
    elif given.group.network_id != network_id:
        add("group", "That pupil group is not one of this network's.")
    if measure.uses_observations:
        if given.period is None:
            add("period", "Give the date of the period.")
        else:
            for messages in point_errors(
                "continuous", PointInput(period=given.period, value=0), rhythm
            ).values():
                for message in messages:
                    add("period", message)
        if given.value is not None or given.numerator is not None or given.denominator is not None:
            add("observations", "This measure takes several values per period (one per pupil).")
        obs = given.observations or []
        if not obs:
            add("observations", "Give at least one value.")
        elif len(obs) > MAX_OBSERVATIONS:
            add("observations", f"Give at most {MAX_OBSERVATIONS} values for one group and period.")
        elif not all(
            isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) for x in obs
        ):
            add("observations", "Every value must be a number.")
    else:
        if given.observations is not None:
            add("observations", "This measure takes one figure per period, not a list of values.")
        shaped = PointInput(
            period=given.period, value=given.value, numerator=given.numerator, denominator=given.denominator
        )
        for name, messages in point_errors(measure.data_kind, shaped, rhythm).items():
            for message in messages:
                add(name, message)
    if given.pupils is not None and given.pupils < 0:
        add("pupils", "The number of pupils cannot be negative.")
    elif (
        given.pupils is not None
        and measure.data_kind == Measure.DataKind.PROPORTION
        and given.denominator is not None
        and given.pupils > given.denominator
    ):
        add("pupils", "A proportion counts its pupils in the denominator: pupils cannot be more.")
    return errors


def _same(stored: GroupPoint, given: GroupPointInput, pupils: int | None) -> bool:
    return (stored.value, stored.numerator, stored.denominator, stored.observations, stored.pupils) == (
        given.value, given.numerator, given.denominator, given.observations, pupils,
    )  # fmt: skip


@transaction.atomic
def record_group_points(*, measure: Measure, by: User, points: list[GroupPointInput]) -> Recorded:
    """Store every figure or none. A figure for a group and period already stored replaces it (the
    old point is archived); the same figure again changes nothing."""
    permissions.require(by, measure, permissions.CONTRIBUTE)
    network_id = measure.focus_area.team.network_id
    rhythm = measure.rhythm()
    keys = [(p.group.pk if p.group else None, p.period) for p in points]
    live = {
        (p.group_id, p.period): p
        for p in GroupPoint.objects.select_for_update().filter(
            measure=measure,
            group_id__in={k[0] for k in keys if k[0]},
            period__in={k[1] for k in keys if k[1]},
        )
    }
    errors = {}
    for i, given in enumerate(points):
        # A figure replacing a stored one keeps its period even if the series' rhythm moved on.
        held_to = None if keys[i] in live else rhythm
        if found := group_point_errors(measure, given, held_to, network_id):
            errors[i] = found
        elif keys.index(keys[i]) != i:
            errors[i] = {"period": ["This group and period are in the batch twice."]}
    if errors:
        raise GroupPointErrors(errors)
    done = Recorded()
    now = clock.now()
    fresh = []
    for given, key in zip(points, keys, strict=True):
        pupils = stored_pupils(measure, given)
        stored = live.get(key)
        if stored is not None and _same(stored, given, pupils):
            done.unchanged += 1
            done.points.append(stored)
            continue
        if stored is not None:
            stored.measure = measure  # in hand: the rule reads its focus area without a query
            permissions.require(by, stored, permissions.CHANGE)
            GroupPoint.all_objects.filter(pk=stored.pk).update(archived_at=now, archived_by=by)
            done.replaced += 1
        else:
            done.created += 1
        point = GroupPoint(
            measure=measure,
            group=given.group,
            period=given.period,
            value=given.value,
            numerator=given.numerator,
            denominator=given.denominator,
            observations=given.observations,
            pupils=pupils,
            entered_by=by,
        )
        fresh.append(point)
        done.points.append(point)
    try:
        with transaction.atomic():
            GroupPoint.objects.bulk_create(fresh)
    except IntegrityError as exc:  # someone stored the same group and period a moment ago
        raise ValidationError(
            {
                "period": "Someone else entered figures for this group and period just now. "
                "Reload and try again."
            }
        ) from exc
    return done


# --- CSV import ----------------------------------------------------------------------------------------

ALIASES = {
    "period": "period", "date": "period", "group": "group", "value": "value", "numerator": "numerator",
    "denominator": "denominator", "pupils": "pupils",
}  # fmt: skip


@dataclass
class GroupCsvRow:
    line: int
    raw: dict[str, str]
    point: GroupPointInput
    errors: list[str] = field(default_factory=list)
    replaces: bool = False


@dataclass
class GroupCsvPreview:
    rows: list[GroupCsvRow]
    problems: list[str] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return len(self.problems) + sum(1 for row in self.rows if row.errors)

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and bool(self.rows)

    def inputs(self) -> list[GroupPointInput]:
        return [row.point for row in self.rows]


def _pupils(text: str | None) -> int | None:
    number = parse_number(text, "Pupils")
    if number is None:
        return None
    if not number.is_integer() or number < 0:
        raise ValueError(f"Pupils “{text.strip()}” is not a whole number of pupils")
    return int(number)


def preview_group_csv(*, measure: Measure, by: User, dimension: str, text: str) -> GroupCsvPreview:
    """Read a CSV of one dimension's figures and say, line by line, what is wrong. A subgroup
    measure's file has one line per pupil's value; the lines of a group and period make its figure."""
    permissions.require(by, measure, permissions.CONTRIBUTE)
    groups = {
        g.name.lower(): g
        for g in PupilGroup.objects.filter(network_id=measure.focus_area.team.network_id, dimension=dimension)
    }
    if not groups:
        return GroupCsvPreview(rows=[], problems=[f"The network has no groups for “{dimension}”."])
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as exc:
        return GroupCsvPreview(rows=[], problems=[f"The file cannot be read as CSV ({exc})."])
    columns = {n: ALIASES[n.strip().lower()] for n in fieldnames if n and n.strip().lower() in ALIASES}
    if measure.uses_denominator:
        needed = {"period", "group", "numerator", "denominator"}
    else:
        needed = {"period", "group", "value"}
    missing = needed - set(columns.values())
    if missing:
        return GroupCsvPreview(
            rows=[],
            problems=[
                f"The file needs the columns: {', '.join(sorted(needed))} "
                f"(missing: {', '.join(sorted(missing))})."
            ],
        )
    rows: list[GroupCsvRow] = []
    try:
        for line, record in enumerate(reader, start=2):
            if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
                continue
            if len(rows) >= MAX_CSV_ROWS:
                return GroupCsvPreview(
                    rows=rows, problems=[f"The file has more than {MAX_CSV_ROWS} rows; split it."]
                )
            raw = {
                columns[k]: (v or "").strip()
                for k, v in record.items()
                if k in columns and isinstance(v, str)
            }
            rows.append(_read_row(line, raw, groups, dimension))
    except csv.Error as exc:  # a cell far too long, say: the file is not the table it claims to be
        return GroupCsvPreview(rows=[], problems=[f"The file cannot be read as CSV ({exc})."])
    if not rows:
        return GroupCsvPreview(rows=[], problems=["The file has no data rows."])
    if measure.uses_observations:
        rows = _gather_observations(rows)
    _check_rows(measure, rows)
    return GroupCsvPreview(rows=rows)


def _read_row(line: int, raw: dict, groups: dict, dimension: str) -> GroupCsvRow:
    errors = []
    point = GroupPointInput(group=None, period=None)
    try:
        point.period = parse_date(raw.get("period", ""))
    except ValueError as exc:
        errors.append(f"Bad date: {exc}.")
    name = raw.get("group", "")
    point.group = groups.get(name.lower())
    if point.group is None:
        known = ", ".join(g.name for g in groups.values())
        errors.append(f"Unknown group “{name}” for {dimension} (the groups are: {known}).")
    for key in ("value", "numerator", "denominator"):
        try:
            setattr(point, key, parse_number(raw.get(key), key.capitalize()))
        except ValueError as exc:
            errors.append(f"Not a number: {exc}.")
    try:
        point.pupils = _pupils(raw.get("pupils"))
    except ValueError as exc:
        errors.append(f"Not a number: {exc}.")
    return GroupCsvRow(line=line, raw=raw, point=point, errors=errors)


def _gather_observations(rows: list[GroupCsvRow]) -> list[GroupCsvRow]:
    """One row per group and period, holding every line's value as its observations."""
    gathered: dict[tuple, GroupCsvRow] = {}
    out = []
    for row in rows:
        key = (row.point.group.pk if row.point.group else None, row.point.period)
        if row.errors or None in key:
            out.append(row)
            continue
        value = row.point.value
        if key not in gathered:
            first = GroupCsvRow(line=row.line, raw=dict(row.raw), point=row.point)
            first.point.observations, first.point.value = [], None
            gathered[key] = first
            out.append(first)
        target = gathered[key]
        if value is not None:
            target.point.observations.append(value)
        else:
            target.errors.append(f"Line {row.line}: give a value.")
        if row is not target and row.point.pupils is not None:
            target.point.pupils = row.point.pupils
    for row in gathered.values():
        row.raw["value"] = ", ".join(f"{x:g}" for x in row.point.observations)
    return out


def _check_rows(measure: Measure, rows: list[GroupCsvRow]) -> None:
    network_id = measure.focus_area.team.network_id
    rhythm = measure.rhythm()
    good = [r.point for r in rows if r.point.group and r.point.period]
    stored = {
        (p.group_id, p.period): p
        for p in GroupPoint.objects.filter(
            measure=measure, group__in={p.group for p in good}, period__in={p.period for p in good}
        )
    }
    seen: dict[tuple, int] = {}
    for row in rows:
        if row.errors:
            continue
        key = (row.point.group.pk, row.point.period)
        row.replaces = key in stored
        for messages in group_point_errors(
            measure, row.point, None if row.replaces else rhythm, network_id
        ).values():
            row.errors.extend(messages)
        if key in seen:
            row.errors.append(
                f"Duplicate: {row.point.group.name} for {row.point.period:%-d %b %Y} "
                f"is also on line {seen[key]}."
            )
        else:
            seen[key] = row.line
        current = stored.get(key)
        if current is not None and _same(current, row.point, stored_pupils(measure, row.point)):
            row.replaces = False  # the same figure: importing it again changes nothing


@transaction.atomic
def import_group_csv(*, measure: Measure, by: User, dimension: str, text: str) -> Recorded:
    """Import a CSV of one dimension's figures only if every line is good: never half an import."""
    preview = preview_group_csv(measure=measure, by=by, dimension=dimension, text=text)
    if not preview.ok:
        raise ValidationError(
            preview.problems or [f"Line {r.line}: {' '.join(r.errors)}" for r in preview.rows if r.errors]
        )
    return record_group_points(measure=measure, by=by, points=preview.inputs())
