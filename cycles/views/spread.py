"""From one test to many: a new plan adapted from any cycle, the ramps of cycles, which change ideas are
ready to spread, how well teams and people predict, and the network's threshold for spreading."""

from __future__ import annotations

import calendar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cycles import forms, selectors, services
from cycles.spread import spread_threshold
from cycles.views.detail import cycle_page, post_to_cycle
from playbook import permissions, web


@require_POST
def cycle_copy(request, pk):
    user = request.user
    source = selectors.cycle_for_page(user, pk, permissions.CONTRIBUTE)
    form = forms.CopyForm(request.POST, teams=selectors.teams_to_plan_in(user))
    posted = post_to_cycle(request, form, lambda data: services.copy_cycle(source=source, by=user, **data))
    if posted.ok:
        messages.success(request, f"A new plan adapted from “{source.title}”. Make it yours.")
        return redirect(posted.value)
    return cycle_page(request, source, conflict=posted.conflict, copy_form=form, copy_open=True)


def cycle_ramp(request, pk):
    cycle = selectors.cycle_for_page(request.user, pk)
    if cycle.change_idea_id is not None:
        return redirect("change-idea-ramp", cycle.change_idea_id)
    chain = selectors.ramp_for_page(cycle, request.user)
    return render(request, "cycles/ramp.html", {"chains": [chain], "change_idea": None, "cycle": cycle})


def change_idea_ramp(request, pk):
    user = request.user
    ideas = selectors.visible_change_ideas_for_cycles(user).select_related("focus_area")
    idea = permissions.get_for_user(user, ideas, pk)
    rows = selectors.spread_rows(user, change_idea_id=idea.pk)
    context = {
        "chains": selectors.ramps_of_change_idea(user, idea),
        "change_idea": idea,
        "spread": rows[0] if rows else None,
    }
    return render(request, "cycles/ramp.html", context)


def spread(request):
    wanted = request.GET.get("change_idea")
    rows = selectors.spread_rows(
        request.user, change_idea_id=int(wanted) if wanted and wanted.isdigit() else None
    )
    context = {"rows": rows, "threshold": rows[0].threshold if rows else None}
    return render(request, "cycles/spread.html", context)


def track_record(request):
    by = "person" if request.GET.get("by") == "person" else "team"
    rows = selectors.track_record(request.user, by=by)
    return render(
        request, "cycles/track_record.html", {"rows": rows, "by": by, "figure": _track_figure(rows)}
    )


def _track_figure(rows) -> dict | None:
    """Grouped bars: each row's share of studied predictions met, month by month."""
    months = sorted({m for r in rows for m in r.months if m != "undated"})
    if not months:
        return None
    labels = {m: f"{calendar.month_abbr[int(m[5:])]} {m[:4]}" for m in months}
    bars = [
        {
            "type": "bar",
            "name": r.name,
            "x": [labels[m] for m in months if m in r.months],
            "y": [round(100 * r.months[m][0] / r.months[m][1]) for m in months if m in r.months],
            "text": [f"{r.months[m][0]} of {r.months[m][1]}" for m in months if m in r.months],
        }
        for r in rows
    ]
    layout = {
        "height": 320,
        "barmode": "group",
        "margin": {"l": 50, "r": 20, "t": 10, "b": 40},
        "xaxis": {"type": "category", "categoryorder": "array", "categoryarray": [labels[m] for m in months]},
        "yaxis": {"title": {"text": "% of studied predictions met"}, "range": [0, 105]},
        "legend": {"orientation": "h", "y": -0.25},
    }
    return {"data": bars, "layout": layout}


def settings_page(request):
    user = request.user
    network = permissions.visible_networks(user).first()
    if network is None or not permissions.can_administer_network(user, network):
        raise PermissionDenied("Network admins set how many teams make an idea ready to spread.")
    form = forms.SettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"spread_threshold": spread_threshold(network.pk)},
    )
    done = web.submit(
        request, form, lambda data: services.update_cycles_settings(network=network, by=user, **data)
    )
    if done.ok:
        messages.success(request, "The cycles settings are saved.")
        return redirect("cycles-settings")
    return render(request, "cycles/settings.html", {"form": form})
