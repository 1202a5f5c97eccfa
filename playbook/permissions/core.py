"""The core's own rules: networks, teams, memberships, people and notifications."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from playbook.models import (
    CalendarFeed,
    DigestDelivery,
    EmailDomain,
    IdempotencyKey,
    Invitation,
    Membership,
    Network,
    NetworkValue,
    Notification,
    NotificationPreference,
    Team,
    TeamAssessment,
    TeamCharter,
    TeamCharterRevision,
    TeamRetrospective,
    TeamStandard,
    TeamStandardRating,
    User,
    WebhookDelivery,
    WebhookEndpoint,
    WorkerHeartbeat,
)
from playbook.permissions.policy import CHANGE, MANAGE_MEMBERS, VIEW, Access, Role, access_for
from playbook.permissions.registry import exempt, register


def _network_rule(access: Access, network: Network, action: str) -> tuple[bool, bool]:
    visible = network.pk == access.network_id
    return visible, visible and (action == VIEW or access.is_admin)


def _team_rule(access: Access, team: Team, action: str) -> tuple[bool, bool]:
    visible = team.network_id == access.network_id and team.pk in access.visible_team_ids
    if not visible:
        return False, False
    if action == VIEW:
        return True, True
    if team.closed_at is not None:  # a closed team is kept for its history, read-only
        return True, False
    if action in (CHANGE, MANAGE_MEMBERS):
        return True, access.has_role(team.pk, Role.LEAD)
    return True, access.is_admin  # delete, move, create children


def _membership_rule(access: Access, membership: Membership, action: str) -> tuple[bool, bool]:
    own = membership.user_id == access.user_id
    team_visible = membership.team_id in access.visible_team_ids
    visible = own or (team_visible and access.has_role(membership.team_id, Role.MEMBER))
    if not visible:
        return False, False
    if action == VIEW:
        return True, True
    if membership.team_id in closed_team_ids(access):  # a closed team's people are part of its history
        return True, False
    return True, may_assign_role(access, membership.team_id, membership.role)


def closed_team_ids(access_or_user) -> frozenset[int]:
    """The network's closed teams (they take no new work), read with the team tree into ``Access``."""
    access = access_or_user if isinstance(access_or_user, Access) else access_for(access_or_user)
    return access.closed_team_ids


def _person_rule(access: Access, person: User, action: str) -> tuple[bool, bool]:
    visible = person.pk == access.user_id or (access.is_admin and person.network_id == access.network_id)
    return visible, visible


def _notification_rule(access: Access, notification: Notification, action: str) -> tuple[bool, bool]:
    mine = notification.recipient_id == access.user_id and access.user_id is not None
    return mine, mine


register(Network, _network_rule)
register(Team, _team_rule)
register(Membership, _membership_rule)
register(User, _person_rule)
register(Notification, _notification_rule)


def _own_rule(access: Access, row, action: str) -> tuple[bool, bool]:
    """A person's own notification choices and digests: theirs alone."""
    mine = row.user_id == access.user_id and access.user_id is not None
    return mine, mine


def _network_value_rule(access: Access, value: NetworkValue, action: str) -> tuple[bool, bool]:
    """Everyone in the network reads its values; its admins keep them."""
    visible = value.network_id == access.network_id
    return visible, visible and (action == VIEW or access.is_admin)


def _admins_only(network_id: int | None, access: Access) -> tuple[bool, bool]:
    """How a network is wired to the world (domains, invitations, webhooks): its admins' business."""
    allowed = access.is_admin and network_id == access.network_id
    return allowed, allowed


def _email_domain_rule(access: Access, domain: EmailDomain, action: str) -> tuple[bool, bool]:
    return _admins_only(domain.network_id, access)


def _invitation_rule(access: Access, invitation: Invitation, action: str) -> tuple[bool, bool]:
    return _admins_only(invitation.person.network_id, access)


def _webhook_endpoint_rule(access: Access, endpoint: WebhookEndpoint, action: str) -> tuple[bool, bool]:
    return _admins_only(endpoint.network_id, access)


def _webhook_delivery_rule(access: Access, delivery: WebhookDelivery, action: str) -> tuple[bool, bool]:
    return _admins_only(delivery.endpoint.network_id, access)


def _calendar_feed_rule(access: Access, feed: CalendarFeed, action: str) -> tuple[bool, bool]:
    """A calendar address is its person's alone: even an admin who saw it could read their diary."""
    mine = feed.person_id == access.user_id and access.user_id is not None
    return mine, mine


