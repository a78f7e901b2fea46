"""Done-when 5: JSON-LD of every kind parses and carries the fields; the Atom feed parses with feedparser."""

import json
import re
from datetime import timedelta
from decimal import Decimal

import feedparser
import pytest
from django.utils import timezone

from opportunities.models import Kind, Status
from tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db

JOB_POSTING_FIELDS = {
    "title",
    "description",
    "datePosted",
    "validThrough",
    "hiringOrganization",
    "employmentType",
    "baseSalary",
    "directApply",
}


def json_ld(client, listing) -> dict:
    page = client.get(listing.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.parametrize("kind", [k for k in Kind if k not in (Kind.COURSE, Kind.EVENT)])
def test_job_posting_for_every_kind_of_work(client, kind):
    level = 3 if kind == Kind.APPRENTICESHIP else None
    listing = OpportunityFactory(kind=kind, level=level, title=f"A {kind} in Dalston </script><b>")
    data = json_ld(client, listing)
    assert data["@context"] == "https://schema.org" and data["@type"] == "JobPosting"
    assert data.keys() >= JOB_POSTING_FIELDS
    assert data["title"] == listing.title  # the script-closing text was escaped, not lost
    assert data["validThrough"].startswith(listing.closing_date.isoformat())
    assert data["hiringOrganization"]["name"] == listing.organisation.name
    assert data["jobLocation"]["address"]["postalCode"] == listing.postcode
    assert data["baseSalary"]["currency"] == "GBP"
    assert data["baseSalary"]["value"]["minValue"] == 15.0 and data["baseSalary"]["value"]["unitText"] == "HOUR"
    assert data["directApply"] is True


def test_remote_job_uses_job_location_type(client):
    listing = OpportunityFactory(
        attendance="online", postcode="", apply_method="website", apply_url="https://example.org/apply"
    )
    data = json_ld(client, listing)
    assert data["jobLocationType"] == "TELECOMMUTE" and "jobLocation" not in data
    assert data["directApply"] is False


def test_unpaid_volunteering_has_zero_salary_and_volunteer_type(client):
    listing = OpportunityFactory(kind=Kind.VOLUNTEERING, pay_min=None, pay_max=None, pay_period="")
    data = json_ld(client, listing)
    assert data["baseSalary"]["value"]["value"] == 0
    assert "VOLUNTEER" in data["employmentType"]


def test_course(client):
    listing = OpportunityFactory(
        kind=Kind.COURSE, level=1, attendance="online", postcode="", pay_min=None, pay_max=None, pay_period=""
    )
    data = json_ld(client, listing)
    assert data["@type"] == "Course"
    assert data["name"] == listing.title and data["provider"]["name"] == listing.organisation.name
    assert data["hasCourseInstance"][0]["courseMode"] == "Online"
    assert data["educationalLevel"].startswith("Level 1")


def test_event(client):
    listing = OpportunityFactory(
        kind=Kind.EVENT, pay_min=None, pay_max=None, pay_period="", start_date=timezone.localdate() + timedelta(days=9)
    )
    data = json_ld(client, listing)
    assert data["@type"] == "Event"
    assert (
        data["startDate"] == listing.start_date.isoformat()
        and data["location"]["address"]["postalCode"] == listing.postcode
    )
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["isAccessibleForFree"] is True


def test_atom_feed_parses_and_honours_filters(client):
    job = OpportunityFactory(kind=Kind.JOB, title="Barista in Hackney Central")
    course = OpportunityFactory(
        kind=Kind.COURSE, title="Food hygiene course", pay_min=None, pay_max=None, pay_period=""
    )
    OpportunityFactory(title="Draft not in feed", status=Status.DRAFT)
    response = client.get("/opportunities/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert {e.title for e in feed.entries} == {
        f"{job.title} – {job.organisation.name}",
        f"{course.title} – {course.organisation.name}",
    }
    entry = next(e for e in feed.entries if e.title.startswith("Barista"))
    assert entry.link.endswith(job.get_absolute_url()) and entry.summary == job.summary

    filtered = feedparser.parse(client.get("/opportunities/feed/", {"kind": "course"}).content)
    assert [e.title.split(" – ")[0] for e in filtered.entries] == [course.title]


def test_pay_tag_uses_london_living_wage_setting(client, settings):
    listing = OpportunityFactory(pay_min=Decimal("14.00"), pay_max=Decimal("14.00"))
    settings.LONDON_LIVING_WAGE_HOURLY = "13.85"
    assert "Pays the London Living Wage" in client.get(listing.get_absolute_url()).content.decode()
    settings.LONDON_LIVING_WAGE_HOURLY = "14.80"
    assert "Pays the London Living Wage" not in client.get(listing.get_absolute_url()).content.decode()
