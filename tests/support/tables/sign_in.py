"""Permission rows for sign-in with the school account: the admins' email-domain page
(playbook/email_domain_views.py) and the allauth names that lead back to our sign-in page.

Plain data in the format of tests/support/permission_tables.py; run by
tests/playbook/test_school_account_pages.py. Non-admins are refused before anything is looked up
(403); another network's admin gets 404 for this network's domain (checked there too).
allauth's provider login and callback need a configured provider: the browser journeys in
tests/browser/test_school_account_sign_in.py walk them.
"""

from types import SimpleNamespace

from playbook.models import EmailDomain
from tests.support.permission_tables import Row, S


def world(personas) -> SimpleNamespace:
    domain = EmailDomain.objects.create(network=personas.network, domain="riverside.example.org")
    return SimpleNamespace(**vars(personas), domain=domain)


def domain(w):
    return {"pk": w.domain.pk}


EVERYONE_SENT_TO_SIGN_IN = S("302 302 302 302 302 302 302")

# Statuses in PERSONAS order:
#   outsider sibling_member member lead leader admin anonymous
ROWS = [
    Row("email-domains", "get", S("403 403 403 403 403 200 302")),
    Row(
        "email-domains",
        "post",
        S("403 403 403 403 403 302 302"),
        data=lambda w: {"domain": "hub.example.org"},
    ),
    Row("email-domain-remove", "post", S("403 403 403 403 403 302 302"), kwargs=domain),
    # allauth's own pages are not served: the names its code reverses redirect to our sign-in page.
    Row("account_login", "get", EVERYONE_SENT_TO_SIGN_IN),
    Row("account_signup", "get", EVERYONE_SENT_TO_SIGN_IN),
    Row("account_signup", "post", EVERYONE_SENT_TO_SIGN_IN),
    Row("socialaccount_signup", "get", EVERYONE_SENT_TO_SIGN_IN),
    Row("account_inactive", "get", EVERYONE_SENT_TO_SIGN_IN),
    Row("socialaccount_login_cancelled", "get", S("200 200 200 200 200 200 200")),
    # allauth answers its error page 401; it needs a sign-in first (the callback shows its own errors).
    Row("socialaccount_login_error", "get", S("401 401 401 401 401 401 302")),
]
