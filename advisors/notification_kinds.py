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
        action="See your appointment",
        attachment=_CALENDAR,
    ),
    Kind(
        "appointment_changed",
        "Your appointment moves",
        "The new time and an updated calendar invitation. You can't turn this off.",
        RESIDENTS,
        _APPOINTMENT | {"was"},
        can_turn_off=False,
        action="See your appointment",
        attachment=_CALENDAR,
    ),
    Kind(
        "appointment_cancelled",
        "Your appointment is cancelled",
        "Who cancelled it, and a calendar update that removes it. You can't turn this off.",
        RESIDENTS,
        _APPOINTMENT | {"cancelled_by"},
        can_turn_off=False,
        action="See your appointment",
        attachment=_CALENDAR,
    ),
    Kind(
        "appointment_reminder",
        "A reminder the day before an appointment",
        "The time and place of your appointment, the day before.",
        RESIDENTS,
        _APPOINTMENT,
        action="See your appointment",
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

# An advisor records that a resident missed an appointment: the resident is asked to book again.
register(
    Kind(
        "appointment_missed",
        "You miss an appointment",
        "When your advisor records that you missed an appointment, with a link to book another. "
        "You can't turn this off.",
        RESIDENTS,
        frozenset({"when", "advisor", "type", "book_url"}),
        can_turn_off=False,
        action="Book another appointment",
    ),
)

# Referrals: every advisor hears of a new one; the person referred is told (and, without an account of their own,
# invited to set a password); the resident learns who their advisor is, and the lead advisor that they lead.
register(
    Kind(
        "referral_received",
        "A new referral waits for an advisor",
        "Each referral, from a resident or an organisation, as it arrives in the triage queue.",
        ADVISORS,
        frozenset({"resident", "source", "referral_url"}),
        action="See the referral",
    ),
    Kind(
        "referral_invitation",
        "An organisation refers you and sets up your account",
        "The link to choose a password for the account made for you when an organisation referred you. "
        "You can't turn this off.",
        RESIDENTS,
        frozenset({"organisation", "referred_by", "password_url", "reset_url", "contact_url"}),
        can_turn_off=False,
        action="Choose a password",
    ),
    Kind(
        "referral_made_for_you",
        "An organisation refers you to an advisor",
        "Who referred you, when an organisation asks for an advisor for you. You can't turn this off.",
        RESIDENTS,
        frozenset({"organisation", "referred_by", "already_waiting", "account_url", "contact_url"}),
        can_turn_off=False,
        action="Go to your account",
    ),
    Kind(
        "advisor_assigned",
        "You have an advisor",
        "Who your employment advisor is, and how to book an appointment with them. You can't turn this off.",
        RESIDENTS,
        frozenset({"advisor", "book_url"}),
        can_turn_off=False,
        action="Book an appointment",
    ),
    Kind(
        "case_assigned",
        "A case is given to you",
        "When another advisor makes you the lead advisor of a resident, or adds you to their case.",
        ADVISORS,
        frozenset({"resident", "assigned_by", "leads", "case_url"}),
        action="See the case",
    ),
    Kind(
        "referral_closed",
        "Your request for an advisor is closed",
        "When an advisor could not reach you about your request, with how to ask again.",
        RESIDENTS,
        frozenset({"refer_url"}),
        action="Ask for an advisor",
    ),
)

# Casework: an opportunity an advisor shares with a resident, and a resident's applications told to their advisors.
register(
    Kind(
        "opportunity_shared",
        "Your advisor shares an opportunity",
        "An opportunity your advisor thinks suits you, with their message.",
        RESIDENTS,
        frozenset({"title", "organisation", "advisor", "message", "listing_url"}),
        action="See the opportunity",
    ),
    Kind(
        "shared_opportunity_applied",
        "A resident applies for an opportunity shared with them",
        "When someone on your caseload applies for an opportunity shared with them on their case.",
        ADVISORS,
        frozenset({"resident", "title", "organisation", "case_url", "shared_by", "shared_on"}),
        action="See their applications",
    ),
    Kind(
        "caseload_application_sent",
        "A resident on your caseload applies",
        "When someone on your caseload sends an application, or says they applied elsewhere.",
        ADVISORS,
        frozenset({"resident", "title", "organisation", "case_url"}),
        action="See their applications",
    ),
)

# The support plan: an action an advisor adds for the resident to do.
register(
    Kind(
        "support_action_added",
        "Your advisor adds an action for you",
        "Something you agreed to do, added to your support plan by your advisor, with when it is due.",
        RESIDENTS,
        frozenset({"advisor", "description", "due", "support_url"}),
        action="See your support plan",
    ),
)

# Each morning, an advisor with check-ins or next steps due hears of them.
register(
    Kind(
        "advisor_to_do",
        "Check-ins and next steps are due",
        "Each morning, the in-work check-ins due this week and the next steps due on your cases.",
        ADVISORS,
        frozenset({"check_ins", "next_steps", "today_url"}),
        action="See what is due",
    ),
)
