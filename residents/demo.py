"""The residents' part of the demo data (`manage.py seed_demo`): the demo resident's profile, and other residents
with theirs.

Profiles are made once: edits made in the demo survive a re-run.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.demo import PASSWORD
from accounts.models import Role
from accounts.roles import role_grant
from notifications.demo import DemoContext
from opportunities.models import Sector
from residents.models import ResidentProfile

AGE = 22  # every demo resident's age this year (applications.demo picks listings open to it)
# The demo resident's profile, and other residents (who apply to the first partner's listings, in
# applications.demo, so the partner has applicants to review): name, email, phone and postcode. Phone numbers
# are in Ofcom's range for drama (07700 900000-900999).
RESIDENT_PROFILE = {
    "phone": "07700 900418",
    "postcode": "E8 3PH",
    "lives_in_hackney": True,
    "studied_in_hackney": True,
    "hours": "full_time",
    "attendance": "in_person",
    "interested_kinds": ["apprenticeship", "job"],
    "skills": "Customer service from two years at a Dalston bakery; first aid certificate; fluent in English and Igbo.",
    "aspirations": "A Level 3 apprenticeship in business administration, then a permanent office job in Hackney.",
}
# What the demo resident and some others are looking for (recommendations, profile alerts, advisors' matches).
INTERESTS = {
    "resident@demo.test": ["Business, finance and law", "Retail and customer service"],
    "kwame.asante@residents.example": ["Construction and trades"],
    "zeynep.yilmaz@residents.example": ["Health and social care"],
    "jordan.clarke@residents.example": ["Creative, media and digital"],
    "tunde.bakare@residents.example": ["Hospitality, food and catering"],
}
OTHER_KINDS = {
    "kwame.asante@residents.example": ["apprenticeship"],
    "zeynep.yilmaz@residents.example": ["job", "course"],
    "tunde.bakare@residents.example": ["job"],
}
OTHER_RESIDENTS = [
    ("Kwame Asante", "kwame.asante@residents.example", "07700 900101", "E5 8BP"),
    ("Zeynep Yilmaz", "zeynep.yilmaz@residents.example", "07700 900102", "N16 7UX"),
    ("Jordan Clarke", "jordan.clarke@residents.example", "07700 900103", "E9 6DA"),
    ("Hannah Goldberg", "hannah.goldberg@residents.example", "07700 900104", "N16 5SR"),
    ("Tunde Bakare", "tunde.bakare@residents.example", "07700 900105", "E8 2PB"),
    ("Mei Lin Chen", "meilin.chen@residents.example", "07700 900106", "E2 8HD"),
    ("Ryan O'Connor", "ryan.oconnor@residents.example", "07700 900107", "E5 0LH"),
    ("Fatima Hussain", "fatima.hussain@residents.example", "07700 900108", "N1 5LH"),
]


def born() -> date:
    return date(timezone.localdate().year - AGE, 6, 12)


def _interests(profile: ResidentProfile) -> None:
    """A new profile's sectors of interest (by name, from the reference data)."""
    profile.interested_sectors.set(Sector.objects.filter(name__in=INTERESTS.get(profile.user.email, [])))


def build(ctx: DemoContext) -> None:
    profile, is_new = ResidentProfile.objects.get_or_create(
        user=ctx.people["resident"], defaults=RESIDENT_PROFILE | {"date_of_birth": born()}
    )
    if is_new:
        _interests(profile)
    for name, email, phone, postcode in OTHER_RESIDENTS:
        resident, is_new = get_user_model().objects.get_or_create(
            email=email, defaults={"full_name": name, "email_confirmed_at": timezone.now()}
        )
        if is_new:
            resident.set_password(PASSWORD)
            resident.save()
            role_grant(user=resident, role=Role.RESIDENT)
        profile, is_new = ResidentProfile.objects.get_or_create(
            user=resident,
            defaults={
                "phone": phone,
                "postcode": postcode,
                "lives_in_hackney": True,
                "date_of_birth": born(),
                "interested_kinds": OTHER_KINDS.get(email, []),
            },
        )
        if is_new:
            _interests(profile)
        ctx.other_residents.append(resident)
