"""The applications' part of the demo data (`manage.py seed_demo`): the demo resident's saved listings and an
application at every stage, and other residents' applications for the first partner to review, all made through
the real services on the first run only (a re-run finds the demo resident's applications and adds nothing).
"""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from applications import services as applying
from applications.models import Application, ApplicationEvent
from notifications.demo import DemoContext
from opportunities.models import ApplyMethod, Opportunity
from residents import demo as residents_demo

STATEMENTS = [
    "I have worked weekends at a market stall on Ridley Road for two years, so I am used to busy days, handling money "
    "and talking to all sorts of people. I want a role where I can learn properly and stay for the long term.",
    "I finished my Level 2 in Business at Hackney Community College this summer. I am organised, I like working in a "
    "team, and I would bring the same commitment I showed volunteering at my local food bank every Saturday.",
    "After caring for my mum for three years I am ready to get back to work. I am patient, reliable and good with "
    "people, and I would welcome the training this role offers.",
]
ANY_ANSWER = ["I would be glad to talk about this at an interview."]  # a question partners wrote in the demo
# Demo residents' answers to each screening question (opportunities.demo.SCREENING_QUESTIONS), a few voices each.
SCREENING_ANSWERS = {
    "Why do you want this opportunity?": [
        "I want to learn a trade properly and this is close to home, so I can get there on time every day.",
        "I have wanted to work in this area since school, and your training means I can start without experience.",
        "After a few years out of work I want something steady where I can build up my confidence again.",
    ],
    "Tell us about a time you worked as part of a team.": [
        "At the food bank on Saturdays we sort donations in pairs and cover for each other when it gets busy.",
        "In my college project four of us planned an event; I kept the list of jobs and checked everyone was ok.",
        "On the market stall I work with my uncle and his friend: we split the setting up, serving and packing.",
    ],
    "Which days and times are you available?": [
        "Monday to Friday, any time. I can do some Saturdays with a week's notice.",
        "Weekdays from 9:30am, after I drop my son at school, until 5pm.",
        "Any day, any time: I have nothing else booked at the moment.",
    ],
    "What would you like to learn from this?": [
        "How a real workplace runs, and the skills to get a permanent job afterwards.",
        "Practical skills I can put on my CV, and what the job is like day to day.",
        "Whether this is the right career for me before I apply for an apprenticeship.",
    ],
    "Do you need any adjustments to come to an interview?": [
        "No, thank you.",
        "Yes: I would like the questions written down as well as asked, because I am dyslexic.",
        "Step-free access please, as I use a wheelchair some days.",
    ],
    "Do you have a CSCS card? If not, we can help you get one.": [
        "Not yet, but I would like help to get one.",
        "Yes, a green labourer card, valid until 2028.",
    ],
    "Tell us about a time you looked after someone.": [
        "I cared for my nan for two years: meals, medicines and getting her to appointments.",
        "I help my younger brother, who is autistic, with his routine before and after school.",
    ],
    "Are you happy to work early mornings or weekends?": [
        "Yes, early mornings are fine and I can do most weekends.",
        "Weekends yes; early mornings from 7am.",
    ],
    "Do you hold a full UK driving licence? (Not needed for cargo bike roles.)": [
        "No, but I cycle every day and would like a cargo bike role.",
        "Yes, a full licence for three years with no points.",
    ],
    "Tell us about any experience you have with children or young people.": [
        "I help at my church's youth club on Friday evenings and have a DBS check from that.",
        "I have looked after my nieces and nephews most weekends since I was 16.",
    ],
}
FEEDBACK = (
    "Thank you for applying. We had many strong applications and chose people with more experience of working with "
    "tools. Your statement was clear and friendly: keep building on it, and please apply again next year."
)


# The partner's moves for each of the demo resident's applications to listings applied for here, in order: one
# list of moves per stage, then one withdrawn and one left as a draft.
STAGES = [
    [],
    ["reviewing"],
    ["reviewing", "shortlisted"],
    ["shortlisted", "interview"],
    ["reviewing", "interview", "offered"],
    ["interview", "offered", "started"],
    ["reviewing", "unsuccessful"],
    "withdraw",
    "draft",
]


