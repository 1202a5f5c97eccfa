"""Edits to 5 Whys: the analysis (problem and who takes part), its chains and their steps."""

from __future__ import annotations

from django.views.decorators.http import require_POST

from playbook.models import User
from theory import forms, services
from theory.models import WhyAnalysis, WhyChain, WhyStep
from theory.views.editing import act, get_node, key_of
from theory.views.pages import get_focus_area, team_people


def _people(focus_area, ids) -> list[User]:
    return list(User.objects.filter(pk__in=ids, network_id=focus_area.team.network_id))


@require_POST
def why_start(request, pk):
    focus_area = get_focus_area(request.user, pk)

    def start(data):
        analysis = services.start_why_analysis(
            focus_area=focus_area,
            by=request.user,
            problem=data["problem"],
            participants=_people(focus_area, data["participants"]),
        )
        return key_of(analysis)

    form = forms.WhyAnalysisForm(request.POST, people=team_people(focus_area))
    return act(request, focus_area, "whys", "start", start, form)


@require_POST
def why_edit(request, pk):
    analysis = get_node(request, WhyAnalysis, pk)

    def edit(data):
        services.update_why_analysis(
            analysis=analysis,
            by=request.user,
            problem=data["problem"],
            participants=_people(analysis.focus_area, data["participants"]),
        )

    form = forms.WhyAnalysisForm(request.POST, people=team_people(analysis.focus_area))
    return act(request, analysis.focus_area, "whys", key_of(analysis), edit, form)


@require_POST
def why_delete(request, pk):
    analysis = get_node(request, WhyAnalysis, pk)
    return act(
        request,
        analysis.focus_area,
        "whys",
        key_of(analysis),
        lambda _: services.delete_why_analysis(analysis=analysis, by=request.user),
        then="start",
    )


@require_POST
def chain_add(request, pk):
    analysis = get_node(request, WhyAnalysis, pk)
    return act(
        request,
        analysis.focus_area,
        "whys",
        f"add-chain-{analysis.pk}",
        lambda data: key_of(services.add_why_chain(analysis=analysis, by=request.user, **data)),
        forms.StepForm(request.POST),
    )


@require_POST
def chain_delete(request, pk):
    chain = get_node(request, WhyChain, pk)
    return act(
        request,
        chain.focus_area,
        "whys",
        key_of(chain.analysis),
        lambda _: services.delete_why_chain(chain=chain, by=request.user),
    )


@require_POST
def step_add(request, pk):
    chain = get_node(request, WhyChain, pk)
    return act(
        request,
        chain.focus_area,
        "whys",
        f"add-step-{chain.pk}",
        lambda data: services.add_why_step(chain=chain, by=request.user, **data),
        forms.StepForm(request.POST),
    )


@require_POST
def step_edit(request, pk):
    step = get_node(request, WhyStep, pk)
    return act(
        request,
        step.focus_area,
        "whys",
        key_of(step),
        lambda data: services.reword_why_step(step=step, by=request.user, **data),
        forms.StepForm(request.POST),
    )


@require_POST
def step_move(request, pk):
    step = get_node(request, WhyStep, pk)
    return act(
        request,
        step.focus_area,
        "whys",
        key_of(step),
        lambda data: services.move_why_step(step=step, by=request.user, direction=data["direction"]),
        forms.MoveForm(request.POST),
    )


@require_POST
def step_root(request, pk):
    step = get_node(request, WhyStep, pk)
    return act(
        request,
        step.focus_area,
        "whys",
        key_of(step),
        lambda data: services.mark_root_cause(step=step, by=request.user, is_root_cause=data["on"]),
        forms.FlagForm(request.POST),
    )


@require_POST
def step_delete(request, pk):
    step = get_node(request, WhyStep, pk)
    return act(
        request,
        step.focus_area,
        "whys",
        key_of(step),
        lambda _: services.delete_why_step(step=step, by=request.user),
        then=f"add-step-{step.chain_id}",
    )
