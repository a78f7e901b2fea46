"""The match alerts' part of the demo data (`manage.py seed_demo`): the demo resident, Amara, has saved searches at
every frequency (one she keeps without emails), alerts from her profile, and the alerts the last fortnight's runs sent
her, one of which she said was not relevant; other residents have saved searches (two share one, as people
do), one stopped with a reason; Grace, the demo advisor, gets the morning email of matches on her caseload.

Everything goes through the real services and runs, on the first run only (a re-run finds Amara's searches). The
searches were saved a fortnight ago, so the runs find what the demo published since.
"""

from datetime import timedelta

from django.http import QueryDict
from django.utils import timezone

from notifications.demo import DemoContext

from . import services, tokens
from .models import AlertedListing, Feedback, Frequency, SavedSearch

AMARA_SEARCHES = [
    ("kind=apprenticeship&sector=business-finance-and-law", "Business apprenticeships", Frequency.DAILY),
    ("q=customer service&pay=llw", "", Frequency.INSTANT),
    ("kind=course&online=yes", "Online courses", Frequency.WEEKLY),
    ("kind=event", "", Frequency.NEVER),
]
OTHERS_SEARCHES = {
    "kwame.asante@residents.example": [("kind=apprenticeship&sector=construction-and-trades", Frequency.DAILY)],
    "zeynep.yilmaz@residents.example": [("q=care", Frequency.DAILY), ("kind=course", Frequency.WEEKLY)],
    "jordan.clarke@residents.example": [("q=care", Frequency.DAILY)],
    "tunde.bakare@residents.example": [("kind=job&sector=hospitality-food-and-catering", Frequency.INSTANT)],
    "hannah.goldberg@residents.example": [("kind=volunteering", Frequency.WEEKLY)],
}


def build(ctx: DemoContext) -> None:
    amara = ctx.people["resident"]
    if SavedSearch.objects.filter(resident=amara).exists():
        return  # made once
    saved_at = ctx.now - timedelta(days=14)
    for query, name, frequency in AMARA_SEARCHES:
        _save(amara, query, frequency, name=name, at=saved_at)
    services.profile_alert_set(resident=amara, frequency=Frequency.WEEKLY)
    amara.profile_alert.created_at = saved_at
    amara.profile_alert.save(update_fields=["created_at"])
    others = {person.email: person for person in ctx.other_residents}
    for email, searches in OTHERS_SEARCHES.items():
        for query, frequency in searches:
            _save(others[email], query, frequency, at=saved_at)
    stopped = SavedSearch.objects.get(resident=others["hannah.goldberg@residents.example"])
    services.saved_search_change(saved_search=stopped, by=stopped.resident, name=stopped.name, frequency="never")
    Feedback.objects.create(resident=stopped.resident, alert=stopped.name, reason=Feedback.Reason.FOUND_WORK)
    services.caseload_digest_set(advisor=ctx.people["advisor"], on=True)

    # The runs of the last fortnight, as beat would have run them each morning.
    for days_ago in range(13, -1, -1):
        morning = timezone.localtime(ctx.now - timedelta(days=days_ago)).replace(hour=7, minute=0)
        if morning > ctx.now:
            continue
        services.instant_alerts_catch_up(now=morning)
        services.alerts_digest_send(frequency=Frequency.DAILY, now=morning)
        if morning.weekday() == 0:
            services.alerts_digest_send(frequency=Frequency.WEEKLY, now=morning)
        services.caseload_digest_send(now=morning)
    services.saved_closing_remind(today=timezone.localdate(ctx.now))
    sent = AlertedListing.objects.filter(resident=amara).order_by("sent_at", "pk").first()
    if sent is not None:
        services.listing_not_relevant(
            token=tokens.feedback_token(resident_id=amara.pk),
            opportunity_id=sent.opportunity_id,
            detail="It needs a driving licence, and I do not drive.",
        )
    ctx.summary.append(
        f"Match alerts: {SavedSearch.objects.count()} saved searches, "
        f"{AlertedListing.objects.count()} listings sent in the last fortnight's alerts."
    )


def _save(resident, query: str, frequency: str, *, at, name: str = "") -> SavedSearch:
    saved = services.saved_search_save(resident=resident, data=QueryDict(query), frequency=frequency, name=name)
    saved.created_at = at
    saved.save(update_fields=["created_at"])
    return saved
