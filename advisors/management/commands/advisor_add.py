"""`manage.py advisor_add EMAIL`: make an existing account an employment advisor residents can book."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import email_normalise
from advisors.services.availability import advisor_profile_create


class Command(BaseCommand):
    help = "Make an existing account an advisor (the Advisors role and a bookable profile)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The account's email address (it must exist already).")
        parser.add_argument("--job-title", default="", help='For example: "Hackney Works advisor".')
        parser.add_argument("--slot-minutes", type=int, default=45, help="Appointment length (default 45).")

    def handle(self, *args, email: str, job_title: str, slot_minutes: int, **options):
        user = get_user_model().objects.filter(email=email_normalise(email)).first()
        if user is None:
            raise CommandError(f"There is no account with the email address {email}. Create it first.")
        try:
            advisor_profile_create(user=user, job_title=job_title, slot_minutes=slot_minutes)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"{user.email} is now an advisor. Residents can book them once they set their hours at "
            "/advisors/availability/."
        )
