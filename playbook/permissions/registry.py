"""The rule for each model, and the questions every view, API view and task asks of them.

A rule is ``rule(access, obj, action) -> (visible, allowed)``. Apps register theirs from their own
``permissions.py``; ``autodiscover`` imports those modules at start-up and ``check_every_model_has_a_rule``
(a system check) refuses to start when a first-party model has neither a rule nor a place on the
exempt list, so a new model cannot slip past the policy.
"""

from __future__ import annotations

from django.apps import apps
from django.core import checks
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.module_loading import autodiscover_modules

from playbook.models import Notification, User
from playbook.permissions.policy import NO_ACCESS, VIEW, Access, access_for

RULES: dict[type[Model], object] = {}
EXEMPT: dict[type[Model], str] = {}

# The apps whose models must all be covered: ours, not Django's or third parties'.
FIRST_PARTY_APPS = ("playbook", "measures", "theory", "cycles", "andon", "huddles", "demo")


def register(model: type[Model], rule) -> None:
    """Give ``model`` its rule: ``rule(access, obj, action) -> (visible, allowed)``."""
    RULES[model] = rule


def exempt(model: type[Model], reason: str) -> None:
    """Say why ``model`` needs no rule (nobody reads it by id: a log, a join row, a job's record)."""
    EXEMPT[model] = reason


def autodiscover() -> None:
    autodiscover_modules("permissions")


def check(user, obj: Model, action: str = VIEW) -> tuple[bool, bool]:
    """(may see it at all, may do ``action`` to it)."""
    access = access_for(user)
    if access is NO_ACCESS:
        # A person outside every network still owns their notifications and account.
        if isinstance(obj, Notification | User) and user is not None and user.is_authenticated:
            return RULES[type(obj)](Access(user.pk, None, False), obj, action)
        return False, False
    rule = RULES.get(type(obj))
    if rule is None:
        raise LookupError(f"No permission rule for {type(obj).__name__}")
    return rule(access, obj, action)


def can(user, action: str, obj: Model) -> bool:
    return check(user, obj, action)[1]


def can_view(user, obj: Model) -> bool:
    return check(user, obj, VIEW)[0]


def require(user, obj: Model, action: str = VIEW) -> Model:
    """Raise 404 when the user may not see ``obj``, 403 when they see it but may not ``action`` it."""
    visible, allowed = check(user, obj, action)
    if not visible:
        raise Http404("Not found.")
    if not allowed:
        raise PermissionDenied("You don't have permission to do that.")
    return obj


def get_for_user(user, source: type[Model] | QuerySet, pk, action: str = VIEW) -> Model:
    """Fetch one object and authorize ``action`` on it in one call."""
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    try:
        obj = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None
    return require(user, obj, action)


@checks.register(checks.Tags.security)
def check_every_model_has_a_rule(app_configs=None, **kwargs):
    errors = []
    for config in apps.get_app_configs():
        if config.label not in FIRST_PARTY_APPS:
            continue
        for model in config.get_models():
            if model not in RULES and model not in EXEMPT:
                errors.append(
                    checks.Error(
                        f"{model._meta.label} has no permission rule.",
                        hint=f"Register a rule in {config.name}/permissions.py, or exempt it with a reason.",
                        obj=model,
                        id="playbook.E001",
                    )
                )
    return errors
