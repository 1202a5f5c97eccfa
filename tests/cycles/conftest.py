"""Fixtures for the cycles tests: Team A's reading focus area, a measure, a change idea, and plans.

The builders themselves live in tests/support/cycles.py, so test modules import them from there.
"""

import pytest

from tests.support.cycles import make_plan, make_world


@pytest.fixture
def world(personas):
    return make_world(personas)


@pytest.fixture
def plan(world):
    return make_plan(world)
