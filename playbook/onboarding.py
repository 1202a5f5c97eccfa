"""Onboarding a network from a spreadsheet: teams, people and roles, checked first, then applied at once.

A file (CSV or XLSX, read by ``playbook.spreadsheets``) has a header row naming the columns ``team``,
``name``, ``email`` and ``role`` in any order; one row is one person's role in one team. ``team`` is a
path from the network's top, the names joined by " / ": ``Hub / North / Oakfield — Early Reading``.
The last name is the team the person joins; each earlier one is its parent, found in the network or
made by the file.

What a new team is follows from where it sits, as ``Team.ALLOWED_PARENTS`` has it: the first name is
the hub; a third-level name is a team; a second-level name is a cluster when the file puts something
under it, otherwise a team sitting straight under the hub. The tree has those three levels only.

``preview`` says of every row what applying it would do, or why it cannot be applied; nothing is
written until no row has a problem. ``apply`` checks the file again inside one transaction, holding
the network's row so that two admins' uploads cannot both create the same person, and writes through
the setup services (``playbook.services``), so the rules about the tree, names and roles are theirs.
Applying a file twice changes nothing the second time. Memberships the file leaves out are kept:
a file adds and changes, it never removes.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower

from playbook import invitations, permissions, services
from playbook.models import Membership, Network, Team, User
from playbook.spreadsheets import unguarded

Role = Membership.Role

COLUMNS = ("team", "name", "email", "role")
# The header names accepted for each column, compared without case.
ALIASES = {
    "team": "team",
    "team path": "team",
    "path": "team",
    "name": "name",
    "full name": "name",
    "email": "email",
    "email address": "email",
    "e-mail": "email",
    "role": "role",
}
MAX_ROWS = 2000  # a district's staff with room to spare; applying it stays well inside a request
MAX_BYTES = 1_000_000  # as a measure's data upload
MAX_DEPTH = 3  # the hub, clusters, teams
SEPARATOR = "/"
ONLY_ADMINS = "Only network admins onboard people from a spreadsheet."

TEAM_NAME_MAX = Team._meta.get_field("name").max_length
FIRST_NAME_MAX = User._meta.get_field("first_name").max_length
LAST_NAME_MAX = User._meta.get_field("last_name").max_length
EMAIL_MAX = User._meta.get_field("email").max_length
USERNAME_MAX = User._meta.get_field("username").max_length
_NOT_IN_A_USERNAME = re.compile(r"[^\w.@+-]")

ROLE_NAMES = {**{value: value for value in Role.values}, **{label.lower(): v for v, label in Role.choices}}


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _key(name: str) -> str:
    return _tidy(name).casefold()


def split_name(full_name: str) -> tuple[str, str]:
    """First name and the rest: ``get_full_name`` joins them back to the name as written."""
    first, _, last = _tidy(full_name).partition(" ")
    return first, last


# What a file says -----------------------------------------------------------------------------------


@dataclass
class Row:
    line: int  # as the spreadsheet numbers it: the header is line 1
    team: str
    name: str
    email: str
    role: str
    errors: list[str] = field(default_factory=list)
    does: list[str] = field(default_factory=list)  # what applying it does, in words
    changes: bool = False
    path: tuple[str, ...] = ()  # the team path's names, tidied
    role_value: str = ""

    @property
    def email_key(self) -> str:
        return self.email.lower()

    @property
    def path_key(self) -> tuple[str, ...]:
        return tuple(_key(part) for part in self.path)

    @property
    def status(self) -> str:
        return "bad" if self.errors else ("change" if self.changes else "same")


@dataclass
class NewTeam:
    path: tuple[str, ...]  # as first written
    parent_key: tuple[str, ...]
    kind: str = Team.Kind.TEAM

    @property
    def name(self) -> str:
        return self.path[-1]


@dataclass
class Preview:
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the file as a whole
    notes: list[str] = field(default_factory=list)
    new_teams: dict[tuple[str, ...], NewTeam] = field(default_factory=dict)  # top-down, by path key
    existing_teams: dict[tuple[str, ...], Team] = field(default_factory=dict)
    new_people: dict[str, tuple[str, str]] = field(default_factory=dict)  # email key -> (email, name)
    people: dict[str, User] = field(default_factory=dict)  # email key -> a person already in the network
    additions: list[Row] = field(default_factory=list)
    role_changes: list[tuple[Membership, str]] = field(default_factory=list)

    @property
    def bad_rows(self) -> list[Row]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return not self.problems and not self.bad_rows and bool(self.rows)

    @property
    def rows_already_so(self) -> int:
        return sum(1 for row in self.rows if not row.errors and not row.changes)

    @property
    def roles_to_set(self) -> int:
        return len(self.additions) + len(self.role_changes)

    @property
    def changes_anything(self) -> bool:
        return bool(self.new_teams or self.new_people or self.additions or self.role_changes)

    @property
    def rows_bad_first(self) -> list[Row]:
        return sorted(self.rows, key=lambda row: (not row.errors, row.line))


@dataclass(frozen=True)
class Summary:
    teams_created: int
    people_invited: int
    roles_set: int
    rows_already_so: int

    def __str__(self) -> str:
        def n(count, one, many):
            return f"{count} {one if count == 1 else many}"

        return ", ".join(
            [
                n(self.teams_created, "team created", "teams created"),
                n(self.people_invited, "person invited", "people invited"),
                n(self.roles_set, "role set", "roles set"),
                n(self.rows_already_so, "row already so", "rows already so"),
            ]
        )


# Reading the rows ------------------------------------------------------------------------------------


def _read(cells: list[list[str]], preview: Preview) -> list[Row]:
    table = [[unguarded(cell.strip()) for cell in row] for row in cells]
    lines = [(number, row) for number, row in enumerate(table, start=1) if any(row)]
    if not lines:
        preview.problems.append("The file is empty: it needs a header row and a row per person and team.")
        return []
    header_line, header = lines[0]
    columns: dict[str, int] = {}
    ignored = []
    for index, title in enumerate(header):
        column = ALIASES.get(_key(title))
        if column is None:
            if title:
                ignored.append(f"“{title}”")
        elif column in columns:
            preview.problems.append(f"The column “{column}” appears twice in the header row; keep one.")
        else:
            columns[column] = index
    missing = [column for column in COLUMNS if column not in columns]
    if missing:
        preview.problems.append(
            f"The header row (line {header_line}) needs the columns team, name, email and role; "
            f"missing: {', '.join(missing)}."
        )
        return []
    if ignored:
        preview.notes.append(f"These columns are ignored: {', '.join(ignored)}.")
    data = lines[1:]
    if len(data) > MAX_ROWS:
        preview.problems.append(f"The file has more than {MAX_ROWS:,} rows; split it into smaller files.")
        return []
    if not data:
        preview.problems.append("The file has a header row but no rows of people.")

    def cell(row, column):
        index = columns[column]
        return row[index] if index < len(row) else ""

    return [Row(line, *(cell(row, column) for column in COLUMNS)) for line, row in data]


def _check_cells(row: Row) -> None:
    for column in COLUMNS:
        if not getattr(row, column):
            row.errors.append(f"No {column}.")
    if row.email:
        try:
            if len(row.email) > EMAIL_MAX:
                raise ValidationError("too long")
            validate_email(row.email)
        except ValidationError:
            row.errors.append(f"“{row.email}” is not an email address.")
    if row.name:
        first, last = split_name(row.name)
        if len(first) > FIRST_NAME_MAX or len(last) > LAST_NAME_MAX:
            row.errors.append(
                f"The name is longer than Playbook keeps ({FIRST_NAME_MAX} characters for the first name, "
                f"{LAST_NAME_MAX} for the rest)."
            )
    if row.role:
        row.role_value = ROLE_NAMES.get(row.role.lower(), "")
        if not row.role_value:
            row.errors.append(f"Unknown role “{row.role}”: use member, lead or leader.")
    if row.team:
        row.path = tuple(_tidy(part) for part in row.team.split(SEPARATOR))
        if not all(row.path):
            row.errors.append("The team path has an empty name between two “/”.")
        elif len(row.path) > MAX_DEPTH:
            row.errors.append(
                f"The path has {len(row.path)} levels; Playbook's tree has {MAX_DEPTH}: "
                "the hub, clusters and teams."
            )
        for part in row.path:
            if len(part) > TEAM_NAME_MAX:
                row.errors.append(f"“{part[:40]}…” is longer than a team's name may be ({TEAM_NAME_MAX}).")


def _check_between_rows(rows: list[Row]) -> None:
    names: dict[str, list[Row]] = defaultdict(list)
    places: dict[tuple, list[Row]] = defaultdict(list)
    for row in rows:
        if row.email and row.name:
            names[row.email_key].append(row)
        if row.email and row.path and row.role_value:
            places[(row.email_key, row.path_key)].append(row)
    for same_email in names.values():
        if len({_key(row.name) for row in same_email}) > 1:
            written = " and ".join(sorted({f"“{_tidy(row.name)}”" for row in same_email}))
            for row in same_email:
                row.errors.append(f"{row.email} is named {written} in this file: one name per person.")
    for same_place in places.values():
        if len({row.role_value for row in same_place}) > 1:
            lines = ", ".join(str(row.line) for row in same_place)
            for row in same_place:
                row.errors.append(
                    f"{row.email} has different roles in {row.path[-1]} (lines {lines}): one role per team."
                )


# Finding the teams -----------------------------------------------------------------------------------


class _Tree:
    """The network's teams, found by the path of names from the hub."""

    def __init__(self, network: Network):
        self.teams = {team.pk: team for team in Team.objects.filter(network=network)}
        self.children: dict[tuple[int | None, str], list[Team]] = defaultdict(list)
        self.named: dict[str, list[Team]] = defaultdict(list)
        for team in self.teams.values():
            self.children[(team.parent_id, _key(team.name))].append(team)
            self.named[_key(team.name)].append(team)
        self.hub = next((team for team in self.teams.values() if team.kind == Team.Kind.HUB), None)

    def parent_name(self, team: Team) -> str:
        parent = self.teams.get(team.parent_id)
        return parent.name if parent else "nothing"

    def path_of(self, team: Team) -> str:
        names, node = [], team
        while node is not None:
            names.append(node.name)
            node = self.teams.get(node.parent_id)
        return " / ".join(reversed(names))


