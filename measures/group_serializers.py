"""The API's shapes for pupil groups and a measure's figures per group (suppression applied)."""

from __future__ import annotations

from rest_framework import serializers

from measures.models import PupilGroup

MAX_BULK_GROUP_POINTS = 2000


class PupilGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = PupilGroup
        fields = ["id", "dimension", "name", "position"]


class GroupPointSerializer(serializers.Serializer):
    """One group's figure for one period. A hidden figure has every number null and says why."""

    id = serializers.IntegerField(source="point.pk")
    group = PupilGroupSerializer()
    period = serializers.DateField()
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)
    observations = serializers.ListField(child=serializers.FloatField(), allow_null=True)
    pupils = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField(source="hidden")
    suppressed_reason = serializers.CharField(source="reason")

    def to_representation(self, cell):
        data = super().to_representation(cell)
        point = cell.point
        for key in ("value", "numerator", "denominator", "observations"):
            data[key] = None if cell.hidden else getattr(point, key)
        data["pupils"] = cell.pupils
        return data


class GroupPointInputSerializer(serializers.Serializer):
    group = serializers.IntegerField(min_value=1, help_text="The pupil group's id (GET pupil-groups/).")
    period = serializers.DateField()
    value = serializers.FloatField(required=False, allow_null=True)
    numerator = serializers.FloatField(required=False, allow_null=True)
    denominator = serializers.FloatField(required=False, allow_null=True)
    observations = serializers.ListField(
        child=serializers.FloatField(), required=False, allow_null=True, max_length=1000
    )
    pupils = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=1_000_000)


class GroupPointFilterSerializer(serializers.Serializer):
    dimension = serializers.CharField(required=False, max_length=80)
    group = serializers.IntegerField(required=False, min_value=1)
