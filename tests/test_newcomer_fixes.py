"""Faults a newcomer hit with the demo data: email links on another port, the search's back link, returning to a
listing after adding a date of birth, "Pay: Unpaid" on courses and events, signing out from the header, and a
confirmation message left unread. (The search page on a phone is tested in tests/browser/test_newcomer_phone.py.)"""

import html
import os
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import email_confirm, email_confirm_token, email_confirmation_send, password_reset_finish
from notifications.models import Notification
from notifications.services import notify
from opportunities.models import Kind
from tests.factories import OpportunityFactory, UserFactory

REPO = Path(__file__).resolve().parent.parent


# 1. `make run` on another port: links in emails point at that port ------------------------------------------


def _make_dry_run(*args, site_url: str | None = None) -> dict[str, str]:
    """The last command `make -n` shows for seed_demo, runserver and honcho (nothing is run)."""
    make = shutil.which("make")
    assert make is not None, "make is needed to run the project (README), and so these tests"
    env = {key: value for key, value in os.environ.items() if key not in {"SITE_URL", "HOST", "PORT", "MAKEFLAGS"}}
    if site_url is not None:
        env["SITE_URL"] = site_url
    output = subprocess.run(
        [make, "--no-print-directory", "-n", *args], cwd=REPO, env=env, capture_output=True, text=True, check=True
    ).stdout.replace("\\\n", " ")  # a command continued on the next line is one command
    lines = {}
    for step in ("seed_demo", "runserver", "honcho"):
        found = [line for line in output.splitlines() if step in line]
        if found:
            lines[step] = found[-1]
    return lines


def test_make_run_gives_the_server_and_the_seed_the_site_url_of_its_port():
    lines = _make_dry_run("run", "PORT=8123")
    assert "runserver 127.0.0.1:8123" in lines["runserver"]
    for step in ("seed_demo", "runserver"):
        assert "SITE_URL=http://127.0.0.1:8123 " in lines[step], lines[step]

    lines = _make_dry_run("run", "HOST=localhost", "PORT=8124")
    for step in ("seed_demo", "runserver"):
        assert "SITE_URL=http://localhost:8124 " in lines[step], lines[step]


def test_make_run_keeps_a_site_url_that_is_set():
    lines = _make_dry_run("run", "PORT=8123", site_url="https://opportunities.example.test")
    for step in ("seed_demo", "runserver"):
        assert "SITE_URL=https://opportunities.example.test " in lines[step], lines[step]

    lines = _make_dry_run("run", "PORT=8123", "SITE_URL=http://192.0.2.7:8123")
    assert "SITE_URL=http://192.0.2.7:8123 " in lines["runserver"]


def test_make_up_gives_its_processes_the_site_url_of_its_port():
    lines = _make_dry_run("up", "PORT=8125")
    for step in ("seed_demo", "honcho"):
        assert "SITE_URL=http://127.0.0.1:8125 " in lines[step], lines[step]


# 3. The listing's back link returns to the search it was opened from ---------------------------------------


def _back_link(page: str) -> str:
    (href,) = re.findall(r'<a href="([^"]*)" class="govuk-back-link"', page)
    return html.unescape(href)


def _hrefs(page: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]*)"', page)]


@pytest.mark.django_db
def test_a_listing_opened_from_a_search_links_back_to_that_search(client):
    listing = OpportunityFactory(kind=Kind.JOB, title="Care assistant in Homerton", summary="Care work.")
    results = client.get("/opportunities/", {"q": "care", "kind": "job", "page": "1"}).content.decode()

    (href,) = [href for href in _hrefs(results) if href.startswith(listing.get_absolute_url())]
    page = client.get(href).content.decode()

    assert _back_link(page) == "/opportunities/?q=care&kind=job&page=1"
    assert "Back to your search results" in page
    # The listing's own address stays the one search engines and shared links use.
    assert f'<link rel="canonical" href="http://testserver{listing.get_absolute_url()}">' in page