def _resolve_teams(rows: list[Row], tree: _Tree, preview: Preview) -> None:
    new_hub_row: Row | None = None
    for row in rows:
        if row.errors or not row.path:
            continue
        parent: Team | None = None  # an existing team, while the path runs through existing ones
        for depth in range(1, len(row.path) + 1):
            key, name = row.path_key[:depth], row.path[depth - 1]
            if key in preview.existing_teams:
                parent = preview.existing_teams[key]
                continue
            if key in preview.new_teams:
                parent = None
                continue
            problem = _place(row, depth, name, parent, key, tree, preview)
            if problem:
                row.errors.append(problem)
                break
            if depth == 1 and key in preview.new_teams:
                if new_hub_row is not None and new_hub_row.path_key[0] != key[0]:
                    row.errors.append(
                        f"A network has one hub: every path starts with “{new_hub_row.path[0]}”, "
                        f"as on line {new_hub_row.line}."
                    )
                    del preview.new_teams[key]
                    break
                new_hub_row = new_hub_row or row
            parent = preview.existing_teams.get(key)


def _place(row, depth, name, parent, key, tree: _Tree, preview: Preview) -> str:
    """Finds ``key`` in the network or records it as a team to create; the reason it cannot be, if any."""
    if depth == 1:
        if tree.hub is None:
            preview.new_teams[key] = NewTeam(row.path[:1], ())
            return ""
        if _key(tree.hub.name) == key[0]:
            preview.existing_teams[key] = tree.hub
            return ""
        elsewhere = tree.named.get(key[0])
        if elsewhere:
            return (
                f"Every path starts at the hub, “{tree.hub.name}”; “{name}” sits at "
                f"“{tree.path_of(elsewhere[0])}”."
            )
        return f"Every path starts at the hub, “{tree.hub.name}”; this one starts at “{name}”."
    parent_name = row.path[depth - 2]
    if parent is not None:
        found = tree.children.get((parent.pk, key[-1]), [])
        if len(found) > 1:
            return f"Two teams named “{name}” sit under {parent.name}: rename one in Playbook first."
        if found:
            preview.existing_teams[key] = found[0]
            return ""
        if parent.kind == Team.Kind.TEAM:
            return f"{parent.name} is a team, and nothing sits under a team: only under the hub or a cluster."
    elsewhere = [team for team in tree.named.get(key[-1], []) if team.kind != Team.Kind.HUB]
    if elsewhere:
        where = " and ".join(f"under {tree.parent_name(team)}" for team in elsewhere)
        return (
            f"{name} exists {where}, not {parent_name} ({tree.path_of(elsewhere[0])}). Fix the path; for a "
            f"second team of that name under {parent_name}, create it in Teams first."
        )
    preview.new_teams[key] = NewTeam(row.path[:depth], key[:-1])
    return ""


