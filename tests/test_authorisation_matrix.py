"""Who may reach every URL: the authorisation matrix (see "The authorisation matrix" in docs/security.md).

Every URL pattern of the root URLconf, both admin sites included, must be covered by a row of TABLE: a family
of patterns (matched by URL name or by route), the concrete URLs it is tried with, and what each of seven
people gets there. A pattern with no row fails `test_every_url_pattern_has_a_row`: every new URL must declare
who may reach it. Each row is requested as each person, with the objects of the others (resident A's
application, organisation A's draft listing, ...), and every answer must be the one the table gives.

Outcomes: OK (2xx, or a redirect that is the page's normal behaviour), LOGIN (a redirect to the sign-in page
of that site: /admin/login/, /partners/login/ or /accounts/login/, with `next` back to the page), NOT_FOUND
(404), FORBIDDEN (403), REFUSED (400: the person may use the page, and the empty form the matrix posts is
refused with a message), and post_only(outcome) for a view that refuses a GET with 405 (NOT_ALLOWED) and
answers a POST with `outcome`. A row whose POSTs answer otherwise than its GETs says so in `post_expect`.

The admin families are regexes over URL names built from the models' own app labels (`admin_views`), so when
a model moves to another app its admin URLs move and the table follows.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.http import QueryDict
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Role, SignInThrottle, User
from accounts.services import email_confirm_token
from advisors.models import (
    AvailabilityException,
    CaseAuditEntry,
    CaseNote,
    CheckIn,
    Outcome,
    SupportAction,
    SupportGiven,
)
from applications.models import Application
from courses.models import CourseRun, Enrolment
from courses.services import enrolment_cancel, enrolment_create
from matching.models import AlertedListing
from matching.services import saved_search_save
from matching.tokens import feedback_token, stop_token
from notifications.models import Notification, Preference
from notifications.rendering import unsubscribe_token
from opportunities.models import Opportunity, PriorityGroup, Programme, Sector, Status, Ward
from organisations.models import Membership, Organisation
from pages.guidance import GUIDES
from tests.factories import (
    PDF_BYTES,
    AdvisorFactory,
    ApplicationFactory,
    AppointmentFactory,
    CaseFactory,
    CourseRunFactory,
    MembershipFactory,
    OpportunityFactory,
    OrganisationFactory,
    ReferralFactory,
    UserFactory,
    WeeklyHoursFactory,
    attach_cv,
)

pytestmark = pytest.mark.django_db

# The seven people.
ANONYMOUS, RESIDENT_A, RESIDENT_B, MEMBER_A, MEMBER_B, ADVISOR, STAFF = ROLES = (
    "anonymous",
    "resident_a",
    "resident_b",
    "member_a",  # a member (an admin) of organisation A
    "member_b",  # a member of organisation B
    "advisor",  # the Advisors role: in the staff admin, with no permissions yet
    "staff",  # council staff
)

# What they get.
OK, LOGIN, NOT_FOUND, FORBIDDEN, NOT_ALLOWED = "OK", "LOGIN", "NOT_FOUND", "FORBIDDEN", "NOT_ALLOWED"
# Reached, and the (empty) form the matrix posts refused with its message: a 400 is who may, not who may not.
REFUSED = "REFUSED"
LOGIN_PAGES = {"/admin/": "/admin/login/", "/partners/": "/partners/login/", "/": "/accounts/login/"}


@dataclass(frozen=True)
class PostOnly:
    """A GET is refused with 405; a POST gets `then`."""

    then: str

    def __repr__(self):
        return f"post_only({self.then})"


def post_only(then: str) -> PostOnly:
    return PostOnly(then)


def roles(default, **overrides) -> dict:
    """Role -> outcome: `default` for everyone but the roles named."""
    assert set(overrides) <= set(ROLES), f"unknown roles {set(overrides) - set(ROLES)}"
    return {role: overrides.get(role, default) for role in ROLES}


# URL patterns -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    route: str  # as Django joins it (ResolverMatch.route)
    name: str  # "namespace:name", or "namespace:" for an unnamed pattern


def url_patterns(resolver=None, route="", namespace="") -> list[Pattern]:
    """Every pattern of the root URLconf, the two admin sites' included, with its full route and name."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        # Joined as URLResolver._join_route does: without the "^" of the inner pattern.
        here = route + str(entry.pattern).removeprefix("^") if route else str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            found += url_patterns(entry, here, inner)
        else:
            found.append(Pattern(here, f"{namespace}:{entry.name or ''}" if namespace else entry.name or ""))
    return found


PATTERNS = url_patterns()


def label(model) -> str:
    return f"{model._meta.app_label}_{model._meta.model_name}"


def admin_views(site: str, models, *views: str) -> str:
    """A regex over URL names: these views of these models on an admin site, e.g. `admin:accounts_user_change`."""
    return rf"{site}:({'|'.join(label(model) for model in models)})_({'|'.join(views)})"


# The table --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    family: str
    expect: dict  # role -> outcome
    names: Sequence[str] = ()  # regexes matching the whole URL name ("accounts:data")
    routes: Sequence[str] = ()  # regexes matching the route from its start ("admin/\w+/\w+/<path:object_id>/$")
    # The URLs to request; without it, every pattern the row matches, with the world's object put in for its id.
    urls: Callable | None = None
    post: bool = False  # POST too (always, when a cell is post_only); the POST must get the same as the GET
    post_expect: dict | None = None  # role -> outcome of the POST, where it differs from the GET's (a form)
    # role -> why: cells where the site does not do what the table says yet. Reported, never accepted: each is
    # a strict xfail, so the fix turns it red until its entry is removed.
    known_leaks: dict = field(default_factory=dict)

    def matches(self, pattern: Pattern) -> bool:
        return any(re.fullmatch(name, pattern.name) for name in self.names) or any(
            re.match(route, pattern.route) for route in self.routes
        )

    def requests(self) -> bool:
        return self.post or self.post_expect is not None or any(isinstance(c, PostOnly) for c in self.expect.values())

    def __str__(self):
        return self.family


def app_index(site: str, *models) -> Callable:
    return lambda w: [reverse(f"{site}:app_list", args=[label]) for label in {m._meta.app_label for m in models}]


