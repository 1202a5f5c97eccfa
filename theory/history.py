"""The theory's history: every service appends one event per node it touches; replaying the events
up to a moment rebuilds the theory as it stood then.

A node's snapshot is the whole node as plain JSON, so replay needs nothing but the events: the state
of each node is its last event up to the moment, and a ``deleted`` event removes it. Parts whose
parent was deleted (a vote on a deleted cause, a link to a deleted driver) fall away when the
diagram is assembled from the snapshots, as they fell away from the tables by cascade.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Model

from playbook import clock
from theory.models import (
    Cause,
    CauseVote,
    ChangeIdea,
    ChangeIdeaLink,
    Driver,
    DriverLink,
    Fishbone,
    FishboneCategory,
    RootCauseLink,
    TheoryEvent,
    WhyAnalysis,
    WhyChain,
    WhyStep,
)

Diagram = TheoryEvent.Diagram
Action = TheoryEvent.Action

# node kind, the diagram it belongs to, and the snapshot of one row
KINDS: dict[type[Model], tuple[str, str]] = {
    WhyAnalysis: ("why_analysis", Diagram.WHYS),
    WhyChain: ("why_chain", Diagram.WHYS),
    WhyStep: ("why_step", Diagram.WHYS),
    Fishbone: ("fishbone", Diagram.FISHBONE),
    FishboneCategory: ("category", Diagram.FISHBONE),
    Cause: ("cause", Diagram.FISHBONE),
    CauseVote: ("cause_vote", Diagram.FISHBONE),
    Driver: ("driver", Diagram.DRIVERS),
    DriverLink: ("driver_link", Diagram.DRIVERS),
    ChangeIdea: ("change_idea", Diagram.DRIVERS),
    ChangeIdeaLink: ("idea_link", Diagram.DRIVERS),
    RootCauseLink: ("root_cause_link", Diagram.DRIVERS),
}


def snapshot(node: Model) -> dict:
    """The node as replay needs it: its own fields and the ids of what it hangs from."""
    if isinstance(node, WhyAnalysis):
        participants = sorted(person.pk for person in node.participants.all())  # uses a prefetch
        return {"problem": node.problem, "participants": participants}
    if isinstance(node, WhyChain):
        return {"analysis": node.analysis_id, "position": node.position}
    if isinstance(node, WhyStep):
        return {
            "chain": node.chain_id,
            "position": node.position,
            "why": node.why,
            "because": node.because,
            "is_root_cause": node.is_root_cause,
        }
    if isinstance(node, Fishbone):
        return {"effect": node.effect}
    if isinstance(node, FishboneCategory):
        return {"name": node.name, "position": node.position}
    if isinstance(node, Cause):
        return {
            "category": node.category_id,
            "parent": node.parent_id,
            "text": node.text,
            "position": node.position,
        }
    if isinstance(node, CauseVote):
        return {"cause": node.cause_id, "voter": node.voter_id}
    if isinstance(node, Driver):
        return {"kind": node.kind, "text": node.text, "position": node.position}
    if isinstance(node, DriverLink):
        return {"primary": node.primary_id, "secondary": node.secondary_id}
    if isinstance(node, ChangeIdea):
        return {
            "title": node.title,
            "description": node.description,
            "status": node.status,
            "archived": node.archived_at is not None,
        }
    if isinstance(node, ChangeIdeaLink):
        return {"driver": node.driver_id, "change_idea": node.change_idea_id}
    if isinstance(node, RootCauseLink):
        return {"driver": node.driver_id, "why_step": node.why_step_id, "cause": node.cause_id}
    raise TypeError(f"{type(node).__name__} is not part of the theory")


def record(
    *,
    node: Model,
    action: str,
    by,
    summary: str,
    before: dict | None = None,
    deleted_pk: int | None = None,
) -> TheoryEvent:
    """Append one event. Call it after the write, inside the service's transaction.

    For a deletion pass the pk the row had (Django clears it) and its snapshot as ``before``.
    """
    kind, diagram = KINDS[type(node)]
    after = None if action == Action.DELETED else snapshot(node)
    return TheoryEvent.objects.create(
        focus_area_id=node.focus_area_id,
        diagram=diagram,
        action=action,
        node_kind=kind,
        node_id=deleted_pk if deleted_pk is not None else node.pk,
        summary=summary[:500],
        before=before,
        after=after,
        by=by,
        at=clock.now(),
    )


def replay(events) -> dict[str, dict[int, dict]]:
    """Fold events (oldest first) into ``{node kind: {node id: snapshot}}``."""
    state: dict[str, dict[int, dict]] = {}
    for event in events:
        nodes = state.setdefault(event.node_kind, {})
        if event.action == Action.DELETED:
            nodes.pop(event.node_id, None)
        else:
            nodes[event.node_id] = event.after
    return state


def state_as_of(focus_area_id: int, diagram: str, moment: datetime) -> dict[str, dict[int, dict]]:
    """One query: the diagram's nodes as they stood at ``moment``."""
    events = TheoryEvent.objects.filter(focus_area_id=focus_area_id, diagram=diagram, at__lte=moment)
    return replay(events.only("node_kind", "node_id", "action", "after").order_by("at", "id"))
