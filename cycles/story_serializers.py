"""The story API's shapes: a focus area's story (``cycles.stories.Story.as_data``) and its links."""

from __future__ import annotations

from rest_framework import serializers

from cycles.models import StoryLink


def _text(**extra):
    return serializers.CharField(allow_blank=True, **extra)


class StoryPhaseSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    starts = serializers.CharField(help_text="The phase's first period.")
    ends = serializers.CharField(help_text="The phase's last period.")
    centre = serializers.FloatField(allow_null=True)


class StoryMeasureSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField(help_text="outcome, process or balancing")
    caption = _text()
    phases = StoryPhaseSerializer(many=True)


class StoryRevisionSerializer(serializers.Serializer):
    day = serializers.DateField()
    changes = serializers.ListField(child=serializers.CharField(), help_text="The day's first changes.")
    more = serializers.IntegerField(help_text="How many more changes that day.")
    by = serializers.ListField(child=serializers.CharField())


class StoryTheorySerializer(serializers.Serializer):
    revisions = StoryRevisionSerializer(many=True)


class StoryPredictionSerializer(serializers.Serializer):
    statement = serializers.CharField()
    expectation = _text()
    outcome = _text(help_text="met, partly_met, not_met, or blank while not studied")
    outcome_label = serializers.CharField()
    outcome_class = serializers.CharField(help_text="met, partly, missed or open")
    actual = _text()
    study_note = _text()
    studied_by = _text()


class StoryNoteSerializer(serializers.Serializer):
    observed_on = serializers.DateField()
    text = serializers.CharField()
    author = serializers.CharField()


class StoryCycleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    team = serializers.CharField()
    stage = serializers.CharField()
    stage_label = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    owner = serializers.CharField()
    collaborators = serializers.ListField(child=serializers.CharField())
    objective = _text()
    what_happened = _text()
    deviations = _text()
    decision = _text(help_text="adopt, adopt_scale, adapt, abandon, or blank while not decided")
    decision_label = _text()
    decision_reasoning = _text()
    next_steps = _text()
    abandoned = serializers.BooleanField(help_text="Stopped, or decided abandon: shown with what it taught.")
    taught = _text(help_text="What an abandoned cycle taught.")
    predictions = StoryPredictionSerializer(many=True)
    notes = StoryNoteSerializer(many=True)


class StoryIdeaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = _text()
    status = serializers.CharField()
    status_label = serializers.CharField()
    on_diagram = serializers.BooleanField(help_text="False for an idea taken off the diagram.")
    cycles = StoryCycleSerializer(many=True)


class StoryCountsSerializer(serializers.Serializer):
    cycles = serializers.IntegerField()
    abandoned = serializers.IntegerField()
    predictions = serializers.IntegerField()
    met = serializers.IntegerField()
    partly_met = serializers.IntegerField()
    missed = serializers.IntegerField()
    not_yet = serializers.IntegerField()


class StorySerializer(serializers.Serializer):
    focus_area = serializers.IntegerField()
    title = serializers.CharField()
    team = serializers.CharField()
    problem = _text()
    aim = serializers.CharField()
    status = serializers.CharField()
    owner = serializers.CharField()
    names_hidden = serializers.BooleanField()
    counts = StoryCountsSerializer()
    measures = StoryMeasureSerializer(many=True)
    theory = StoryTheorySerializer()
    change_ideas = StoryIdeaSerializer(many=True)


class StoryLinkSerializer(serializers.ModelSerializer):
    made_by = serializers.CharField(source="made_by.display_name", read_only=True)
    revoked_by = serializers.CharField(source="revoked_by.display_name", read_only=True, allow_null=True)

    class Meta:
        model = StoryLink
        fields = ["id", "focus_area", "hide_names", "made_by", "created_at", "revoked_at", "revoked_by"]
        fields += ["last_opened_at"]
        read_only_fields = fields


class StoryLinkCreateSerializer(serializers.Serializer):
    hide_names = serializers.BooleanField(
        default=True, help_text="Replace every person's name with a word for their part (default true)."
    )


class MadeStoryLinkSerializer(StoryLinkSerializer):
    url = serializers.CharField(read_only=True, help_text="The link, shown this once: only its hash is kept.")

    class Meta(StoryLinkSerializer.Meta):
        fields = [*StoryLinkSerializer.Meta.fields, "url"]
        read_only_fields = fields
