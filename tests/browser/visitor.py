"""A person's browser tab for journeys that check every page they open: one <h1>, axe at each width, the status."""

import re

from tests.factories import PASSWORD

PHONE, DESKTOP = 390, 1280
WIDTHS = (375, DESKTOP)


class Visitor:
    """One person's browser tab: signs in, opens pages and checks each at every width (then goes back to the first),
    keeping every failure so that one run names all the pages that need fixing."""

    def __init__(self, page, base, assert_accessible, widths=WIDTHS):
        self.page, self.base, self.assert_accessible, self.widths = page, base, assert_accessible, widths
        self.failures = []
        page.set_viewport_size({"width": widths[0], "height": 900})

    def sign_in(self, user, *, landing="/account/"):
        """Sign in from the page the browser is on (the sign-in page, or one that sent it there); `landing` is
        where that leads (None: the caller checks)."""
        self.page.get_by_label("Email address").fill(user.email)
        self.page.get_by_label("Password").fill(PASSWORD)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=re.compile(r"^(Sign in|Log in)$")).click()
        if landing is not None:
            assert self.page.url == self.base + landing, f"{user.email} did not sign in: {self.page.url}"

    def open(self, path, *, name, status=200):
        response = self.page.goto(self.base + path)
        if response.status != status:
            self.failures.append(f"{name} ({path}): HTTP {response.status}, expected {status}")
        self.check(name)

    def follow(self, link, *, name):
        """Follow a link (a locator, or the exact name of a link on the page)."""
        if isinstance(link, str):
            link = self.page.get_by_role("link", name=link, exact=True)
        with self.page.expect_navigation() as navigation:
            link.click()
        self._status(navigation.value, name, 200)
        self.check(name)

    def submit(self, button, *, name, status=200):
        """Press a form's button; a status of 400 is a form sent back with its errors, which must say so."""
        with self.page.expect_navigation() as navigation:
            self.page.get_by_role("button", name=button, exact=True).click()
        self._status(navigation.value, name, status)
        if status == 400:
            path = self.page.url.removeprefix(self.base)
            if not self.page.locator(".govuk-error-summary").is_visible():
                self.failures.append(f"{name} ({path}): no GOV.UK error summary")
            if not self.page.title().startswith("Error: "):
                self.failures.append(f"{name} ({path}): the title {self.page.title()!r} does not start “Error: ”")
        self.check(name)

    def _status(self, response, name, status):
        if response.status != status:
            path = self.page.url.removeprefix(self.base)
            self.failures.append(f"{name} ({path}): HTTP {response.status}, expected {status}")

    def check(self, name):
        path = self.page.url.removeprefix(self.base)
        headings = self.page.locator("h1")
        if headings.count() != 1:
            self.failures.append(f"{name} ({path}): {headings.count()} <h1> elements {headings.all_inner_texts()}")
        for width in self.widths:
            self.page.set_viewport_size({"width": width, "height": 900})
            try:
                self.assert_accessible(self.page)
            except AssertionError as error:  # every page is checked; the failure names them all
                self.failures.append(f"{name} ({path}) at {width}px: {error}")
        self.page.set_viewport_size({"width": self.widths[0], "height": 900})

    def assert_all_passed(self):
        assert not self.failures, "\n".join(self.failures)
