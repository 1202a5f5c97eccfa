"""Raising an andon flag from a cycle's page, and the flags raised from it.

One URL: GET shows the cycle's flags on a page of their own (the cycle page shows the same panel);
POST raises a flag for the cycle's team and focus area, linked to the cycle. A
service's ValidationError goes back onto the form; 403 and 404 propagate.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from andon.forms import RaiseFlagFromForm
from andon.permissions import may_raise_flag
from cycles import selectors, services
from playbook.idempotency import idempotent_page, succeeded
from playbook.web import submit


@require_http_methods(["GET", "POST"])
@idempotent_page
def cycle_flags(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk)
    form = RaiseFlagFromForm(request.POST if request.method == "POST" else None, auto_id="flag-%s")
    done = submit(request, form, lambda data: services.raise_flag_from_cycle(cycle=cycle, by=user, **data))
    if done.ok:
        messages.success(request, f"Your flag is raised. {cycle.team.name} has it now.")
        return succeeded(redirect(cycle.get_absolute_url() + "#flags"))
    context = {
        "cycle": cycle,
        "flags": selectors.flags_raised_from(user, cycle),
        "form": form,
        "may_raise": may_raise_flag(user, cycle.team_id),
    }
    return render(request, "cycles/flags.html", context)
