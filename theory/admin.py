"""Read-only views of the theory for staff. Edits go through the pages or the API, whose services
check the diagram's rules and record the history; an admin form would bypass both."""

from django.contrib import admin

from theory import models


class ReadOnlyAdmin(admin.ModelAdmin):
    list_select_related = ["focus_area"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.ChangeIdea)
class ChangeIdeaAdmin(ReadOnlyAdmin):
    list_display = ["title", "focus_area", "status", "status_changed_at", "archived_at"]
    list_filter = ["status"]
    search_fields = ["title"]


@admin.register(models.Driver)
class DriverAdmin(ReadOnlyAdmin):
    list_display = ["text", "kind", "focus_area", "position"]
    list_filter = ["kind"]
    search_fields = ["text"]


@admin.register(models.Cause)
class CauseAdmin(ReadOnlyAdmin):
    list_display = ["text", "category", "parent", "focus_area"]
    search_fields = ["text"]


@admin.register(models.WhyAnalysis)
class WhyAnalysisAdmin(ReadOnlyAdmin):
    list_display = ["problem", "focus_area", "created_at"]
    search_fields = ["problem"]


@admin.register(models.TheoryEvent)
class TheoryEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "focus_area", "diagram", "action", "summary", "by"]
    list_filter = ["diagram", "action"]
    list_select_related = ["focus_area", "by"]
    search_fields = ["summary"]
