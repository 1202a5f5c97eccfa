"""Edits to the fishbone: its effect, categories (the bones), causes and sub-causes, and votes."""

from __future__ import annotations

from django.views.decorators.http import require_POST

from theory import forms, services
from theory.models import Cause, Fishbone, FishboneCategory
from theory.views.editing import act, get_node, key_of
from theory.views.pages import get_focus_area


@require_POST
def fishbone_start(request, pk):
    focus_area = get_focus_area(request.user, pk)
    return act(
        request,
        focus_area,
        "fishbone",
        "start",
        lambda data: services.start_fishbone(focus_area=focus_area, by=request.user, **data),
        forms.EffectForm(request.POST),
    )


@require_POST
def fishbone_effect(request, pk):
    fishbone = get_node(request, Fishbone, pk)
    return act(
        request,
        fishbone.focus_area,
        "fishbone",
        "effect",
        lambda data: services.update_fishbone(fishbone=fishbone, by=request.user, **data),
        forms.EffectForm(request.POST),
    )


@require_POST
def category_add(request, pk):
    fishbone = get_node(request, Fishbone, pk)
    return act(
        request,
        fishbone.focus_area,
        "fishbone",
        "add-category",
        lambda data: services.add_category(fishbone=fishbone, by=request.user, **data),
        forms.NameForm(request.POST),
    )


@require_POST
def category_rename(request, pk):
    category = get_node(request, FishboneCategory, pk)
    return act(
        request,
        category.focus_area,
        "fishbone",
        key_of(category),
        lambda data: services.rename_category(category=category, by=request.user, **data),
        forms.NameForm(request.POST),
    )


@require_POST
def category_move(request, pk):
    category = get_node(request, FishboneCategory, pk)
    return act(
        request,
        category.focus_area,
        "fishbone",
        key_of(category),
        lambda data: services.move_category(category=category, by=request.user, direction=data["direction"]),
        forms.MoveForm(request.POST),
    )


@require_POST
def category_delete(request, pk):
    category = get_node(request, FishboneCategory, pk)
    return act(
        request,
        category.focus_area,
        "fishbone",
        key_of(category),
        lambda _: services.delete_category(category=category, by=request.user),
        then="add-category",
    )


@require_POST
def cause_add(request, pk):
    category = get_node(request, FishboneCategory, pk)
    parent_pk = request.POST.get("parent")
    key = f"add-sub-{parent_pk}" if parent_pk else f"add-cause-{category.pk}"

    def add(data):
        parent = get_node(request, Cause, data["parent"]) if data["parent"] else None
        services.add_cause(category=category, by=request.user, text=data["text"], parent=parent)

    return act(request, category.focus_area, "fishbone", key, add, forms.CauseForm(request.POST))


@require_POST
def cause_edit(request, pk):
    cause = get_node(request, Cause, pk)
    return act(
        request,
        cause.focus_area,
        "fishbone",
        key_of(cause),
        lambda data: services.reword_cause(cause=cause, by=request.user, **data),
        forms.TextForm(request.POST),
    )


@require_POST
def cause_move(request, pk):
    cause = get_node(request, Cause, pk)

    def move(data):
        if data["category"]:
            target = get_node(request, FishboneCategory, data["category"])
            services.move_cause(cause=cause, by=request.user, category=target)
        else:
            services.move_cause(cause=cause, by=request.user, direction=data["direction"])

    return act(request, cause.focus_area, "fishbone", key_of(cause), move, forms.CauseMoveForm(request.POST))


@require_POST
def cause_delete(request, pk):
    cause = get_node(request, Cause, pk)
    return act(
        request,
        cause.focus_area,
        "fishbone",
        key_of(cause),
        lambda _: services.delete_cause(cause=cause, by=request.user),
        then=f"add-cause-{cause.category_id}",
    )


@require_POST
def cause_vote(request, pk):
    cause = get_node(request, Cause, pk)

    def vote(data):
        verb = services.vote if data["on"] else services.unvote
        verb(cause=cause, by=request.user)
        return f"vote-{cause.pk}"

    return act(request, cause.focus_area, "fishbone", key_of(cause), vote, forms.FlagForm(request.POST))
