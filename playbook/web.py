"""Plumbing every HTML view shares: post a form, call the service, show its errors; rows' links."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse

from playbook.errors import Conflict


@dataclass(frozen=True)
class Submission:
    ok: bool
    value: Any = None


def submit(request, form: forms.BaseForm, action: Callable[[dict], Any]) -> Submission:
    """Validate the posted ``form`` and run ``action(form.cleaned_data)``.

    A ``ValidationError`` from the service lands on the form's fields (or on the form as a whole
    when it names a field the form does not have), a ``Conflict`` on the form as a whole, so the
    page shows what went wrong beside what was typed. ``PermissionDenied`` and ``Http404``
    propagate. Not a POST, or not valid: ``ok`` is false and nothing ran.
    """
    if request.method != "POST" or not form.is_valid():
        return Submission(False)
    try:
        return Submission(True, action(form.cleaned_data))
    except ValidationError as error:
        add_errors(form, error)
    except Conflict as error:
        form.add_error(None, error.message)
    return Submission(False)


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form; errors about fields it lacks go on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        known = name in form.fields and name != NON_FIELD_ERRORS
        form.add_error(name if known else None, errors)


def error_summary(form: forms.BaseForm) -> str:
    """One sentence for a flash message, for forms posted from another page."""
    parts = []
    for name, errors in form.errors.items():
        label = form[name].label if name in form.fields else None
        parts.extend(f"{label}: {e}" if label else e for e in errors)
    return " ".join(parts)


_PK_MARK = 2_147_483_647  # larger than any id a row of ours will have: it marks where the id goes


def pk_url(name: str) -> Callable[[int], str]:
    """``url(pk)`` for the route ``name`` (one ``<int:pk>``), from a single ``reverse``: a table of 50
    rows with three links each otherwise resolves the URL patterns 150 times."""
    return reverse(name, args=[_PK_MARK]).replace(str(_PK_MARK), "{}").format