def _settle_kinds(rows: list[Row], preview: Preview) -> None:
    """A new team's kind from its depth and whether the file puts anything under it."""
    has_children = {new.parent_key for new in preview.new_teams.values()}
    for key, new in preview.new_teams.items():
        if len(key) == 1:
            new.kind = Team.Kind.HUB
        elif len(key) == 2 and key in has_children:
            new.kind = Team.Kind.CLUSTER
        else:
            new.kind = Team.Kind.TEAM
    # Top-down, so each parent is made before its children.
    preview.new_teams = dict(sorted(preview.new_teams.items(), key=lambda item: len(item[0])))


# Finding the people ----------------------------------------------------------------------------------


def _resolve_people(rows: list[Row], network: Network, preview: Preview) -> None:
    keys = {row.email_key for row in rows if row.email and not row.errors}
    found: dict[str, list[User]] = defaultdict(list)
    for person in User.objects.annotate(email_key=Lower("email")).filter(email_key__in=keys):
        found[person.email_key].append(person)
    for row in rows:
        if row.errors:
            continue
        ours = [p for p in found.get(row.email_key, []) if p.network_id == network.pk]
        if len(ours) > 1:
            usernames = ", ".join(sorted(p.username for p in ours))
            row.errors.append(
                f"Several people in the network have {row.email} ({usernames}): give each their own."
            )
        elif ours:
            preview.people[row.email_key] = ours[0]
        elif found.get(row.email_key):
            row.errors.append(
                f"{row.email} belongs to someone outside this network; a person is in one network."
            )
        else:
            preview.new_people.setdefault(row.email_key, (row.email, _tidy(row.name)))