def for_listing(names, listing: str) -> Callable:
    return lambda w: [reverse(f"opportunities:{name}", args=[getattr(w, listing).slug]) for name in names]


APPLY = ["save", "apply", "apply_check", "apply_sent"]
STAFF_READS = [
    User,
    Organisation,
    Opportunity,
    Programme,
    Sector,
    PriorityGroup,
    Ward,
    Notification,
    Preference,
    SignInThrottle,
    CaseAuditEntry,
]
STAFF_ADDS = [Organisation, Programme, Sector, PriorityGroup]
SUPERUSERS_ONLY = [Group]
PARTNER_MODELS = [Opportunity, Organisation, Application, CourseRun]
SIGNED_IN = roles(OK, anonymous=LOGIN)
MEMBERS = roles(LOGIN, member_a=OK, member_b=OK)
STAFF_SITE = roles(LOGIN, advisor=OK, staff=OK)
STAFF_ONLY = roles(LOGIN, advisor=FORBIDDEN, staff=OK)
ADVISOR_ONLY = roles(NOT_FOUND, anonymous=LOGIN, advisor=OK)
NOBODY_SIGNED_IN = roles(NOT_FOUND, anonymous=LOGIN)
RESIDENTS_ONLY = roles(NOT_FOUND, anonymous=LOGIN, resident_a=OK, resident_b=OK)

BOOKING = ["book", "book_mode", "book_time", "book_details", "book_check"]
# Every page of a case, with the objects of that case its URL names (built by `case_urls`).
CASE_PAGES = [
    "case",
    "case_assessment",
    "case_plan",
    "case_notes",
    "case_opportunities",
    "case_applications",
    "case_support",
    "case_outcomes",
    "case_outcome_record",
    "case_check_in",
    "case_support_remove",
    "case_note_change",
    "case_application_cv",
]
CASE_POSTS = [
    "case_priority_groups",
    "case_next_step",
    "case_advisor_add",
    "case_note_add",
    "case_action_mark",
    "case_action_remove",
]


def case_urls(names, case: str, objects: str | None = None) -> Callable:
    """The case's pages; `objects` names the world's objects to put in their ids (another case's, to guess)."""

    def urls(w):
        case_id = getattr(w, case).pk
        of = getattr(w, objects or f"{case}_objects")
        ids = {
            "case_check_in": [of["check_in"]],
            "case_support_remove": [of["support"]],
            "case_note_change": [of["note"]],
            "case_application_cv": [of["application"]],
            "case_action_mark": [of["action"]],
            "case_action_remove": [of["action"]],
        }
        return [reverse(f"advisors:{name}", args=[case_id, *ids.get(name, [])]) for name in names]

    return urls


def appointment_urls(*names) -> Callable:
    return lambda w: [reverse(f"appointments:{name}", args=[w.appointment.pk]) for name in names]


