from django.shortcuts import render

from playbook import permissions
from playbook.models import Team


def team_detail(request, pk):
    team = permissions.get_for_user(request.user, Team, pk)
    return render(request, "playbook/setup/team_detail.html", {"team": team})