# What each row does -----------------------------------------------------------------------------------


def _plan(rows: list[Row], by: User, preview: Preview) -> None:
    access = permissions.access_for(by)
    people = list(preview.people.values())
    teams = list(preview.existing_teams.values())
    held = {
        (m.user_id, m.team_id): m
        for m in Membership.objects.filter(user__in=people, team__in=teams).select_related("user", "team")
    }
    announced_teams: set[tuple] = set()
    announced_people: set[str] = set()
    done: dict[tuple, int] = {}  # (email, path) -> the line that first set it
    for row in rows:
        if row.errors:
            continue
        role = Role(row.role_value).label.lower()
        team_name = row.path[-1]
        team = preview.existing_teams.get(row.path_key)
        person = preview.people.get(row.email_key)
        if (row.email_key, row.path_key) in done:
            row.does.append(f"Nothing: as line {done[(row.email_key, row.path_key)]}.")
            continue
        membership = held.get((person.pk, team.pk)) if person and team else None
        if membership is not None and membership.role == row.role_value:
            row.does.append(f"Nothing: already {role} of {team_name}.")
            done[(row.email_key, row.path_key)] = row.line
            continue
        if team is not None and not permissions.may_assign_role(access, team.pk, row.role_value):
            row.errors.append(f"You may not give the role {role} in {team_name}.")
            continue
        if person is not None and not person.is_active:
            row.errors.append(
                f"{person.display_name}'s account is deactivated: reactivate them on the People page first."
            )
            continue
        for depth in range(1, len(row.path_key) + 1):
            new = preview.new_teams.get(row.path_key[:depth])
            if new is not None and new.path not in announced_teams:
                announced_teams.add(new.path)
                under = f" under {new.path[-2]}" if len(new.path) > 1 else ""
                row.does.append(f"Create {new.kind} “{new.name}”{under}.")
        if person is None and row.email_key not in announced_people:
            announced_people.add(row.email_key)
            row.does.append(f"Invite {_tidy(row.name)}, new to Playbook.")
        elif person is not None and _key(person.get_full_name()) != _key(row.name):
            row.does.append(f"Already in Playbook as “{person.display_name}”: that name is kept.")
        if membership is not None:
            old = membership.get_role_display().lower()
            row.does.append(f"Change role in {team_name} from {old} to {role}.")
            preview.role_changes.append((membership, row.role_value))
        else:
            row.does.append(f"Add as {role} of {team_name}.")
            preview.additions.append(row)
        row.changes = True
        done[(row.email_key, row.path_key)] = row.line


# The two verbs ------------------------------------------------------------------------------------------


