"""Password sign-in, the network's "local passwords" switch, and which of allauth's URLs we serve.

With a network's local passwords off (``Network.local_passwords``) its people sign in with their
school account only. The refusal sits in the one backend that checks passwords, so the sign-in page,
the admin's sign-in and the API's token endpoint (``playbook.api.views.TokenView``) all refuse alike;
a school-account sign-in never asks a backend for a password, so it is unaffected. Staff and
superusers keep their passwords whatever their network says, so an operator can never be locked out.
Password reset stays consistent: it emails nobody whose password would be refused, and a password set
some other way is still refused here.

Only allauth's provider flow is served (``allauth_urlpatterns``, under /sso/): its own sign-in,
sign-up and password pages would be a second way in, so the names its code reverses lead to ours.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.auth_backends import AuthenticationBackend
from allauth.socialaccount import views as socialaccount_views
from allauth.socialaccount.providers.openid_connect import urls as openid_connect_urls
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.views.generic.base import RedirectView

SCHOOL_ACCOUNT_ONLY = (
    "Your network signs in with school accounts only: use the “Sign in with …” button below "
    "instead of a password."
)


def password_allowed(user) -> bool:
    if user.is_staff or user.is_superuser or user.network_id is None:
        return True
    return user.network.local_passwords


class PasswordBackend(AuthenticationBackend):
    """django-allauth's backend (a username and password, as Django's own), minus the people whose
    network turned passwords off. Sessions are untouched: ``get_user`` is the parent's."""

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None and not password_allowed(user):
            return None
        return user


def _refused_for_passwords_off(username: str, password: str) -> bool:
    """Whether these are a person's right credentials, refused only because their network is on
    school accounts: then the sign-in page says so, instead of "wrong password"."""
    user = get_user_model()._default_manager.filter(username=username).select_related("network").first()
    return (
        user is not None and user.is_active and not password_allowed(user) and user.check_password(password)
    )


class SignInForm(auth_forms.AuthenticationForm):
    def get_invalid_login_error(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username and password and _refused_for_passwords_off(username, password):
            return ValidationError(SCHOOL_ACCOUNT_ONLY, code="school_account_only")
        return super().get_invalid_login_error()


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's, but no reset link for a person whose network signs in with school accounts only."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if password_allowed(user))


@dataclass(frozen=True)
class ProviderButton:
    name: str
    url: str


def provider_buttons() -> list[ProviderButton]:
    apps = getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}).get("openid_connect", {}).get("APPS", [])
    return [
        ProviderButton(
            app.get("name") or app["provider_id"],
            reverse("openid_connect_login", kwargs={"provider_id": app["provider_id"]}),
        )
        for app in apps
    ]


class SignInView(auth_views.LoginView):
    authentication_form = SignInForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, providers=provider_buttons())


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm


_to_sign_in = RedirectView.as_view(pattern_name="login")

allauth_urlpatterns = [
    path("login/cancelled/", socialaccount_views.login_cancelled, name="socialaccount_login_cancelled"),
    path("login/error/", socialaccount_views.login_error, name="socialaccount_login_error"),
    # Names allauth's code reverses; each leads to our own sign-in page, never to an allauth form.
    path("login/", _to_sign_in, name="account_login"),
    path("signup/", _to_sign_in, name="account_signup"),
    path("signup/school-account/", _to_sign_in, name="socialaccount_signup"),
    path("inactive/", _to_sign_in, name="account_inactive"),
    *openid_connect_urls.urlpatterns,  # oidc/<provider_id>/login/ and oidc/<provider_id>/login/callback/
]