def build(ctx: DemoContext) -> None:
    resident, organisations, partners = ctx.people["resident"], ctx.organisations, ctx.partners
    if Application.objects.filter(resident=resident).exists():
        return
    started = timezone.now()
    today = timezone.localdate()
    age = residents_demo.AGE
    listings = [
        o
        for o in Opportunity.objects.filter(organisation__in=[organisations["a"], organisations["b"]])
        .published()
        .open_on(today)
        .select_related("organisation")
        .order_by("organisation__name", "id")
        if (o.min_age or 0) <= age <= (o.max_age or 99)
    ]
    here = [o for o in listings if o.apply_method == ApplyMethod.HERE]
    elsewhere = [o for o in listings if o.apply_method != ApplyMethod.HERE]
    member = {organisations[key].pk: user for key, user in partners.items()}
    for index, (listing, moves) in enumerate(zip(here, STAGES, strict=False)):
        application = _apply(resident, listing, index, submit=moves != "draft")
        if moves == "withdraw":
            applying.application_withdraw(application=application, by=resident)
        elif moves != "draft":
            _move(application, moves, by=member[listing.organisation_id])
    for listing in elsewhere[:2]:
        application = applying.application_leave_to_apply(resident=resident, opportunity=listing)
    if len(elsewhere) > 1:
        applying.application_mark_applied(application=application, by=resident)
    for listing in listings[-3:]:
        applying.saved_opportunity_add(user=resident, opportunity=listing)
    partner_listings = [o for o in here if o.organisation_id == organisations["a"].pk][:3]
    for number, applicant in enumerate(ctx.other_residents):
        for listing in partner_listings:
            if Application.objects.filter(resident=applicant, opportunity=listing).exists():
                continue
            application = _apply(applicant, listing, number)
            _move(application, [[], ["reviewing"], ["shortlisted"]][number % 3], by=partners["a"])
    _spread_over_recent_weeks(Application.objects.filter(created_at__gte=started))


def _spread_over_recent_weeks(applications):
    """The services stamp everything "now"; move each application and its history back by up to three weeks
    (steps a day or two apart), so lists read as they would in real use."""
    for application in applications.order_by("pk"):
        events = list(application.history.order_by("at", "pk"))
        days_back = 2 * len(events) + 1 + application.pk * 5 % 19  # the last step still in the past
        start = timezone.now() - timedelta(days=days_back, hours=application.pk * 7 % 9)
        for step, event in enumerate(events):
            event.at = start + timedelta(days=step * 2, hours=step)
        ApplicationEvent.objects.bulk_update(events, ["at"])
        application.created_at = start - timedelta(minutes=40)
        if application.submitted_at:
            application.submitted_at = events[0].at if events[0].to_status == "submitted" else start
        application.status_changed_at = events[-1].at if events else start
        application.save(update_fields=["created_at", "submitted_at", "status_changed_at"])


def _apply(resident, listing, index, *, submit=True):
    application = applying.application_draft_save(
        resident=resident,
        opportunity=listing,
        answers=[
            (choices := SCREENING_ANSWERS.get(question, ANY_ANSWER))[index % len(choices)]
            for question in listing.screening_questions
        ],
        statement=STATEMENTS[index % len(STATEMENTS)],
        cv=ContentFile(_demo_cv(resident.full_name), name="cv.pdf") if index % 2 == 0 else None,
        cv_type="pdf",
    )
    return applying.application_submit(application=application, by=resident) if submit else application


def _move(application, moves, *, by):
    interview = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=6), time(10, 30)))
    for to in moves:
        applying.application_move(
            application=application,
            to=to,
            by=by,
            interview_at=interview,
            interview_place=application.opportunity.address or "Hackney Service Centre, 1 Hillman Street, E8 1DY",
            feedback=FEEDBACK,
        )


def _demo_cv(name: str) -> bytes:
    """A one-page PDF with the applicant's name, so the partner's download opens in any PDF reader."""
    text = f"BT /F1 20 Tf 72 760 Td ({name} - CV) Tj 0 -30 Td /F1 12 Tf (Hackney, London) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out