def preview(*, cells: list[list[str]], by: User) -> Preview:
    """What applying the rows of a spreadsheet (``spreadsheets.read_rows``) would do, row by row."""
    if not permissions.can_administer_network(by):
        raise PermissionDenied(ONLY_ADMINS)
    result = Preview()
    rows = _read(cells, result)
    result.rows = rows
    for row in rows:
        _check_cells(row)
    _check_between_rows(rows)
    network = Network.objects.get(pk=by.network_id)
    _resolve_teams(rows, _Tree(network), result)
    _settle_kinds(rows, result)
    _resolve_people(rows, network, result)
    _plan(rows, by, result)
    return result


@transaction.atomic
def apply(*, cells: list[list[str]], by: User) -> Summary:
    """Checks the rows again and applies them all, or (ValidationError) nothing."""
    if not permissions.can_administer_network(by):
        raise PermissionDenied(ONLY_ADMINS)
    # One onboarding at a time per network: two at once could each invite the same new person.
    Network.objects.select_for_update().get(pk=by.network_id)
    plan = preview(cells=cells, by=by)
    if not plan.ok:
        count = len(plan.bad_rows) + len(plan.problems)
        raise ValidationError(
            f"Nothing was changed: the file has {count} problem{'s' if count != 1 else ''}."
        )
    teams = dict(plan.existing_teams)
    for key, new in plan.new_teams.items():
        parent = teams.get(new.parent_key)
        teams[key] = services.create_team(by=by, name=new.name, kind=new.kind, parent=parent)
    people = dict(plan.people)
    for email_key, (email, name) in plan.new_people.items():
        first, last = split_name(name)
        people[email_key] = services.create_person(
            by=by,
            username=_free_username(email_key),
            email=email,
            first_name=first,
            last_name=last,
            invite=False,
        )
    for row in plan.additions:
        services.add_membership(
            team=teams[row.path_key],
            person=people[row.email_key],
            role=row.role_value,
            by=by,
            tell_person=row.email_key not in plan.new_people,
        )
    for membership, role in plan.role_changes:
        services.change_role(membership=membership, role=role, by=by)
    for email_key in plan.new_people:
        invitations.invite(person=people[email_key], by=by)
    return Summary(
        teams_created=len(plan.new_teams),
        people_invited=len(plan.new_people),
        roles_set=plan.roles_to_set,
        rows_already_so=plan.rows_already_so,
    )


def _free_username(email_key: str) -> str:
    """People sign in with their email address as username, made unique if someone already has it."""
    base = _NOT_IN_A_USERNAME.sub("_", email_key)[:USERNAME_MAX]
    candidate, n = base, 2
    while User.objects.filter(username__iexact=candidate).exists():
        suffix = f"-{n}"
        candidate, n = f"{base[: USERNAME_MAX - len(suffix)]}{suffix}", n + 1
    return candidate


def carried(cells: list[list[str]]) -> list[list[str]]:
    """The four columns of a file, in their order, each row on its own line as before (so a line named
    in a message is still the spreadsheet's): what a preview's confirmation carries back."""
    rows = [[cell.strip() for cell in row] for row in cells]
    start = next((i for i, row in enumerate(rows) if any(row)), None)
    if start is None:
        return []
    header = [ALIASES.get(_key(unguarded(title))) for title in rows[start]]
    where = {column: header.index(column) for column in COLUMNS if column in header}
    if len(where) < len(COLUMNS):
        return cells

    def pick(row):
        return [row[where[c]] if where[c] < len(row) else "" for c in COLUMNS] if any(row) else []

    return [[] for _ in range(start)] + [list(COLUMNS)] + [pick(row) for row in rows[start + 1 :]]


def from_carried(text: str) -> list[list[str]]:
    """The rows ``carried`` wrote with ``spreadsheets.rows_as_csv``: plain CSV, so nothing is sniffed."""
    return list(csv.reader(io.StringIO(text)))


def template_rows(network: Network) -> list[list[str]]:
    """Example rows for the downloadable template, starting at the network's own hub."""
    hub = Team.objects.filter(network=network, kind=Team.Kind.HUB).values_list("name", flat=True).first()
    hub = hub or "Hub"
    return [
        [f"{hub} / North / Oakfield — Early Reading", "Sam Reed", "sam.reed@oakfield.example.org", "lead"],
        [f"{hub} / North / Oakfield — Early Reading", "Ada Moss", "ada.moss@oakfield.example.org", "member"],
        [f"{hub} / North", "Lee Hart", "lee.hart@north.example.org", "leader"],
    ]
