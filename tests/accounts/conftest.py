import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from notifications.models import Notification


class Clock:
    """`django.utils.timezone.now` under the test's control (services, the outbox and sessions all read it)."""

    def __init__(self):
        self.now = timezone.now()

    def advance(self, **kwargs):
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def link_in(notification: Notification) -> str:
    """The path of the one link in a notification's body, as the person would follow it."""
    (url,) = re.findall(r"\]\((https?://[^)\s]+)\)", notification.body)
    assert url.startswith(settings.SITE_URL)
    return url.removeprefix(settings.SITE_URL)


def page_problems(response, *, error: bool) -> list[str]:
    """What a page breaks of the quality bars (docs/architecture.md): one <h1>, every field labelled, "Error: " in
    the title with errors."""
    html = response.content.decode()
    problems = []
    if html.count("<h1") != 1:
        problems.append(f"{html.count('<h1')} <h1> elements")
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    if title.startswith("Error: ") != error:
        problems.append(f"title {title!r}")
    for tag in re.findall(r"<input[^>]*>", html):
        kind = re.search(r'type="([^"]+)"', tag)
        if kind and kind.group(1) in {"hidden", "submit"}:
            continue
        field_id = re.search(r'\sid="([^"]+)"', tag)
        if field_id is None or f'for="{field_id.group(1)}"' not in html:
            problems.append(f"unlabelled {tag}")
    if error and "govuk-error-summary" not in html:
        problems.append("no error summary")
    return problems


def without_tokens(html: str) -> str:
    """A page with its CSRF token taken out, to compare two responses."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
