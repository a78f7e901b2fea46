"""An appointment as a calendar file (RFC 5545), attached to every message about it.

Calendar apps match an event by its UID and keep the version with the highest SEQUENCE: the UID never
changes, SEQUENCE rises with every change (the model keeps it), and a cancellation is METHOD:CANCEL with
STATUS:CANCELLED, so the event is updated or removed, never duplicated.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from .models import Appointment, AppointmentStatus, Mode

FILE_NAME = "appointment.ics"
CONTENT_TYPE = "text/calendar"


def event_uid(appointment: Appointment) -> str:
    return f"{appointment.uid}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def appointment_ics(appointment: Appointment) -> str:
    """The calendar file for an appointment as it is now: a request, or a cancellation once cancelled."""
    cancelled = appointment.status == AppointmentStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//London Borough of Hackney//Hackney Opportunities//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", event_uid(appointment))
    event.add("sequence", appointment.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.starts_at)
    event.add("dtend", appointment.ends_at)
    event.add("summary", f"{appointment.get_type_display()} with {appointment.advisor} (Hackney Opportunities)")
    event.add("location", where(appointment))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organiser = vCalAddress(f"mailto:{appointment.advisor.user.email}")
    organiser.params["cn"] = str(appointment.advisor)
    event.add("organizer", organiser)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def where(appointment: Appointment) -> str:
    """Where (or how) the appointment happens, in words."""
    if appointment.mode == Mode.IN_PERSON:
        return appointment.venue
    return "By phone: your advisor will call you" if appointment.mode == Mode.PHONE else "By video call"
