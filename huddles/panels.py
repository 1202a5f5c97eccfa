"""What the huddles app shows on the home page."""

from huddles.selectors import my_open_action_items
from playbook import clock
from playbook.slots import HOME, Panel, register


def _my_action_items(request):
    """The person's open action items, soonest due first: one query, however many they have."""
    return {"items": list(my_open_action_items(request.user)[:20]), "today": clock.today()}


register(Panel("my-action-items", HOME, 40, "huddles/_home_panel.html", _my_action_items))
