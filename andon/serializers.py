"""Input and output shapes of the andon API. No writes here: views pass validated data to services."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from andon.calendar import format_duration, parse_duration
from andon.models import ClosedPeriod, Flag, FlagEvent, FlagHold, Severity
from andon.sources import Source, source_of, sources_of
from measures.serializers import VisibleFocusAreaField
from playbook.api.serializers import NetworkPersonField, VisibleTeamField
from playbook.models import Team


@extend_schema_field(OpenApiTypes.INT)
class TeamIdField(VisibleTeamField):
    """A team id the requester may see; any other reads as nonexistent."""


@extend_schema_field(OpenApiTypes.INT)
class FocusAreaIdField(VisibleFocusAreaField):
    """A focus area id the requester may see."""


@extend_schema_field(OpenApiTypes.INT)
class PersonIdField(NetworkPersonField):
    """An active person of the requester's network."""


class FlagListSerializer(serializers.ListSerializer):
    """Names the sources of the whole list at once: one query per source app, not one per flag."""

    def to_representation(self, data):
        flags = list(data.all() if hasattr(data, "all") else data)
        self._context["flag_sources"] = sources_of(flags)
        return super().to_representation(flags)


class FlagHoldSerializer(serializers.Serializer):
    """One stretch of the flag's path: a team that had it, how the stretch ended."""

    seq = serializers.IntegerField(help_text="1 for the team it was raised in, then one per move.")
    team = serializers.IntegerField(source="team_id")
    team_name = serializers.CharField(source="team.name")
    tier = serializers.CharField(source="team.kind", help_text="team, cluster or hub")
    outcome = serializers.CharField(
        help_text="'' while held; escalated, passed (climbed past it in one pass), sent_down or resolved."
    )


class FlagSerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.name", read_only=True)
    holding_team_name = serializers.CharField(source="holding_team.name", read_only=True)
    tier = serializers.CharField(source="holding_team.kind", read_only=True, help_text="team, cluster or hub")
    raised_by_name = serializers.CharField(source="raised_by.display_name", read_only=True)
    assignee_name = serializers.SerializerMethodField()
    next_deadline = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Which deadline next_escalation_at is: acknowledge or resolve.",
    )
    is_overdue = serializers.BooleanField(
        read_only=True, help_text="At the top of the network and past its deadline."
    )
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    path = FlagHoldSerializer(
        source="holds", many=True, read_only=True, help_text="Every team that has held it, in order."
    )
    passed_through = serializers.SerializerMethodField(
        help_text="The escalation job climbed it past one of your teams in a single pass."
    )
    # The flag's source used to be two columns of the flag; the cycles and huddles apps now keep the
    # links (andon.sources). The two fields stay, with the same names and values, for API clients.
    cycle_id = serializers.SerializerMethodField(help_text="The PDSA cycle it was raised from, if any.")
    meeting_id = serializers.SerializerMethodField(help_text="The huddle meeting it was raised from, if any.")

    class Meta:
        model = Flag
        fields = [
            "id", "title", "description", "category", "severity", "status",
            "team", "team_name", "holding_team", "holding_team_name", "tier", "hold",
            "raised_by", "raised_by_name", "raised_at", "assignee", "assignee_name",
            "focus_area", "cycle_id", "meeting_id",
            "held_since", "acknowledge_by", "resolve_by", "acknowledged_at",
            "next_escalation_at", "next_deadline", "overdue_since", "is_overdue",
            "resolved_at", "resolution", "learning", "url", "path", "passed_through",
        ]  # fmt: skip
        read_only_fields = fields
        list_serializer_class = FlagListSerializer

    def get_passed_through(self, flag) -> bool:
        # The viewer's own teams come from the view (``my_team_ids``): shapes know no permissions.
        mine = self.context.get("my_team_ids", frozenset())
        return any(h.outcome == FlagHold.Outcome.PASSED and h.team_id in mine for h in flag.holds.all())

    def get_assignee_name(self, flag) -> str | None:
        return flag.assignee.display_name if flag.assignee_id else None

    def to_representation(self, flag):
        known = self.context.get("flag_sources")  # a list names all its flags' sources at once
        self._flag_source: Source | None = known.get(flag.pk) if known is not None else source_of(flag)
        return super().to_representation(flag)

    def _source_id(self, flag, kind: str) -> int | None:
        source = self._flag_source
        return source.pk if source is not None and source.kind == kind else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_cycle_id(self, flag) -> int | None:
        return self._source_id(flag, "cycle")

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_meeting_id(self, flag) -> int | None:
        return self._source_id(flag, "meeting")


# What the models keep: a comment, reason or reply is one event's text (or a huddle's reply); a
# description, resolution and what was learned are the flag's own prose.
EVENT_TEXT_MAX = FlagEvent._meta.get_field("text").max_length
PROSE_MAX = Flag._meta.get_field("description").max_length


class FlagCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=Flag._meta.get_field("title").max_length)
    description = serializers.CharField(max_length=PROSE_MAX, help_text="What is happening.")
    category = serializers.ChoiceField(choices=Flag.Category.choices, default=Flag.Category.OTHER)
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.MEDIUM)
    team = TeamIdField(help_text="The team the flag concerns; you must belong to it.")
    focus_area = FocusAreaIdField(required=False, allow_null=True, default=None)


class FlagFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[*Flag.Status.choices, ("unresolved", "Not resolved"), ("all", "All")],
        required=False,
        help_text="Default: unresolved (open or acknowledged).",
    )
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)
    category = serializers.ChoiceField(choices=Flag.Category.choices, required=False)
    tier = serializers.ChoiceField(
        choices=Team.Kind.choices, required=False, help_text="The holding team's kind."
    )
    holding_team = serializers.IntegerField(required=False)
    team = serializers.IntegerField(required=False, help_text="The team the flag was raised for.")
    escalated = serializers.BooleanField(
        required=False, help_text="Only flags that climbed to a team you lead."
    )
    passed_through = serializers.BooleanField(
        required=False, help_text="Only flags the escalation job climbed past one of your teams in one pass."
    )
    assigned_to_me = serializers.BooleanField(required=False)
    raised_by_me = serializers.BooleanField(required=False)


class FlagEventSerializer(serializers.ModelSerializer):
    by_name = serializers.SerializerMethodField()
    from_team_name = serializers.CharField(
        source="from_team.name", read_only=True, allow_null=True, default=None
    )
    to_team_name = serializers.CharField(source="to_team.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = FlagEvent
        fields = [
            "id", "kind", "at", "by", "by_name", "hold", "automatic", "from_team", "from_team_name",
            "to_team", "to_team_name", "deadline", "due_at", "assignee", "text",
        ]  # fmt: skip
        read_only_fields = fields

    def get_by_name(self, event) -> str | None:
        return event.by.display_name if event.by_id else None


class AssignSerializer(serializers.Serializer):
    assignee = PersonIdField(
        allow_null=True, help_text="Someone in the holding team or above; null for nobody."
    )


class CommentSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=EVENT_TEXT_MAX)


class EscalateSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=EVENT_TEXT_MAX, help_text="Why it needs the team above.")


class SendDownSerializer(serializers.Serializer):
    reply = serializers.CharField(max_length=EVENT_TEXT_MAX, help_text="Goes to the raiser with the flag.")


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=PROSE_MAX)
    learning = serializers.CharField(max_length=PROSE_MAX, help_text="What was learned; searchable later.")


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=EVENT_TEXT_MAX, required=False, allow_blank=True, default="")


class LearningQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Words to search for."
    )


# --- Dashboard figures -----------------------------------------------------------------------------------


class CountSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class TierFiguresSerializer(serializers.Serializer):
    tier = serializers.CharField()
    held = serializers.IntegerField(help_text="Holds that began in the period.")
    median_hours_to_acknowledge = serializers.FloatField(allow_null=True)
    median_hours_to_resolve = serializers.FloatField(allow_null=True)
    escalated_share = serializers.FloatField(
        allow_null=True, help_text="Of the holds that ended, the share escalated."
    )


class WeekSerializer(serializers.Serializer):
    week = serializers.DateField(help_text="The Monday the week starts, in the network's time zone.")
    raised = serializers.IntegerField()
    resolved = serializers.IntegerField()
    median_hours_to_resolve = serializers.FloatField(allow_null=True)


class SummarySerializer(serializers.Serializer):
    unresolved = serializers.IntegerField()
    by_tier = CountSerializer(many=True)
    by_severity = CountSerializer(many=True)
    by_team = CountSerializer(many=True)
    tiers = TierFiguresSerializer(many=True)
    weeks = WeekSerializer(many=True)


# --- Policy ----------------------------------------------------------------------------------------------


class DurationTextField(serializers.CharField):
    """A duration as people write it: "4h", "1d", "1d 4h", "30m"; days are working days."""

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        # Checked here, not with max_length: validators run on the parsed value, a timedelta.
        if len(text) > 40:
            raise serializers.ValidationError("Write a short duration, e.g. 4h or 1d 4h.")
        try:
            return parse_duration(text)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None

    def to_representation(self, value):
        return format_duration(value)


class RuleSerializer(serializers.Serializer):
    severity = serializers.ChoiceField(choices=Severity.choices)
    acknowledge_within = DurationTextField()
    resolve_within = DurationTextField()
    count_every_hour = serializers.BooleanField(default=False)


class WorkingHoursSerializer(serializers.Serializer):
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6),
        min_length=1,
        max_length=7,
        help_text="0 = Monday … 6 = Sunday.",
    )
    day_starts = serializers.TimeField()
    day_ends = serializers.TimeField()


class ClosedPeriodSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=ClosedPeriod.Kind.choices, default=ClosedPeriod.Kind.HOLIDAY)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class PolicySerializer(serializers.Serializer):
    rules = RuleSerializer(many=True, max_length=len(Severity.choices))
    working_hours = WorkingHoursSerializer()
    closed_periods = ClosedPeriodSerializer(many=True, max_length=500)

    def validate_rules(self, rules):
        severities = [rule["severity"] for rule in rules]
        if len(severities) != len(set(severities)):
            raise serializers.ValidationError("Give each severity once.")
        return rules
