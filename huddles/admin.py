"""The admin for huddles. Meetings and note entries are archived and restored here, never deleted; an
entry's earlier versions are shown beside it."""

from django.contrib import admin

from huddles.models import ActionItem, Huddle, Meeting, NoteEntry, NoteEntryRevision
from playbook.archive_admin import ArchiveAdmin, KeptRecordAdmin


@admin.register(Huddle)
class HuddleAdmin(admin.ModelAdmin):
    # A huddle with meetings cannot be deleted (they PROTECT it; the admin says so): set it inactive.
    list_display = ("name", "team", "network", "is_active")
    list_filter = ("network", "is_active")
    raw_id_fields = ("team", "facilitator", "note_taker", "timekeeper", "created_by")


@admin.register(Meeting)
class MeetingAdmin(ArchiveAdmin):
    list_display = ("huddle", "scheduled_start", "status", "archived_at")
    raw_id_fields = ("huddle", "facilitator", "note_taker", "timekeeper", "closed_by")
    filter_horizontal = ("attendees",)


class RevisionInline(admin.TabularInline):
    model = NoteEntryRevision
    extra = 0
    can_delete = False
    fields = ["version", "text", "edited_by", "edited_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(NoteEntry)
class NoteEntryAdmin(ArchiveAdmin):
    list_display = ("__str__", "meeting", "author", "created_at", "updated_by", "archived_at")
    raw_id_fields = ("meeting", "huddle", "author", "amends", "flag", "updated_by")
    # The text changes through the meeting page or the API, which keep the earlier version.
    readonly_fields = ("text", "version")
    inlines = [RevisionInline]


@admin.register(ActionItem)
class ActionItemAdmin(KeptRecordAdmin):
    # Never deleted: an item nobody will do is marked dropped.
    list_display = ("text", "owner", "due_on", "status")
    raw_id_fields = ("huddle", "meeting", "owner", "flag", "created_by", "source_entry")


# Pulse checks are left out of the admin on purpose: a person's score is theirs alone.
