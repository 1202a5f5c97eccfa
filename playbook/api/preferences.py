"""``/api/v1/me/notification-preferences/``: how the signed-in person gets each kind of notification."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from playbook import permissions, preferences
from playbook.services.preferences import set_notification_preferences


class KindChoiceSerializer(serializers.Serializer):
    kind = serializers.CharField(source="kind.name")
    label = serializers.CharField(source="kind.label")
    description = serializers.CharField(source="kind.description")
    delivery = serializers.ChoiceField(choices=preferences.Delivery.choices)
    chosen = serializers.BooleanField(help_text="False when the kind follows the general email switch.")


class NotificationPreferencesSerializer(serializers.Serializer):
    default = serializers.ChoiceField(
        choices=preferences.Delivery.choices,
        help_text="What a kind without a choice of its own gets: the general email switch.",
    )
    kinds = KindChoiceSerializer(many=True)


CHOICES_BODY = {
    "type": "object",
    "additionalProperties": {"type": "string", "enum": list(preferences.Delivery.values)},
    "example": {"cycle-comment": "digest", "andon": "immediate"},
}


class NotificationPreferencesView(APIView):
    """Per kind: at once (in the app and by email), in the weekly digest, or off (in the app only).

    Send ``{kind: delivery}``. PATCH changes the kinds given; PUT also returns every kind left out
    to the general switch. An unknown kind or delivery is a 400 naming it, and nothing is saved.
    """

    def _person(self):
        # A fresh copy of the signed-in person, through the policy like every other read.
        return permissions.visible_people(self.request.user).get(pk=self.request.user.pk)

    def _answer(self, person):
        data = {"default": preferences.default_delivery(person), "kinds": preferences.choices_of(person)}
        return Response(NotificationPreferencesSerializer(data).data)

    @extend_schema(responses=NotificationPreferencesSerializer)
    def get(self, request):
        return self._answer(self._person())

    @extend_schema(request={"application/json": CHOICES_BODY}, responses=NotificationPreferencesSerializer)
    def put(self, request):
        return self._change(request, replace=True)

    @extend_schema(request={"application/json": CHOICES_BODY}, responses=NotificationPreferencesSerializer)
    def patch(self, request):
        return self._change(request, replace=False)

    def _change(self, request, *, replace: bool):
        person = self._person()
        choices = request.data.dict() if hasattr(request.data, "dict") else request.data
        set_notification_preferences(person=person, by=request.user, choices=choices, replace=replace)
        return self._answer(person)
