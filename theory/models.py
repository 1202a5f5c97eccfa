"""The theory of improvement. For now: change ideas, the things PDSA cycles test.

5 Whys, fishbone and driver diagrams arrive with the theory issue; change ideas come first because
cycles point at them.
"""

from django.conf import settings
from django.db import models

from playbook.models import FocusArea


class ChangeIdea(models.Model):
    class TestingStatus(models.TextChoices):
        NOT_TESTED = "not_tested", "Not tested"
        TESTING = "testing", "Testing"
        ADAPTING = "adapting", "Adapting"
        ADOPTED = "adopted", "Adopted"
        ABANDONED = "abandoned", "Abandoned"
        READY_TO_SPREAD = "ready_to_spread", "Ready to spread"

    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="change_ideas")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Kept up to date by the cycles that test the idea; never typed in by hand.
    status = models.CharField(max_length=16, choices=TestingStatus.choices, default=TestingStatus.NOT_TESTED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["focus_area", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["focus_area", "title"], name="change_idea_title_unique_in_focus_area"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def team_id(self):
        return self.focus_area.team_id
