"""factory_boy factories for the whole suite (no fixture files)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Role, User
from accounts.roles import role_grant
from advisors.models import (
    AdvisorProfile,
    Appointment,
    AppointmentType,
    Case,
    ContactMethod,
    Mode,
    Referral,
    ReferralSource,
    WeeklyHours,
)
from applications.models import Application, ApplicationEvent, ApplicationStatus
from courses.models import CourseRun, Delivery
from opportunities import search
from opportunities.models import ApplyMethod, Kind, Opportunity, Sector, Status, Ward
from organisations.models import Membership, Organisation, OrganisationType

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name", locale="en_GB")
    email_confirmed_at = factory.LazyFunction(timezone.now)  # pass None for someone who has not confirmed yet
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            role_grant(user=self, role=extracted)
        self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Partner Organisation {n}")
    slug = factory.Sequence(lambda n: f"partner-organisation-{n}")
    type = OrganisationType.EMPLOYER
    hackney_based = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory, role=Role.PARTNER)
    role = Membership.Role.MEMBER


class OpportunityFactory(factory.django.DjangoModelFactory):
    """A published, open, paid job by default; the search vector is kept up to date."""

    class Meta:
        model = Opportunity
        skip_postgeneration_save = True

    kind = Kind.JOB
    title = factory.Sequence(lambda n: f"Customer service assistant {n}")
    slug = factory.Sequence(lambda n: f"listing-{n}")
    summary = "Help customers in a busy shop in Dalston."
    description = "You will serve customers, keep the shop tidy and handle payments.\n\n- Full training\n- Uniform"
    organisation = factory.SubFactory(OrganisationFactory)
    attendance = "in_person"
    address = "1 Kingsland High Street"
    postcode = "E8 2JS"
    pay_min = Decimal("15.00")
    pay_max = Decimal("16.50")
    pay_period = "hour"
    hours_per_week = Decimal("37.5")
    working_pattern = "full_time"
    contract_type = "permanent"
    closing_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    apply_method = "here"

    @factory.post_generation
    def refresh_search(self, create, extracted, **kwargs):
        if create:
            search.refresh([self.pk])


def ward(slug="dalston") -> Ward:
    """A ward from the reference data (recreated if a transactional test has flushed the tables)."""
    return Ward.objects.get_or_create(slug=slug, defaults={"name": slug.replace("-", " ").title()})[0]


def sector(slug="retail-and-customer-service") -> Sector:
    """A sector from the reference data (recreated if a transactional test has flushed the tables)."""
    return Sector.objects.get_or_create(slug=slug, defaults={"name": slug.replace("-", " ").capitalize()})[0]


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A sent application on the portal, by a resident, with the "sent" step of its history."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    opportunity = factory.SubFactory(
        OpportunityFactory, screening_question_1="Why do you want this job?", screening_question_2=""
    )
    resident = factory.SubFactory(UserFactory, role=Role.RESIDENT)
    route = ApplyMethod.HERE
    status = ApplicationStatus.SUBMITTED
    answers = factory.LazyAttribute(
        lambda o: [{"question": q, "answer": f"Answer to: {q}"} for q in o.opportunity.screening_questions]
    )
    statement = "I have two years' experience in a busy shop and I love helping people."
    submitted_at = factory.LazyFunction(timezone.now)
    status_changed_at = factory.LazyAttribute(lambda o: o.submitted_at or timezone.now())

    @factory.post_generation
    def sent_event(self, create, extracted, **kwargs):
        if create and self.submitted_at and extracted is not False:
            ApplicationEvent.objects.create(
                application=self, from_status=ApplicationStatus.DRAFT, to_status=ApplicationStatus.SUBMITTED,
                by=self.resident, at=self.submitted_at,
            )  # fmt: skip


def attach_cv(application: Application, content: bytes = PDF_BYTES, name: str = "Sam's CV.pdf") -> Application:
    """Save a CV the way the service does: a random name in the private storage, the resident's name apart."""
    application.cv_type, application.cv_name = "pdf", "sams-cv.pdf"
    application.cv.save(name, ContentFile(content), save=False)
    application.save(update_fields=["cv", "cv_type", "cv_name"])
    return application


class AdvisorFactory(factory.django.DjangoModelFactory):
    """A bookable advisor offering every type of appointment, in hour-long slots."""

    class Meta:
        model = AdvisorProfile

    user = factory.SubFactory(UserFactory, role=Role.ADVISOR)
    job_title = "Hackney Works advisor"
    slot_minutes = 60
    appointment_types = factory.LazyFunction(lambda: list(AppointmentType.values))


class AppointmentFactory(factory.django.DjangoModelFactory):
    """An hour-long appointment in person, booked; pass `starts_at`."""

    class Meta:
        model = Appointment

    advisor = factory.SubFactory(AdvisorFactory)
    resident = factory.SubFactory(UserFactory, role=Role.RESIDENT)
    type = AppointmentType.INITIAL_ASSESSMENT
    mode = Mode.IN_PERSON
    venue = "Hackney Works, 1 Hillman Street, E8 1DY"
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))


class WeeklyHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklyHours

    advisor = factory.SubFactory(AdvisorFactory)
    weekday = WeeklyHours.Weekday.TUESDAY
    starts = "09:30"
    ends = "12:30"
    mode = Mode.IN_PERSON
    venue = "Hackney Works, 1 Hillman Street, E8 1DY"


class CaseFactory(factory.django.DjangoModelFactory):
    """An open case led by an advisor (who is also on it), for a resident who referred themselves."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    resident = factory.SubFactory(UserFactory, role=Role.RESIDENT)
    lead_advisor = factory.SubFactory(AdvisorFactory)
    source = ReferralSource.SELF

    @factory.post_generation
    def with_lead_on_it(self, create, extracted, **kwargs):
        if create:
            self.advisors.add(self.lead_advisor)


class ReferralFactory(factory.django.DjangoModelFactory):
    """A self-referral waiting for an advisor."""

    class Meta:
        model = Referral

    resident = factory.SubFactory(UserFactory, role=Role.RESIDENT)
    source = ReferralSource.SELF
    help_wanted = "I would like help finding part-time work in retail that fits around school hours."
    contact_method = ContactMethod.PHONE
    contact_times = "Weekday mornings"


class CourseRunFactory(factory.django.DjangoModelFactory):
    """A classroom run of a free course, starting in three weeks, with 10 places."""

    class Meta:
        model = CourseRun

    opportunity = factory.SubFactory(
        OpportunityFactory,
        kind=Kind.COURSE,
        title=factory.Sequence(lambda n: f"Introduction to bookkeeping {n}"),
        pay_min=None,
        pay_max=None,
        pay_period="",
    )
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=21))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=91))
    days_and_times = "Tuesdays, 10am to 12:30pm, for 10 weeks"
    daytime = True
    delivery = Delivery.CLASSROOM
    venue = "Hackney Central Library, 1 Reading Lane, E8 1GQ"
    places = 10
