"""schema.org JSON-LD for a listing: JobPosting for work, Course for courses, Event for events."""

import json

from django.conf import settings

from .models import Attendance, ContractType, Kind, PayPeriod, WorkingPattern

EMPLOYMENT_TYPE = {
    WorkingPattern.FULL_TIME: "FULL_TIME",
    WorkingPattern.PART_TIME: "PART_TIME",
    WorkingPattern.SHIFTS: "PER_DIEM",
    WorkingPattern.FLEXIBLE: "PART_TIME",
    WorkingPattern.TERM_TIME: "PART_TIME",
}
UNIT_TEXT = {PayPeriod.HOUR: "HOUR", PayPeriod.WEEK: "WEEK", PayPeriod.MONTH: "MONTH", PayPeriod.YEAR: "YEAR"}


def _organisation(opportunity) -> dict:
    org = opportunity.organisation
    data = {"@type": "Organization", "name": org.name}
    if org.website:
        data["sameAs"] = org.website
    return data


def _place(opportunity) -> dict:
    return {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": opportunity.address,
            "postalCode": opportunity.postcode,
            "addressLocality": opportunity.ward.name if opportunity.ward else "Hackney",
            "addressRegion": "London",
            "addressCountry": "GB",
        },
    }


def _employment_type(opportunity) -> list[str]:
    types = []
    if opportunity.working_pattern in EMPLOYMENT_TYPE:
        types.append(EMPLOYMENT_TYPE[opportunity.working_pattern])
    if opportunity.contract_type in (ContractType.FIXED_TERM, ContractType.TEMPORARY, ContractType.PLACEMENT):
        types.append("TEMPORARY")
    if opportunity.kind in (Kind.APPRENTICESHIP, Kind.WORK_PLACEMENT, Kind.SUPPORTED_INTERNSHIP, Kind.WORK_EXPERIENCE):
        types.append("INTERN")
    if opportunity.kind == Kind.VOLUNTEERING:
        types.append("VOLUNTEER")
    return list(dict.fromkeys(types)) or ["OTHER"]


def _job_posting(opportunity, url: str) -> dict:
    data = {
        "@type": "JobPosting",
        "title": opportunity.title,
        "description": opportunity.description_html,
        "datePosted": (opportunity.published_at or opportunity.created_at).date().isoformat(),
        "hiringOrganization": _organisation(opportunity),
        "employmentType": _employment_type(opportunity),
        "directApply": opportunity.apply_method == "here",
        "url": url,
        "identifier": {"@type": "PropertyValue", "name": opportunity.organisation.name, "value": opportunity.slug},
    }
    if opportunity.closing_date:
        data["validThrough"] = f"{opportunity.closing_date.isoformat()}T23:59:59"
    if opportunity.attendance == Attendance.ONLINE:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "United Kingdom"}
    else:
        data["jobLocation"] = _place(opportunity)
    if opportunity.is_paid:
        value = {"@type": "QuantitativeValue", "unitText": UNIT_TEXT.get(opportunity.pay_period, "HOUR")}
        if (
            opportunity.pay_min is not None
            and opportunity.pay_max is not None
            and opportunity.pay_min != opportunity.pay_max
        ):
            value["minValue"], value["maxValue"] = float(opportunity.pay_min), float(opportunity.pay_max)
        else:
            value["value"] = float(opportunity.pay_min if opportunity.pay_min is not None else opportunity.pay_max)
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "GBP", "value": value}
    else:
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": "GBP",
            "value": {"@type": "QuantitativeValue", "value": 0, "unitText": "HOUR"},
        }
    if opportunity.hours_per_week:
        data["workHours"] = f"{opportunity.hours_per_week} hours a week"
    if opportunity.start_date:
        data["jobStartDate"] = opportunity.start_date.isoformat()
    return data


def _course(opportunity, url: str) -> dict:
    instance = {
        "@type": "CourseInstance",
        "courseMode": {"in_person": "Onsite", "hybrid": "Blended", "online": "Online"}[opportunity.attendance],
    }
    if opportunity.start_date:
        instance["startDate"] = opportunity.start_date.isoformat()
    if opportunity.end_date:
        instance["endDate"] = opportunity.end_date.isoformat()
    if opportunity.attendance != Attendance.ONLINE:
        instance["location"] = _place(opportunity)
    data = {
        "@type": "Course",
        "name": opportunity.title,
        "description": opportunity.summary,
        "provider": _organisation(opportunity),
        "url": url,
        "hasCourseInstance": [instance],
    }
    if opportunity.level is not None:
        data["educationalLevel"] = opportunity.get_level_display()
    return data


def _event(opportunity, url: str) -> dict:
    online = opportunity.attendance == Attendance.ONLINE
    data = {
        "@type": "Event",
        "name": opportunity.title,
        "description": opportunity.summary,
        "organizer": _organisation(opportunity),
        "url": url,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": {
            "in_person": "https://schema.org/OfflineEventAttendanceMode",
            "hybrid": "https://schema.org/MixedEventAttendanceMode",
            "online": "https://schema.org/OnlineEventAttendanceMode",
        }[opportunity.attendance],
        "location": {"@type": "VirtualLocation", "url": opportunity.apply_url or url}
        if online
        else _place(opportunity),
        "isAccessibleForFree": not opportunity.is_paid,
    }
    if opportunity.start_date:
        data["startDate"] = opportunity.start_date.isoformat()
    if opportunity.end_date:
        data["endDate"] = opportunity.end_date.isoformat()
    return data


def for_opportunity(opportunity, request=None) -> dict:
    url = (
        request.build_absolute_uri(opportunity.get_absolute_url())
        if request
        else settings.SITE_URL + opportunity.get_absolute_url()
    )
    builder = {Kind.COURSE: _course, Kind.EVENT: _event}.get(opportunity.kind, _job_posting)
    return {"@context": "https://schema.org", **builder(opportunity, url)}


def render(data: dict) -> str:
    """JSON safe to place inside a <script type="application/ld+json"> element."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
