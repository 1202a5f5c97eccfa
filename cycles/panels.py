"""What the cycles app shows on the home page."""

from cycles.selectors import my_open_cycles
from playbook import clock
from playbook.slots import HOME, Panel, register


def _my_cycles(request):
    """The person's open cycles, overdue first: one query, however many cycles they have."""
    return {"cycles": my_open_cycles(request.user, clock.today())}


register(Panel("my-cycles", HOME, 20, "cycles/_home_panel.html", _my_cycles))