TABLE = [
    # The public site.
    Row(
        "home, guidance and health check",
        roles(OK),
        names=[r"pages:(home|guidance|guidance_page|healthz)"],
        urls=lambda w: [
            reverse("pages:home"),
            reverse("pages:guidance"),
            reverse("pages:guidance_page", args=[GUIDES[0].slug]),
            reverse("pages:healthz"),
        ],
    ),
    Row("search and feed", roles(OK), names=[r"opportunities:(list|feed)"]),
    Row(
        "a published or closed listing",
        roles(OK),
        names=[r"opportunities:detail"],
        urls=lambda w: [w.listing.get_absolute_url(), w.closed.get_absolute_url()],
    ),
    Row(
        "an unpublished listing (draft, waiting for review, archived)",
        roles(NOT_FOUND),
        names=[r"opportunities:detail"],
        urls=lambda w: [w.draft.get_absolute_url(), w.submitted.get_absolute_url(), w.archived.get_absolute_url()],
    ),
    Row(
        "saving and applying for a published listing",
        SIGNED_IN,
        names=[rf"opportunities:({'|'.join(APPLY)})"],
        urls=for_listing(APPLY, "listing"),
    ),
    Row(
        "saving and applying for an unpublished listing",
        roles(NOT_FOUND, anonymous=LOGIN),
        names=[rf"opportunities:({'|'.join(APPLY)})"],
        urls=for_listing(APPLY, "draft"),
    ),
    # Accounts.
    Row(
        "sign in, sign up, confirming an address, resetting a password",
        roles(OK),
        names=[
            r"accounts:(login|signup|check_email|confirm_resend|confirm_email)",
            r"accounts:password_reset(_done|_complete|_confirm)?",
        ],
        urls=lambda w: [
            *(reverse(f"accounts:{name}") for name in ["login", "signup", "check_email", "confirm_resend"]),
            reverse("accounts:confirm_email", args=[w.confirm_token]),
            *(reverse(f"accounts:password_reset{end}") for end in ["", "_done", "_complete"]),
            w.reset_url,
        ],
    ),
    Row("sign out", roles(post_only(OK)), names=[r"accounts:logout"]),
    Row(
        "one-click unsubscribe (the signed token is the proof)",
        roles(OK),
        names=[r"notifications:unsubscribe"],
        urls=lambda w: [reverse("notifications:unsubscribe", args=[w.unsubscribe_token])],
    ),
    Row(
        "your own account pages (no id in the URL)",
        SIGNED_IN,
        names=[
            r"accounts:(home|data|data_json|delete)",
            r"residents:(profile|profile_change|equality)",
            r"notifications:(inbox|preferences)",
        ],
    ),
    Row(
        "your own account's buttons (POST only)",
        roles(post_only(OK), anonymous=LOGIN),
        names=[r"residents:equality_delete", r"notifications:mark_all_read"],
    ),
    Row(
        "resident A's application: its page, withdrawing, the CV",
        roles(NOT_FOUND, anonymous=LOGIN, resident_a=OK),
        names=[r"applications:(detail|withdraw|cv)"],
        urls=lambda w: [
            reverse(f"applications:{name}", args=[w.application.pk]) for name in ["detail", "withdraw", "cv"]
        ],
        post=True,
    ),
    Row(
        "resident A's 'I have applied' (POST only)",
        roles(post_only(NOT_FOUND), anonymous=LOGIN, resident_a=post_only(OK)),
        names=[r"applications:applied"],
        urls=lambda w: [reverse("applications:applied", args=[w.went_to_apply.pk])],
    ),
    Row(
        "resident A's message",
        roles(NOT_FOUND, anonymous=LOGIN, resident_a=OK),
        names=[r"notifications:detail"],
        urls=lambda w: [reverse("notifications:detail", args=[w.notification.pk])],
    ),
    # Courses and events, /courses/, and a resident's own places, /account/enrolments/.
    Row("courses and events with dates to join", roles(OK), names=[r"courses:list"]),
    Row(
        "a published course's dates",
        roles(OK),
        names=[r"courses:detail"],
        urls=lambda w: [reverse("courses:detail", args=[w.course.slug])],
    ),
    Row(
        "the dates of a draft course, or of a listing that is not a course",
        roles(NOT_FOUND),
        names=[r"courses:detail"],
        urls=lambda w: [reverse("courses:detail", args=[slug]) for slug in (w.draft_course.slug, w.listing.slug)],
    ),
    Row(
        "enrolling on a published course (the empty form is refused)",
        SIGNED_IN,
        names=[r"courses:enrol"],
        urls=lambda w: [reverse("courses:enrol", args=[w.course.slug])],
        post_expect=roles(REFUSED, anonymous=LOGIN),
    ),
    Row(
        "enrolling on a draft course",
        roles(NOT_FOUND, anonymous=LOGIN),
        names=[r"courses:enrol"],
        urls=lambda w: [reverse("courses:enrol", args=[w.draft_course.slug])],
        post=True,
    ),
    Row(
        "resident A's place: giving it up",
        roles(NOT_FOUND, anonymous=LOGIN, resident_a=OK),
        names=[r"enrolments:cancel"],
        urls=lambda w: [reverse("enrolments:cancel", args=[w.enrolment.pk])],
        post=True,
    ),
    Row(
        "resident A's offered place: taking it up (POST only)",
        roles(post_only(NOT_FOUND), anonymous=LOGIN, resident_a=post_only(OK)),
        names=[r"enrolments:accept"],
        urls=lambda w: [reverse("enrolments:accept", args=[w.offered.pk])],
    ),
    # Booking an advisor, /appointments/.
    Row("booking an appointment (anyone signed in)", SIGNED_IN, names=[rf"appointments:({'|'.join(BOOKING)})"]),
    Row(
        "resident A's appointment: its page, the confirmation, the calendar file",
        roles(NOT_FOUND, anonymous=LOGIN, resident_a=OK),
        names=[r"appointments:(detail|booked|calendar)"],
        urls=appointment_urls("detail", "booked", "calendar"),
    ),
    Row(
        "resident A's appointment: choosing a new time (the empty form is refused)",
        roles(NOT_FOUND, anonymous=LOGIN, resident_a=OK),
        names=[r"appointments:change"],
        urls=appointment_urls("change"),
        post_expect=roles(NOT_FOUND, anonymous=LOGIN, resident_a=REFUSED),
    ),
    Row(
        "resident A's appointment: checking the new time (none chosen: back to choosing one)",
        roles(NOT_FOUND, anonymous=LOGIN, resident_a=OK),
        names=[r"appointments:change_check"],
        urls=appointment_urls("change_check"),
        post=True,
    ),
    Row(
        "resident A's appointment: cancelling it",
        roles(NOT_FOUND, anonymous=LOGIN, resident_a=OK),
        names=[r"appointments:cancel"],
        urls=appointment_urls("cancel"),
        post=True,
    ),
    # The advisor's workspace, /advisors/: only advisors with a profile, and only their own rows.
    Row("advisor workspace: today, the diary", ADVISOR_ONLY, names=[r"advisors:(home|diary)"]),
    Row(
        "advisor workspace: their settings, hours and days off (the empty form is refused)",
        ADVISOR_ONLY,
        names=[r"advisors:(availability|availability_hours_add|availability_exception_add)"],
        post_expect=roles(NOT_FOUND, anonymous=LOGIN, advisor=REFUSED),
    ),
    # POST-only pages answer anyone but an advisor with a 404 whatever the method, as every advisors' page does.
    Row(
        "advisor workspace: removing their own hours or day off (POST only)",
        roles(NOT_FOUND, anonymous=LOGIN, advisor=post_only(OK)),
        post=True,
        names=[r"advisors:availability_(hours|exception)_remove"],
        urls=lambda w: [
            reverse("advisors:availability_hours_remove", args=[w.hours.pk]),
            reverse("advisors:availability_exception_remove", args=[w.day_off.pk]),
        ],
    ),
    Row(
        "advisor workspace: recording whether resident A came (POST only; the empty form is refused)",
        roles(NOT_FOUND, anonymous=LOGIN, advisor=post_only(REFUSED)),
        post=True,
        names=[r"advisors:attendance"],
        urls=lambda w: [reverse("advisors:attendance", args=[w.started.pk])],
    ),
    Row(
        "advisor workspace: cancelling resident A's appointment",
        ADVISOR_ONLY,
        names=[r"advisors:appointment_cancel"],
        urls=lambda w: [reverse("advisors:appointment_cancel", args=[w.appointment.pk])],
        post=True,
    ),
    Row(
        "advisor workspace: cancelling another advisor's appointment",
        NOBODY_SIGNED_IN,
        names=[r"advisors:appointment_cancel"],
        urls=lambda w: [reverse("advisors:appointment_cancel", args=[w.others_appointment.pk])],
        post=True,
    ),
    Row(
        "advisor workspace: another advisor's attendance, hours and day off (POST only)",
        roles(NOT_FOUND, anonymous=LOGIN, advisor=post_only(NOT_FOUND)),
        names=[r"advisors:(attendance|availability_(hours|exception)_remove)"],
        urls=lambda w: [
            reverse("advisors:attendance", args=[w.others_appointment.pk]),
            reverse("advisors:availability_hours_remove", args=[w.others_hours.pk]),
            reverse("advisors:availability_exception_remove", args=[w.others_day_off.pk]),
        ],
        post=True,
    ),
    # Referrals and the caseload.
    Row("asking for an advisor (anyone signed in)", SIGNED_IN, names=[r"advisors:refer(_check|_sent)?"]),
    Row(
        "referring someone else (partner members)",
        roles(NOT_FOUND, anonymous=LOGIN, member_a=OK, member_b=OK),
        names=[r"advisors:refer_someone(_sent)?"],
    ),
    Row("the triage queue and the caseload", ADVISOR_ONLY, names=[r"advisors:(triage|caseload)"]),
    Row(
        "a waiting referral (the empty assignment is refused)",
        ADVISOR_ONLY,
        names=[r"advisors:referral"],
        urls=lambda w: [reverse("advisors:referral", args=[w.referral.pk])],
        post_expect=roles(NOT_FOUND, anonymous=LOGIN, advisor=REFUSED),
    ),
    Row(
        "a referral another advisor triaged into a case the advisor is not on",
        NOBODY_SIGNED_IN,
        names=[r"advisors:referral"],
        urls=lambda w: [reverse("advisors:referral", args=[w.triaged.pk])],
        post=True,
    ),
    Row(
        "closing a referral another advisor triaged (POST only)",
        roles(NOT_FOUND, anonymous=LOGIN, advisor=post_only(NOT_FOUND)),
        names=[r"advisors:referral_close"],
        urls=lambda w: [reverse("advisors:referral_close", args=[w.triaged.pk])],
        post=True,
    ),
    Row(
        "closing a waiting referral (POST only; the empty form is refused)",
        roles(NOT_FOUND, anonymous=LOGIN, advisor=post_only(REFUSED)),
        post=True,
        names=[r"advisors:referral_close"],
        urls=lambda w: [reverse("advisors:referral_close", args=[w.referral.pk])],
    ),
    # A case: only the advisors on it, never its resident, partners or staff.
    Row(
        "resident A's case, led by the advisor: every page",
        ADVISOR_ONLY,
        names=[rf"advisors:({'|'.join(CASE_PAGES)})"],
        urls=case_urls(CASE_PAGES, "case_a"),
    ),
    Row(
        "resident A's case: forms where an empty answer is an answer (no groups, no next step, removing)",
        ADVISOR_ONLY,
        names=[r"advisors:case_(priority_groups|next_step|action_remove)"],
        urls=case_urls(["case_priority_groups", "case_next_step", "case_action_remove"], "case_a"),
        post=True,
    ),
    Row(
        "resident A's case: adding an advisor or a note (the empty form is refused)",
        ADVISOR_ONLY,
        names=[r"advisors:case_(advisor_add|note_add)"],
        urls=case_urls(["case_advisor_add", "case_note_add"], "case_a"),
        post_expect=roles(NOT_FOUND, anonymous=LOGIN, advisor=REFUSED),
    ),
    Row(
        "resident A's case: marking an action done (POST only; the empty form is refused)",
        roles(NOT_FOUND, anonymous=LOGIN, advisor=post_only(REFUSED)),
        names=[r"advisors:case_action_mark"],
        urls=case_urls(["case_action_mark"], "case_a"),
        post=True,
    ),
    Row(
        "resident B's case, which another advisor leads: every page and form",
        NOBODY_SIGNED_IN,
        names=[rf"advisors:({'|'.join(CASE_PAGES + CASE_POSTS)})"],
        urls=case_urls(CASE_PAGES + CASE_POSTS, "case_b"),
        post=True,
    ),
    Row(
        "resident A's case with the ids of resident B's notes, actions, support and check-ins",
        NOBODY_SIGNED_IN,
        names=[r"advisors:case_(check_in|support_remove|note_change|action_mark|action_remove)"],
        urls=case_urls(
            ["case_check_in", "case_support_remove", "case_note_change", "case_action_mark", "case_action_remove"],
            "case_a",
            objects="case_b_objects",
        ),
        post=True,
    ),
    Row(
        # A download is only ever a GET: a POST is refused before any id is looked at, so it tells nothing.
        "resident A's case with the id of resident B's application: the CV",
        NOBODY_SIGNED_IN,
        names=[r"advisors:case_application_cv"],
        urls=case_urls(["case_application_cv"], "case_a", objects="case_b_objects"),
    ),
    # What a resident sees of their support, /account/support/.
    Row("your own support (no id in the URL)", SIGNED_IN, names=[r"support:home"]),
    Row(
        "what you share with your advisors (only with an open case: residents A and B)",
        roles(NOT_FOUND, anonymous=LOGIN, resident_a=OK, resident_b=OK),
        names=[r"support:sharing"],
    ),
    Row(
        "resident A's action in their plan (POST only; the empty form is refused)",
        roles(NOT_FOUND, anonymous=LOGIN, resident_a=post_only(REFUSED)),
        post=True,
        names=[r"support:action_mark"],
        urls=lambda w: [reverse("support:action_mark", args=[w.case_a_objects["action"]])],
    ),
    # Match alerts: a resident's saved searches and profile alerts, /account/alerts/ (residents only).
    Row("your alerts and recommendations (residents)", RESIDENTS_ONLY, names=[r"alerts:list"]),
    Row(
        "saving a search (the empty form is refused)",
        RESIDENTS_ONLY,
        names=[r"alerts:new"],
        urls=lambda w: [reverse("alerts:new") + "?kind=apprenticeship"],
        post_expect=roles(NOT_FOUND, anonymous=LOGIN, resident_a=REFUSED, resident_b=REFUSED),
    ),
    Row(
        "alerts from your profile (the empty form is refused)",
        RESIDENTS_ONLY,
        names=[r"alerts:profile"],
        post_expect=roles(NOT_FOUND, anonymous=LOGIN, resident_a=REFUSED, resident_b=REFUSED),
    ),
    Row(
        "resident A's saved search: changing it (the empty form is refused)",
        roles(NOT_FOUND, anonymous=LOGIN, resident_a=OK),
        names=[r"alerts:change"],
        urls=lambda w: [reverse("alerts:change", args=[w.saved_search.pk])],
        post_expect=roles(NOT_FOUND, anonymous=LOGIN, resident_a=REFUSED),
    ),
    Row(
        "resident A's saved search: deleting it",
        roles(NOT_FOUND, anonymous=LOGIN, resident_a=OK),
        names=[r"alerts:delete"],
        urls=lambda w: [reverse("alerts:delete", args=[w.saved_search.pk])],
        post=True,
    ),
    # The links in resident A's alert emails: the signed token is the proof, whoever opens them.
    Row(
        "stopping resident A's alert, and saying it was not relevant (signed links)",
        roles(OK),
        names=[r"alerts:(stop|not_relevant)"],
        urls=lambda w: [
            reverse("alerts:stop", args=[w.stop_token]),
            reverse("alerts:not_relevant", args=[w.feedback_token, w.listing.pk]),
        ],
        post=True,
    ),
    Row(
        "an alert link someone changed (refused, nothing changes)",
        roles(REFUSED),
        names=[r"alerts:(stop|not_relevant|stop_reason)"],
        urls=lambda w: [
            reverse("alerts:stop", args=[w.stop_token[:-2] + "xx"]),
            reverse("alerts:not_relevant", args=[w.feedback_token.replace(":", "9:", 1), w.listing.pk]),
        ],
        post=True,
    ),
    Row(
        "why resident A stopped an alert (POST only; the empty form is refused)",
        roles(post_only(REFUSED)),
        names=[r"alerts:stop_reason"],
        urls=lambda w: [reverse("alerts:stop_reason", args=[w.stop_token])],
    ),
    # An advisor's matches on their caseload, /advisors/.
    Row(
        "the advisor's new matches and their morning email",
        ADVISOR_ONLY,
        names=[r"advisors:matches"],
        post=True,
    ),
    Row(
        "who on the caseload a published listing suits (the empty share is refused)",
        ADVISOR_ONLY,
        names=[r"advisors:listing_matches"],
        urls=lambda w: [reverse("advisors:listing_matches", args=[w.listing.slug])],
        post_expect=roles(NOT_FOUND, anonymous=LOGIN, advisor=REFUSED),
    ),
    Row(
        "who on the caseload an unpublished listing suits",
        NOBODY_SIGNED_IN,
        names=[r"advisors:listing_matches"],
        urls=lambda w: [reverse("advisors:listing_matches", args=[w.draft.slug])],
        post=True,
    ),
    # The partner admin, /partners/.
    Row("partner site: sign in", roles(OK), names=[r"partners:login"]),
    # Signing out is a POST; anyone else is sent to the site's home page (which asks them to sign in).
    Row(
        "partner site: sign out", roles(OK, member_a=post_only(OK), member_b=post_only(OK)), names=[r"partners:logout"]
    ),
    Row(
        "partner site: home and own password",
        MEMBERS,
        names=[r"partners:(index|password_change|password_change_done|jsi18n)"],
    ),
    Row("partner site: app pages", MEMBERS, names=[r"partners:app_list"], urls=app_index("partners", *PARTNER_MODELS)),
    Row(
        "partner site: autocomplete (over the member's own rows)",
        MEMBERS,
        names=[r"partners:autocomplete"],
        urls=lambda w: [
            reverse("partners:autocomplete")
            + "?"
            + urlencode(
                {
                    "app_label": Application._meta.app_label,
                    "model_name": "application",
                    "field_name": "opportunity",
                    "term": w.draft.title,
                }
            )
        ],
    ),
    Row(
        "partner site: lists and the new listing form",
        MEMBERS,
        names=[
            admin_views("partners", PARTNER_MODELS, "changelist"),
            admin_views("partners", [Opportunity, CourseRun], "add"),
        ],
    ),
    Row(
        "partner site: organisation A's draft listing, organisation page and applicant",
        roles(LOGIN, member_a=OK, member_b=NOT_FOUND),
        names=[
            admin_views("partners", [Opportunity], "change", "history", "delete"),
            admin_views("partners", [Organisation], "change", "history"),
            admin_views("partners", [Application], "change", "history", "cv"),
            admin_views(
                "partners", [CourseRun], "change", "history", "delete", "people", "people_csv", "cancel", "register"
            ),
        ],
    ),
    Row(
        "partner site: adding an organisation (the council does that)",
        roles(LOGIN, member_a=FORBIDDEN, member_b=FORBIDDEN),
        names=[admin_views("partners", [Organisation], "add")],
    ),
    Row(
        # Its own organisation can't be deleted (403); another organisation's is not found at all.
        "partner site: deleting an organisation (the council does that)",
        roles(LOGIN, member_a=FORBIDDEN, member_b=NOT_FOUND),
        names=[admin_views("partners", [Organisation], "delete")],
    ),
    Row(
        "partner site: adding or deleting an application (nobody does)",
        roles(LOGIN, member_a=NOT_FOUND, member_b=NOT_FOUND),
        names=[admin_views("partners", [Application], "add", "delete")],
    ),
    # Django's shortcut from /<id>/ to /<id>/change/, which then decides (so member B is sent to a 404).
    Row(
        "partner site: <id>/ redirects to the change page, whatever the id",
        MEMBERS,
        routes=[r"partners/\w+/\w+/<path:object_id>/$"],
    ),
    Row(
        "partner site: anything else (staff's models, residents' answers, 'view on site')",
        roles(LOGIN, member_a=NOT_FOUND, member_b=NOT_FOUND),
        routes=[re.escape("partners/(?P<url>.*)$")],
        urls=lambda w: [
            "/partners/residents/equalityanswers/",
            "/partners/notifications/notification/",
            f"/partners/accounts/user/{w.people[RESIDENT_A].pk}/change/",
            f"/partners/r/{ContentType.objects.get_for_model(Opportunity).pk}/{w.draft.pk}/",
        ],
    ),
    # The staff admin, /admin/.
    Row("staff admin: sign in", roles(OK), names=[r"admin:login"]),
    Row("staff admin: sign out", roles(OK, advisor=post_only(OK), staff=post_only(OK)), names=[r"admin:logout"]),
    # Advisors are staff users with no permissions yet: the admin's home, and 403 on every model page.
    Row(
        "staff admin: home and own password",
        STAFF_SITE,
        names=[r"admin:(index|password_change|password_change_done|jsi18n)"],
    ),
    Row(
        "staff admin: 'view on site' (redirects to an object's public page)",
        roles(LOGIN, advisor=FORBIDDEN, staff=OK),
        names=[r"admin:view_on_site"],
        urls=lambda w: [
            reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Opportunity).pk, w.draft.pk])
        ],
    ),
    Row(
        "staff admin: app pages with models staff read",
        roles(LOGIN, advisor=NOT_FOUND, staff=OK),
        names=[r"admin:app_list"],
        urls=app_index("admin", User, Organisation, Opportunity, Notification, CaseAuditEntry),
    ),
    Row(
        "staff admin: app page of groups",
        roles(LOGIN, advisor=NOT_FOUND, staff=NOT_FOUND),
        names=[r"admin:app_list"],
        urls=app_index("admin", Group),
    ),
    Row(
        "staff admin: autocomplete (people, for memberships)",
        STAFF_ONLY,
        names=[r"admin:autocomplete"],
        urls=lambda w: [
            reverse("admin:autocomplete")
            + "?"
            + urlencode(
                {
                    "app_label": Membership._meta.app_label,
                    "model_name": "membership",
                    "field_name": "user",
                    "term": "example",
                }
            )
        ],
    ),
    Row(
        "staff admin: lists, records and history staff read",
        STAFF_ONLY,
        names=[admin_views("admin", STAFF_READS, "changelist", "change", "history")],
    ),
    Row(
        "staff admin: organisations and reference lists staff add",
        STAFF_ONLY,
        names=[admin_views("admin", STAFF_ADDS, "add")],
    ),
    Row("staff admin: reviewing a listing", STAFF_ONLY, names=[rf"admin:{label(Opportunity)}_moderate"]),
    Row(
        "staff admin: lifting a sign-in lockout (deleting its row)",
        STAFF_ONLY,
        names=[admin_views("admin", [SignInThrottle], "delete")],
    ),
    Row(
        "staff admin: superusers only (deleting; adding people, listings, wards, messages, lockouts; groups)",
        roles(LOGIN, advisor=FORBIDDEN, staff=FORBIDDEN),
        names=[
            rf"admin:(?!{label(SignInThrottle)}_)\w+_delete",
            admin_views("admin", [User, Opportunity, Ward, Notification, Preference, SignInThrottle], "add"),
            admin_views("admin", [CaseAuditEntry], "add"),  # nobody adds to the audit, superusers neither
            admin_views("admin", SUPERUSERS_ONLY, "changelist", "add", "change", "history"),
            r"admin:auth_user_password_change",
        ],
    ),
    Row(
        "staff admin: <id>/ redirects to the change page, whatever the id",
        STAFF_SITE,
        routes=[r"admin/\w+/\w+/<path:object_id>/$"],
    ),
    Row(
        "staff admin: anything else (residents' profiles and answers)",
        roles(LOGIN, advisor=NOT_FOUND, staff=NOT_FOUND),
        routes=[re.escape("admin/(?P<url>.*)$")],
        urls=lambda w: ["/admin/residents/equalityanswers/", "/admin/residents/residentprofile/"],
    ),
]

