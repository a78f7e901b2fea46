"""Applications as a partner receives them: written directly (sent, with their first history row), not through
`application_submit`, so these tests do not depend on who may apply for what."""

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Role
from opportunities.models import Application, ApplicationEvent, ApplicationStatus, ApplyMethod
from tests.factories import OpportunityFactory, UserFactory

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
