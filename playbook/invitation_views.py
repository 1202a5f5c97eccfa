"""The page an invitation's link opens: public, since the person has no way to sign in yet."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from playbook import invitations

# The backend a password sign-in ends with (axes' own only counts failures). It must be one of
# AUTHENTICATION_BACKENDS, or the session would not find its person on the next request.
_BACKEND = "playbook.sign_in.PasswordBackend"


def _gone(request, problem: str, status: int):
    return render(request, "playbook/invitation_gone.html", {"problem": problem}, status=status)


@never_cache
@login_not_required
def invitation(request, token):
    found = invitations.find(token)
    if found.invitation is None:
        return _gone(request, found.problem, found.status)
    person, network = found.invitation.person, found.invitation.person.network
    form = None
    if network.local_passwords:
        form = SetPasswordForm(person, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            password = form.cleaned_data["new_password1"]
            person = invitations.accept(invitation=found.invitation, password=password)
        except ValidationError as error:
            return _gone(request, " ".join(error.messages), 410)
        login(request, person, backend=_BACKEND)
        messages.success(request, f"Welcome to {network.name}. You sign in as {person.username}.")
        return redirect("home")
    context = {"invitation": found.invitation, "person": person, "network": network, "form": form}
    return render(request, "playbook/invitation.html", context)