# Signed-in pages that had no signed-out test before this one; they must stay in the table as LOGIN.
SIGNED_OUT_TRIED = [
    "applications:detail",
    "applications:withdraw",
    "applications:applied",
    "applications:cv",
    "accounts:data",
    "accounts:delete",
    "notifications:mark_all_read",
]


# The world: the same objects for every row and role -----------------------------------------------------------


@dataclass
class World:
    people: dict  # role -> user (None for anonymous)
    listing: object  # organisation A's, published, applied for here
    closed: object
    draft: object
    submitted: object
    archived: object
    application: object  # resident A's, sent, with a CV
    went_to_apply: object  # resident A's, "went to apply" on the partner's site
    notification: object  # resident A's
    confirm_token: str  # someone who has not confirmed their address yet
    reset_url: str  # a password reset link (of someone who never signs in here: signing in ends such links)
    unsubscribe_token: str  # resident A's
    admin_objects: dict  # site -> model -> the object whose pages are requested
    appointment: object  # resident A's, booked with the advisor, days ahead
    started: object  # resident A's with the advisor, started an hour ago
    hours: object  # the advisor's weekly hours
    day_off: object  # the advisor's day off
    others_appointment: object  # resident B's, with another advisor
    others_hours: object
    others_day_off: object
    referral: object  # someone's, waiting for an advisor
    triaged: object  # resident B's, assigned by another advisor to resident B's case
    case_a: object  # resident A's case, led by the advisor
    case_a_objects: dict  # name -> id of a note, action, support, check-in and application on it
    case_b: object  # resident B's case, led by another advisor
    case_b_objects: dict
    saved_search: object  # resident A's
    stop_token: str  # resident A's, stopping that saved search
    feedback_token: str  # resident A's "not relevant" links (the listing an alert sent them follows it)
    course: object  # organisation A's, published, with two dates
    draft_course: object
    enrolment: object  # resident A's place on the course's first date
    offered: object  # resident A's offer of a place on its second date


