"""Andon in the browser: raise a flag, the leaders' dashboard, a flag's page, learning, the policy.

Views fetch through ``selectors.get_flag_for_user`` (404 when not visible) and write through
``andon.services`` (PermissionDenied becomes 403). The dashboard's row actions post with htmx and get
the row back, re-rendered, so a leader works down the list without leaving it; without JavaScript
the same forms post normally and come back to the flag's page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.timesince import timesince
from django.views.decorators.http import require_POST

from andon import charts, selectors, services, sources
from andon.calendar import Rule
from andon.exports import flags_download
from andon.forms import (
    AssignForm,
    CommentForm,
    DashboardFilterForm,
    EscalateForm,
    PolicyForm,
    RaiseFlagForm,
    ReopenForm,
    ResolveForm,
    SendDownForm,
    closed_text,
)
from andon.models import ClosedPeriod, Flag, WorkingHours
from andon.permissions import (
    FLAG_ACT,
    FLAG_MOVE,
    FLAG_REOPEN,
    passed_through_viewer,
    people_who_may_act_on,
    teams_to_raise_for,
)
from andon.templatetags.andon_flags import time_left
from measures import study_figures
from measures.permissions import visible_focus_areas
from playbook import clock, permissions
from playbook.idempotency import idempotent_page, succeeded
from playbook.models import Team
from playbook.web import pk_url, submit

PAGE_SIZE = 50
UNRESOLVED = (Flag.Status.OPEN, Flag.Status.ACKNOWLEDGED)


def _data(request):
    return request.POST if request.method == "POST" else None


# --- Raising --------------------------------------------------------------------------------------------


def _raisable_teams(user):
    return teams_to_raise_for(user).order_by("name")


@idempotent_page
def raise_flag(request):
    user = request.user
    teams = _raisable_teams(user)
    access = permissions.access_for(user)
    if not access.direct and not access.is_admin:
        raise PermissionDenied("Join a team to raise a flag for it.")
    form = RaiseFlagForm(
        _data(request),
        initial={"team": request.GET.get("team") or min(access.direct, default=None)},
        teams=teams,
        focus_areas=visible_focus_areas(user).select_related("team").order_by("team__name", "title"),
    )
    raised = submit(request, form, lambda data: services.raise_flag(by=user, **data))
    if raised.ok:
        messages.success(request, f"Your flag is raised. {raised.value.team.name} has it now.")
        return succeeded(redirect(raised.value))
    return render(request, "andon/raise.html", {"form": form})


# --- The dashboard ----------------------------------------------------------------------------------------


@dataclass
class FlagRow:
    """A flag as a list row shows it, with what the viewer may do (no queries: Access is cached)."""

    flag: Flag
    may_act: bool
    may_move: bool
    may_comment: bool
    may_reopen: bool
    passed_through: bool = False  # the escalation job climbed it past one of the viewer's teams
    # What the row writes, worked out here: a page of 50 rows in template tags cost more than its queries.
    url: str = ""
    acknowledge_url: str = ""
    actions_url: str = ""
    age: str = ""
    time_left: str = ""

    @property
    def may_escalate(self) -> bool:
        return self.may_move and not self.flag.is_resolved and self.flag.holding_team.parent_id is not None

    @property
    def may_send_down(self) -> bool:
        return self.may_move and not self.flag.is_resolved and self.flag.holding_team_id != self.flag.team_id


ROW_LINKS = ("andon-flag-detail", "andon-flag-acknowledge", "andon-flag-actions")


def _row_urls() -> dict[str, Callable[[int], str]]:
    return {name: pk_url(name) for name in ROW_LINKS}


def _row(user, flag: Flag, *, now=None, urls: dict | None = None) -> FlagRow:
    def allowed(action):
        return permissions.check(user, flag, action)[1]

    now = now or clock.now()
    urls = urls or _row_urls()
    return FlagRow(
        flag,
        may_act=allowed(FLAG_ACT),
        may_move=allowed(FLAG_MOVE),
        may_comment=allowed(permissions.CONTRIBUTE),
        may_reopen=allowed(FLAG_REOPEN),
        passed_through=passed_through_viewer(permissions.access_for(user), flag),
        url=urls["andon-flag-detail"](flag.pk),
        acknowledge_url=urls["andon-flag-acknowledge"](flag.pk),
        actions_url=urls["andon-flag-actions"](flag.pk),
        age=timesince(flag.raised_at, now),
        time_left=time_left(flag, now),
    )


def _filtered(user, flags, chosen: dict):
    status = chosen.get("status") or ""
    if status == "":
        flags = flags.filter(status__in=UNRESOLVED)
    elif status != "all":
        flags = flags.filter(status=status)
    for name in ("severity", "category"):
        if chosen.get(name):
            flags = flags.filter(**{name: chosen[name]})
    if chosen.get("tier"):
        flags = flags.filter(holding_team__kind=chosen["tier"])
    if chosen.get("team"):
        flags = flags.filter(holding_team=chosen["team"])
    if chosen.get("escalated"):
        flags = flags.filter(selectors.escalated_to_q(user))
    if chosen.get("passed"):
        flags = flags.filter(selectors.passed_through_my_teams_q(user))
    if chosen.get("mine"):
        flags = flags.filter(assignee=user)
    return flags


def _tier_chips(counts: dict) -> list[tuple[str, str, int]]:
    """The quick-filter chips need each tier's value beside its label and count."""
    return [
        (value, label, n) for (value, _), (label, n) in zip(Team.Kind.choices, counts["tiers"], strict=True)
    ]


