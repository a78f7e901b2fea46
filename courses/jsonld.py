"""schema.org JSON-LD for a course's or event's dates: a Course with a CourseInstance for each date, or an Event for
each date, each with its offer (price, whether places remain) and the places left. Built on the listing's own
JSON-LD (opportunities.jsonld). Never holds a joining link: the page is public."""

from django.urls import reverse

from opportunities import jsonld
from opportunities.models import Kind

from .models import Delivery, RunStatus

COURSE_MODE = {Delivery.CLASSROOM: "Onsite", Delivery.ONLINE: "Online", Delivery.BLENDED: "Blended"}
ATTENDANCE_MODE = {
    Delivery.CLASSROOM: "https://schema.org/OfflineEventAttendanceMode",
    Delivery.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Delivery.BLENDED: "https://schema.org/MixedEventAttendanceMode",
}


def for_course(opportunity, rows, request) -> dict:
    """`rows`: the page's dates, each with `run` and `places_left`."""
    data = jsonld.for_opportunity(opportunity, request)
    url = request.build_absolute_uri(reverse("courses:detail", args=[opportunity.slug]))
    if opportunity.kind == Kind.COURSE:
        data["hasCourseInstance"] = [_instance(row.run, row.places_left, url) for row in rows]
        return data
    if not rows:
        return data
    context = data.pop("@context")
    return {"@context": context, "@graph": [{**data, **_event(row.run, row.places_left, url)} for row in rows]}


def _dates_and_places(run, places_left: int, url: str) -> dict:
    data = {
        "location": _location(run, url),
        "maximumAttendeeCapacity": run.places,
        "remainingAttendeeCapacity": places_left if run.status == RunStatus.OPEN else 0,
        "offers": {
            "@type": "Offer",
            "price": f"{run.cost:.2f}",
            "priceCurrency": "GBP",
            "availability": "https://schema.org/InStock" if places_left else "https://schema.org/SoldOut",
            "url": url,
        },
    }
    if run.starts_on:
        data["startDate"] = run.starts_on.isoformat()
    if run.ends_on:
        data["endDate"] = run.ends_on.isoformat()
    if run.enrolment_deadline:
        data["offers"]["validThrough"] = run.enrolment_deadline.isoformat()
    if run.status == RunStatus.CANCELLED:
        data["eventStatus"] = "https://schema.org/EventCancelled"
    return data


def _instance(run, places_left: int, url: str) -> dict:
    data = {"@type": "CourseInstance", "courseMode": COURSE_MODE[run.delivery]}
    data |= _dates_and_places(run, places_left, url)
    if run.days_and_times:
        data["courseSchedule"] = {"@type": "Schedule", "description": run.days_and_times}
    return data


def _event(run, places_left: int, url: str) -> dict:
    return {
        "eventAttendanceMode": ATTENDANCE_MODE[run.delivery],
        "eventStatus": "https://schema.org/EventScheduled",
        "isAccessibleForFree": not run.cost,
        **_dates_and_places(run, places_left, url),
    }


def _location(run, url: str):
    online = {"@type": "VirtualLocation", "url": url}
    place = {"@type": "Place", "address": run.venue or "Hackney, London"}
    return {Delivery.ONLINE: online, Delivery.CLASSROOM: place, Delivery.BLENDED: [place, online]}[run.delivery]
