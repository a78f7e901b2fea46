"""What taking part in a course or event tells residents: enrolled, waiting, a place offered, an offer run out, a
reminder the day before, a date cancelled."""

from notifications.kinds import Kind, register
from organisations.access import RESIDENTS

COURSE = frozenset({"title", "organisation", "starts", "course_url"})

register(
    Kind(
        "course_enrolled",
        "You enrol on a course or event",
        "What you enrolled on, when it starts and how to get ready.",
        RESIDENTS,
        COURSE | {"online", "online_tool"},
        action="See the course",
    ),
    Kind(
        "course_waiting",
        "You join a waiting list",
        "Your place in the list when a course or event is full.",
        RESIDENTS,
        COURSE | {"position"},
        action="See the course",
    ),
    Kind(
        "course_place_offered",
        "A place comes up for you",
        "When a place frees up on a course or event you are waiting for. It is held for you for a short time, so "
        "you can't turn this off.",
        RESIDENTS,
        COURSE | {"expires"},
        can_turn_off=False,
        action="Take up the place",
    ),
    Kind(
        "course_offer_expired",
        "An offered place runs out",
        "When you did not take up an offered place in time and it went to the next person.",
        RESIDENTS,
        COURSE,
        action="See the course",
    ),
    Kind(
        "course_reminder",
        "A course or event starts tomorrow",
        "A reminder the day before, with where to go or the joining link.",
        RESIDENTS,
        COURSE | {"online", "online_tool", "joining_link", "venue", "days_and_times"},
        action="See the course",
    ),
    Kind(
        "course_run_changed",
        "A course or event changes",
        "When the date, times, place or way a course or event you are on or waiting for is taught changes. You can't "
        "turn this off.",
        RESIDENTS,
        COURSE | {"changed", "days_and_times"},
        can_turn_off=False,
        action="See what changed",
    ),
    Kind(
        "course_run_cancelled",
        "A course or event is cancelled",
        "When a date you enrolled on or are waiting for is cancelled. You can't turn this off.",
        RESIDENTS,
        COURSE | {"reason"},
        can_turn_off=False,
        action="See other dates",
    ),
)
