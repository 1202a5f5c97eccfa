"""The kinds of notification the measures app sends, for people to choose how they get them."""

from playbook.notification_kinds import register

register(
    "shared-measure-changed",
    "A shared measure my team adopted changed",
    "Whoever keeps a shared measure changed its definition or target; the team's measure follows it.",
    order=45,
)
register(
    "balancing-signal",
    "A balancing measure shows a signal",
    "A measure that watches for harm elsewhere moved in the wrong direction.",
    order=40,
)
