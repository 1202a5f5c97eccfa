"""What the browser journeys share besides their fixtures (those stay in tests/browser/conftest.py)."""

STRICT_CSP = "script-src 'self'; object-src 'none'; base-uri 'none'"


def sign_in(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
