"""Recommended for you (with reasons, never a listing applied for), saved listings closing soon, and the advisors'
matches on their own caseload: seeing them, sharing in one step, and their morning email."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from advisors.models import SharedOpportunity
from applications.models import SavedOpportunity
from matching import services
from matching.models import AdvisorDigest
from matching.selectors import recommendations_for
from notifications.models import Notification
from opportunities.models import Kind
from tests.factories import AdvisorFactory, ApplicationFactory, CaseFactory, OpportunityFactory
from tests.queries import queries_for

from .conftest import make_profile, make_resident, save_search

pytestmark = pytest.mark.django_db


def test_recommendations_rank_by_fit_and_say_why(digital, care):
    today = timezone.localdate()
    amara = make_resident()
    make_profile(amara, kinds=[Kind.APPRENTICESHIP], sectors=[digital], attendance="online")
    best = OpportunityFactory(
        kind=Kind.APPRENTICESHIP, sector=digital, title="Digital apprentice", attendance="online", postcode="",
        closing_date=today + timedelta(days=3), pay_min=Decimal("16"), pay_max=None,
    )  # fmt: skip
    sector_only = OpportunityFactory(kind=Kind.JOB, sector=digital, title="Junior developer")
    OpportunityFactory(kind=Kind.JOB, sector=care, title="Care assistant")  # neither kind nor sector
    applied = OpportunityFactory(kind=Kind.APPRENTICESHIP, sector=digital, title="Applied already")
    ApplicationFactory(opportunity=applied, resident=amara)
    too_old = OpportunityFactory(kind=Kind.APPRENTICESHIP, sector=digital, title="For under 19s", max_age=18)
    amara.resident_profile.date_of_birth = today.replace(year=today.year - 30)
    amara.resident_profile.save()

    found = recommendations_for(user=amara)

    assert [r.listing for r in found] == [best, sector_only]
    assert found[0].reasons == [
        "matches your interest in creative, media and digital",
        "you are looking for apprenticeships",
        "online",
        "pays the London Living Wage",
        "closes in 3 days",
    ]
    assert applied not in [r.listing for r in found] and too_old not in [r.listing for r in found]


def test_no_recommendations_until_the_profile_names_an_interest(client):
    amara = make_resident()
    OpportunityFactory()
    assert recommendations_for(user=amara) == []
    client.force_login(amara)
    page = client.get(reverse("accounts:home")).content.decode()
    assert (
        "Recommended for you" in page
        and 'in <a class="govuk-link" href="/account/profile/change/">your profile' in page
    )


def test_the_account_and_home_pages_show_recommendations_in_constant_queries(client, digital):
    amara = make_resident()
    make_profile(amara, sectors=[digital])
    client.force_login(amara)
    OpportunityFactory(sector=digital, title="Digital marketing assistant")
    assert "Digital marketing assistant" in client.get(reverse("pages:home")).content.decode()
    for url in (reverse("accounts:home"), reverse("pages:home"), reverse("alerts:list")):
        counts = queries_for(client, url, lambda size: OpportunityFactory.create_batch(size, sector=digital))
        assert counts[0] == counts[1], url


def test_saved_listings_not_applied_for_are_recalled_three_days_before_closing():
    today = timezone.localdate()
    amara, sam = make_resident(), make_resident()
    closing = OpportunityFactory(title="Library assistant", closing_date=today + timedelta(days=3))
    later = OpportunityFactory(closing_date=today + timedelta(days=4))
    for resident in (amara, sam):
        SavedOpportunity.objects.create(user=resident, opportunity=closing)
        SavedOpportunity.objects.create(user=resident, opportunity=later)
    ApplicationFactory(opportunity=closing, resident=sam)

    assert services.saved_closing_remind(today=today) == 1
    assert services.saved_closing_remind(today=today) == 0  # once
    (reminder,) = Notification.objects.filter(kind="saved_closing_soon")
    assert reminder.recipient == amara
    day = closing.closing_date
    assert reminder.subject == f"“Library assistant” closes on {day:%A} {day.day} {day:%B}"


# Advisors ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def caseload(digital):
    """An advisor with two residents who share their profile, one who does not; another advisor's resident."""
    advisor = AdvisorFactory()
    amara = make_resident(full_name="Amara Okafor")
    make_profile(amara, sectors=[digital])
    ben = make_resident(full_name="Ben Adeyemi")
    make_profile(ben, kinds=[Kind.JOB])
    save_search(ben, "q=designer", name="Design jobs")
    quiet = make_resident(full_name="Quiet Resident")
    make_profile(quiet, sectors=[digital])
    others = make_resident(full_name="Someone Else")
    make_profile(others, sectors=[digital])
    cases = {
        "amara": CaseFactory(resident=amara, lead_advisor=advisor, shares_profile=True),
        "ben": CaseFactory(resident=ben, lead_advisor=advisor, shares_profile=True),
        "quiet": CaseFactory(resident=quiet, lead_advisor=advisor, shares_profile=False),
        "others": CaseFactory(resident=others, lead_advisor=AdvisorFactory(), shares_profile=True),
    }
    return advisor, cases


