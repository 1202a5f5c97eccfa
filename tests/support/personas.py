"""The personas every permission table is written against.

hub ── cluster_a ── team_a  (member, lead; leader sits on cluster_a)
   │            └─ team_b  (sibling_member)
   └── cluster_b ── team_c
other network: outsider in other_team
"""

from types import SimpleNamespace

from tests.support.factories import PASSWORD, MembershipFactory, NetworkFactory, TeamFactory, UserFactory

__all__ = ["PASSWORD", "make_personas"]


def make_personas() -> SimpleNamespace:
    """One network with a hub, two clusters and three teams, plus a second network."""
    network = NetworkFactory(name="Riverside", slug="riverside")
    hub = TeamFactory(network=network, name="Hub", slug="hub", kind="hub")
    cluster_a = TeamFactory(network=network, name="Cluster A", slug="cluster-a", kind="cluster", parent=hub)
    cluster_b = TeamFactory(network=network, name="Cluster B", slug="cluster-b", kind="cluster", parent=hub)
    team_a = TeamFactory(network=network, name="Team A", slug="team-a", parent=cluster_a)
    team_b = TeamFactory(network=network, name="Team B", slug="team-b", parent=cluster_a)
    team_c = TeamFactory(network=network, name="Team C", slug="team-c", parent=cluster_b)

    def person(username, team=None, role="member", **extra):
        user = UserFactory(username=username, network=extra.pop("network", network), **extra)
        if team is not None:
            MembershipFactory(user=user, team=team, role=role)
        return user

    other_network = NetworkFactory(name="Elsewhere", slug="elsewhere")
    other_team = TeamFactory(network=other_network, name="Other Team", slug="other-team", kind="hub")
    return SimpleNamespace(
        network=network,
        hub=hub,
        cluster_a=cluster_a,
        cluster_b=cluster_b,
        team_a=team_a,
        team_b=team_b,
        team_c=team_c,
        other_network=other_network,
        other_team=other_team,
        member=person("member", team_a, "member"),
        lead=person("lead", team_a, "lead"),
        leader=person("leader", cluster_a, "leader"),
        hub_leader=person("hub_leader", hub, "leader"),
        sibling_member=person("sibling", team_b, "member"),
        admin=person("admin", is_network_admin=True),
        outsider=person("outsider", other_team, "lead", network=other_network),
        loner=person("loner"),
    )
