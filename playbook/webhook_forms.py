"""Input shape of a webhook endpoint; what an address may be is ``playbook.webhooks.check_url``'s rule."""

from django import forms

from playbook import webhooks
from playbook.models import WebhookEndpoint


class EndpointForm(forms.Form):
    # A CharField, not a URLField: the service's check says what is wrong with an address in words an
    # admin can act on (https, no password, not a private address), for the page and any script alike.
    url = forms.CharField(
        label="Address",
        max_length=WebhookEndpoint._meta.get_field("url").max_length,
        help_text="The https:// address your Teams or Slack workflow, or your own script, gave you.",
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "off"}),
    )
    description = forms.CharField(
        required=False,
        max_length=WebhookEndpoint._meta.get_field("description").max_length,
        help_text="What it is for, e.g. “Leaders' Teams channel”.",
    )
    events = forms.MultipleChoiceField(
        label="Events",
        choices=list(webhooks.EVENTS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event to be told of."},
    )


class EndpointEditForm(EndpointForm):
    active = forms.BooleanField(
        required=False, label="On", help_text="Switched off, it is told of nothing until switched on again."
    )
