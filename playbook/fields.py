"""Model fields the whole project shares."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models

# Ceilings for what people type. Generous for real writing (a plan's objective, what a flag is
# about), small enough that nobody can store a novel or a 100,000-character paste by accident.
NOTE_MAX = 5_000  # a running note, a comment, a reply, a prediction
PROSE_MAX = 10_000  # a problem statement, a definition, a plan section, what was learned
SYSTEM_MAX = 2_000  # text Playbook writes itself, such as why a chart could not be drawn


class BoundedTextField(models.TextField):
    """A text field with a ceiling that every layer enforces.

    Django's own ``TextField(max_length=...)`` only reaches the form widget. This one also
    validates in ``full_clean``; ModelForms and DRF's ModelSerializers read ``max_length`` from
    it, so a page, the API and the model all refuse the same text with the same limit.
    """

    def __init__(self, *args, max_length: int = PROSE_MAX, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))
