"""Forms for the pupil-group breakdown: the network's list of groups and its threshold, choosing a
dimension and two groups to compare, and the grid of periods × groups."""

from __future__ import annotations

from datetime import date

from django import forms

from measures.data_input import parse_number
from measures.services.groups import THRESHOLD_RANGE, GroupPointInput
from measures.suppression import decide


class AddGroupForm(forms.Form):
    dimension = forms.CharField(max_length=80, help_text="e.g. Free school meals, English learners")
    name = forms.CharField(label="Group", max_length=80, help_text="e.g. Eligible")


class RenameGroupForm(forms.Form):
    name = forms.CharField(label="New name", max_length=80)


class ThresholdForm(forms.Form):
    smallest_group_shown = forms.IntegerField(
        label="Smallest group shown",
        min_value=THRESHOLD_RANGE[0],
        max_value=THRESHOLD_RANGE[1],
        help_text="A group with fewer pupils than this in a period is hidden on pages, in files and in the "
        "API, so no child can be identified.",
    )


class BreakdownForm(forms.Form):
    """Which dimension to show, and which two of its groups to compare (GET)."""

    dimension = forms.ChoiceField(required=False)
    first = forms.TypedChoiceField(label="Gap between", required=False, coerce=int, empty_value=None)
    second = forms.TypedChoiceField(label="and", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, dimensions: list[str], groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension"].choices = [(d, d) for d in dimensions]
        choices = [("", "—")] + [(g.pk, g.name) for g in groups]
        self.fields["first"].choices = choices
        self.fields["second"].choices = choices


def _number(data, key: str, label: str, errors: list[str]) -> float | None:
    try:
        return parse_number(data.get(key), label)
    except ValueError as exc:
        errors.append(f"{exc}.")
        return None


class GroupGrid:
    """Periods down, groups across; each cell takes the measure's shape plus a pupils figure.

    Not a Django form: its fields are known only from the groups and periods, and a cell left blank
    is not a figure. Inputs are named ``c-<group>-<period>-<part>``.
    """

    def __init__(self, measure, groups, periods: list[date], stored: dict, data=None, *, threshold: int):
        self.measure, self.groups, self.periods, self.stored = measure, groups, periods, stored
        # A page shows no hidden figure, not even to those who typed it: its cell is blank, with why.
        keys = list(stored)
        decided = decide([stored[k] for k in keys], threshold)
        self.hidden = {key: s.reason for key, s in zip(keys, decided, strict=True) if s.hidden}
        self.data = data
        self.errors: dict[tuple, list[str]] = {}
        self.inputs: list[tuple[tuple, GroupPointInput]] = []

    @property
    def parts(self) -> list[tuple[str, str]]:
        if self.measure.uses_denominator:
            return [("numerator", "Numerator"), ("denominator", "Denominator"), ("pupils", "Pupils")]
        if self.measure.uses_observations:
            return [("observations", "Values (one per pupil, comma-separated)")]
        return [("value", "Value"), ("pupils", "Pupils")]

    @staticmethod
    def name(group, period: date, part: str) -> str:
        return f"c-{group.pk}-{period.isoformat()}-{part}"

    def _initial(self, group, period: date, part: str) -> str:
        point = self.stored.get((group.pk, period))
        if point is None or (group.pk, period) in self.hidden:
            return ""
        if part == "observations":
            return ", ".join(f"{x:g}" for x in point.observations or [])
        number = getattr(point, part)
        return "" if number is None else f"{number:g}"

    def rows(self):
        for period in self.periods:
            cells = []
            for group in self.groups:
                inputs = []
                for part, label in self.parts:
                    key = self.name(group, period, part)
                    value = (
                        self.data.get(key, "")
                        if self.data is not None
                        else self._initial(group, period, part)
                    )
                    inputs.append({"name": key, "label": label, "value": value, "part": part})
                cells.append(
                    {
                        "group": group,
                        "inputs": inputs,
                        "errors": self.errors.get((group.pk, period), []),
                        "hidden": self.hidden.get((group.pk, period), ""),
                    }
                )
            yield {"period": period, "cells": cells}

    def is_valid(self) -> bool:
        """Read every filled cell; a cell with a bad number keeps its own message."""
        for period in self.periods:
            for group in self.groups:
                raw = {
                    part: (self.data.get(self.name(group, period, part)) or "").strip()
                    for part, _ in self.parts
                }
                if not any(raw.values()):
                    continue
                errors: list[str] = []
                given = GroupPointInput(group=group, period=period)
                if self.measure.uses_observations:
                    values = [x for x in raw["observations"].replace(";", ",").split(",") if x.strip()]
                    given.observations = [_number({"x": x}, "x", "Value", errors) for x in values]
                else:
                    for part, label in self.parts:
                        if part != "pupils":
                            setattr(given, part, _number(raw, part, label, errors))
                    pupils = _number(raw, "pupils", "Pupils", errors)
                    if pupils is not None and (not pupils.is_integer() or pupils < 0):
                        errors.append("Pupils is a whole number, 0 or more.")
                    given.pupils = None if pupils is None or errors else int(pupils)
                if errors:
                    self.errors[(group.pk, period)] = errors
                else:
                    self.inputs.append(((group.pk, period), given))
        return not self.errors

    def add_errors(self, by_row: dict[int, dict[str, list[str]]]) -> None:
        for index, errors in by_row.items():
            key = self.inputs[index][0]
            self.errors[key] = [m for ms in errors.values() for m in ms]
