from django import forms

from playbook.models import User


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "email_notifications"]
        labels = {"email_notifications": "Email me my notifications as well"}
