"""The select that writes its options in Python gives the same markup as Django's own."""

import pytest
from django import forms
from django.test.html import parse_html

from playbook.widgets import ManyOptionsSelect

CHOICES = [
    ("", "Every team"),
    (1, "Oakfield <Early> Reading"),
    ("Cluster “North”", [(2, "Marsh Lane"), (3, 'Quote " and & amp')]),
]


@pytest.mark.parametrize("value", [None, "", 1, "3", 99])
@pytest.mark.parametrize("attrs", [None, {"id": "id_team", "aria-describedby": "help", "required": True}])
def test_it_renders_what_django_renders(value, attrs):
    ours = ManyOptionsSelect(choices=CHOICES).render("team", value, attrs)
    django = forms.Select(choices=CHOICES).render("team", value, attrs)
    assert parse_html(ours) == parse_html(django)


def test_the_chosen_option_is_selected_and_labels_are_escaped():
    html = ManyOptionsSelect(choices=CHOICES).render("team", 3, {"id": "id_team"})
    assert '<option value="3" selected>Quote &quot; and &amp; amp</option>' in html
    assert "Oakfield &lt;Early&gt; Reading" in html
    assert html.count(" selected") == 1


def test_a_form_field_validates_as_before():
    class Form(forms.Form):
        team = forms.TypedChoiceField(choices=CHOICES, coerce=int, required=False, widget=ManyOptionsSelect)

    assert Form({"team": "2"}).is_valid()
    assert "team" in Form({"team": "7"}).errors


@pytest.mark.django_db
def test_a_model_choice_renders_what_django_renders(personas):
    from playbook.models import Team

    def field(widget):
        return forms.ModelChoiceField(Team.objects.order_by("name"), empty_label="Any team", widget=widget)

    for value in (None, personas.team_b.pk, str(personas.team_b.pk)):
        ours = field(ManyOptionsSelect).widget.render("team", value, {"id": "id_team"})
        django = field(forms.Select).widget.render("team", value, {"id": "id_team"})
        assert parse_html(ours) == parse_html(django)
        assert ours.count("<option") == Team.objects.count() + 1
