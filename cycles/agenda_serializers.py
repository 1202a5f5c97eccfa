"""The learning agenda's API shapes: input checked here for form only; scope and dates are the
service's rules (a foreign id is a 400 on its field either way)."""

from __future__ import annotations

from rest_framework import serializers

from cycles.agenda import PERIODS, agenda_teams
from cycles.models import LearningGoal
from measures.models import FocusArea
from measures.serializers import BoundedListField
from playbook.models import Team
from theory.models import ChangeIdea

MAX_LINKS = 50  # focus areas or change ideas one goal names; an agenda goal is a theme, not a catalogue


class LearningGoalFilterSerializer(serializers.Serializer):
    team = serializers.IntegerField(required=False, help_text="Only this hub's or cluster's goals.")
    period = serializers.ChoiceField(choices=list(PERIODS), required=False, default="current")


class ProgressSerializer(serializers.Serializer):
    cycles = serializers.IntegerField()
    started = serializers.IntegerField()
    studied = serializers.IntegerField()
    predictions_met = serializers.IntegerField()
    adopted = serializers.IntegerField()
    adapted = serializers.IntegerField()
    abandoned = serializers.IntegerField()


class LearnedSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    team = serializers.CharField(source="team.name")
    decision = serializers.CharField()
    decided_at = serializers.DateTimeField()


class LinkList(BoundedListField):
    """Ids of linked rows: taken as given, answered by ``to_representation`` (only those the
    requester may see), so the field itself reads nothing from the goal."""

    def get_attribute(self, instance):
        return []


class LearningGoalSerializer(serializers.ModelSerializer):
    # Any id parses; the service answers ids outside the goal's team's subtree with a 400 on the field
    # (another network's ids included: they read the same as unknown ones).
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all())
    focus_areas = LinkList(
        child=serializers.PrimaryKeyRelatedField(queryset=FocusArea.objects.all()),
        required=False,
        max_length=MAX_LINKS,
        help_text="Focus areas of the goal's team or the teams below it (answered: those you may see).",
    )
    change_ideas = LinkList(
        child=serializers.PrimaryKeyRelatedField(queryset=ChangeIdea.objects.all()),
        required=False,
        max_length=MAX_LINKS,
        help_text="Change ideas of the goal's team or the teams below it (answered: those you may see).",
    )
    progress = serializers.SerializerMethodField()
    learned = serializers.SerializerMethodField()

    class Meta:
        model = LearningGoal
        fields = ["id", "team", "title", "description", "starts_on", "ends_on", "position",
                  "focus_areas", "change_ideas", "progress", "learned"]  # fmt: skip
        read_only_fields = ["position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        team = self.fields.get("team")
        if request is not None and not team.read_only:
            # Only the network's hub and clusters keep agendas; any other id is not one of the choices.
            team.queryset = agenda_teams(request.user)

    def _row(self, goal):
        return self.context.get("rows", {}).get(goal.pk)

    def get_progress(self, goal) -> ProgressSerializer:
        row = self._row(goal)
        return row.progress.as_dict() if row else None

    def get_learned(self, goal) -> LearnedSerializer(many=True):
        row = self._row(goal)
        return LearnedSerializer(row.progress.learned, many=True).data if row else []

    def to_representation(self, goal):
        data = super().to_representation(goal)
        row = self._row(goal)
        # Only the links the requester may see.
        data["focus_areas"] = [a.pk for a in row.focus_areas] if row else []
        data["change_ideas"] = [i.pk for i in row.change_ideas] if row else []
        return data


class LearningGoalUpdateSerializer(LearningGoalSerializer):
    team = serializers.PrimaryKeyRelatedField(read_only=True)


class LearningGoalMoveSerializer(serializers.Serializer):
    position = serializers.IntegerField(
        min_value=0, help_text="The goal's place on its team's agenda, from 0."
    )
