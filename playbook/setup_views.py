"""Network setup in Playbook's own pages: the team tree, who is in each team, people, network settings.

Each view fetches through ``permissions`` and writes through ``services``; a service's
ValidationError goes back onto the form, PermissionDenied and Http404 propagate to 403/404 pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from playbook import invitations, permissions, services
from playbook.models import Membership, Team, User
from playbook.setup_forms import (
    AddMemberForm,
    NetworkForm,
    PersonEditForm,
    PersonForm,
    RoleForm,
    SearchForm,
    TeamForm,
)
from playbook.web import add_errors, error_summary

Role = permissions.Role


@dataclass
class TreeNode:
    team: Team  # annotated with member_count
    role: str | None
    children: list[TreeNode] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""


@dataclass
class MemberRow:
    membership: Membership
    may_change: bool


def _data(request):
    return request.POST if request.method == "POST" else None


def _require_admin(user) -> None:
    if not permissions.can_administer_network(user):
        raise PermissionDenied("Only network admins manage this.")


def _assignable_roles(user, team: Team) -> list[str]:
    return [role for role in Role.values if permissions.may_assign_role(user, team.pk, role)]


def _kinds(user, team: Team | None = None) -> list[str]:
    # A network has one hub; offering a second only leads to a constraint error.
    if (team is None or team.kind != Team.Kind.HUB) and permissions.visible_teams(user).filter(
        kind=Team.Kind.HUB
    ).exists():
        return [Team.Kind.TEAM, Team.Kind.CLUSTER]
    return list(Team.Kind.values)


def _team_tree(user) -> list[TreeNode]:
    access = permissions.access_for(user)
    teams = permissions.visible_teams(user).annotate(member_count=Count("memberships")).order_by("name")
    nodes = {team.pk: TreeNode(team, access.role(team.pk)) for team in teams}
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.team.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def team_list(request):
    context = {
        "roots": _team_tree(request.user),
        "may_create": permissions.can_administer_network(request.user),
        "is_admin": permissions.access_for(request.user).is_admin,
    }
    return render(request, "playbook/setup/team_list.html", context)


def team_create(request):
    _require_admin(request.user)
    form = TeamForm(
        _data(request),
        initial={"parent": request.GET.get("parent")},
        parents=permissions.visible_teams(request.user).order_by("name"),
        kinds=_kinds(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            team = services.create_team(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{team.name} is set up. Add its people below.")
            return redirect(team)
    return render(request, "playbook/setup/team_form.html", {"form": form, "team": None})


def _member_rows(user, team: Team) -> list[MemberRow]:
    memberships = (
        permissions.visible_memberships(user)
        .filter(team=team)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    return [MemberRow(m, permissions.can(user, permissions.CHANGE, m)) for m in memberships]


def team_detail(request, pk):
    user = request.user
    team = permissions.get_for_user(user, Team.objects.select_related("parent"), pk)
    sees_members = permissions.access_for(user).has_role(team.pk, Role.MEMBER)
    roles = _assignable_roles(user, team)
    may_manage = permissions.can(user, permissions.MANAGE_MEMBERS, team) and bool(roles)
    people = permissions.addable_people(user).exclude(memberships__team=team)
    context = {
        "team": team,
        "role": permissions.access_for(user).role(team.pk),
        "children": permissions.visible_teams(user).filter(parent=team).order_by("name"),
        "sees_members": sees_members,
        "member_rows": _member_rows(user, team) if sees_members else [],
        "role_choices": [(r, Role(r).label) for r in roles],
        "add_form": AddMemberForm(people=people, roles=roles) if may_manage else None,
        "may_change": permissions.can(user, permissions.CHANGE, team),
        "may_delete": permissions.can(user, permissions.DELETE, team),
        "may_add_below": team.kind != Team.Kind.TEAM and permissions.can_administer_network(user),
    }
    return render(request, "playbook/setup/team_detail.html", context)


def team_edit(request, pk):
    user = request.user
    team = permissions.get_for_user(user, Team.objects.select_related("parent"), pk, permissions.CHANGE)
    structural = permissions.can(user, permissions.ADMINISTER, team)
    form = TeamForm(
        _data(request),
        initial={
            "name": team.name,
            "description": team.description,
            "kind": team.kind,
            "parent": team.parent,
        },
        parents=permissions.visible_teams(user).exclude(pk=team.pk).order_by("name") if structural else None,
        kinds=_kinds(user, team) if structural else None,
    )
    heading = team.name  # the service changes ``team`` in place even when it then refuses
    if request.method == "POST" and form.is_valid():
        try:
            services.update_team(team=team, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{team.name} is saved.")
            return redirect(team)
    return render(request, "playbook/setup/team_form.html", {"form": form, "team": team, "heading": heading})


@require_POST
def team_delete(request, pk):
    team = permissions.get_for_user(request.user, Team, pk, permissions.DELETE)
    try:
        services.delete_team(team=team, by=request.user)
    except ValidationError as error:
        messages.error(request, f"{team.name} was not deleted. {' '.join(error.messages)}")
        return redirect(team)
    messages.success(request, f"{team.name} is deleted.")
    return redirect("team-list")


@require_POST
def membership_add(request, pk):
    team = permissions.get_for_user(request.user, Team, pk, permissions.MANAGE_MEMBERS)
    # Every role is accepted here so that a role the user may not give is a 403 from the service,
    # as in the API, not a quiet "invalid choice".
    form = AddMemberForm(request.POST, people=permissions.addable_people(request.user))
    if not form.is_valid():
        messages.error(request, f"Nobody was added. {error_summary(form)}")
        return redirect(team)
    try:
        membership = services.add_membership(team=team, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, f"Nobody was added. {' '.join(error.messages)}")
    else:
        person, role = membership.user.display_name, membership.get_role_display().lower()
        messages.success(request, f"{person} is now a {role} of {team.name}.")
    return redirect(team)


def _get_membership(request, pk, action):
    queryset = Membership.objects.select_related("user", "team")
    return permissions.get_for_user(request.user, queryset, pk, action)


@require_POST
def membership_role(request, pk):
    membership = _get_membership(request, pk, permissions.CHANGE)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"The role was not changed. {error_summary(form)}")
        return redirect(membership.team)
    try:
        services.change_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
    except ValidationError as error:
        messages.error(request, f"The role was not changed. {' '.join(error.messages)}")
    else:
        person, role = membership.user.display_name, membership.get_role_display().lower()
        messages.success(request, f"{person} is now a {role} of {membership.team.name}.")
    return redirect(membership.team)


@require_POST
def membership_remove(request, pk):
    membership = _get_membership(request, pk, permissions.DELETE)
    services.remove_membership(membership=membership, by=request.user)
    messages.success(request, f"{membership.user.display_name} is no longer in {membership.team.name}.")
    # Someone who just left a team may no longer be able to see it.
    if membership.user_id == request.user.pk:
        return redirect("team-list")
    return redirect(membership.team)


def people_list(request):
    _require_admin(request.user)
    search = SearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    people = permissions.visible_people(request.user).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("team").order_by("team__name")),
        invitations.latest_invitations(),
    )
    for word in query.split():
        people = people.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    for person in page.object_list:
        person.invitation_state = invitations.state_of(person, next(iter(person.latest_invitation), None))
    return render(
        request, "playbook/setup/people_list.html", {"page": page, "search": search, "query": query}
    )


def _create_person(by, form: PersonForm) -> User:
    team, role = form.cleaned_data["team"], form.cleaned_data["role"]
    return services.create_person(
        by=by, team=team, role=role or Membership.Role.MEMBER, **form.person_fields()
    )


def person_create(request):
    _require_admin(request.user)
    form = PersonForm(_data(request), teams=permissions.visible_teams(request.user).order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            person = _create_person(request.user, form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{person.display_name} is added and emailed an invitation.")
            return redirect("people-list")
    return render(request, "playbook/setup/person_form.html", {"form": form, "person": None})


def person_edit(request, pk):
    _require_admin(request.user)
    people = permissions.visible_people(request.user)
    person = permissions.get_for_user(request.user, people, pk, permissions.CHANGE)
    heading = person.display_name  # the service changes ``person`` in place even when it then refuses
    initial = {name: getattr(person, name) for name in PersonEditForm.base_fields}
    form = PersonEditForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{person.display_name} is saved.")
            return redirect("people-list")
    return render(
        request, "playbook/setup/person_form.html", {"form": form, "person": person, "heading": heading}
    )


def network_settings(request):
    networks = permissions.visible_networks(request.user)
    network = permissions.get_for_user(request.user, networks, request.user.network_id, permissions.CHANGE)
    form = NetworkForm(
        _data(request),
        initial={
            "name": network.name,
            "time_zone": network.time_zone,
            "local_passwords": network.local_passwords,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_network(network=network, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The network settings are saved.")
            return redirect("network-settings")
    return render(request, "playbook/setup/network_settings.html", {"form": form})
