"""What the browser journeys share besides their fixtures (those stay in tests/browser/conftest.py)."""

STRICT_CSP = "script-src 'self'; object-src 'none'; base-uri 'none'"


def sign_in(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    # Wait for the page the form leads to (home, or the form again with its error): a test that acted
    # at once could tap the sign-in page's own menu button just as it was replaced.
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def sideways_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def serious_axe_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as loaded, one line per rule and node."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    found = []
    for violation in results["violations"]:
        if violation["impact"] in ("serious", "critical"):
            for node in violation["nodes"]:
                found.append(f"{violation['id']}: {' '.join(node['target'])}")
    return found


def in_first_screen(locator) -> bool:
    """Whether the element's top edge is inside the viewport without scrolling."""
    box = locator.bounding_box()
    height = locator.page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] < height
