"""The fishbone's API: one per focus area, its categories (the bones), causes and sub-causes, votes,
and the whole diagram (today or as it stood then, as JSON or SVG)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from playbook.api.errors import Conflict
from theory import selectors, services
from theory import serializers as s
from theory.api.common import NOT_STARTED, SVG, Listing, TheoryViewSet, as_of, svg_response
from theory.models import Cause, Fishbone, FishboneCategory


def _drawn(request, fishbone: Fishbone, **kwargs):
    """The diagram as it stood then; a moment before the fishbone was started is a 409."""
    moment = as_of(request, fishbone.focus_area)
    drawn = selectors.fishbone_diagram(fishbone.focus_area, as_of=moment, **kwargs)
    if drawn is None:
        raise Conflict("The fishbone had not been started then.")
    return drawn, moment


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class FishboneViewSet(*Listing, TheoryViewSet):
    """One fishbone per focus area. Anyone in the team starts it; whoever shapes the focus area
    changes its ``effect``. ``GET .../diagram/`` gives the whole diagram with causes and votes."""

    model = Fishbone
    serializer_class = s.FishboneSerializer

    def create(self, request):
        data = self.validated()
        fishbone = services.start_fishbone(
            focus_area=data["focus_area"], by=request.user, effect=data.get("effect", ""),
            categories=data.get("categories"),
        )  # fmt: skip
        return self.created(fishbone)

    def partial_update(self, request, pk=None):
        fishbone = self.get_object()
        data = self.validated(fishbone)
        services.update_fishbone(fishbone=fishbone, by=request.user, effect=data.get("effect"))
        return self.refreshed(fishbone)

    @extend_schema(
        parameters=[s.AsOfSerializer], responses={200: s.FishboneDiagramSerializer, 409: NOT_STARTED}
    )
    @action(detail=True, methods=["get"])
    def diagram(self, request, pk=None):
        fishbone = self.get_object()
        drawn, moment = _drawn(request, fishbone, user=request.user)
        drawn.focus_area, drawn.as_of = fishbone.focus_area_id, moment
        return Response(s.FishboneDiagramSerializer(drawn).data)

    @extend_schema(
        parameters=[s.AsOfSerializer], responses={(200, "image/svg+xml"): SVG.response, 409: NOT_STARTED}
    )
    @action(detail=True, methods=["get"])
    def svg(self, request, pk=None):
        drawn, _ = _drawn(request, self.get_object())
        return svg_response(drawn.svg(title=f"Fishbone: {drawn.effect}"))


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class FishboneCategoryViewSet(*Listing, TheoryViewSet):
    """The bones of a fishbone. Whoever shapes the focus area adds, renames, moves and deletes them;
    a category that still holds causes is not deleted."""

    model = FishboneCategory
    serializer_class = s.FishboneCategorySerializer

    def create(self, request):
        data = self.validated()
        category = services.add_category(
            fishbone=data["fishbone"], by=request.user, name=data["name"], position=data.get("position")
        )
        return self.created(category)

    def partial_update(self, request, pk=None):
        category = self.get_object()
        data = self.validated(category)
        services.update_category(
            category=category, by=request.user, name=data.get("name"), position=data.get("position")
        )
        return self.refreshed(category)

    def destroy(self, request, pk=None):
        services.delete_category(category=self.get_object(), by=request.user)
        return self.deleted()


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class CauseViewSet(*Listing, TheoryViewSet):
    """Causes and sub-causes. Anyone in the team adds them and votes; their author and whoever shapes
    the focus area reword, move and delete them."""

    model = Cause
    serializer_class = s.CauseSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("votes")

    def create(self, request):
        data = self.validated()
        cause = services.add_cause(
            category=data["category"], by=request.user, text=data["text"], parent=data.get("parent"),
            position=data.get("position"),
        )  # fmt: skip
        return self.created(cause)

    def partial_update(self, request, pk=None):
        cause = self.get_object()
        data = self.validated(cause)
        services.update_cause(
            cause=cause, by=request.user, text=data.get("text"), category=data.get("category"),
            position=data.get("position"),
        )  # fmt: skip
        return self.refreshed(cause)

    def destroy(self, request, pk=None):
        services.delete_cause(cause=self.get_object(), by=request.user)
        return self.deleted()

    @extend_schema(
        request=None, responses=s.CauseSerializer, methods=["POST"], description="Vote for it (once)."
    )
    @extend_schema(
        # A DELETE is documented as a 204 unless told otherwise; this one answers the cause.
        request=None,
        responses={200: s.CauseSerializer},
        methods=["DELETE"],
        description="Take the vote back.",
    )
    @action(detail=True, methods=["post", "delete"])
    def vote(self, request, pk=None):
        cause = self.get_object()
        verb = services.vote if request.method == "POST" else services.unvote
        verb(cause=cause, by=request.user)
        return self.refreshed(cause)