def world_build() -> World:
    organisation_a = OrganisationFactory(name="Lea Bridge Builders", slug="lea-bridge-builders")
    organisation_b = OrganisationFactory(name="Shoreditch Skills Trust", slug="shoreditch-skills-trust")
    resident_a = UserFactory(email="resident.a@example.test", role=Role.RESIDENT)
    people = {
        ANONYMOUS: None,
        RESIDENT_A: resident_a,
        RESIDENT_B: UserFactory(email="resident.b@example.test", role=Role.RESIDENT),
        MEMBER_A: MembershipFactory(organisation=organisation_a, role=Membership.Role.ADMIN).user,
        MEMBER_B: MembershipFactory(organisation=organisation_b).user,
        ADVISOR: UserFactory(email="advisor@hackney.example", role=Role.ADVISOR),
        STAFF: UserFactory(email="moderator@hackney.example", role=Role.STAFF),
    }
    unpublished = {"organisation": organisation_a, "published_at": None}
    listing = OpportunityFactory(organisation=organisation_a, title="Trainee electrician")
    elsewhere = OpportunityFactory(organisation=organisation_a, apply_method="website", apply_url="https://example.org")
    draft = OpportunityFactory(title="Secret draft apprenticeship", status=Status.DRAFT, **unpublished)
    submitted = OpportunityFactory(status=Status.SUBMITTED, **unpublished)
    application = attach_cv(ApplicationFactory(opportunity=listing, resident=resident_a, phone="07700 900123"))
    went_to_apply = ApplicationFactory(
        opportunity=elsewhere, resident=resident_a, route="website", status="left", submitted_at=None, sent_event=False
    )
    notification = Notification.objects.create(
        recipient=resident_a,
        kind="application_moved",
        channel="inbox",
        key="matrix:application_moved",
        subject="Your application has moved on",
        body="Your application for Trainee electrician is being reviewed.",
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
    )
    advisors = _advisors_world(people, application)
    saved_search = saved_search_save(resident=resident_a, data=QueryDict("kind=apprenticeship"), frequency="daily")
    AlertedListing.objects.create(resident=resident_a, opportunity=listing, saved_search=saved_search)
    courses = _courses_world(organisation_a, resident_a)
    unconfirmed = UserFactory(email="not.yet@example.test", email_confirmed_at=None, role=Role.RESIDENT)
    forgetful = UserFactory(email="forgetful@example.test", role=Role.RESIDENT)
    return World(
        people=people,
        listing=listing,
        closed=OpportunityFactory(organisation=organisation_a, status=Status.CLOSED),
        draft=draft,
        submitted=submitted,
        archived=OpportunityFactory(organisation=organisation_a, status=Status.ARCHIVED),
        application=application,
        went_to_apply=went_to_apply,
        notification=notification,
        confirm_token=email_confirm_token(user=unconfirmed),
        reset_url=reverse(
            "accounts:password_reset_confirm",
            args=[urlsafe_base64_encode(force_bytes(forgetful.pk)), default_token_generator.make_token(forgetful)],
        ),
        unsubscribe_token=unsubscribe_token(resident_a.pk, "application_moved"),
        admin_objects={
            "admin": {
                Group: Group.objects.get(name=Role.RESIDENT.value),
                User: resident_a,
                SignInThrottle: SignInThrottle.objects.create(key="email:matrix", failures=1),
                Organisation: organisation_a,
                Opportunity: submitted,
                Programme: Programme.objects.order_by("pk").first(),
                Sector: Sector.objects.order_by("pk").first(),
                PriorityGroup: PriorityGroup.objects.order_by("pk").first(),
                Ward: Ward.objects.order_by("pk").first(),
                Notification: notification,
                Preference: Preference.objects.create(user=resident_a, kind="application_moved", channel="inbox"),
                CaseAuditEntry: advisors.pop("audit_entry"),
            },
            "partners": {
                Opportunity: draft,
                Organisation: organisation_a,
                Application: application,
                CourseRun: courses["course"].runs.create(places=5, delivery="online", online_tool="Zoom"),
            },
        },
        saved_search=saved_search,
        stop_token=stop_token(resident_id=resident_a.pk, saved_search_id=saved_search.pk),
        feedback_token=feedback_token(resident_id=resident_a.pk),
        **advisors,
        **courses,
    )