@pytest.mark.django_db
def test_a_listing_opened_without_a_search_links_back_to_all_opportunities(client):
    listing = OpportunityFactory()
    results = client.get("/opportunities/").content.decode()
    assert listing.get_absolute_url() in _hrefs(results)  # nothing to carry

    page = client.get(listing.get_absolute_url()).content.decode()
    assert _back_link(page) == "/opportunities/"
    assert "Back to all opportunities" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("back", "expected"),
    [
        ("https://evil.example/opportunities/?q=care", "/opportunities/"),
        ("//evil.example/opportunities/?q=care", "/opportunities/"),
        ("/\\evil.example/opportunities/?q=care", "/opportunities/"),
        ("/accounts/logout/?q=care", "/opportunities/"),
        ("/opportunities/feed/?q=care", "/opportunities/"),
        ("javascript:alert(1)//opportunities/?q=care", "/opportunities/"),
        ("/opportunities/", "/opportunities/"),
        ("/opportunities/?next=https://evil.example/&q=care", "/opportunities/?q=care"),
        ("/opportunities/?q=care&sort=closing&age=19#x", "/opportunities/?q=care&sort=closing&age=19"),
    ],
)
def test_the_back_link_is_only_ever_a_search_of_this_site(client, back, expected):
    listing = OpportunityFactory()
    page = client.get(listing.get_absolute_url(), {"back": back}).content.decode()
    assert _back_link(page) == expected


@pytest.mark.django_db
def test_saving_a_listing_opened_from_a_search_keeps_the_way_back(client, resident):
    listing = OpportunityFactory()
    client.force_login(resident)
    address = f"{listing.get_absolute_url()}?back=/opportunities/%3Fq%3Dcare"
    page = client.get(address).content.decode()
    assert f'<input type="hidden" name="next" value="{html.escape(address)}">' in page

    response = client.post(f"{listing.get_absolute_url()}save/", {"next": address}, follow=True)

    assert response.redirect_chain == [(address, 302)]
    assert _back_link(response.content.decode()) == "/opportunities/?q=care"


# 4. Adding a date of birth from a listing returns the resident to it ---------------------------------------


def _date_of_birth(age: int) -> dict:
    born = timezone.localdate().replace(month=1, day=1) - timedelta(days=365 * age)
    return {
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
    }


@pytest.mark.django_db
def test_adding_a_date_of_birth_from_a_listing_returns_the_resident_to_it(client, resident):
    listing = OpportunityFactory(min_age=16, max_age=24)
    client.force_login(resident)
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "Add your date of birth to your profile to apply." in page
    (change,) = [href for href in _hrefs(page) if href.startswith("/account/profile/change/")]
    assert f"next={listing.get_absolute_url()}" in change

    form = client.get(change).content.decode()
    assert f'<input type="hidden" name="next" value="{listing.get_absolute_url()}">' in form
    response = client.post(change.split("#")[0], {"next": listing.get_absolute_url(), **_date_of_birth(20)})

    assert response.status_code == 302 and response["Location"] == listing.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "Your profile has been saved" in page and "You can apply." in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "http://testserver/opportunities/",  # same host, but only paths are taken
        "javascript:alert(1)",
        "",
    ],
)
def test_the_profile_page_returns_only_to_pages_of_this_site(client, resident, next_url):
    client.force_login(resident)
    form = client.get("/account/profile/change/", {"next": next_url}).content.decode()
    assert 'name="next"' not in form

    response = client.post(f"/account/profile/change/?next={next_url}", {"next": next_url, **_date_of_birth(20)})
    assert response.status_code == 302 and response["Location"] == "/account/profile/"


# 5. Courses and events have no pay to speak of --------------------------------------------------------------