def _dashboard_flags(request):
    """The dashboard's filter form, what it chose, and the flags it shows (the download's too)."""
    user = request.user
    teams = Team.objects.filter(pk__in=selectors.holder_team_ids(user)).order_by("name")
    filters = DashboardFilterForm(request.GET or None, teams=teams)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    return filters, chosen, _filtered(user, selectors.flag_list(user), chosen)


def dashboard(request):
    user = request.user
    now = clock.now()
    filters, chosen, flags = _dashboard_flags(request)
    chosen_query = request.GET.copy()
    chosen_query.pop("page", None)
    figures = selectors.dashboard_figures(user, flags, filters=chosen_query.urlencode(), now=now)
    counts = figures["counts"]
    paginator = Paginator(flags.order_by("raised_at", "id"), PAGE_SIZE)
    paginator.count = counts["total"]  # the same flags, already counted: no second COUNT(*)
    page = paginator.get_page(request.GET.get("page"))
    urls = _row_urls()
    context = {
        "filters": filters,
        "filtered": any(chosen.values()),
        "chosen": {name: str(getattr(value, "pk", value) or "") for name, value in chosen.items()},
        "counts": counts,
        "tier_chips": _tier_chips(counts),
        "page": page,
        "rows": [_row(user, flag, now=now, urls=urls) for flag in page],
        "now": now,
        "trend": charts.flow(figures["weeks"]),
        "tiers": figures["tiers"],
        "counts_as_of": figures["counts_as_of"],
        "trends_as_of": figures["trends_as_of"],
        "as_of_zone": user.network.time_zone if user.network else "UTC",
        "may_set_policy": permissions.can_administer_network(user),
        "download_query": chosen_query.urlencode(),
    }
    return render(request, "andon/dashboard.html", context)


def flag_export(request, fmt="csv"):
    """The flags the dashboard shows with the same filters, every page of them, as CSV or Excel."""
    _, _, flags = _dashboard_flags(request)
    zone = request.user.network.time_zone if request.user.network else "UTC"
    return flags_download(flags, time_zone=zone, fmt=fmt, day=clock.today())


def categories(request):
    """Flags by category as a Pareto chart, over the flags the person can see (all, or the unresolved)."""
    unresolved = request.GET.get("open") == "1"
    flags = selectors.flag_list(request.user).filter(**({"status__in": UNRESOLVED} if unresolved else {}))
    counts = dict(flags.order_by().values_list("category").annotate(n=Count("pk")))
    names = dict(Flag.Category.choices)
    panel = study_figures.pareto_panel(
        list(names.values()),
        [counts.get(c, 0) for c in names],
        dom_id="flag-pareto",
        what="Flags",
        category="Category",
    )
    return render(request, "andon/categories.html", {"panel": panel, "unresolved": unresolved})