def _courses_world(organisation, resident_a) -> dict:
    """Organisation A's course with resident A enrolled on its first date and offered a place on its second, and a
    draft course."""
    first = CourseRunFactory(opportunity__organisation=organisation)
    second = CourseRunFactory(opportunity=first.opportunity, places=1)
    someone = UserFactory()
    enrolment_create(run=second, resident=someone)
    offered = enrolment_create(run=second, resident=resident_a)
    enrolment_cancel(enrolment=Enrolment.objects.get(run=second, resident=someone), by=someone)
    draft = CourseRunFactory(opportunity__organisation=organisation, opportunity__status=Status.DRAFT)
    return {
        "course": first.opportunity,
        "draft_course": draft.opportunity,
        "enrolment": enrolment_create(run=first, resident=resident_a),
        "offered": Enrolment.objects.get(pk=offered.pk),
    }


def _advisors_world(people, application) -> dict:
    """The advisor's diary and cases, and another advisor's, for the advisors' rows."""
    now = timezone.now()
    advisor = AdvisorFactory(user=people[ADVISOR])
    other = AdvisorFactory()
    resident_a, resident_b = people[RESIDENT_A], people[RESIDENT_B]
    soon = (now + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    cases = {}
    for key, resident, lead, cv_application in (
        ("case_a", resident_a, advisor, application),
        ("case_b", resident_b, other, attach_cv(ApplicationFactory(resident=resident_b))),
    ):
        case = CaseFactory(resident=resident, lead_advisor=lead)
        note = CaseNote.objects.create(case=case, author=lead.user, body="Spoke about the warehouse job.")
        start = Outcome.objects.create(case=case, kind="job_start", achieved_on=now.date(), employer="Mare Street Deli")
        cases[key], cases[f"{key}_objects"] = (
            case,
            {
                "note": note.pk,
                "action": SupportAction.objects.create(case=case, description="Update the CV", owner="resident").pk,
                "support": SupportGiven.objects.create(case=case, kind="travel", amount=5, given_on=now.date()).pk,
                "check_in": CheckIn.objects.create(case=case, outcome=start, due="first_week", due_on=now.date()).pk,
                "application": cv_application.pk,
            },
        )
    audit_entry = CaseAuditEntry.objects.create(
        case=cases["case_a"], case_number=cases["case_a"].pk, who=advisor.user, who_email=advisor.user.email,
        action="notes_read",
    )  # fmt: skip
    return {
        "appointment": AppointmentFactory(advisor=advisor, resident=resident_a, starts_at=soon),
        "started": AppointmentFactory(advisor=advisor, resident=resident_a, starts_at=now - timedelta(hours=1)),
        "hours": WeeklyHoursFactory(advisor=advisor),
        "day_off": AvailabilityException.objects.create(
            advisor=advisor, date=now.date() + timedelta(days=20), kind="unavailable"
        ),
        "others_appointment": AppointmentFactory(advisor=other, resident=resident_b, starts_at=soon),
        "others_hours": WeeklyHoursFactory(advisor=other),
        "others_day_off": AvailabilityException.objects.create(
            advisor=other, date=now.date() + timedelta(days=20), kind="unavailable"
        ),
        "referral": ReferralFactory(),
        "triaged": ReferralFactory(
            resident=resident_b, status="assigned", case=cases["case_b"], assigned_by=other.user, assigned_at=now
        ),
        "audit_entry": audit_entry,
        **cases,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module, in a transaction rolled back at its end; each test runs in a savepoint inside
    it (pytest-django's usual per-test transaction), so what one test's POSTs change, the next doesn't see."""
    cv_folder = tmp_path_factory.mktemp("matrix-cvs")
    with django_db_blocker.unblock(), transaction.atomic():
        with pytest.MonkeyPatch.context() as patch:
            # As tests/conftest.py does for each test: cheaper hashing, and CVs kept in a temporary folder.
            patch.setattr(Argon2PasswordHasher, "memory_cost", 1024)
            patch.setattr(Argon2PasswordHasher, "time_cost", 1)
            patch.setattr(Argon2PasswordHasher, "parallelism", 1)
            patch.setattr(Application._meta.get_field("cv"), "storage", FileSystemStorage(location=str(cv_folder)))
            built = world_build()
        yield built
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def cv_file(request, private_files):
    """Each test has its own private folder (tests/conftest.py): put resident A's CV there."""
    if "world" in request.fixturenames:
        name = request.getfixturevalue("world").application.cv.name
        (private_files / name).parent.mkdir(parents=True, exist_ok=True)
        (private_files / name).write_bytes(PDF_BYTES)


# Requests -------------------------------------------------------------------------------------------------------

MODEL_ROUTE = re.compile(r"(admin|partners)/(\w+)/(\w+)/")
OBJECT_IN_ROUTE = re.compile(r"<(?:\w+:)?(?:object_id|pk|id)>")


def filled(pattern: Pattern, world: World) -> str:
    """A pattern of an admin model page as a URL, with the world's object of that model for its id."""
    route = pattern.route
    if OBJECT_IN_ROUTE.search(route):
        site, app_label, model_name = MODEL_ROUTE.match(route).groups()
        model = apps.get_model(app_label, model_name)
        obj = world.admin_objects[site].get(model)
        assert obj is not None, f"{route}: add a {model.__name__} to World.admin_objects[{site!r}]"
        route = OBJECT_IN_ROUTE.sub(str(obj.pk), route)
    assert "<" not in route and "(" not in route, f"{route}: give its row `urls`"
    return "/" + route


def row_urls(row: Row, world: World) -> list[str]:
    if row.urls is not None:
        return row.urls(world)
    return [filled(pattern, world) for pattern in PATTERNS if row.matches(pattern)]


def login_page_for(url: str) -> str:
    return next(page for prefix, page in LOGIN_PAGES.items() if url.startswith(prefix))


def outcome_of(response, url: str) -> str:
    status = response.status_code
    if 300 <= status < 400:
        location = urlsplit(response["Location"])
        if location.path not in LOGIN_PAGES.values():
            return OK
        back_to = parse_qs(location.query).get("next", [""])[0]
        if location.path == login_page_for(url) and urlsplit(back_to).path == urlsplit(url).path:
            return LOGIN
        return f"a redirect to {response['Location']}"
    if 200 <= status < 300:
        return OK
    return {400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND, 405: NOT_ALLOWED}.get(status, f"HTTP {status}")


def request_as(client, method: str, url: str) -> str:
    try:
        response = getattr(client, method.lower())(url)
    except Exception as error:  # noqa: BLE001 - a view that crashes (e.g. on an anonymous user) is an outcome too
        return f"an exception, {error!r}"
    if response.streaming:
        b"".join(response.streaming_content)  # read to the end, so the test client closes the file (CVs)
    return outcome_of(response, url)


# The tests ------------------------------------------------------------------------------------------------------


def test_every_url_pattern_has_a_row():
    missing = [f"{p.route}  ({p.name or 'no name'})" for p in PATTERNS if not any(row.matches(p) for row in TABLE)]
    assert not missing, (
        "Every new URL must declare who may reach it: add a row to TABLE in "
        + __name__
        + " for\n"
        + ("\n".join(missing))
    )


def test_every_row_matches_a_url_pattern():
    stale = [row.family for row in TABLE if not any(row.matches(p) for p in PATTERNS)]
    assert not stale, f"rows that match no URL pattern (renamed or removed?): {stale}"


def test_rows_request_what_they_cover_and_every_pattern_is_requested(world):
    by_route = {pattern.route: pattern for pattern in PATTERNS}
    requested, wrong = set(), []
    for row in TABLE:
        for url in row_urls(row, world):
            pattern = by_route[resolve(urlsplit(url).path).route]
            requested.add(pattern)
            if not row.matches(pattern):
                wrong.append(f"{row.family}: {url} is {pattern.route}, which the row does not match")
    assert not wrong, "\n".join(wrong)
    never = [pattern.route for pattern in PATTERNS if pattern not in requested]
    assert not never, f"patterns no row requests: {never}"


def test_pages_that_need_signing_in_are_tried_signed_out():
    for name in SIGNED_OUT_TRIED:
        (pattern,) = [p for p in PATTERNS if p.name == name]
        rows = [row for row in TABLE if row.matches(pattern)]
        assert rows and all(row.expect[ANONYMOUS] == LOGIN for row in rows), name


@pytest.mark.parametrize(
    ("row", "role"),
    [
        pytest.param(row, role, marks=[pytest.mark.xfail(strict=True, reason=row.known_leaks[role])])
        if role in row.known_leaks
        else (row, role)
        for row in TABLE
        for role in ROLES
    ],
    ids=str,
)
def test_who_may_reach_what(client, world, row, role):
    if world.people[role] is not None:
        client.force_login(world.people[role])
    expected = row.expect[role]
    wrong = []
    for url in row_urls(row, world):
        get = NOT_ALLOWED if isinstance(expected, PostOnly) else expected
        if (got := request_as(client, "GET", url)) != get:
            wrong.append(f"GET {url}: {got}, expected {get}")
        if row.requests():
            post = expected.then if isinstance(expected, PostOnly) else expected
            if row.post_expect is not None:
                post = row.post_expect[role]
            if (got := request_as(client, "POST", url)) != post:
                wrong.append(f"POST {url}: {got}, expected {post}")
    assert not wrong, f"{row.family}, as {role}:\n" + "\n".join(wrong)
