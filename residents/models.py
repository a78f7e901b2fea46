from django.conf import settings
from django.db import models

from opportunities.models import Kind, Sector


class Hours(models.TextChoices):
    FULL_TIME = "full_time", "Full time (30 hours a week or more)"
    PART_TIME = "part_time", "Part time (under 30 hours a week)"
    ANY = "any", "Either"


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    ANY = "any", "Either"


class ResidentProfile(models.Model):
    """What a resident tells us about themselves to check eligibility and find what suits them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="resident_profile"
    )
    phone = models.CharField("phone number", max_length=20, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    # Yes, no, or not answered yet (None): a profile never claims "no" for someone who has not said.
    lives_in_hackney = models.BooleanField("lives in Hackney", null=True, blank=True, default=None)
    studied_in_hackney = models.BooleanField(
        "went to school or college in Hackney", null=True, blank=True, default=None
    )
    interested_kinds = models.JSONField("kinds of opportunity", default=list, blank=True)
    interested_sectors = models.ManyToManyField(Sector, blank=True, related_name="+")
    hours = models.CharField("hours", max_length=16, choices=Hours.choices, blank=True)
    attendance = models.CharField("in person or online", max_length=16, choices=Attendance.choices, blank=True)
    skills = models.TextField(blank=True)
    aspirations = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Profile of {self.user}"

    @property
    def hackney_connection(self) -> bool:
        return bool(self.lives_in_hackney or self.studied_in_hackney)

    def age_on(self, date) -> int | None:
        born = self.date_of_birth
        if born is None:
            return None
        return date.year - born.year - ((date.month, date.day) < (born.month, born.day))

    def interested_kind_labels(self) -> list[str]:
        return [Kind(k).label for k in self.interested_kinds if k in Kind.values]


PREFER_NOT_TO_SAY = ("prefer_not", "Prefer not to say")


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    ANOTHER = "another", "In another way"
    PREFER_NOT = PREFER_NOT_TO_SAY


class Ethnicity(models.TextChoices):
    """The 19 ethnic groups of the 2021 Census in England and Wales (ONS), each under its broad group."""

    ASIAN_BANGLADESHI = "asian_bangladeshi", "Asian or Asian British: Bangladeshi"
    ASIAN_CHINESE = "asian_chinese", "Asian or Asian British: Chinese"
    ASIAN_INDIAN = "asian_indian", "Asian or Asian British: Indian"
    ASIAN_PAKISTANI = "asian_pakistani", "Asian or Asian British: Pakistani"
    ASIAN_OTHER = "asian_other", "Asian or Asian British: any other Asian background"
    BLACK_AFRICAN = "black_african", "Black, Black British, Caribbean or African: African"
    BLACK_CARIBBEAN = "black_caribbean", "Black, Black British, Caribbean or African: Caribbean"
    BLACK_OTHER = "black_other", "Black, Black British, Caribbean or African: any other Black background"
    MIXED_WHITE_ASIAN = "mixed_white_asian", "Mixed or multiple ethnic groups: White and Asian"
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african", "Mixed or multiple ethnic groups: White and Black African"
    MIXED_WHITE_BLACK_CARIBBEAN = (
        "mixed_white_black_caribbean",
        "Mixed or multiple ethnic groups: White and Black Caribbean",
    )
    MIXED_OTHER = "mixed_other", "Mixed or multiple ethnic groups: any other mixed or multiple background"
    WHITE_BRITISH = "white_british", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "white_irish", "White: Irish"
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", "White: Gypsy or Irish Traveller"
    WHITE_ROMA = "white_roma", "White: Roma"
    WHITE_OTHER = "white_other", "White: any other White background"
    OTHER_ARAB = "other_arab", "Other ethnic group: Arab"
    OTHER_ANY = "other_any", "Other ethnic group: any other ethnic group"
    PREFER_NOT = PREFER_NOT_TO_SAY


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = PREFER_NOT_TO_SAY


class EqualityAnswers(models.Model):
    """Optional equality monitoring, apart from everything else: reported only in aggregate, never to partners.

    The age band is worked out from the profile's date of birth when reporting, so it is not asked twice.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="equality_answers"
    )
    gender = models.CharField(max_length=16, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(max_length=32, choices=Ethnicity.choices, blank=True)
    disability = models.CharField(
        "disability or long-term health condition", max_length=16, choices=YesNo.choices, blank=True
    )
    care_experienced = models.CharField("care experience", max_length=16, choices=YesNo.choices, blank=True)
    send = models.CharField("special educational needs or an EHCP", max_length=16, choices=YesNo.choices, blank=True)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "equality monitoring answers"
        verbose_name_plural = "equality monitoring answers"

    def __str__(self):
        return f"Equality monitoring answers of user {self.user_id}"


AGE_BANDS = [
    (16, 18, "16 to 18"),
    (19, 24, "19 to 24"),
    (25, 34, "25 to 34"),
    (35, 49, "35 to 49"),
    (50, 64, "50 to 64"),
]


def age_band(age: int | None) -> str:
    """The reporting age band for an age (16-24s are a priority group)."""
    if age is None:
        return "Not known"
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return "Under 16" if age < 16 else "65 or over"