def test_an_advisor_sees_who_on_their_own_caseload_a_listing_suits(client, caseload, digital):
    advisor, _ = caseload
    listing = OpportunityFactory(kind=Kind.JOB, sector=digital, title="Junior designer")
    client.force_login(advisor.user)
    page = client.get(reverse("advisors:listing_matches", args=[listing.slug])).content.decode()
    assert "Amara Okafor" in page and "their profile: matches your interest in creative, media and digital" in page
    assert "Ben Adeyemi" in page and "their saved search “Design jobs”" in page
    assert "Quiet Resident" not in page  # did not choose to share their profile
    assert "Someone Else" not in page  # another advisor's case
    # The listing page leads an advisor there.
    assert (
        reverse("advisors:listing_matches", args=[listing.slug])
        in client.get(listing.get_absolute_url()).content.decode()
    )


def test_sharing_with_several_residents_in_one_step(client, caseload, digital):
    advisor, cases = caseload
    listing = OpportunityFactory(kind=Kind.JOB, sector=digital, title="Junior designer")
    client.force_login(advisor.user)
    url = reverse("advisors:listing_matches", args=[listing.slug])
    response = client.post(url, {"cases": [cases["amara"].pk, cases["ben"].pk], "message": "Worth a look"})
    assert response.status_code == 302
    assert set(SharedOpportunity.objects.values_list("case_id", flat=True)) == {cases["amara"].pk, cases["ben"].pk}
    assert Notification.objects.filter(kind="opportunity_shared").count() == 2
    assert "Shared" in client.get(url).content.decode()


def test_sharing_refuses_forged_or_other_advisors_cases_and_shares_nothing(client, caseload, digital):
    advisor, cases = caseload
    listing = OpportunityFactory(kind=Kind.JOB, sector=digital)
    client.force_login(advisor.user)
    url = reverse("advisors:listing_matches", args=[listing.slug])
    for forged in ([cases["amara"].pk, cases["others"].pk], [cases["quiet"].pk], ["abc"], [987654], []):
        response = client.post(url, {"cases": forged})
        assert response.status_code == 400, forged
        assert "Select the residents to share it with" in response.content.decode()
    with pytest.raises(Exception, match="Select the residents"):
        services.listing_share_with_cases(
            opportunity=listing, case_ids=[cases["amara"].pk, cases["others"].pk], message="", by=advisor.user
        )
    assert not SharedOpportunity.objects.exists()


def test_only_advisors_reach_the_matches(client, caseload, partner_a):
    _, cases = caseload
    listing = OpportunityFactory()
    for user in (cases["amara"].resident, partner_a):
        client.force_login(user)
        assert client.get(reverse("advisors:listing_matches", args=[listing.slug])).status_code == 404
        assert client.get(reverse("advisors:matches")).status_code == 404


def test_the_matches_pages_cost_the_same_as_the_caseload_grows(client, caseload, digital):
    advisor, _ = caseload
    listing = OpportunityFactory(kind=Kind.JOB, sector=digital)
    client.force_login(advisor.user)

    def grow(size):
        for _ in range(size):
            resident = make_resident()
            make_profile(resident, sectors=[digital])
            save_search(resident, "kind=job")
            CaseFactory(resident=resident, lead_advisor=advisor, shares_profile=True)
            OpportunityFactory(kind=Kind.JOB, sector=digital)

    for url in (reverse("advisors:listing_matches", args=[listing.slug]), reverse("advisors:matches")):
        counts = queries_for(client, url, grow)
        assert counts[0] == counts[1], url


def test_the_advisors_morning_email_lists_new_matches(client, caseload, digital):
    advisor, _ = caseload
    client.force_login(advisor.user)
    assert client.post(reverse("advisors:matches"), {"digest": "on"}).status_code == 302
    assert AdvisorDigest.objects.filter(advisor=advisor.user).exists()
    OpportunityFactory(kind=Kind.JOB, sector=digital, title="Junior designer")
    run = services.caseload_digest_send(now=timezone.now() + timedelta(minutes=5))
    (email,) = Notification.objects.filter(kind="caseload_matches", recipient=advisor.user)
    assert run.messages == 1
    assert email.subject == "One new opportunity matches residents on your caseload"
    assert "Junior designer" in email.body and "Amara Okafor and Ben Adeyemi" in email.body
    assert services.caseload_digest_send(now=timezone.now() + timedelta(minutes=6)) == run
    assert Notification.objects.filter(kind="caseload_matches").count() == 1
    client.post(reverse("advisors:matches"), {})
    assert not AdvisorDigest.objects.exists()
