"""A focus area's progress score: the evidence behind it, its override history, and the override form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from cycles.progress import SCALE, progress_for
from cycles.services.progress import override_progress_score
from measures.models import ProgressScoreOverride
from measures.permissions import visible_focus_areas
from playbook import permissions, web


class OverrideForm(forms.Form):
    # Kept beside its one view: the choices come from the scale in cycles.progress.
    score = forms.TypedChoiceField(
        label="Score",
        choices=[("", "Back to the evidence")] + [(str(s), str(s)) for s in SCALE],
        required=False,
        empty_value=None,
    )
    reason = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)


def focus_area_progress(request, pk):
    user = request.user
    focus_area = permissions.get_for_user(user, visible_focus_areas(user).select_related("team"), pk)
    may_override = permissions.can(user, permissions.CHANGE, ProgressScoreOverride(focus_area=focus_area))
    if request.method == "POST" and not may_override:
        raise PermissionDenied("Only leaders override a progress score.")
    form = OverrideForm(request.POST if request.method == "POST" else None)
    done = web.submit(
        request, form, lambda data: override_progress_score(focus_area=focus_area, by=user, **data)
    )
    if done.ok:
        done_text = (
            "The progress score is overridden."
            if done.value.score
            else "The score follows the evidence again."
        )
        messages.success(request, done_text)
        return redirect("focus-area-progress", focus_area.pk)
    context = {
        "focus_area": focus_area,
        "progress": progress_for(focus_area),
        "form": form if may_override else None,
    }
    return render(request, "cycles/progress.html", context)