# --- One flag ---------------------------------------------------------------------------------------------


def _people_who_may_act(user, flag: Flag):
    return people_who_may_act_on(flag).order_by("first_name", "last_name", "username")


def _forms(user, row: FlagRow, bound: dict | None = None) -> dict:
    """The action forms the viewer may use on this flag; ``bound`` replaces one with its filled copy."""
    flag, forms = row.flag, {}
    ids = _auto_id(flag.pk)
    if row.may_act and not flag.is_resolved:
        people = _people_who_may_act(user, flag)
        forms["assign"] = AssignForm(initial={"assignee": flag.assignee_id}, people=people, auto_id=ids)
    if row.may_comment:
        forms["comment"] = CommentForm(auto_id=ids)
    if row.may_escalate:
        forms["escalate"] = EscalateForm(auto_id=ids)
    if row.may_send_down:
        forms["send_down"] = SendDownForm(auto_id=ids)
    if row.may_act and not flag.is_resolved:
        forms["resolve"] = ResolveForm(auto_id=ids)
    if row.may_reopen and flag.is_resolved:
        forms["reopen"] = ReopenForm(auto_id=ids)
    forms.update(bound or {})
    return forms


def _auto_id(flag_id) -> str:
    """Field ids unique per flag, so several open panels on one page keep their labels apart."""
    return f"flag{flag_id}_%s"


def flag_detail(request, pk, bound: dict | None = None):
    user = request.user
    flag = selectors.get_flag_for_user(user, pk)
    row = _row(user, flag)
    events = flag.events.select_related("by", "from_team", "to_team", "assignee").order_by("at", "id")
    context = {
        "row": row,
        "flag": flag,
        "events": events,
        "source": sources.source_of(flag),
        "forms": _forms(user, row, bound),
        "now": clock.now(),
    }
    return render(request, "andon/flag_detail.html", context)


def _render_row(request, flag_id, *, notice: str = "", bound: dict | None = None, open_panel=False):
    user = request.user
    flag = selectors.flag_list(user).filter(pk=flag_id).first()
    if flag is None:  # it moved out of this person's sight (e.g. they escalated it past themselves)
        return render(request, "andon/_flag_row_gone.html", {"flag_id": flag_id, "notice": notice})
    row = _row(user, flag)
    forms = _forms(user, row, bound) if open_panel or bound else None
    context = {"row": row, "flag": flag, "forms": forms, "notice": notice, "now": clock.now(), "inline": True}
    return render(request, "andon/_flag_row.html", context)


def flag_actions(request, pk):
    """The dashboard row of one flag, with its action panel open (or closed: ``?panel=closed``)."""
    flag = selectors.get_flag_for_user(request.user, pk)
    return _render_row(request, flag.pk, open_panel=request.GET.get("panel") != "closed")


def _next_url(request) -> str | None:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _perform(request, pk, *, name: str, form_class=None, form_kwargs=None, run, done: str):
    """Check the posted form, call the service, answer with the row (htmx) or a redirect."""
    user = request.user
    flag = selectors.get_flag_for_user(user, pk)
    form = (form_class or forms.Form)(request.POST, auto_id=_auto_id(flag.pk), **(form_kwargs or {}))
    if submit(request, form, lambda data: run(flag, data)).ok:
        if request.htmx:
            return _render_row(request, flag.pk, notice=done)
        messages.success(request, done)
        if permissions.can_view(user, Flag.objects.get(pk=flag.pk)):
            return redirect(_next_url(request) or flag.get_absolute_url())
        return redirect("andon-dashboard")
    if form_class is None:  # a button, not a form: say why on the page it came from
        messages.error(request, " ".join(form.non_field_errors()))
        return _render_row(request, flag.pk) if request.htmx else redirect(flag)
    if request.htmx:
        return _render_row(request, flag.pk, bound={name: form})
    return flag_detail(request, flag.pk, bound={name: form})


