"""Permission rows for theory of change: the driver diagram, fishbone and 5 Whys pages and API.

Plain data in the format of tests/support/permission_tables.py; tests/theory/test_permission_table.py
runs it. Team A's focus area is owned by its lead, who built every part of its theory.
"""

from types import SimpleNamespace

from tests.support.factories import FocusAreaFactory
from tests.support.permission_tables import Row, S
from theory import services
from theory.models import ChangeIdeaLink, TheoryEvent


def world(personas) -> SimpleNamespace:
    lead = personas.lead
    focus_area = FocusAreaFactory(team=personas.team_a, owner=lead, title="Reading fluency")
    primary = services.add_driver(focus_area=focus_area, by=lead, kind="primary", text="Daily practice")
    secondary = services.add_driver(focus_area=focus_area, by=lead, kind="secondary", text="Paired time")
    driver_link = services.link_drivers(primary=primary, secondary=secondary, by=lead)
    idea = services.create_change_idea(
        focus_area=focus_area, by=lead, title="Paired reading", drivers=[secondary]
    )
    fishbone = services.start_fishbone(focus_area=focus_area, by=lead, effect="Slow reading")
    category = services.add_category(fishbone=fishbone, by=lead, name="Time")
    cause = services.add_cause(category=category, by=lead, text="No quiet time")
    analysis = services.start_why_analysis(focus_area=focus_area, by=lead, problem="Pupils read slowly")
    chain = services.add_why_chain(analysis=analysis, by=lead, why="Why slow?", because="Little practice")
    step = services.mark_root_cause(step=chain.steps.get(), by=lead)
    root_cause_link = services.link_root_cause(driver=secondary, by=lead, why_step=step)
    return SimpleNamespace(
        **vars(personas),
        focus_area=focus_area,
        primary=primary,
        secondary=secondary,
        driver_link=driver_link,
        idea=idea,
        idea_link=ChangeIdeaLink.objects.get(change_idea=idea),
        fishbone=fishbone,
        category=category,
        cause=cause,
        analysis=analysis,
        chain=chain,
        step=step,
        root_cause_link=root_cause_link,
        event=TheoryEvent.objects.filter(focus_area=focus_area).latest("pk"),
    )


def pk_of(name):
    return lambda w: {"pk": getattr(w, name).pk}


