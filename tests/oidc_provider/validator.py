from oauth2_provider.oauth2_validators import OAuth2Validator

# A user whose last name is this gets email_verified false: a provider that has not checked it.
UNVERIFIED = "Unverified"


class Validator(OAuth2Validator):
    """Puts the person's email, whether it is verified, and their names in the ID token and userinfo."""

    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "email": "email",
        "email_verified": "email",
        "given_name": "profile",
        "family_name": "profile",
    }

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": user.last_name != UNVERIFIED,
            "given_name": user.first_name,
            "family_name": user.last_name,
        }
