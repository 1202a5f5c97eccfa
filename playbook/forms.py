from django import forms

from playbook import preferences
from playbook.models import User


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "email_notifications", "weekly_digest"]
        labels = {
            "email_notifications": "Email me my notifications as well",
            "weekly_digest": "Email me a summary of my week on Mondays",
        }


class NotificationPreferencesForm(forms.Form):
    """One set of three choices per kind of notification, the person's current ones chosen."""

    # What each choice means for the person, said on the choice itself.
    CHOICES = [
        (preferences.Delivery.IMMEDIATE, "At once, by email too"),
        (preferences.Delivery.DIGEST, "In my weekly digest"),
        (preferences.Delivery.OFF, "Only in Playbook"),
    ]

    def __init__(self, *args, person: User, **kwargs):
        super().__init__(*args, **kwargs)
        for choice in preferences.choices_of(person):
            self.fields[choice.kind.name] = forms.ChoiceField(
                label=choice.kind.label,
                help_text=choice.kind.description,
                choices=self.CHOICES,
                initial=choice.delivery,
                widget=forms.RadioSelect,
                # A kind left out of the post (a page from before it was added) stays as it is.
                required=False,
            )

    def chosen(self) -> dict[str, str]:
        return {kind: delivery for kind, delivery in self.cleaned_data.items() if delivery}
