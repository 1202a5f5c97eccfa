from django.contrib import admin

from huddles.models import ActionItem, Huddle, Meeting, NoteEntry


@admin.register(Huddle)
class HuddleAdmin(admin.ModelAdmin):
    list_display = ("name", "team", "network", "is_active")
    list_filter = ("network", "is_active")
    raw_id_fields = ("team", "facilitator", "note_taker", "timekeeper", "created_by")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("huddle", "scheduled_start", "status")
    raw_id_fields = ("huddle", "facilitator", "note_taker", "timekeeper", "closed_by")
    filter_horizontal = ("attendees",)


@admin.register(NoteEntry)
class NoteEntryAdmin(admin.ModelAdmin):
    list_display = ("__str__", "meeting", "author", "created_at")
    raw_id_fields = ("meeting", "huddle", "author", "amends", "flag", "updated_by")


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ("text", "owner", "due_on", "status")
    raw_id_fields = ("huddle", "meeting", "owner", "flag", "created_by")


# Pulse checks are left out of the admin on purpose: a person's score is theirs alone.
