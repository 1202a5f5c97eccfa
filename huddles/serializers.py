"""Input and output shapes of the huddles API. No writes here: the services check and save.

No serializer here carries anyone's pulse score but the requester's own (``my_pulse``); the team's
pulse leaves the API only as per-meeting counts and averages of three or more. Feedback on meetings
likewise: one's own rating (``MyFeedbackSerializer``), and otherwise only aggregates of three or more.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from huddles.models import (
    ActionItem,
    FeedbackResponse,
    FlagReply,
    Huddle,
    Meeting,
    NoteEntry,
    NoteEntryRevision,
)
from measures.serializers import BoundedListField
from playbook.api.serializers import NetworkPersonField, VisibleTeamField
from playbook.fields import NOTE_MAX
from playbook.models import Team, User


class HuddlePersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name"]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class PersonField(NetworkPersonField):
    pass


@extend_schema_field(OpenApiTypes.INT)
class TeamField(VisibleTeamField):
    pass


class HuddleSerializer(serializers.ModelSerializer):
    team = TeamField()
    other_teams = serializers.SerializerMethodField()
    weekdays = BoundedListField(
        child=serializers.IntegerField(min_value=0, max_value=6),
        required=False,
        max_length=7,
        help_text="0 = Monday.",
    )
    agenda = BoundedListField(child=serializers.CharField(max_length=300), required=False, max_length=50)
    questions = BoundedListField(child=serializers.CharField(max_length=300), required=False, max_length=50)
    facilitator = PersonField(required=False, allow_null=True)
    note_taker = PersonField(required=False, allow_null=True)
    timekeeper = PersonField(required=False, allow_null=True)
    schedule = serializers.CharField(source="schedule_text", read_only=True)

    class Meta:
        model = Huddle
        fields = [
            "id",
            "name",
            "purpose",
            "team",
            "other_teams",
            "weekdays",
            "starts_at",
            "duration_minutes",
            "place",
            "agenda",
            "questions",
            "rotate_roles",
            "facilitator",
            "note_taker",
            "timekeeper",
            "is_active",
            "schedule",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_other_teams(self, huddle) -> list[int]:
        return [t for t in huddle.team_ids if t != huddle.team_id]


@extend_schema_field(OpenApiTypes.INT)
class NetworkTeamField(serializers.PrimaryKeyRelatedField):
    """Any team of the requester's network: a cross-team huddle may join teams outside one's subtree."""

    def get_queryset(self):
        from playbook import permissions

        network_id = permissions.access_for(self.context["request"].user).network_id
        return Team.objects.filter(network_id=network_id) if network_id else Team.objects.none()


class HuddleInputSerializer(HuddleSerializer):
    other_teams = BoundedListField(child=NetworkTeamField(), required=False, max_length=50)


class NoteEntryRevisionSerializer(serializers.ModelSerializer):
    edited_by = HuddlePersonSerializer(read_only=True, help_text="Who wrote this version.")

    class Meta:
        model = NoteEntryRevision
        fields = ["version", "text", "edited_by", "edited_at"]
        read_only_fields = fields


class NoteEntrySerializer(serializers.ModelSerializer):
    author = HuddlePersonSerializer(read_only=True)
    flag_status = serializers.SerializerMethodField()
    edited_by = HuddlePersonSerializer(
        source="updated_by", read_only=True, allow_null=True, help_text="Who last edited it; null if never."
    )
    edited_at = serializers.SerializerMethodField()
    revisions = NoteEntryRevisionSerializer(
        many=True, read_only=True, help_text="The texts it had before, oldest first; the entry is the newest."
    )

    class Meta:
        model = NoteEntry
        fields = [
            "id",
            "meeting",
            "author",
            "kind",
            "question",
            "text",
            "version",
            "is_amendment",
            "amends",
            "flag",
            "flag_status",
            "created_at",
            "updated_at",
            "edited_by",
            "edited_at",
            "revisions",
        ]
        read_only_fields = fields

    def get_flag_status(self, entry) -> str | None:
        return entry.flag.status if entry.flag_id else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_edited_at(self, entry) -> str | None:
        if entry.updated_by_id is None:
            return None
        return serializers.DateTimeField().to_representation(entry.updated_at)


ENTRY_MAX = NoteEntry._meta.get_field("text").max_length


class NoteEntryInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=ENTRY_MAX)
    kind = serializers.ChoiceField(choices=NoteEntry.Kind.choices[:2], default=NoteEntry.Kind.NOTE)
    question = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    amendment = serializers.BooleanField(default=False, help_text="Needed once the meeting is closed.")


class NoteEntryEditSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=ENTRY_MAX)
    version = serializers.IntegerField(min_value=1, help_text="The version you edited; 409 if it moved on.")
    amendment = serializers.BooleanField(default=False, help_text="Needed once the meeting is closed.")


class EntriesQuerySerializer(serializers.Serializer):
    after = serializers.IntegerField(min_value=0, required=False, help_text="Only entries with a larger id.")


class ActionItemSerializer(serializers.ModelSerializer):
    owner = HuddlePersonSerializer(read_only=True)
    huddle_name = serializers.CharField(source="huddle.name", read_only=True)
    flag_status = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text="open, done or dropped.")

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "huddle",
            "huddle_name",
            "meeting",
            "text",
            "owner",
            "due_on",
            "status",
            "version",
            "flag",
            "flag_status",
            "created_at",
            "done_at",
        ]
        read_only_fields = fields

    def get_flag_status(self, item) -> str | None:
        return item.flag.status if item.flag_id else None


class ActionItemInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    owner = PersonField()
    due_on = serializers.DateField(required=False, allow_null=True)


class ActionItemUpdateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500, required=False)
    owner = PersonField(required=False)
    due_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=ActionItem.Status.choices, required=False)
    version = serializers.IntegerField(min_value=1, required=False, help_text="409 if it moved on.")


class ActionItemFilterSerializer(serializers.Serializer):
    mine = serializers.BooleanField(required=False, help_text="Only items you own.")
    status = serializers.ChoiceField(choices=ActionItem.Status.choices, required=False)
    huddle = serializers.IntegerField(required=False)


class FlagReplySerializer(serializers.ModelSerializer):
    by = HuddlePersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = FlagReply
        fields = ["id", "flag", "reply", "by", "created_at"]
        read_only_fields = fields


class MeetingSummarySerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="open or closed.")

    class Meta:
        model = Meeting
        fields = ["id", "huddle", "scheduled_start", "unscheduled", "status", "closed_at"]
        read_only_fields = fields


class MyPulseSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    word = serializers.CharField()


class MeetingSerializer(MeetingSummarySerializer):
    huddle_name = serializers.CharField(source="huddle.name", read_only=True)
    agenda = serializers.ListField(source="huddle.agenda", child=serializers.CharField(), read_only=True)
    questions = serializers.ListField(
        source="huddle.questions", child=serializers.CharField(), read_only=True
    )
    attendees = HuddlePersonSerializer(many=True, read_only=True)
    facilitator = HuddlePersonSerializer(read_only=True, allow_null=True)
    note_taker = HuddlePersonSerializer(read_only=True, allow_null=True)
    timekeeper = HuddlePersonSerializer(read_only=True, allow_null=True)
    carried_forward = serializers.SerializerMethodField()
    action_items = serializers.SerializerMethodField()
    flag_replies = serializers.SerializerMethodField()
    my_pulse = serializers.SerializerMethodField()

    class Meta(MeetingSummarySerializer.Meta):
        fields = [
            *MeetingSummarySerializer.Meta.fields,
            "huddle_name",
            "agenda",
            "questions",
            "attendees",
            "facilitator",
            "note_taker",
            "timekeeper",
            "carried_forward",
            "action_items",
            "flag_replies",
            "my_pulse",
        ]
        read_only_fields = fields

    @extend_schema_field(ActionItemSerializer(many=True))
    def get_carried_forward(self, meeting):
        from huddles.selectors import carried_forward

        return ActionItemSerializer(carried_forward(meeting).select_related("huddle"), many=True).data

    @extend_schema_field(ActionItemSerializer(many=True))
    def get_action_items(self, meeting):
        from huddles.selectors import raised_in

        return ActionItemSerializer(raised_in(meeting).select_related("huddle"), many=True).data

    @extend_schema_field(FlagReplySerializer(many=True))
    def get_flag_replies(self, meeting):
        from huddles.selectors import flag_replies

        return FlagReplySerializer(flag_replies(meeting), many=True).data

    @extend_schema_field(MyPulseSerializer(allow_null=True))
    def get_my_pulse(self, meeting):
        from huddles.selectors import my_pulse

        pulse = my_pulse(meeting, self.context["request"].user)
        return {"score": pulse.score, "word": pulse.word} if pulse else None


class MeetingFilterSerializer(serializers.Serializer):
    huddle = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(choices=Meeting.Status.choices, required=False)


class AttendanceSerializer(serializers.Serializer):
    attendees = BoundedListField(child=PersonField(), required=False, max_length=500)
    facilitator = PersonField(required=False, allow_null=True)
    note_taker = PersonField(required=False, allow_null=True)
    timekeeper = PersonField(required=False, allow_null=True)


class PulseInputSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    word = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)


class PulsePointSerializer(serializers.Serializer):
    meeting_id = serializers.IntegerField()
    date = serializers.DateField()
    responses = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True, help_text="Shown once three or more answered.")


class NotesQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=200, help_text="Search the running notes.")


# --- Feedback on meetings: one's own rating, and aggregates only (huddles.feedback) ---------------------


class FeedbackInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=NOTE_MAX, required=False, default="", allow_blank=True)


class MyFeedbackSerializer(serializers.Serializer):
    """Your own rating of the meeting: the only one the API ever returns with its author. Before you
    rate, ``rated`` is false and the rest empty (an object still, so clients read one shape)."""

    rated = serializers.SerializerMethodField()
    rating = serializers.IntegerField(allow_null=True)
    comment = serializers.CharField(allow_blank=True)
    recorded_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_rated(self, mine) -> bool:
        return True

    @classmethod
    def of(cls, mine) -> dict:
        if mine is None:
            return {"rated": False, "rating": None, "comment": "", "recorded_at": None}
        return cls(mine).data


class RatingCountSerializer(serializers.Serializer):
    rating = serializers.IntegerField()
    answers = serializers.IntegerField()


class FeedbackSummarySerializer(serializers.Serializer):
    answers = serializers.IntegerField(help_text="How many answered (for a huddle: in the meetings counted).")
    shown = serializers.BooleanField(help_text="False below three answers: then nothing but the count.")
    average = serializers.FloatField(allow_null=True)
    distribution = RatingCountSerializer(many=True, help_text="Each rating 1–5 and how many gave it.")
    comments = serializers.ListField(
        child=serializers.CharField(), help_text="Without names, in alphabetical order."
    )
    meetings = serializers.IntegerField(help_text="For a huddle: its meetings with three answers or more.")

    def to_representation(self, summary):
        return {
            "answers": summary.answers,
            "shown": summary.shown,
            "average": summary.average,
            "distribution": [{"rating": r, "answers": n} for r, n in summary.distribution],
            "comments": list(summary.comments),
            "meetings": summary.meetings,
        }


class FeedbackResponseSerializer(serializers.ModelSerializer):
    by = HuddlePersonSerializer(read_only=True)

    class Meta:
        model = FeedbackResponse
        fields = ["id", "huddle", "meeting", "text", "changed_on", "by", "created_at"]
        read_only_fields = fields


class FeedbackResponseInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=NOTE_MAX)
    changed_on = serializers.DateField()
    meeting = serializers.IntegerField(
        required=False, allow_null=True, help_text="The meeting whose feedback prompted it (this huddle's)."
    )

    def validate_meeting(self, pk):
        if pk is None:
            return None
        # The huddle's own meetings only: any other id reads as nonexistent, whatever network it is in.
        meeting = self.context["huddle"].meetings.filter(pk=pk).first()
        if meeting is None:
            raise serializers.ValidationError("Choose one of this huddle's meetings.")
        return meeting
