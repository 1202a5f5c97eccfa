"""``/api/v1/network-values/``: the network's shared values. Everyone in the network reads them;
its admins add, change, reorder and remove them, through ``playbook.values``."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from playbook import permissions, values
from playbook.api.views import PlaybookViewSet
from playbook.models import Network, NetworkValue


class NetworkValueSerializer(serializers.ModelSerializer):
    description = serializers.CharField(required=False, allow_blank=True, max_length=300)

    class Meta:
        model = NetworkValue
        fields = ["id", "name", "description", "position"]
        read_only_fields = ["position"]
        validators = []  # unique names are the service's rule, answered on ``name``


class NetworkValueMoveSerializer(serializers.Serializer):
    position = serializers.IntegerField(min_value=0, help_text="The value's place in the list, from 0.")


class NetworkValueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlaybookViewSet):
    """The network's short list of shared values (at most seven), in their order."""

    serializer_class = NetworkValueSerializer
    object_actions = {**PlaybookViewSet.object_actions, "move": permissions.CHANGE}

    def get_queryset(self):
        return values.values_of(self.request.user)

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        network = Network.objects.filter(pk=request.user.network_id).first() or Network()
        value = values.create_network_value(network=network, by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(value).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        value = self.get_object()
        serializer = self.get_serializer(value, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        value = values.update_network_value(value=value, by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(value).data)

    def destroy(self, request, pk=None):
        values.delete_network_value(value=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=NetworkValueMoveSerializer, responses=NetworkValueSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        value = self.get_object()
        serializer = NetworkValueMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        value = values.move_network_value(
            value=value, by=request.user, to=serializer.validated_data["position"]
        )
        return Response(self.get_serializer(value).data)


ROUTES = [("network-values", NetworkValueViewSet, "api-network-value")]
PATHS = []
