"""Read-mostly admin for support staff: cycles change through the services, so stages and frozen
predictions are shown, not edited, here. A cycle is archived and restored here, never deleted."""

from django.contrib import admin

from cycles.models import Cycle, CycleEvent, CyclesSettings, Observation, Prediction
from cycles.services.archive import set_cycle_archived
from playbook.archive_admin import ArchiveAdmin, KeptRecordAdmin


class PredictionInline(admin.TabularInline):
    model = Prediction
    extra = 0
    fields = ["position", "statement", "measure", "expected_value", "expected_direction", "outcome", "actual"]
    readonly_fields = fields
    can_delete = False


class EventInline(admin.TabularInline):
    model = CycleEvent
    extra = 0
    fields = ["at", "kind", "from_stage", "to_stage", "by", "note"]
    readonly_fields = fields
    can_delete = False


@admin.register(Cycle)
class CycleAdmin(ArchiveAdmin):
    archive_with = staticmethod(set_cycle_archived)
    list_display = ["title", "team", "stage", "owner", "starts_on", "ends_on", "decision", "archived_at"]
    list_filter = ["stage", "decision", "team__network"]
    list_select_related = ["team", "owner"]
    search_fields = ["title", "objective"]
    readonly_fields = [
        "stage",
        "stage_changed_at",
        "predictions_frozen_at",
        "decided_at",
        "ramp_from",
        "adapted_from",
    ]
    raw_id_fields = ["team", "focus_area", "change_idea", "owner", "collaborators", "created_by"]
    inlines = [PredictionInline, EventInline]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.predictions_frozen_at is not None:  # the plan froze with its predictions
            fields = [*fields, *Cycle.FROZEN_PLAN_FIELDS, "ends_on"]
        return fields


@admin.register(Observation)
class ObservationAdmin(KeptRecordAdmin):
    list_display = ["cycle", "observed_on", "author"]
    raw_id_fields = ["cycle", "author"]


@admin.register(CyclesSettings)
class CyclesSettingsAdmin(admin.ModelAdmin):
    list_display = ["network", "spread_threshold"]
