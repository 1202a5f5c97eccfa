"""Input shape of a shared value; the list's length and unique names are ``playbook.values``' rules."""

from django import forms

from playbook.models import NetworkValue


class NetworkValueForm(forms.Form):
    name = forms.CharField(
        max_length=NetworkValue._meta.get_field("name").max_length, help_text="A few words."
    )
    description = forms.CharField(
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One sentence on what it looks like in practice.",
    )
