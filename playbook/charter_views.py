"""A team's charter, its self-assessments and its closing; the network's standards; the leaders' overview.

Each view fetches and authorizes through ``playbook.charters`` and ``permissions`` and writes through
``playbook.services.charters`` or ``team_closing``; a service's ValidationError lands on the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from playbook import charters, permissions
from playbook.charter_forms import AssessmentForm, CharterForm, CloseTeamForm, StandardForm
from playbook.models import Network, TeamAssessment, TeamRetrospective, TeamStandard
from playbook.services import charters as charter_services
from playbook.services import team_closing
from playbook.web import submit


def _data(request):
    return request.POST if request.method == "POST" else None


def team_charter(request, pk):
    user = request.user
    team = charters.team_for_records(user, pk)
    charter = charters.charter_of(team)
    context = {
        "team": team,
        "charter": charter,
        "assessments": list(charters.assessments_of(team)),
        "period": charters.period_of(team.network),
        "retrospective": TeamRetrospective.objects.filter(team=team).select_related("closed_by").first(),
        "may_edit": permissions.can(user, permissions.CHANGE, charter),
        "may_assess": permissions.can(user, permissions.CHANGE, TeamAssessment(team=team)),
        "may_close": permissions.can(user, permissions.CHANGE, team) and team.kind != team.Kind.HUB,
    }
    return render(request, "playbook/charters/charter.html", context)


def charter_edit(request, pk):
    team = charters.team_for_records(request.user, pk)
    charters.refuse_if_closed(team)
    charter = permissions.require(request.user, charters.charter_of(team), permissions.CHANGE)
    initial = {"purpose": charter.purpose, "goal": charter.goal, "roles": charter.roles}
    form = CharterForm(_data(request), initial=initial)
    done = submit(
        request, form, lambda data: charter_services.save_charter(team=team, by=request.user, **data)
    )
    if done.ok:
        messages.success(request, f"{team.name}'s charter is saved.")
        return redirect("team-charter", team.pk)
    return render(request, "playbook/charters/charter_form.html", {"team": team, "form": form})


def charter_history(request, pk):
    team = charters.team_for_records(request.user, pk)
    revisions = charters.charter_history(charters.charter_of(team))
    return render(request, "playbook/charters/charter_history.html", {"team": team, "revisions": revisions})


def team_assess(request, pk):
    team = charters.team_for_records(request.user, pk)
    charters.refuse_if_closed(team)
    permissions.require(request.user, TeamAssessment(team=team), permissions.CHANGE)
    period = charters.period_of(team.network)
    current = charters.assessments_of(team).filter(period=period).first()
    form = AssessmentForm(
        _data(request),
        standards=charters.standards_of(request.user),
        initial_ratings={r.standard_id: r for r in current.ratings.all()} if current else None,
        initial={"summary": current.summary if current else ""},
    )
    done = submit(
        request,
        form,
        lambda data: charter_services.record_assessment(
            team=team, by=request.user, ratings=form.ratings(), summary=data["summary"]
        ),
    )
    if done.ok:
        messages.success(request, f"{team.name}'s self-assessment for {period:%B %Y} is saved.")
        return redirect("team-charter", team.pk)
    context = {"team": team, "form": form, "period": period, "revising": current is not None}
    return render(request, "playbook/charters/assess.html", context)


def team_close(request, pk):
    team = charters.team_for_records(request.user, pk)
    charters.refuse_if_closed(team)
    permissions.require(request.user, team, permissions.CHANGE)
    open_work = team_closing.open_work(team)
    form = CloseTeamForm(_data(request), open_work=open_work)
    done = submit(
        request,
        form,
        lambda data: team_closing.close_team(
            team=team, by=request.user, learned=data["learned"], outcomes=form.outcomes()
        ),
    )
    if done.ok:
        messages.success(
            request, f"{team.name} is closed. Its charter, assessments and retrospective stay here."
        )
        return redirect("team-charter", team.pk)
    return render(
        request, "playbook/charters/close.html", {"team": team, "form": form, "open_work": open_work}
    )


def _network(user) -> Network:
    if not permissions.can_administer_network(user):
        raise PermissionDenied("Only network admins keep the network's standards.")
    return Network.objects.get(pk=user.network_id)


def team_standards(request):
    network = _network(request.user)
    form = StandardForm(_data(request))
    done = submit(
        request,
        form,
        lambda data: charter_services.create_team_standard(network=network, by=request.user, **data),
    )
    if done.ok:
        messages.success(request, "The standard is added.")
        return redirect("team-standards")
    context = {
        "form": form,
        "standards": list(charters.standards_of(request.user)),
        "archived": list(charters.standards_of(request.user, archived=True)),
        "max_standards": charter_services.MAX_STANDARDS,
    }
    return render(request, "playbook/charters/standards.html", context)


def team_standard_edit(request, pk):
    standard = permissions.get_for_user(request.user, TeamStandard, pk, permissions.CHANGE)
    form = StandardForm(_data(request), initial={"name": standard.name, "description": standard.description})
    done = submit(
        request,
        form,
        lambda data: charter_services.update_team_standard(standard=standard, by=request.user, **data),
    )
    if done.ok:
        messages.success(request, "The standard is saved.")
        return redirect("team-standards")
    return render(request, "playbook/charters/standard_form.html", {"form": form, "standard": standard})


@require_POST
def team_standard_archive(request, pk):
    standard = permissions.get_for_user(request.user, TeamStandard, pk, permissions.CHANGE)
    charter_services.archive_team_standard(standard=standard, by=request.user)
    messages.success(request, f"“{standard.name}” is archived; the ratings teams gave it are kept.")
    return redirect("team-standards")


def assessments_overview(request):
    if not permissions.access_for(request.user).leader_by_name():
        raise PermissionDenied("This page is for leaders, who see the teams below them.")
    rows = charters.latest_assessments_overseen(request.user)
    context = {"rows": rows, "standards": list(charters.standards_of(request.user))}
    return render(request, "playbook/charters/overview.html", context)
