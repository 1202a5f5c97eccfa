"""Edits to the change ideas on the driver diagram: propose, edit, link, archive and delete them."""

from __future__ import annotations

from django.views.decorators.http import require_POST

from theory import forms, services
from theory.models import ChangeIdea, ChangeIdeaLink, Driver
from theory.views.editing import act, get_node, key_of
from theory.views.pages import get_focus_area


@require_POST
def idea_add(request, pk):
    focus_area = get_focus_area(request.user, pk)

    def propose(data):
        fields = dict(data)
        driver = fields.pop("driver")
        drivers = [get_node(request, Driver, driver)] if driver else []
        services.create_change_idea(focus_area=focus_area, by=request.user, drivers=drivers, **fields)

    return act(request, focus_area, "drivers", "add-idea", propose, forms.ChangeIdeaForm(request.POST))


@require_POST
def idea_edit(request, pk):
    idea = get_node(request, ChangeIdea, pk)

    def edit(data):
        fields = {k: v for k, v in data.items() if k != "driver"}
        services.update_change_idea(change_idea=idea, by=request.user, **fields)

    return act(request, idea.focus_area, "drivers", key_of(idea), edit, forms.ChangeIdeaForm(request.POST))


@require_POST
def idea_link(request, pk):
    idea = get_node(request, ChangeIdea, pk)

    def link(data):
        driver = get_node(request, Driver, data["target"])
        services.link_change_idea(change_idea=idea, driver=driver, by=request.user)

    return act(request, idea.focus_area, "drivers", key_of(idea), link, forms.TargetForm(request.POST))


@require_POST
def idea_unlink(request, pk):
    link = get_node(request, ChangeIdeaLink, pk)
    return act(
        request,
        link.focus_area,
        "drivers",
        key_of(link.change_idea),
        lambda _: services.unlink_change_idea(link=link, by=request.user),
    )


@require_POST
def idea_archive(request, pk):
    idea = get_node(request, ChangeIdea, pk)
    return act(
        request,
        idea.focus_area,
        "drivers",
        key_of(idea),
        lambda data: services.archive_change_idea(change_idea=idea, by=request.user, archived=data["on"]),
        forms.FlagForm(request.POST),
    )


@require_POST
def idea_delete(request, pk):
    """Refused (and shown at the idea) while PDSA cycles test it: archive it instead."""
    idea = get_node(request, ChangeIdea, pk)
    return act(
        request,
        idea.focus_area,
        "drivers",
        key_of(idea),
        lambda _: services.delete_change_idea(change_idea=idea, by=request.user),
        then="add-idea",
    )