# Statuses in PERSONAS order:
#   outsider sibling_member member lead leader admin anonymous
ROWS = [
    Row("theory-index", "get", S("200 200 200 200 200 200 302")),
    Row("theory-drivers", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("focus_area")),
    Row("theory-drivers-svg", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("focus_area")),
    Row("theory-fishbone", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("focus_area")),
    Row("focus-area-story", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("focus_area")),
    Row("theory-fishbone-svg", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("focus_area")),
    Row("theory-whys", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("focus_area")),
    Row("theory-history", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("focus_area")),
    Row("theory-driver-add", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("focus_area")),
    Row("theory-idea-add", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("focus_area")),
    Row("theory-driver-rename", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("secondary")),
    Row("theory-driver-move", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("secondary")),
    Row("theory-driver-delete", "post", S("404 404 403 302 302 302 302"), kwargs=pk_of("secondary")),
    Row("theory-driver-link", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("secondary")),
    Row("theory-root-cause-link", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("secondary")),
    Row("theory-driver-unlink", "post", S("404 404 403 302 302 302 302"), kwargs=pk_of("driver_link")),
    Row(
        "theory-root-cause-unlink", "post", S("404 404 403 302 302 302 302"), kwargs=pk_of("root_cause_link")
    ),
    Row("theory-idea-edit", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("idea")),
    Row("theory-idea-link", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("idea")),
    Row("theory-idea-archive", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("idea")),
    Row("theory-idea-delete", "post", S("404 404 403 302 302 302 302"), kwargs=pk_of("idea")),
    Row("theory-idea-unlink", "post", S("404 404 403 302 302 302 302"), kwargs=pk_of("idea_link")),
    Row("theory-fishbone-start", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("focus_area")),
    Row("theory-fishbone-effect", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("fishbone")),
    Row("theory-category-add", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("fishbone")),
    Row("theory-category-rename", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("category")),
    Row("theory-category-move", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("category")),
    Row("theory-category-delete", "post", S("404 404 403 400 400 400 302"), kwargs=pk_of("category")),
    Row("theory-cause-add", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("category")),
    Row("theory-cause-edit", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("cause")),
    Row("theory-cause-move", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("cause")),
    Row("theory-cause-delete", "post", S("404 404 403 302 302 302 302"), kwargs=pk_of("cause")),
    Row("theory-cause-vote", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("cause")),
    Row("theory-why-start", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("focus_area")),
    Row("theory-why-edit", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("analysis")),
    Row("theory-why-delete", "post", S("404 404 403 302 302 302 302"), kwargs=pk_of("analysis")),
    Row("theory-chain-add", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("analysis")),
    Row("theory-chain-delete", "post", S("404 404 403 302 302 302 302"), kwargs=pk_of("chain")),
    Row("theory-step-add", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("chain")),
    Row("theory-step-edit", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("step")),
    Row("theory-step-move", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("step")),
    Row("theory-step-root", "post", S("404 404 400 400 400 400 302"), kwargs=pk_of("step")),
    Row("theory-step-delete", "post", S("404 404 403 302 302 302 302"), kwargs=pk_of("step")),
    Row("api-why-analysis-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-why-analysis-list", "post", S("400 400 400 400 400 400 401")),
    Row("api-why-analysis-detail", "delete", S("404 404 403 204 204 204 401"), kwargs=pk_of("analysis")),
    Row("api-why-analysis-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("analysis")),
    Row("api-why-analysis-detail", "patch", S("404 404 403 200 200 200 401"), kwargs=pk_of("analysis")),
    Row("api-why-analysis-chains", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("analysis")),
    Row("api-why-chain-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-why-chain-list", "post", S("400 400 400 400 400 400 401")),
    Row("api-why-chain-detail", "delete", S("404 404 403 204 204 204 401"), kwargs=pk_of("chain")),
    Row("api-why-chain-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("chain")),
    Row("api-why-step-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-why-step-list", "post", S("400 400 400 400 400 400 401")),
    Row("api-why-step-detail", "delete", S("404 404 403 204 204 204 401"), kwargs=pk_of("step")),
    Row("api-why-step-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("step")),
    Row("api-why-step-detail", "patch", S("404 404 403 200 200 200 401"), kwargs=pk_of("step")),
    Row("api-fishbone-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-fishbone-list", "post", S("400 400 400 400 400 400 401")),
    Row("api-fishbone-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("fishbone")),
    Row("api-fishbone-detail", "patch", S("404 404 403 200 200 200 401"), kwargs=pk_of("fishbone")),
    Row("api-fishbone-diagram", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("fishbone")),
    Row("api-fishbone-svg", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("fishbone")),
    Row("api-fishbone-category-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-fishbone-category-list", "post", S("400 400 400 400 400 400 401")),
    Row("api-fishbone-category-detail", "delete", S("404 404 403 400 400 400 401"), kwargs=pk_of("category")),
    Row("api-fishbone-category-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("category")),
    Row("api-fishbone-category-detail", "patch", S("404 404 403 200 200 200 401"), kwargs=pk_of("category")),
    Row("api-cause-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-cause-list", "post", S("400 400 400 400 400 400 401")),
    Row("api-cause-detail", "delete", S("404 404 403 204 204 204 401"), kwargs=pk_of("cause")),
    Row("api-cause-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("cause")),
    Row("api-cause-detail", "patch", S("404 404 403 200 200 200 401"), kwargs=pk_of("cause")),
    Row("api-cause-vote", "delete", S("404 404 200 200 200 200 401"), kwargs=pk_of("cause")),
    Row("api-cause-vote", "post", S("404 404 200 200 200 200 401"), kwargs=pk_of("cause")),
    Row("api-driver-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-driver-list", "post", S("400 400 400 400 400 400 401")),
    Row("api-driver-detail", "delete", S("404 404 403 204 204 204 401"), kwargs=pk_of("secondary")),
    Row("api-driver-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("secondary")),
    Row("api-driver-detail", "patch", S("404 404 403 200 200 200 401"), kwargs=pk_of("secondary")),
    Row("api-driver-link-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-driver-link-list", "post", S("400 400 400 400 400 400 401")),
    Row("api-driver-link-detail", "delete", S("404 404 403 204 204 204 401"), kwargs=pk_of("driver_link")),
    Row("api-driver-link-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("driver_link")),
    Row("api-change-idea-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-change-idea-list", "post", S("400 400 400 400 400 400 401")),
    Row("api-change-idea-detail", "delete", S("404 404 403 204 204 204 401"), kwargs=pk_of("idea")),
    Row("api-change-idea-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("idea")),
    Row("api-change-idea-detail", "patch", S("404 404 403 200 200 200 401"), kwargs=pk_of("idea")),
    Row("api-change-idea-archive", "post", S("404 404 403 200 200 200 401"), kwargs=pk_of("idea")),
    Row("api-change-idea-restore", "post", S("404 404 403 200 200 200 401"), kwargs=pk_of("idea")),
    Row("api-change-idea-link-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-change-idea-link-list", "post", S("400 400 400 400 400 400 401")),
    Row("api-change-idea-link-detail", "delete", S("404 404 403 204 204 204 401"), kwargs=pk_of("idea_link")),
    Row("api-change-idea-link-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("idea_link")),
    Row("api-root-cause-link-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-root-cause-link-list", "post", S("400 400 400 400 400 400 401")),
    Row(
        "api-root-cause-link-detail",
        "delete",
        S("404 404 403 204 204 204 401"),
        kwargs=pk_of("root_cause_link"),
    ),
    Row(
        "api-root-cause-link-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("root_cause_link")
    ),
    Row("api-driver-diagram-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("focus_area")),
    Row("api-driver-diagram-svg", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("focus_area")),
    Row("api-theory-event-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-theory-event-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("event")),
]
