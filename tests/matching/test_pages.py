"""A resident's alerts: saving a search from the catalogue, changing and deleting it, profile alerts, and the links
in alert emails (stop in one click, why, not relevant), with bad input refused and nothing changed."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from matching import services
from matching.models import AlertedListing, Feedback, Frequency, ProfileAlert, SavedSearch
from matching.tokens import feedback_token, stop_token
from opportunities.models import Kind
from tests.factories import PASSWORD, OpportunityFactory

from .conftest import make_profile, make_resident, save_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def amara(client):
    resident = make_resident(full_name="Amara Okafor")
    client.force_login(resident)
    return resident


def test_the_search_page_offers_to_save_the_search(client, digital):
    response = client.get(reverse("opportunities:list"), {"kind": "apprenticeship", "sector": digital.slug})
    link = f"{reverse('alerts:new')}?kind=apprenticeship&amp;sector={digital.slug}"
    assert link in response.content.decode()
    assert "Save this search and get alerts" in response.content.decode()
    # Nothing to save in an empty search.
    assert "Save this search" not in client.get(reverse("opportunities:list")).content.decode()


def test_an_anonymous_visitor_saves_the_search_after_signing_in(client, digital):
    resident = make_resident(email="sam@example.test")
    new = f"{reverse('alerts:new')}?{urlencode({'kind': 'apprenticeship', 'sector': digital.slug, 'pay': 'llw'})}"
    response = client.get(new)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    response = client.post(response["Location"], {"username": "sam@example.test", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == new  # back to the form, the search kept
    page = client.get(new)
    suggested = f"Apprenticeships in {digital.name[0].lower()}{digital.name[1:]}, paying the London Living Wage"
    assert f'name="name" value="{suggested}"' in page.content.decode()
    response = client.post(
        new, {"kind": "apprenticeship", "sector": digital.slug, "pay": "llw", "name": "Digital apprenticeships",
              "frequency": "daily"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == reverse("alerts:list")
    (saved,) = SavedSearch.objects.filter(resident=resident)
    assert (saved.name, saved.frequency) == ("Digital apprenticeships", "daily")
    assert saved.query == f"kind=apprenticeship&sector={digital.slug}&pay=llw"
    listing = client.get(reverse("alerts:list")).content.decode()
    assert "Digital apprenticeships" in listing and "Emails: once a day" in listing


def test_names_are_written_from_the_filters(amara, client):
    query = {"kind": ["job", "apprenticeship"], "q": "care", "online": "yes", "hours": "16-to-30", "age": "19"}
    page = client.get(reverse("alerts:new"), query).content.decode()
    expected = (
        "Apprenticeships or jobs matching “care”, online or remote, 16 to 30 hours a week, open to people aged 19"
    )
    assert f'name="name" value="{expected}"' in page


def test_a_search_with_invalid_filters_is_refused_and_nothing_saved(amara, client):
    for query in ({"kind": "nope"}, {"age": "abc"}, {"sector": "no-such-sector"}, {}):
        response = client.get(reverse("alerts:new"), query)
        assert response.status_code == 400
        assert "This search cannot be saved" in response.content.decode()
        response = client.post(reverse("alerts:new"), {**query, "name": "Mine", "frequency": "daily"})
        assert response.status_code == 400
    body = client.get(reverse("alerts:new"), {"kind": "nope"}).content.decode()
    assert "Choose a type of opportunity from the list" in body
    assert not SavedSearch.objects.exists()


def test_the_form_explains_what_is_missing(amara, client):
    response = client.post(reverse("alerts:new"), {"kind": "job", "name": "", "frequency": "hourly"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a name for this search" in body and "Select how often you want emails" in body
    assert not SavedSearch.objects.exists()


def test_saving_the_same_search_twice_says_so(amara, client):
    save_search(amara, "kind=job", name="Jobs")
    response = client.post(reverse("alerts:new"), {"kind": "job", "name": "Again", "frequency": "daily"})
    assert response.status_code == 400
    assert "You have already saved this search as “Jobs”" in response.content.decode()
    assert SavedSearch.objects.count() == 1


def test_changing_and_deleting_a_saved_search(amara, client):
    saved = save_search(amara, "kind=job", name="Jobs")
    response = client.post(reverse("alerts:change", args=[saved.pk]), {"name": "Any job", "frequency": "weekly"})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("Any job", "weekly")
    response = client.post(reverse("alerts:change", args=[saved.pk]), {"name": "x" * 151, "frequency": "weekly"})
    assert response.status_code == 400 and "150 characters or fewer" in response.content.decode()
    assert client.post(reverse("alerts:delete", args=[saved.pk])).status_code == 302
    assert not SavedSearch.objects.exists()


def test_another_residents_saved_search_is_not_found_and_unchanged(amara, client):
    other = make_resident()
    saved = save_search(other, "kind=job", name="Theirs")
    for name in ("change", "delete"):
        assert client.get(reverse(f"alerts:{name}", args=[saved.pk])).status_code == 404
        assert (
            client.post(reverse(f"alerts:{name}", args=[saved.pk]), {"name": "Mine", "frequency": "never"}).status_code
            == 404
        )
    assert client.get(reverse("alerts:change", args=[987654])).status_code == 404
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("Theirs", "daily")


def test_profile_alerts_need_an_interest_first(amara, client, digital):
    response = client.post(reverse("alerts:profile"), {"frequency": "daily"})
    assert response.status_code == 400
    assert "Add the types of opportunity or the sectors that interest you" in response.content.decode()
    assert not ProfileAlert.objects.exists()
    make_profile(amara, sectors=[digital])
    assert client.post(reverse("alerts:profile"), {"frequency": "daily"}).status_code == 302
    assert ProfileAlert.objects.get(resident=amara).frequency == "daily"
    assert client.post(reverse("alerts:profile"), {"frequency": "never"}).status_code == 302
    assert not ProfileAlert.objects.exists()


def test_a_stop_link_stops_one_alert_in_one_click_and_asks_why(client):
    amara = make_resident()
    saved = save_search(amara, "kind=job", name="Jobs")
    other = save_search(amara, "kind=course", name="Courses")
    url = reverse("alerts:stop", args=[stop_token(resident_id=amara.pk, saved_search_id=saved.pk)])
    page = client.get(url)  # a mail system opening the link changes nothing
    assert page.status_code == 200 and "Stop emails about your saved search “Jobs”" in page.content.decode()
    saved.refresh_from_db()
    assert saved.frequency == "daily"
    response = client.post(url)
    assert response.status_code == 200 and "Alert stopped" in response.content.decode()
    saved.refresh_from_db()
    other.refresh_from_db()
    assert (saved.frequency, other.frequency) == ("never", "daily")
    # Used again: nothing changes, and it says so.
    again = client.post(url)
    assert "This alert had already stopped" in again.content.decode()
    # Why: recorded, with the alert's name.
    why = reverse("alerts:stop_reason", args=[url.split("/")[-2]])
    assert client.post(why, {"reason": "not_an_option"}).status_code == 400
    assert client.post(why, {"reason": "found_work", "detail": "Started at the deli"}).status_code == 200
    (feedback,) = Feedback.objects.all()
    assert (feedback.resident, feedback.alert, feedback.reason) == (amara, "Jobs", "found_work")


def test_a_profile_stop_link(client, digital):
    amara = make_resident()
    make_profile(amara, sectors=[digital])
    services.profile_alert_set(resident=amara, frequency="weekly")
    client.post(reverse("alerts:stop", args=[stop_token(resident_id=amara.pk, saved_search_id=None)]))
    assert not ProfileAlert.objects.exists()


def test_tampered_or_borrowed_links_are_refused_and_change_nothing(client):
    amara, sam = make_resident(), make_resident()
    saved = save_search(amara, "kind=job")
    token = stop_token(resident_id=amara.pk, saved_search_id=saved.pk)
    forged = [
        token[:-3] + "abc",  # signature changed
        token.replace(f"{amara.pk}.", f"{sam.pk}.", 1),  # someone else's id with Amara's signature
        stop_token(resident_id=sam.pk, saved_search_id=saved.pk),  # a real token of Sam's naming Amara's search
        "nonsense",
    ]
    for bad in forged:
        for method in ("get", "post"):
            response = getattr(client, method)(reverse("alerts:stop", args=[bad]))
            assert response.status_code == 400, bad
            assert "This link does not work" in response.content.decode()
        assert client.post(reverse("alerts:stop_reason", args=[bad]), {"reason": "other"}).status_code == 400
    saved.refresh_from_db()
    assert saved.frequency == "daily" and not Feedback.objects.exists()


def test_not_relevant_is_recorded_once(client):
    amara = make_resident()
    saved = save_search(amara, "kind=job")
    listing = OpportunityFactory(kind=Kind.JOB, title="Night porter")
    AlertedListing.objects.create(resident=amara, opportunity=listing, saved_search=saved)
    token = feedback_token(resident_id=amara.pk)
    url = reverse("alerts:not_relevant", args=[token, listing.pk])
    assert "Night porter" in client.get(url).content.decode()
    assert AlertedListing.objects.get().not_relevant_at is None
    response = client.post(url, {"detail": "I cannot work nights"})
    assert "Thank you for telling us" in response.content.decode()
    assert client.post(url, {"detail": ""}).content.decode().count("You have already told us") == 1
    assert AlertedListing.objects.get().not_relevant_at is not None
    (feedback,) = Feedback.objects.all()
    assert (feedback.opportunity, feedback.reason, feedback.detail) == (listing, "not_relevant", "I cannot work nights")
    # A listing never sent to this resident, or a changed token: refused.
    other = OpportunityFactory()
    sam = make_resident()
    for bad in (
        [token, other.pk],  # a listing never sent to her
        [token + "x", listing.pk],  # a changed token
        [feedback_token(resident_id=sam.pk), listing.pk],  # someone else's token, her listing
        [token.replace(f"{amara.pk}:", f"{sam.pk}:", 1), listing.pk],  # someone else's id, her signature
    ):
        assert client.post(reverse("alerts:not_relevant", args=bad)).status_code == 400
    assert Feedback.objects.count() == 1


def test_alerts_pages_are_for_residents_only(client, partner_a):
    client.force_login(partner_a)
    assert client.get(reverse("alerts:list")).status_code == 404


def test_the_alerts_page_lists_searches_with_a_constant_number_of_queries(amara, client):
    from tests.queries import queries_for

    def grow(size):
        for n in range(SavedSearch.objects.count(), size):
            save_search(amara, f"q=word{n}")

    counts = queries_for(client, reverse("alerts:list"), grow)
    assert counts[0] == counts[1]


def test_frequencies_offered_are_the_four():
    assert [value for value, _ in Frequency.choices] == ["instant", "daily", "weekly", "never"]


def test_a_changed_alert_frequency_changes_what_runs_send(digital):
    amara = make_resident()
    saved = save_search(amara, "kind=job", frequency=Frequency.DAILY)
    services.saved_search_change(saved_search=saved, by=amara, name=saved.name, frequency=Frequency.NEVER)
    OpportunityFactory(kind=Kind.JOB)
    services.alerts_digest_send(frequency=Frequency.DAILY, now=timezone.now() + timedelta(minutes=5))
    assert not AlertedListing.objects.exists()


def test_a_copy_of_your_data_holds_your_alerts_and_deleting_the_account_removes_them(amara, client):
    saved = save_search(amara, "kind=job", name="Any job")
    listing = OpportunityFactory(title="Night porter")
    AlertedListing.objects.create(resident=amara, opportunity=listing, saved_search=saved)
    Feedback.objects.create(resident=amara, alert="Any job", reason="too_many")
    export = client.get(reverse("accounts:data_json")).json()
    assert [s["name"] for s in export["saved_searches"]] == ["Any job"]
    assert [a["listing"] for a in export["listings_sent_in_alerts"]] == ["Night porter"]
    assert export["alert_feedback"][0]["reason"] == "too_many"
    page = client.get(reverse("accounts:data")).content.decode()
    assert "Saved searches" in page and "Any job" in page and "Opportunities we sent you in alerts" in page
    from privacy.data_rights import account_delete

    account_delete(user=amara)
    assert not SavedSearch.objects.exists() and not AlertedListing.objects.exists() and not Feedback.objects.exists()
