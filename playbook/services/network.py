"""Every write to networks, teams, people and memberships. Views, API and commands call these."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from playbook import invitations, permissions
from playbook.models import Membership, Network, Team, User
from playbook.notifications import notify


def _unique_team_slug(network: Network, name: str, exclude_pk=None) -> str:
    base = slugify(name)[:70] or "team"
    slug, n = base, 2
    taken = Team.objects.filter(network=network).exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _save_validated(obj, **full_clean_kwargs):
    obj.full_clean(**full_clean_kwargs)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:  # a race the validation could not see
        raise ValidationError(f"That clashes with an existing record ({exc.__cause__ or exc}).") from exc
    return obj


@transaction.atomic
def update_network(*, network: Network, by: User, **fields) -> Network:
    permissions.require(by, network, permissions.CHANGE)
    if "local_passwords" in fields:
        # Here, not at the top: it reaches allauth's views (playbook.sign_in), which need the apps loaded.
        from playbook.services.email_domains import check_local_passwords, passwords_turned_off

        network = Network.objects.select_for_update().get(pk=network.pk)
        check_local_passwords(network, fields["local_passwords"])
        if network.local_passwords and not fields["local_passwords"]:
            passwords_turned_off(network)
    for name in ("name", "time_zone", "local_passwords"):
        if name in fields:
            setattr(network, name, fields[name])
    return _save_validated(network)


@transaction.atomic
def create_team(*, by: User, name: str, kind: str, parent: Team | None, description: str = "") -> Team:
    access = permissions.access_for(by)
    if not access.is_admin:
        raise PermissionDenied("Only network admins create teams.")
    network = Network.objects.get(pk=access.network_id)
    if parent is not None:
        permissions.require(by, parent, permissions.VIEW)
    team = Team(
        network=network,
        name=name,
        kind=kind,
        parent=parent,
        description=description,
        slug=_unique_team_slug(network, name),
    )
    _save_validated(team)
    permissions.forget(by)
    return team


@transaction.atomic
def update_team(*, team: Team, by: User, **fields) -> Team:
    """Leads rename and describe their team; moving it in the tree or changing its kind is for admins."""
    structural = {k for k in ("parent", "kind") if k in fields and fields[k] != getattr(team, k)}
    permissions.require(by, team, permissions.ADMINISTER if structural else permissions.CHANGE)
    if "parent" in fields and fields["parent"] is not None:
        permissions.require(by, fields["parent"], permissions.VIEW)
        if _is_below(fields["parent"], team):
            raise ValidationError({"parent": "A team cannot sit under one of its own teams."})
    for name in ("name", "description", "kind", "parent"):
        if name in fields:
            setattr(team, name, fields[name])
    if "kind" in structural and any(
        team.kind not in Team.ALLOWED_PARENTS[child_kind]
        for child_kind in team.children.values_list("kind", flat=True)
    ):
        raise ValidationError({"kind": "Teams sit under this one; move them before changing its kind."})
    if "name" in fields:
        team.slug = _unique_team_slug(team.network, team.name, exclude_pk=team.pk)
    _save_validated(team)
    permissions.forget(by)
    return team


def _is_below(candidate: Team, team: Team) -> bool:
    node = candidate
    while node is not None:
        if node.pk == team.pk:
            return True
        node = node.parent
    return False


@transaction.atomic
def delete_team(*, team: Team, by: User) -> None:
    permissions.require(by, team, permissions.DELETE)
    if team.children.exists():
        raise ValidationError("Move or delete the teams under this one first.")
    try:
        with transaction.atomic():
            team.delete()
    except ProtectedError as exc:  # work recorded against the team must outlive a tidy-up
        raise ValidationError(
            f"{team.name} still has work recorded against it ({len(exc.protected_objects)} items)."
        ) from exc
    permissions.forget(by)


@transaction.atomic
def add_membership(*, team: Team, person: User, role: str, by: User, tell_person: bool = True) -> Membership:
    """``tell_person=False`` for someone just invited: their invitation names their teams instead."""
    permissions.require(by, team, permissions.VIEW)
    if not permissions.may_assign_role(by, team.pk, role):
        raise PermissionDenied("You may not give that role in this team.")
    if person.network_id != team.network_id:
        raise ValidationError({"user": "This person belongs to another network."})
    if not person.is_active:
        raise ValidationError({"user": f"{person.display_name}'s account is deactivated."})
    if Membership.objects.filter(team=team, user=person).exists():
        raise ValidationError({"user": f"{person.display_name} is already in {team.name}."})
    membership = _save_validated(Membership(team=team, user=person, role=role))
    permissions.forget(person)
    if tell_person:
        notify(
            recipient=person,
            subject=f"You were added to {team.name} as {membership.get_role_display().lower()}",
            url=team.get_absolute_url(),
            kind="membership",
        )
    return membership


@transaction.atomic
def change_role(*, membership: Membership, role: str, by: User) -> Membership:
    permissions.require(by, membership, permissions.CHANGE)
    if not permissions.may_assign_role(by, membership.team_id, role):
        raise PermissionDenied("You may not give that role in this team.")
    membership.role = role
    _save_validated(membership)
    permissions.forget(membership.user)
    return membership


@transaction.atomic
def remove_membership(*, membership: Membership, by: User) -> None:
    permissions.require(by, membership, permissions.DELETE)
    membership.delete()
    permissions.forget(membership.user)


@transaction.atomic
def create_person(
    *,
    by: User,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    is_network_admin: bool = False,
    team: Team | None = None,
    role: str = Membership.Role.MEMBER,
    invite: bool = True,
) -> User:
    """Add a person to the admin's network (and to ``team``, if given) and invite them
    (``playbook.invitations``: an email with a link that works once, sent by a job after the commit).
    One transaction: a failed team assignment leaves no half-set-up person and owes no email.
    ``invite=False`` when the caller invites them itself, once it has added all their teams (a
    spreadsheet's people), so the invitation names every one."""
    access = permissions.access_for(by)
    if not access.is_admin:
        raise PermissionDenied("Only network admins add people.")
    person = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        network_id=access.network_id,
        is_network_admin=is_network_admin,
    )
    person.set_unusable_password()
    _save_validated(person)
    if team is not None:
        # The invitation names their teams; a separate "you were added" note would say it twice.
        add_membership(team=team, person=person, role=role, by=by, tell_person=not invite)
    if invite:
        invitations.invite(person=person, by=by)
    return person


