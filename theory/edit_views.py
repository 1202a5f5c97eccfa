"""Edits to the theory, in place: each view checks its small form, calls one service and answers with
the tool's editor re-rendered (htmx) or, without JavaScript, sends the browser back to the page.

A refusal (bad input, a rule of the diagram, a change idea that cycles depend on) is shown at the
form it came from, keeping what was typed; 403 and 404 come from the services and the fetch.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from playbook import permissions
from playbook.models import User
from theory import forms, services
from theory.models import (
    Cause,
    ChangeIdea,
    ChangeIdeaLink,
    Driver,
    DriverLink,
    Fishbone,
    FishboneCategory,
    RootCauseLink,
    TheoryEvent,
    WhyAnalysis,
    WhyChain,
    WhyStep,
)
from theory.permissions import visible_theory
from theory.views import RENDERERS, Error, get_focus_area

PAGES = {"drivers": "theory-drivers", "fishbone": "theory-fishbone", "whys": "theory-whys"}


def _get(request, model, pk):
    """Fetch a node of a theory the person may see (404 otherwise); the service decides the rest."""
    rows = visible_theory(request.user, model).select_related("focus_area__team__network")
    return permissions.get_for_user(request.user, rows, pk)


def _first_error(form) -> str:
    for name, errors in form.errors.items():
        label = form.fields[name].label or name.replace("_", " ").capitalize() if name in form.fields else ""
        return f"{label}: {errors[0]}" if label and name != "__all__" else errors[0]
    return "Please check what you entered."


def _act(request, focus_area, tool: str, key: str, do, form=None):
    """Run ``do()`` (one service call, returning the key of the node to keep open) and answer."""
    render_tool = RENDERERS[tool]
    if form is not None and not form.is_valid():
        return render_tool(
            request, focus_area, 400, error=Error(key, _first_error(form), request.POST), touched=key
        )
    since = TheoryEvent.objects.filter(focus_area=focus_area).aggregate(top=Max("id"))["top"] or 0
    try:
        touched = do() or key
    except ValidationError as error:
        return render_tool(
            request, focus_area, 400, error=Error(key, " ".join(error.messages), request.POST), touched=key
        )
    done = TheoryEvent.objects.filter(focus_area=focus_area, id__gt=since).order_by("id")
    notice = "; ".join(done.values_list("summary", flat=True)[:3]) or "Nothing changed."
    if getattr(request, "htmx", False):
        return render_tool(request, focus_area, touched=touched, notice=notice)
    messages.success(request, notice)
    return redirect(f"{reverse(PAGES[tool], args=[focus_area.pk])}#node-{touched}")


def key_of(node) -> str:
    if isinstance(node, Driver):
        return f"{'p' if node.kind == Driver.Kind.PRIMARY else 's'}{node.pk}"
    prefix = {
        ChangeIdea: "i",
        Cause: "c",
        FishboneCategory: "k",
        WhyAnalysis: "a",
        WhyChain: "ch",
        WhyStep: "st",
    }
    return f"{prefix[type(node)]}{node.pk}"


# --- Driver diagram ----------------------------------------------------------------------------------


@require_POST
def driver_add(request, pk):
    focus_area = get_focus_area(request.user, pk)
    form = forms.DriverForm(request.POST)
    key = f"add-{request.POST.get('kind', '')}"

    def do():
        services.add_driver(focus_area=focus_area, by=request.user, **form.cleaned_data)
        return key

    return _act(request, focus_area, "drivers", key, do, form)


@require_POST
def driver_rename(request, pk):
    driver = _get(request, Driver, pk)
    form = forms.TextForm(request.POST)
    return _act(
        request,
        driver.focus_area,
        "drivers",
        key_of(driver),
        lambda: (
            services.rename_driver(driver=driver, by=request.user, text=form.cleaned_data["text"]) and None
        ),
        form,
    )


@require_POST
def driver_move(request, pk):
    driver = _get(request, Driver, pk)
    form = forms.MoveForm(request.POST)
    return _act(
        request,
        driver.focus_area,
        "drivers",
        key_of(driver),
        lambda: (
            services.move_driver(driver=driver, by=request.user, direction=form.cleaned_data["direction"])
            and None
        ),
        form,
    )


@require_POST
def driver_delete(request, pk):
    driver = _get(request, Driver, pk)
    key = f"add-{driver.kind}"
    return _act(
        request,
        driver.focus_area,
        "drivers",
        key_of(driver),
        lambda: services.delete_driver(driver=driver, by=request.user) or key,
    )


@require_POST
def driver_link(request, pk):
    """Link a secondary driver to a primary one (``target``), whichever of the two it was asked from."""
    driver = _get(request, Driver, pk)
    form = forms.TargetForm(request.POST)

    def do():
        other = _get(request, Driver, form.cleaned_data["target"])
        primary, secondary = (other, driver) if driver.kind == Driver.Kind.SECONDARY else (driver, other)
        services.link_drivers(primary=primary, secondary=secondary, by=request.user)

    return _act(request, driver.focus_area, "drivers", key_of(driver), do, form)


@require_POST
def driver_unlink(request, pk):
    link = _get(request, DriverLink, pk)
    key = key_of(link.secondary)
    return _act(
        request, link.focus_area, "drivers", key, lambda: services.unlink_drivers(link=link, by=request.user)
    )


@require_POST
def root_cause_link(request, pk):
    driver = _get(request, Driver, pk)
    form = forms.RootCauseForm(request.POST)

    def do():
        kind, root_pk = form.choice()
        root = _get(request, WhyStep if kind == "why_step" else Cause, root_pk)
        services.link_root_cause(driver=driver, by=request.user, **{kind: root})

    return _act(request, driver.focus_area, "drivers", key_of(driver), do, form)


@require_POST
def root_cause_unlink(request, pk):
    link = _get(request, RootCauseLink, pk)
    key = key_of(link.driver)
    return _act(
        request,
        link.focus_area,
        "drivers",
        key,
        lambda: services.unlink_root_cause(link=link, by=request.user),
    )


@require_POST
def idea_add(request, pk):
    focus_area = get_focus_area(request.user, pk)
    form = forms.ChangeIdeaForm(request.POST)

    def do():
        fields = dict(form.cleaned_data)
        driver = fields.pop("driver")
        drivers = [_get(request, Driver, driver)] if driver else []
        services.create_change_idea(focus_area=focus_area, by=request.user, drivers=drivers, **fields)
        return "add-idea"

    return _act(request, focus_area, "drivers", "add-idea", do, form)


@require_POST
def idea_edit(request, pk):
    idea = _get(request, ChangeIdea, pk)
    form = forms.ChangeIdeaForm(request.POST)

    def do():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "driver"}
        services.update_change_idea(change_idea=idea, by=request.user, **fields)

    return _act(request, idea.focus_area, "drivers", key_of(idea), do, form)


@require_POST
def idea_link(request, pk):
    idea = _get(request, ChangeIdea, pk)
    form = forms.TargetForm(request.POST)

    def do():
        driver = _get(request, Driver, form.cleaned_data["target"])
        services.link_change_idea(change_idea=idea, driver=driver, by=request.user)

    return _act(request, idea.focus_area, "drivers", key_of(idea), do, form)


@require_POST
def idea_unlink(request, pk):
    link = _get(request, ChangeIdeaLink, pk)
    key = key_of(link.change_idea)
    return _act(
        request,
        link.focus_area,
        "drivers",
        key,
        lambda: services.unlink_change_idea(link=link, by=request.user),
    )


@require_POST
def idea_archive(request, pk):
    idea = _get(request, ChangeIdea, pk)
    form = forms.FlagForm(request.POST)
    return _act(
        request,
        idea.focus_area,
        "drivers",
        key_of(idea),
        lambda: (
            services.archive_change_idea(change_idea=idea, by=request.user, archived=form.cleaned_data["on"])
            and None
        ),
        form,
    )


@require_POST
def idea_delete(request, pk):
    idea = _get(request, ChangeIdea, pk)
    return _act(
        request,
        idea.focus_area,
        "drivers",
        key_of(idea),
        lambda: services.delete_change_idea(change_idea=idea, by=request.user) or "add-idea",
    )


# --- Fishbone ----------------------------------------------------------------------------------------


@require_POST
def fishbone_start(request, pk):
    focus_area = get_focus_area(request.user, pk)
    form = forms.EffectForm(request.POST)
    return _act(
        request,
        focus_area,
        "fishbone",
        "start",
        lambda: services.start_fishbone(focus_area=focus_area, by=request.user, **form.cleaned_data) and None,
        form,
    )


@require_POST
def fishbone_effect(request, pk):
    fishbone = _get(request, Fishbone, pk)
    form = forms.EffectForm(request.POST)
    return _act(
        request,
        fishbone.focus_area,
        "fishbone",
        "effect",
        lambda: services.update_fishbone(fishbone=fishbone, by=request.user, **form.cleaned_data) and None,
        form,
    )


@require_POST
def category_add(request, pk):
    fishbone = _get(request, Fishbone, pk)
    form = forms.NameForm(request.POST)
    return _act(
        request,
        fishbone.focus_area,
        "fishbone",
        "add-category",
        lambda: services.add_category(fishbone=fishbone, by=request.user, **form.cleaned_data) and None,
        form,
    )


@require_POST
def category_rename(request, pk):
    category = _get(request, FishboneCategory, pk)
    form = forms.NameForm(request.POST)
    return _act(
        request,
        category.focus_area,
        "fishbone",
        key_of(category),
        lambda: services.rename_category(category=category, by=request.user, **form.cleaned_data) and None,
        form,
    )


@require_POST
def category_move(request, pk):
    category = _get(request, FishboneCategory, pk)
    form = forms.MoveForm(request.POST)
    return _act(
        request,
        category.focus_area,
        "fishbone",
        key_of(category),
        lambda: (
            services.move_category(
                category=category, by=request.user, direction=form.cleaned_data["direction"]
            )
            and None
        ),
        form,
    )


@require_POST
def category_delete(request, pk):
    category = _get(request, FishboneCategory, pk)
    return _act(
        request,
        category.focus_area,
        "fishbone",
        key_of(category),
        lambda: services.delete_category(category=category, by=request.user) or "add-category",
    )


@require_POST
def cause_add(request, pk):
    category = _get(request, FishboneCategory, pk)
    form = forms.CauseForm(request.POST)
    key = (
        f"add-cause-{category.pk}" if not request.POST.get("parent") else f"add-sub-{request.POST['parent']}"
    )

    def do():
        parent = form.cleaned_data["parent"]
        parent = _get(request, Cause, parent) if parent else None
        services.add_cause(category=category, by=request.user, text=form.cleaned_data["text"], parent=parent)
        return key

    return _act(request, category.focus_area, "fishbone", key, do, form)


@require_POST
def cause_edit(request, pk):
    cause = _get(request, Cause, pk)
    form = forms.TextForm(request.POST)
    return _act(
        request,
        cause.focus_area,
        "fishbone",
        key_of(cause),
        lambda: services.update_cause(cause=cause, by=request.user, **form.cleaned_data) and None,
        form,
    )


@require_POST
def cause_move(request, pk):
    cause = _get(request, Cause, pk)
    form = forms.CauseMoveForm(request.POST)

    def do():
        target = form.cleaned_data["category"]
        if target:
            services.move_cause(
                cause=cause, by=request.user, category=_get(request, FishboneCategory, target)
            )
        else:
            services.move_cause(cause=cause, by=request.user, direction=form.cleaned_data["direction"])

    return _act(request, cause.focus_area, "fishbone", key_of(cause), do, form)


@require_POST
def cause_delete(request, pk):
    cause = _get(request, Cause, pk)
    key = f"add-cause-{cause.category_id}"
    return _act(
        request,
        cause.focus_area,
        "fishbone",
        key_of(cause),
        lambda: services.delete_cause(cause=cause, by=request.user) or key,
    )


@require_POST
def cause_vote(request, pk):
    cause = _get(request, Cause, pk)
    form = forms.FlagForm(request.POST)

    def do():
        verb = services.vote if form.cleaned_data["on"] else services.unvote
        verb(cause=cause, by=request.user)
        return f"vote-{cause.pk}"

    return _act(request, cause.focus_area, "fishbone", key_of(cause), do, form)


# --- 5 Whys ------------------------------------------------------------------------------------------


def _people(request, focus_area, ids) -> list[User]:
    return list(User.objects.filter(pk__in=ids, network_id=focus_area.team.network_id))


@require_POST
def why_start(request, pk):
    from theory.views import _team_people

    focus_area = get_focus_area(request.user, pk)
    form = forms.WhyAnalysisForm(request.POST, people=_team_people(focus_area))

    def do():
        people = _people(request, focus_area, form.cleaned_data["participants"])
        analysis = services.start_why_analysis(
            focus_area=focus_area, by=request.user, problem=form.cleaned_data["problem"], participants=people
        )
        return key_of(analysis)

    return _act(request, focus_area, "whys", "start", do, form)


@require_POST
def why_edit(request, pk):
    from theory.views import _team_people

    analysis = _get(request, WhyAnalysis, pk)
    form = forms.WhyAnalysisForm(request.POST, people=_team_people(analysis.focus_area))

    def do():
        people = _people(request, analysis.focus_area, form.cleaned_data["participants"])
        services.update_why_analysis(
            analysis=analysis, by=request.user, problem=form.cleaned_data["problem"], participants=people
        )

    return _act(request, analysis.focus_area, "whys", key_of(analysis), do, form)


@require_POST
def why_delete(request, pk):
    analysis = _get(request, WhyAnalysis, pk)
    return _act(
        request,
        analysis.focus_area,
        "whys",
        key_of(analysis),
        lambda: services.delete_why_analysis(analysis=analysis, by=request.user) or "start",
    )


@require_POST
def chain_add(request, pk):
    analysis = _get(request, WhyAnalysis, pk)
    form = forms.StepForm(request.POST)
    key = f"add-chain-{analysis.pk}"
    return _act(
        request,
        analysis.focus_area,
        "whys",
        key,
        lambda: key_of(services.add_why_chain(analysis=analysis, by=request.user, **form.cleaned_data)),
        form,
    )


@require_POST
def chain_delete(request, pk):
    chain = _get(request, WhyChain, pk)
    key = key_of(chain.analysis)
    return _act(
        request,
        chain.focus_area,
        "whys",
        key,
        lambda: services.delete_why_chain(chain=chain, by=request.user),
    )


@require_POST
def step_add(request, pk):
    chain = _get(request, WhyChain, pk)
    form = forms.StepForm(request.POST)
    key = f"add-step-{chain.pk}"
    return _act(
        request,
        chain.focus_area,
        "whys",
        key,
        lambda: services.add_why_step(chain=chain, by=request.user, **form.cleaned_data) and key,
        form,
    )


@require_POST
def step_edit(request, pk):
    step = _get(request, WhyStep, pk)
    form = forms.StepForm(request.POST)
    return _act(
        request,
        step.focus_area,
        "whys",
        key_of(step),
        lambda: services.update_why_step(step=step, by=request.user, **form.cleaned_data) and None,
        form,
    )


@require_POST
def step_move(request, pk):
    step = _get(request, WhyStep, pk)
    form = forms.MoveForm(request.POST)
    return _act(
        request,
        step.focus_area,
        "whys",
        key_of(step),
        lambda: (
            services.move_why_step(step=step, by=request.user, direction=form.cleaned_data["direction"])
            and None
        ),
        form,
    )


@require_POST
def step_root(request, pk):
    step = _get(request, WhyStep, pk)
    form = forms.FlagForm(request.POST)
    return _act(
        request,
        step.focus_area,
        "whys",
        key_of(step),
        lambda: (
            services.mark_root_cause(step=step, by=request.user, is_root_cause=form.cleaned_data["on"])
            and None
        ),
        form,
    )


@require_POST
def step_delete(request, pk):
    step = _get(request, WhyStep, pk)
    key = f"add-step-{step.chain_id}"
    return _act(
        request,
        step.focus_area,
        "whys",
        key_of(step),
        lambda: services.delete_why_step(step=step, by=request.user) or key,
    )
