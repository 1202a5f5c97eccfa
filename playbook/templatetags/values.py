"""``{% network_values %}``: the network's shared values as a compact strip, where people work.

One query per request however many pages' parts ask for it: the list is kept on the request.
"""

from django import template

from playbook.values import values_of

register = template.Library()


@register.inclusion_tag("playbook/_values.html", takes_context=True)
def network_values(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return {"network_values": []}
    shown = getattr(request, "_playbook_network_values", None)
    if shown is None:
        shown = list(values_of(user))
        request._playbook_network_values = shown
    return {"network_values": shown}
