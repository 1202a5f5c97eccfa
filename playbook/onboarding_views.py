"""Onboarding a network's people from a spreadsheet, and resending an invitation.

Network admins only (``permissions.can_administer_network``); the work is in ``playbook.onboarding``
and ``playbook.invitations``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from playbook import invitations, onboarding, permissions
from playbook.models import Network
from playbook.onboarding_forms import PeopleConfirmForm, PeopleUploadForm
from playbook.spreadsheets import CONTENT_TYPES, CSV, XLSX, rows_as_csv, write_table


def _require_admin(user) -> None:
    if not permissions.can_administer_network(user):
        raise PermissionDenied("Only network admins manage this.")


def people_import(request):
    _require_admin(request.user)
    upload, plan, confirm = PeopleUploadForm(), None, None
    if request.method == "POST" and "cells" in request.POST:
        confirm = PeopleConfirmForm(request.POST)
        if confirm.is_valid():
            cells = onboarding.from_carried(confirm.cleaned_data["cells"])
            try:
                summary = onboarding.apply(cells=cells, by=request.user)
            except ValidationError as error:
                plan = onboarding.preview(cells=cells, by=request.user)
                confirm.add_error(None, error)
            else:
                messages.success(request, f"Done: {summary}. Memberships the file leaves out are kept.")
                return redirect("people-list")
    elif request.method == "POST":
        upload = PeopleUploadForm(request.POST, request.FILES)
        if upload.is_valid():
            cells = upload.cleaned_data["file"]
            plan = onboarding.preview(cells=cells, by=request.user)
            if plan.ok:
                confirm = PeopleConfirmForm(initial={"cells": rows_as_csv(onboarding.carried(cells))})
    context = {"upload": upload, "plan": plan, "confirm": confirm}
    return render(request, "playbook/onboarding/people_import.html", context)


def people_import_template(request, fmt):
    _require_admin(request.user)
    if fmt not in (CSV, XLSX):
        raise Http404("Not found.")
    network = Network.objects.get(pk=request.user.network_id)
    body = write_table(onboarding.COLUMNS, onboarding.template_rows(network), fmt, title="People")
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"{slugify(network.name) or 'network'}-people.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def person_invite(request, pk):
    _require_admin(request.user)
    people = permissions.visible_people(request.user)
    person = permissions.get_for_user(request.user, people, pk, permissions.CHANGE)
    try:
        invitations.resend(person=person, by=request.user)
    except ValidationError as error:
        messages.error(request, f"No invitation was sent. {' '.join(error.messages)}")
    else:
        messages.success(
            request, f"A new invitation is on its way to {person.email}; the older link no longer works."
        )
    return redirect("people-list")
