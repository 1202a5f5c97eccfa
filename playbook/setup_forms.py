"""Input shapes for the network-setup pages. Rules about the tree and roles live in the services."""

from zoneinfo import available_timezones

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator

from playbook.models import Membership, Network, Team, User


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, team):
        return f"{team.name} ({team.get_kind_display().lower()})"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.display_name} ({person.username})"


class TeamForm(forms.Form):
    """Name and description for every editor; kind and parent only when ``parents`` is given (admins)."""

    name = forms.CharField(max_length=Team._meta.get_field("name").max_length)
    kind = forms.ChoiceField(choices=Team.Kind.choices, initial=Team.Kind.TEAM)
    parent = TeamChoiceField(
        queryset=Team.objects.none(),
        required=False,
        empty_label="— none (only the hub) —",
        help_text="Teams sit in a cluster or under the hub; clusters sit under the hub.",
    )
    description = forms.CharField(
        widget=forms.Textarea, required=False, max_length=Team._meta.get_field("description").max_length
    )

    def __init__(self, *args, parents=None, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parents is None:
            del self.fields["kind"], self.fields["parent"]
            return
        self.fields["parent"].queryset = parents
        if kinds is not None:
            self.fields["kind"].choices = [(k, label) for k, label in Team.Kind.choices if k in kinds]


class AddMemberForm(forms.Form):
    person = PersonChoiceField(queryset=User.objects.none(), empty_label="— choose a person —")
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def __init__(self, *args, people, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        if roles is not None:
            self.fields["role"].choices = [(r, label) for r, label in Membership.Role.choices if r in roles]


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class PersonForm(forms.Form):
    """A new person, and optionally the first team they join."""

    username = forms.CharField(
        max_length=User._meta.get_field("username").max_length,
        validators=[UnicodeUsernameValidator()],
        help_text="Letters, digits and @ . + - _ only. They sign in with it.",
    )
    first_name = forms.CharField(max_length=User._meta.get_field("first_name").max_length, required=False)
    last_name = forms.CharField(max_length=User._meta.get_field("last_name").max_length, required=False)
    email = forms.EmailField(help_text="Their invitation is emailed here: a link that works once.")
    is_network_admin = forms.BooleanField(required=False, label="Network admin")
    team = TeamChoiceField(queryset=Team.objects.none(), required=False, empty_label="— no team yet —")
    role = forms.ChoiceField(
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        required=False,
        label="Role in that team",
        help_text="Used only when a team is chosen.",
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("team") is not None and not cleaned.get("role"):
            self.add_error("role", "Choose their role in that team.")
        return cleaned

    def person_fields(self):
        keep = ("username", "first_name", "last_name", "email", "is_network_admin")
        return {name: self.cleaned_data[name] for name in keep}


class PersonEditForm(forms.Form):
    first_name = forms.CharField(max_length=User._meta.get_field("first_name").max_length, required=False)
    last_name = forms.CharField(max_length=User._meta.get_field("last_name").max_length, required=False)
    email = forms.EmailField()
    is_network_admin = forms.BooleanField(required=False, label="Network admin")
    is_active = forms.BooleanField(
        required=False, label="Active", help_text="Inactive people cannot sign in; their history stays."
    )


class SearchForm(forms.Form):
    # A form, not request.GET directly, so a NUL byte or an endless string is refused, not sent to SQL.
    q = forms.CharField(required=False, max_length=100, label="Search people")


def _time_zone_choices(current=None):
    # Area/City names and UTC; the aliases (GB, Zulu, localtime…) only make the list harder to use.
    names = {n for n in available_timezones() if "/" in n and not n.startswith("Etc/")} | {"UTC"}
    if current:
        names.add(current)  # an alias chosen elsewhere stays selectable, so saving the name keeps it
    return [(name, name) for name in sorted(names)]


class NetworkForm(forms.Form):
    name = forms.CharField(max_length=Network._meta.get_field("name").max_length)
    time_zone = forms.ChoiceField(help_text="Dates and deadlines in Playbook follow this zone.")
    local_passwords = forms.BooleanField(
        required=False,
        label="Local passwords",
        help_text="People may sign in with a Playbook password. Off: only with their school account "
        "(staff and site operators keep their passwords, so nobody is ever locked out).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = _time_zone_choices(self.initial.get("time_zone"))
