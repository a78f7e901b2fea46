"""factory_boy factories for the whole suite (no fixture files)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Role, User
from accounts.roles import role_grant
from opportunities import search
from opportunities.models import Kind, Opportunity, Sector, Status, Ward
from partners.models import Membership, Organisation, OrganisationType

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