@require_POST
def acknowledge(request, pk):
    return _perform(
        request,
        pk,
        name="acknowledge",
        run=lambda flag, _: services.acknowledge_flag(flag=flag, by=request.user),
        done="Acknowledged.",
    )


@require_POST
def assign(request, pk):
    flag = selectors.get_flag_for_user(request.user, pk)

    def run(flag, data):
        services.assign_flag(flag=flag, by=request.user, assignee=data["assignee"])

    return _perform(
        request,
        pk,
        name="assign",
        form_class=AssignForm,
        form_kwargs={"people": _people_who_may_act(request.user, flag)},
        run=run,
        done="Assignment saved.",
    )


@require_POST
def comment(request, pk):
    return _perform(
        request,
        pk,
        name="comment",
        form_class=CommentForm,
        run=lambda flag, data: services.comment_on_flag(flag=flag, by=request.user, text=data["text"]),
        done="Comment added.",
    )


@require_POST
def escalate(request, pk):
    return _perform(
        request,
        pk,
        name="escalate",
        form_class=EscalateForm,
        run=lambda flag, data: services.escalate_flag(flag=flag, by=request.user, reason=data["reason"]),
        done="Escalated to the team above.",
    )


@require_POST
def send_down(request, pk):
    return _perform(
        request,
        pk,
        name="send_down",
        form_class=SendDownForm,
        run=lambda flag, data: services.send_flag_down(flag=flag, by=request.user, reply=data["reply"]),
        done="Sent back down with your reply.",
    )


@require_POST
def resolve(request, pk):
    return _perform(
        request,
        pk,
        name="resolve",
        form_class=ResolveForm,
        run=lambda flag, data: services.resolve_flag(flag=flag, by=request.user, **data),
        done="Resolved. The learning is saved for others to find.",
    )


@require_POST
def reopen(request, pk):
    return _perform(
        request,
        pk,
        name="reopen",
        form_class=ReopenForm,
        run=lambda flag, data: services.reopen_flag(flag=flag, by=request.user, reason=data["reason"]),
        done="Reopened.",
    )


# --- Learning and policy ------------------------------------------------------------------------------


def learning(request):
    # What flags taught now lives in the network's one record of what we learned (playbook.learnings).
    query = {"kind": "flag"}
    if request.GET.get("q"):
        query["q"] = request.GET["q"]
    return redirect(f"{reverse('learnings')}?{urlencode(query)}")


def policy(request):
    user = request.user
    network = user.network
    if network is None or not permissions.can_administer_network(user, network):
        raise PermissionDenied("Only network admins set the escalation policy.")
    hours = WorkingHours.objects.filter(network=network).first() or WorkingHours(network=network)
    initial = {
        "weekdays": sorted(hours.weekday_set),
        "day_starts": hours.day_starts,
        "day_ends": hours.day_ends,
        "closed": closed_text(ClosedPeriod.objects.filter(network=network)),
    }
    for severity, _label, rule in selectors.policy_rows(network):
        initial[f"{severity}_acknowledge"] = rule.acknowledge_within
        initial[f"{severity}_resolve"] = rule.resolve_within
        initial[f"{severity}_every_hour"] = rule.count_every_hour
    form = PolicyForm(_data(request), initial=initial)
    rows = selectors.policy_rows(network)
    if submit(request, form, lambda data: _save_policy(network, user, rows, data)).ok:
        messages.success(request, "The escalation policy is saved. It applies from each flag's next hold.")
        return redirect("andon-policy")
    return render(request, "andon/policy.html", {"form": form, "network": network})


def _save_policy(network, user, rows, data) -> None:
    rules = {
        severity: Rule(
            data[f"{severity}_acknowledge"], data[f"{severity}_resolve"], data[f"{severity}_every_hour"]
        )
        for severity, _label, _rule in rows
    }
    services.set_policy(
        network=network,
        by=user,
        rules=rules,
        weekdays=set(data["weekdays"]),
        day_starts=data["day_starts"],
        day_ends=data["day_ends"],
        closed=data["closed"],
    )
