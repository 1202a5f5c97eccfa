"""Building learning goals and shared values for tests."""

from datetime import date

from cycles.services.agenda import create_learning_goal
from playbook.values import create_network_value

PERIOD = (date(2026, 1, 5), date(2026, 7, 17))  # holds tests.support.cycles' START and END


def make_goal(world, team=None, by=None, **fields):
    """Cluster A's goal, kept by its leader, serving Team A's reading focus area and its idea."""
    values = {
        "title": "Every pupil reads fluently",
        "starts_on": PERIOD[0],
        "ends_on": PERIOD[1],
        "focus_areas": [world.focus_area],
        "change_ideas": [world.idea],
        **fields,
    }
    return create_learning_goal(team=team or world.cluster_a, by=by or world.leader, **values)


def make_value(personas, name="Pupils first", **fields):
    return create_network_value(network=personas.network, by=personas.admin, name=name, **fields)
