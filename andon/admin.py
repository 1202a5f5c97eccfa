"""Django admin for andon: a read-mostly window for operators. People change flags through the
pages and the API, which go through the services (history, permissions, notifications). A flag is
archived and restored here, never deleted."""

from django.contrib import admin

from andon.models import ClosedPeriod, EscalationPolicy, EscalationRun, Flag, FlagEvent, WorkingHours
from andon.services.archive import set_flag_archived
from playbook.archive_admin import ArchiveAdmin


class FlagEventInline(admin.TabularInline):
    model = FlagEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "by", "automatic", "from_team", "to_team", "deadline", "due_at", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Flag)
class FlagAdmin(ArchiveAdmin):
    archive_with = staticmethod(set_flag_archived)
    list_display = [
        "title", "severity", "status", "team", "holding_team", "raised_at", "next_escalation_at",
        "archived_at",
    ]  # fmt: skip
    list_filter = ["severity", "status", "category", "network"]
    search_fields = ["title", "description", "learning"]
    inlines = [FlagEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Flag._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(EscalationPolicy)
class EscalationPolicyAdmin(admin.ModelAdmin):
    list_display = ["network", "severity", "acknowledge_within", "resolve_within", "count_every_hour"]
    list_filter = ["network"]


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ["network", "weekdays", "day_starts", "day_ends"]


@admin.register(ClosedPeriod)
class ClosedPeriodAdmin(admin.ModelAdmin):
    list_display = ["network", "name", "kind", "starts_on", "ends_on"]
    list_filter = ["network", "kind"]


@admin.register(EscalationRun)
class EscalationRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "as_of", "finished_at", "flags", "steps", "batches", "worker"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False
