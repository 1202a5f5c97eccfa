"""The kinds of notification the measures app sends, for people to choose how they get them."""

from playbook.notification_kinds import register

register(
    "balancing-signal",
    "A balancing measure shows a signal",
    "A measure that watches for harm elsewhere moved in the wrong direction.",
    order=40,
)
