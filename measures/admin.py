"""The admin for data points: archived ones are found and restored here. A value is corrected on the
measure's page or through the API, which keep the earlier value as a revision, so nothing is edited
here, and nothing is deleted."""

from django.contrib import admin

from measures.models import DataPoint, DataPointRevision
from measures.services.data import set_point_archived
from playbook.archive_admin import ArchiveAdmin


class RevisionInline(admin.TabularInline):
    model = DataPointRevision
    extra = 0
    can_delete = False
    fields = ["changed_at", "changed_by", "value", "numerator", "denominator", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DataPoint)
class DataPointAdmin(ArchiveAdmin):
    archive_with = staticmethod(set_point_archived)
    list_display = ["measure", "period", "value", "numerator", "denominator", "entered_by", "archived_at"]
    list_filter = ["measure__focus_area__team__network"]
    list_select_related = ["measure", "entered_by"]
    search_fields = ["measure__name", "note"]
    inlines = [RevisionInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in DataPoint._meta.fields]

    def has_add_permission(self, request):
        return False
