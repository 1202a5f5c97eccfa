"""Edits to the driver diagram: its drivers, the links between them and the root causes they address."""

from __future__ import annotations

from django.views.decorators.http import require_POST

from theory import forms, services
from theory.models import Cause, Driver, DriverLink, RootCauseLink, WhyStep
from theory.views.editing import act, get_node, key_of
from theory.views.pages import get_focus_area


@require_POST
def driver_add(request, pk):
    focus_area = get_focus_area(request.user, pk)
    key = f"add-{request.POST.get('kind', '')}"
    return act(
        request,
        focus_area,
        "drivers",
        key,
        lambda data: services.add_driver(focus_area=focus_area, by=request.user, **data),
        forms.DriverForm(request.POST),
    )


@require_POST
def driver_rename(request, pk):
    driver = get_node(request, Driver, pk)
    return act(
        request,
        driver.focus_area,
        "drivers",
        key_of(driver),
        lambda data: services.rename_driver(driver=driver, by=request.user, text=data["text"]),
        forms.TextForm(request.POST),
    )


@require_POST
def driver_move(request, pk):
    driver = get_node(request, Driver, pk)
    return act(
        request,
        driver.focus_area,
        "drivers",
        key_of(driver),
        lambda data: services.move_driver(driver=driver, by=request.user, direction=data["direction"]),
        forms.MoveForm(request.POST),
    )


@require_POST
def driver_delete(request, pk):
    driver = get_node(request, Driver, pk)
    return act(
        request,
        driver.focus_area,
        "drivers",
        key_of(driver),
        lambda _: services.delete_driver(driver=driver, by=request.user),
        then=f"add-{driver.kind}",
    )


@require_POST
def driver_link(request, pk):
    """Link a secondary driver to a primary one (``target``), whichever of the two it was asked from."""
    driver = get_node(request, Driver, pk)

    def link(data):
        other = get_node(request, Driver, data["target"])
        primary, secondary = (other, driver) if driver.kind == Driver.Kind.SECONDARY else (driver, other)
        services.link_drivers(primary=primary, secondary=secondary, by=request.user)

    return act(request, driver.focus_area, "drivers", key_of(driver), link, forms.TargetForm(request.POST))


@require_POST
def driver_unlink(request, pk):
    link = get_node(request, DriverLink, pk)
    return act(
        request,
        link.focus_area,
        "drivers",
        key_of(link.secondary),
        lambda _: services.unlink_drivers(link=link, by=request.user),
    )


@require_POST
def root_cause_link(request, pk):
    driver = get_node(request, Driver, pk)
    form = forms.RootCauseForm(request.POST)

    def link(data):
        kind, root_pk = form.choice()
        root = get_node(request, WhyStep if kind == "why_step" else Cause, root_pk)
        services.link_root_cause(driver=driver, by=request.user, **{kind: root})

    return act(request, driver.focus_area, "drivers", key_of(driver), link, form)


@require_POST
def root_cause_unlink(request, pk):
    link = get_node(request, RootCauseLink, pk)
    return act(
        request,
        link.focus_area,
        "drivers",
        key_of(link.driver),
        lambda _: services.unlink_root_cause(link=link, by=request.user),
    )
