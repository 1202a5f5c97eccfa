from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    # The issuer is /o: discovery at /o/.well-known/openid-configuration.
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
