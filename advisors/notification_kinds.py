"""What booking tells residents and advisors; each message carries the appointment's calendar file."""

from notifications.kinds import Kind, register
from organisations.access import ADVISORS, RESIDENTS

from .calendar import CONTENT_TYPE, FILE_NAME

_APPOINTMENT = frozenset({"when", "advisor", "type", "where", "manage_url", "calendar"})
_CALENDAR = ("calendar", FILE_NAME, CONTENT_TYPE)

register(
    Kind(
        "appointment_booked",
        "You book an appointment",
        "The time, place and a calendar invitation when you book with an advisor. You can't turn this off.",
        RESIDENTS,
        _APPOINTMENT,
        can_turn_off=False,
        action="See your appointments",
        attachment=_CALENDAR,
    ),
    Kind(
        "appointment_changed",
        "Your appointment moves",
        "The new time and an updated calendar invitation. You can't turn this off.",
        RESIDENTS,
        _APPOINTMENT | {"was"},
        can_turn_off=False,
        action="See your appointments",
        attachment=_CALENDAR,
    ),
    Kind(
        "appointment_cancelled",
        "Your appointment is cancelled",
        "Who cancelled it, and a calendar update that removes it. You can't turn this off.",
        RESIDENTS,
        _APPOINTMENT | {"cancelled_by"},
        can_turn_off=False,
        action="See your appointments",
        attachment=_CALENDAR,
    ),
    Kind(
        "appointment_reminder",
        "A reminder the day before an appointment",
        "The time and place of your appointment, the day before.",
        RESIDENTS,
        _APPOINTMENT,
        action="See your appointments",
        attachment=_CALENDAR,
    ),
    Kind(
        "advisor_diary_changed",
        "A resident books, moves or cancels",
        "Each booking, change and cancellation in your diary, with a calendar update.",
        ADVISORS,
        frozenset({"change", "when", "resident", "type", "where", "manage_url", "calendar"}),
        action="See your diary",
        attachment=_CALENDAR,
    ),
)
