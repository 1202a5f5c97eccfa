"""Writes for the theory of improvement."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from playbook import clock, permissions
from playbook.models import FocusArea, User
from theory.models import ChangeIdea


@transaction.atomic
def create_change_idea(*, focus_area: FocusArea, by: User, title: str, description: str = "") -> ChangeIdea:
    """Anyone working on a focus area may propose a change idea to test."""
    permissions.require(by, focus_area, permissions.CONTRIBUTE)
    idea = ChangeIdea(focus_area=focus_area, title=title.strip(), description=description, created_by=by)
    idea.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            idea.save()
    except IntegrityError:
        raise ValidationError(
            {"title": "This focus area already has a change idea with that title."}
        ) from None
    return idea


def set_testing_status(*, change_idea: ChangeIdea, status: str) -> ChangeIdea:
    """Record what the cycles testing an idea now say about it (called by the cycles app)."""
    if status != change_idea.status:
        ChangeIdea.objects.filter(pk=change_idea.pk).update(status=status, status_changed_at=clock.now())
        change_idea.status, change_idea.status_changed_at = status, clock.now()
    return change_idea
