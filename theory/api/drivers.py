"""The driver diagram's API: drivers, the links between them, the root causes they address, and the
whole diagram (today or as it stood then, as JSON or SVG)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from measures.permissions import visible_focus_areas
from theory import selectors, services
from theory import serializers as s
from theory.api.common import AS_OF, SVG, Listing, TheoryViewSet, as_of, svg_response
from theory.models import Driver, DriverLink, RootCauseLink


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class DriverViewSet(*Listing, TheoryViewSet):
    """Primary and secondary drivers. Whoever may shape the focus area (its owner, the team's lead,
    leaders above) adds, renames (``text``), moves (``position``) and deletes them."""

    model = Driver
    serializer_class = s.DriverSerializer

    def create(self, request):
        data = self.validated()
        driver = services.add_driver(
            focus_area=data["focus_area"], by=request.user, kind=data["kind"], text=data["text"],
            position=data.get("position"),
        )  # fmt: skip
        return self.created(driver)

    def partial_update(self, request, pk=None):
        driver = self.get_object()
        data = self.validated(driver)
        services.update_driver(
            driver=driver, by=request.user, text=data.get("text"), position=data.get("position")
        )
        return self.refreshed(driver)

    def destroy(self, request, pk=None):
        services.delete_driver(driver=self.get_object(), by=request.user)
        return self.deleted()


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class DriverLinkViewSet(*Listing, TheoryViewSet):
    """ "This secondary driver serves that primary one." Links stay within one focus area and point
    towards the aim, so a diagram never loops."""

    model = DriverLink
    serializer_class = s.DriverLinkSerializer

    def create(self, request):
        return self.created(services.link_drivers(by=request.user, **self.validated()))

    def destroy(self, request, pk=None):
        services.unlink_drivers(link=self.get_object(), by=request.user)
        return self.deleted()


@extend_schema_view(list=extend_schema(parameters=[s.NodeFilterSerializer]))
class RootCauseLinkViewSet(*Listing, TheoryViewSet):
    """A root cause (a 5 Whys step marked as root cause, or a fishbone cause) and the driver that
    addresses it."""

    model = RootCauseLink
    serializer_class = s.RootCauseLinkSerializer

    def create(self, request):
        data = self.validated()
        link = services.link_root_cause(
            driver=data["driver"], by=request.user, why_step=data.get("why_step"), cause=data.get("cause")
        )
        return self.created(link)

    def destroy(self, request, pk=None):
        services.unlink_root_cause(link=self.get_object(), by=request.user)
        return self.deleted()


class DriverDiagramViewSet(TheoryViewSet):
    """A focus area's whole driver diagram (by the focus area's id), today or as it stood then."""

    serializer_class = s.DriverDiagramSerializer
    filter_serializer_class = None

    def get_queryset(self):
        return visible_focus_areas(self.request.user).select_related("team__network")

    @AS_OF
    def retrieve(self, request, pk=None):
        focus_area = self.get_object()
        moment = as_of(request, focus_area)
        diagram = selectors.driver_diagram(focus_area, as_of=moment)
        diagram.focus_area, diagram.as_of = focus_area.pk, moment
        return Response(self.get_serializer(diagram).data)

    @extend_schema(parameters=[s.AsOfSerializer], responses={(200, "image/svg+xml"): SVG.response})
    @action(detail=True, methods=["get"])
    def svg(self, request, pk=None):
        focus_area = self.get_object()
        diagram = selectors.driver_diagram(focus_area, as_of=as_of(request, focus_area))
        return svg_response(diagram.svg(title=f"Driver diagram: {focus_area.title}"))
