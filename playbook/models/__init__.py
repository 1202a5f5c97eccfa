"""The core domain's tables, one module per topic."""

from playbook.models.measures import (
    DataPoint,
    DataPointRevision,
    FocusArea,
    Measure,
    MeasureTarget,
    StoredChart,
)
from playbook.models.people import Membership, Network, Notification, Team, User, WorkerHeartbeat

__all__ = [
    "DataPoint",
    "DataPointRevision",
    "FocusArea",
    "Measure",
    "MeasureTarget",
    "Membership",
    "Network",
    "Notification",
    "StoredChart",
    "Team",
    "User",
    "WorkerHeartbeat",
]
