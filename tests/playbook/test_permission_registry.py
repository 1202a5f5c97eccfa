"""The permission registry: every model of ours has a rule, or a reason why it needs none."""

from measures.models import Measure
from playbook.permissions import registry


def test_every_first_party_model_has_a_rule_or_a_reason():
    assert registry.check_every_model_has_a_rule() == []


def test_a_model_that_loses_its_rule_fails_the_start_up_check(monkeypatch):
    monkeypatch.delitem(registry.RULES, Measure)
    errors = registry.check_every_model_has_a_rule()
    assert [error.id for error in errors] == ["playbook.E001"]
    assert "measures.Measure has no permission rule" in errors[0].msg


def test_each_app_registers_its_own_rules_from_its_permissions_module():
    owners = {rule.__module__ for rule in registry.RULES.values()}
    assert owners == {
        "playbook.permissions.core",
        "measures.permissions",
        "theory.permissions",
        "cycles.permissions",
        "andon.permissions",
        "huddles.permissions",
    }