@transaction.atomic
def deactivate_person(*, person: User, by: User) -> User:
    """Someone leaves: they can no longer sign in or be chosen, and nothing they did is lost.

    People are never deleted (their notes, votes, pulse answers, flags and cycles point at them). Their
    memberships are kept, as the setup pages' deactivation keeps them: a deactivated person has no
    access whatever their memberships, and coming back restores their roles. The Django admin calls
    this behind its own "change user" permission."""
    if person.pk == by.pk:
        raise ValidationError({"is_active": "You cannot deactivate your own account."})
    person.is_active = False
    person.save(update_fields=["is_active"])
    permissions.forget(person)
    return person


@transaction.atomic
def update_person(*, person: User, by: User, **fields) -> User:
    permissions.require(by, person, permissions.CHANGE)
    admin_only = {"is_network_admin", "is_active"}
    if admin_only & fields.keys() and not permissions.can_administer_network(by):
        raise PermissionDenied("Only network admins change that.")
    if person.pk == by.pk and fields.get("is_network_admin") is False and by.is_network_admin:
        raise ValidationError({"is_network_admin": "You cannot remove your own admin rights."})
    if person.pk == by.pk and fields.get("is_active") is False:
        raise ValidationError({"is_active": "You cannot deactivate your own account."})
    for name in ("first_name", "last_name", "email", "email_notifications", "weekly_digest", *admin_only):
        if name in fields:
            setattr(person, name, fields[name])
    _save_validated(person, exclude=["password"])
    permissions.forget(person)
    return person