@pytest.mark.django_db
def test_courses_and_events_do_not_say_unpaid(client):
    course = OpportunityFactory(
        kind=Kind.COURSE, title="Introduction to bookkeeping", pay_min=None, pay_max=None, pay_period=""
    )
    event = OpportunityFactory(
        kind=Kind.EVENT,
        title="Jobs fair at the Town Hall",
        pay_min=None,
        pay_max=None,
        pay_period="",
        start_date=timezone.localdate() + timedelta(days=10),
    )
    volunteering = OpportunityFactory(
        kind=Kind.VOLUNTEERING, title="Food bank volunteer", pay_min=None, pay_max=None, pay_period=""
    )

    for listing in (course, event):
        page = client.get(listing.get_absolute_url()).content.decode()
        assert "Unpaid" not in page and ">Pay<" not in page, listing.kind
    assert "Unpaid" in client.get(volunteering.get_absolute_url()).content.decode()

    results = client.get("/opportunities/", {"kind": ["course", "event"]}).content.decode()
    assert "2 opportunities found" in results
    assert "Unpaid" not in results and ">Pay<" not in results
    results = client.get("/opportunities/", {"kind": "volunteering"}).content.decode()
    assert "Unpaid" in results


@pytest.mark.django_db
def test_a_course_that_pays_still_says_so(client):
    course = OpportunityFactory(
        kind=Kind.COURSE, title="Paid bricklaying course", pay_min=100, pay_max=100, pay_period="week"
    )
    assert "£100 per week" in client.get(course.get_absolute_url()).content.decode()
    assert "£100 per week" in client.get("/opportunities/", {"kind": "course"}).content.decode()


# 6. Sign out in the header -----------------------------------------------------------------------------------


def _header(page: str) -> str:
    return re.search(r"<header>.*?</header>", page, re.S).group(0)


@pytest.mark.django_db
def test_the_header_offers_sign_out_to_signed_in_people_only(resident):
    visitor = Client(enforce_csrf_checks=True)
    header = _header(visitor.get("/guidance/").content.decode())
    assert "Sign out" not in header and "Sign in" in header

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(resident)
    header = _header(browser.get("/guidance/").content.decode())
    form = re.search(r'<form method="post" action="/accounts/logout/"[^>]*>(.*?)</form>', header, re.S)
    assert form, header
    assert re.search(r"<button[^>]*>\s*Sign out\s*</button>", form.group(1))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1)).group(1)

    response = browser.post("/accounts/logout/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 302 and response["Location"] == "/"
    assert "_auth_user_id" not in browser.session
    assert "Sign out" not in _header(browser.get("/").content.decode())


# 7. Confirming an address marks the message with the link read ----------------------------------------------


@pytest.mark.django_db
def test_confirming_an_address_marks_the_confirmation_messages_read():
    person = UserFactory(email="amara@example.test", email_confirmed_at=None, role=Role.RESIDENT)
    earlier = email_confirmation_send(user=person, now=timezone.now() - timedelta(minutes=10))
    latest = email_confirmation_send(user=person)
    other = notify(recipient=person, kind="password_reset", context={"reset_url": "/x/"}, key="reset:amara")
    assert Notification.objects.filter(recipient=person).unread().count() == 3

    user, confirmed_now = email_confirm(token=email_confirm_token(user=person))

    assert confirmed_now and user.email_confirmed_at is not None
    for notification in (earlier, latest):
        notification.refresh_from_db()
        assert notification.read_at is not None
    other.refresh_from_db()
    assert other.read_at is None  # only the messages the confirmation settles


@pytest.mark.django_db
def test_following_the_emailed_link_leaves_no_unread_confirmation_in_the_inbox(client):
    client.post(
        "/accounts/signup/",
        {
            "full_name": "Amara Okoye",
            "email": "amara@example.test",
            "password1": "kingsland market rain",
            "password2": "kingsland market rain",
        },
    )
    message = Notification.objects.get(kind="account_confirm_email")
    link = re.search(r"(/accounts/confirm/[^/\s)]+/)", message.body).group(1)

    assert client.post(link).status_code == 302

    message.refresh_from_db()
    assert User.objects.get().email_confirmed_at is not None
    assert message.read_at is not None
    assert "(1 unread)" not in client.get("/account/").content.decode()


@pytest.mark.django_db
def test_a_password_reset_that_confirms_the_address_marks_the_confirmation_message_read():
    person = UserFactory(email="amara@example.test", email_confirmed_at=None, role=Role.RESIDENT)
    message = email_confirmation_send(user=person)

    password_reset_finish(user=person, password="a new long password")

    message.refresh_from_db()
    assert person.email_confirmed_at is not None and message.read_at is not None
