"""The demo network: a hub, two clusters, six school teams and about thirty people.

Written straight to the models on purpose: the services would notify and email thirty people about
memberships nobody asked for. Every row is found or created by a natural key.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from playbook.models import EmailDomain, Membership, Network, Team, User

DEMO_PASSWORD = "playbook-demo"

NETWORK = {"slug": "riverbend", "name": "Riverbend Learning Network", "time_zone": "Europe/London"}

# slug: (name, kind, parent slug, description)
TEAMS = {
    "hub": ("Riverbend Hub", "hub", None, "System leadership for the network's schools."),
    "north": ("North Cluster", "cluster", "hub", "Oakfield Primary and Hillcrest Secondary."),
    "south": ("South Cluster", "cluster", "hub", "Marsh Lane Primary and Riverside Academy."),
    "oakfield-reading": (
        "Oakfield Primary — Early Reading",
        "team",
        "north",
        "Phonics and early reading, Years R–2.",
    ),
    "oakfield-maths": ("Oakfield Primary — Maths", "team", "north", "Number fluency in Years 3–6."),
    "hillcrest-y9": ("Hillcrest Secondary — Year 9", "team", "north", "Year 9 engagement and transition."),
    "marsh-attendance": (
        "Marsh Lane Primary — Attendance",
        "team",
        "south",
        "Persistent absence and punctuality.",
    ),
    "riverside-science": (
        "Riverside Academy — Science",
        "team",
        "south",
        "Practical science and writing up.",
    ),
    "riverside-pastoral": (
        "Riverside Academy — Pastoral",
        "team",
        "south",
        "Behaviour, wellbeing and belonging.",
    ),
}

# username: (first, last, [(team slug, role), ...], network admin)
PEOPLE = {
    "admin": ("Alex", "Morgan", [], True),
    "hub.leader": ("Priya", "Shah", [("hub", "leader")], False),
    "dana": ("Dana", "Okafor", [("hub", "leader")], False),
    "north.leader": ("Tom", "Becker", [("north", "leader")], False),
    "south.leader": ("Grace", "Liu", [("south", "leader")], False),
    "rosa": ("Rosa", "Martínez", [("south", "member")], False),
    "maya.lead": ("Maya", "Patel", [("oakfield-reading", "lead")], False),
    "ella": ("Ella", "Hughes", [("oakfield-reading", "member"), ("oakfield-maths", "member")], False),
    "omar": ("Omar", "Haddad", [("oakfield-reading", "member")], False),
    "sophie": ("Sophie", "Clarke", [("oakfield-reading", "member")], False),
    "ben.lead": ("Ben", "Adeyemi", [("oakfield-maths", "lead")], False),
    "hannah": ("Hannah", "Wright", [("oakfield-maths", "member")], False),
    "luca": ("Luca", "Romano", [("oakfield-maths", "member")], False),
    "nina.lead": ("Nina", "Kowalski", [("hillcrest-y9", "lead")], False),
    "james": ("James", "O'Connor", [("hillcrest-y9", "member")], False),
    "aisha": ("Aisha", "Rahman", [("hillcrest-y9", "member")], False),
    "tariq": ("Tariq", "Ali", [("hillcrest-y9", "member")], False),
    "freya": ("Freya", "Lindqvist", [("hillcrest-y9", "member")], False),
    "sam.lead": ("Sam", "Taylor", [("marsh-attendance", "lead")], False),
    "chloe": ("Chloe", "Evans", [("marsh-attendance", "member")], False),
    "daniel": ("Daniel", "Mensah", [("marsh-attendance", "member")], False),
    "zoe": ("Zoe", "Fischer", [("marsh-attendance", "member"), ("riverside-pastoral", "member")], False),
    "kofi.lead": ("Kofi", "Boateng", [("riverside-science", "lead")], False),
    "lily": ("Lily", "Nguyen", [("riverside-science", "member")], False),
    "mateo": ("Mateo", "García", [("riverside-science", "member")], False),
    "isla": ("Isla", "Campbell", [("riverside-science", "member")], False),
    "ruth.lead": ("Ruth", "Goldberg", [("riverside-pastoral", "lead")], False),
    "yusuf": ("Yusuf", "Demir", [("riverside-pastoral", "member")], False),
    "megan": ("Megan", "Jones", [("riverside-pastoral", "member")], False),
    "arjun": ("Arjun", "Mehta", [("riverside-pastoral", "member"), ("riverside-science", "lead")], False),
    "leah": ("Leah", "Cohen", [("oakfield-maths", "member")], False),
}


def seed_network() -> tuple[Network, dict[str, Team], dict[str, User], int]:
    """The network, its teams by slug, its people by username, and how many people are new."""
    network, _ = Network.objects.update_or_create(slug=NETWORK["slug"], defaults=NETWORK)
    teams: dict[str, Team] = {}
    for slug, (name, kind, parent_slug, description) in TEAMS.items():
        teams[slug], _ = Team.objects.update_or_create(
            network=network,
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "parent": teams[parent_slug] if parent_slug else None,
                "description": description,
            },
        )

    # The demo people's addresses, so the admin's email-domain page has a row.
    EmailDomain.objects.get_or_create(domain="riverbend.example", defaults={"network": network})

    hashed = make_password(DEMO_PASSWORD)  # hashed once: thirty hashes would take seconds
    created = 0
    for username, (first, last, roles, is_admin) in PEOPLE.items():
        person, was_created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username.replace('.', '_')}@riverbend.example",
                "network": network,
                "is_network_admin": is_admin,
                # The demo admin may also open Django's admin pages.
                "is_staff": is_admin,
                "is_superuser": is_admin,
                "password": hashed,
            },
        )
        created += was_created
        for slug, role in roles:
            Membership.objects.update_or_create(user=person, team=teams[slug], defaults={"role": role})

    people = {u.username: u for u in User.objects.filter(username__in=PEOPLE)}
    return network, teams, people, created
