"""Every text field people type into has a ceiling, and the model itself enforces it."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from playbook.fields import NOTE_MAX, BoundedTextField
from tests.support import factories

FIRST_PARTY = {"playbook", "measures", "theory", "cycles", "andon", "huddles"}


def test_every_first_party_text_field_is_bounded():
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in FIRST_PARTY
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and not isinstance(field, BoundedTextField)
    ]
    assert unbounded == []


def test_every_first_party_char_field_has_a_max_length():
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in FIRST_PARTY
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField) and not field.max_length
    ]
    assert unbounded == []


@pytest.mark.django_db
def test_full_clean_refuses_text_over_the_ceiling():
    team = factories.TeamFactory()
    team.description = "x" * 10_001
    with pytest.raises(ValidationError) as caught:
        team.full_clean()
    assert "description" in caught.value.message_dict


def test_a_bounded_field_hands_its_ceiling_to_forms():
    field = BoundedTextField(max_length=NOTE_MAX)
    assert field.formfield().max_length == NOTE_MAX
