"""A leader's override of a focus area's evidence-based progress score.

Overrides are appended, never changed: the latest row applies, and a row without a score hands the
focus area back to its evidence. A reason is required either way, so the history says why.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from cycles.progress import SCALE, on_scale
from measures.models import FocusArea, ProgressScoreOverride
from playbook import clock, permissions
from playbook.models import User


@transaction.atomic
def override_progress_score(*, focus_area: FocusArea, score, reason: str, by: User) -> ProgressScoreOverride:
    """Set (``score`` on the 0.5 … 5.0 scale) or clear (``score=None``) the focus area's override."""
    focus_area = FocusArea.objects.select_for_update().select_related("team").get(pk=focus_area.pk)
    row = ProgressScoreOverride(focus_area=focus_area, by=by, at=clock.now(), reason=(reason or "").strip())
    permissions.require(by, row, permissions.CHANGE)  # progress_override_rule: leaders only
    errors = {}
    if not row.reason:
        errors["reason"] = "Say why the score differs from what the evidence gives."
    if score not in (None, ""):
        row.score = on_scale(score)
        if row.score is None:
            errors["score"] = f"Choose a score on the scale: {', '.join(str(s) for s in SCALE)}."
    if errors:
        raise ValidationError(errors)
    row.full_clean()
    row.save()
    return row