register(EmailDomain, _email_domain_rule)
register(Invitation, _invitation_rule)
register(WebhookEndpoint, _webhook_endpoint_rule)
register(WebhookDelivery, _webhook_delivery_rule)
register(CalendarFeed, _calendar_feed_rule)
register(NotificationPreference, _own_rule)
register(DigestDelivery, _own_rule)
register(NetworkValue, _network_value_rule)
exempt(WorkerHeartbeat, "the health check's record of when a worker last ran; no person reads it by id")
exempt(IdempotencyKey, "a create's remembered answer, read only by its own person's retry of that create")


def _team_record_rule(team: Team, access: Access, action: str) -> tuple[bool, bool]:
    """A team's charter, self-assessments and retrospective: read by its people and those above it (not
    by a sibling team, nor by teams below that only see its name); kept by its leads while it is open."""
    visible = team.network_id == access.network_id and access.has_role(team.pk, Role.MEMBER)
    if not visible:
        return False, False
    if action == VIEW:
        return True, True
    return True, team.closed_at is None and access.has_role(team.pk, Role.LEAD)


def _charter_rule(access: Access, charter: TeamCharter, action: str) -> tuple[bool, bool]:
    return _team_record_rule(charter.team, access, action)


def _charter_revision_rule(access: Access, revision: TeamCharterRevision, action: str) -> tuple[bool, bool]:
    visible, _ = _team_record_rule(revision.charter.team, access, VIEW)
    return visible, visible and action == VIEW  # history is never rewritten


def _assessment_rule(access: Access, assessment: TeamAssessment, action: str) -> tuple[bool, bool]:
    return _team_record_rule(assessment.team, access, action)


def _retrospective_rule(access: Access, retrospective: TeamRetrospective, action: str) -> tuple[bool, bool]:
    visible, _ = _team_record_rule(retrospective.team, access, VIEW)
    return visible, visible and action == VIEW


def _team_standard_rule(access: Access, standard: TeamStandard, action: str) -> tuple[bool, bool]:
    """Everyone in the network reads its standards; its admins keep them."""
    visible = standard.network_id == access.network_id
    return visible, visible and (action == VIEW or access.is_admin)


register(TeamCharter, _charter_rule)
register(TeamCharterRevision, _charter_revision_rule)
register(TeamAssessment, _assessment_rule)
register(TeamRetrospective, _retrospective_rule)
register(TeamStandard, _team_standard_rule)
exempt(TeamStandardRating, "a line of its TeamAssessment, read and written only through it")


def may_assign_role(access_or_user, team_id: int, role: str) -> bool:
    """Leads add and remove members and leads of their teams; only admins hand out leadership."""
    access = access_or_user if isinstance(access_or_user, Access) else access_for(access_or_user)
    if access.is_admin:
        return team_id in access.visible_team_ids
    if role == Role.LEADER:
        return False
    return access.has_role(team_id, Role.LEAD)


def can_administer_network(user, network: Network | None = None) -> bool:
    access = access_for(user)
    return access.is_admin and (network is None or network.pk == access.network_id)


def is_lead_anywhere(user) -> bool:
    access = access_for(user)
    return access.is_admin or bool(access.team_ids_with_role(Role.LEAD))


def visible_teams(user) -> QuerySet[Team]:
    access = access_for(user)
    return Team.objects.filter(network_id=access.network_id, pk__in=access.visible_team_ids)


def teams_with_role(user, at_least: str = Role.MEMBER) -> QuerySet[Team]:
    """The teams one may work in, for pickers: a closed team takes no new work, so it is left out."""
    access = access_for(user)
    return Team.objects.filter(
        network_id=access.network_id, pk__in=access.team_ids_with_role(at_least), closed_at__isnull=True
    )


def visible_memberships(user) -> QuerySet[Membership]:
    access = access_for(user)
    return Membership.objects.filter(
        Q(team_id__in=access.team_ids_with_role(Role.MEMBER)) | Q(user_id=access.user_id),
        team__network_id=access.network_id,
    )


def visible_networks(user) -> QuerySet[Network]:
    return Network.objects.filter(pk=access_for(user).network_id)


def visible_people(user) -> QuerySet[User]:
    access = access_for(user)
    if access.is_admin:
        return User.objects.filter(network_id=access.network_id)
    return User.objects.filter(pk=getattr(user, "pk", None))


def addable_people(user) -> QuerySet[User]:
    """Active people of the network, for the "add a person" chooser of the teams a user manages.

    Wider than ``visible_people``: leads see names of the whole network here, and only here.
    """
    access = access_for(user)
    if not (access.is_admin or access.team_ids_with_role(Role.LEAD)):
        return User.objects.none()
    return User.objects.filter(network_id=access.network_id, is_active=True)


def visible_notifications(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=getattr(user, "pk", None))
