"""A listing's description is rendered from Markdown and sanitised once, on save; pages show what was stored."""

import importlib
import json
import re

import pytest
from django.apps import apps
from django.urls import reverse

from opportunities.models import Opportunity
from tests.factories import PASSWORD, OpportunityFactory
from tests.opportunities.test_partner_to_public import ADD_URL, listing_form

pytestmark = pytest.mark.django_db

fill = importlib.import_module("opportunities.migrations.0004_description_html")

HOSTILE = (
    "**Bold** start.\n\n"
    "- Full training\n- Uniform\n\n"
    "1. Apply\n2. Interview\n\n"
    "[Our site](https://example.org/jobs) and [a trick](javascript:alert(1))\n\n"
    "<script>alert(1)</script>\n\n"
    '<p onclick="steal()" class="x">Hi</p>'
)


@pytest.fixture
def refuse_rendering(monkeypatch):
    """Call it once the listings are saved: any Markdown rendered after that fails the test."""

    def refuse(text):
        raise AssertionError("Markdown was rendered")

    return lambda: monkeypatch.setattr("govuk.markdown.render_markdown", refuse)


def stored(listing) -> str:
    return Opportunity.objects.values_list("description_html", flat=True).get(pk=listing.pk)


def test_saving_renders_and_sanitises_the_description():
    html = stored(OpportunityFactory(description=HOSTILE))
    assert '<p class="govuk-body"><strong>Bold</strong> start.</p>' in html
    assert '<ul class="govuk-list govuk-list--bullet">\n<li>Full training</li>' in html
    assert '<ol class="govuk-list govuk-list--number">\n<li>Apply</li>' in html
    assert (
        '<a class="govuk-link" href="https://example.org/jobs" rel="noopener noreferrer nofollow">Our site</a>' in html
    )
    for unsafe in ("<script", "alert(1)</script>", "javascript:", "onclick", "steal()", 'class="x"'):
        assert unsafe not in html, unsafe


def test_an_edit_renders_it_again():
    listing = OpportunityFactory(description="First version.")
    listing.description = "Second version with [a link](mailto:jobs@example.org)."
    listing.save()
    html = stored(listing)
    assert "First version" not in html
    assert '<a class="govuk-link" href="mailto:jobs@example.org"' in html and "Second version" in html


def test_update_fields_with_the_description_store_its_html():
    listing = OpportunityFactory(description="Old words.")
    listing.description = "New words.\n\n<script>x()</script>"
    listing.save(update_fields=["description"])
    assert stored(listing).strip() == '<p class="govuk-body">New words.</p>'
    assert listing.description_html == stored(listing)


def test_update_fields_without_the_description_leave_its_html_alone(refuse_rendering):
    listing = OpportunityFactory(description="Kept as it was.")
    refuse_rendering()
    listing.title = "A new title"
    listing.save(update_fields=["title"])
    assert stored(listing) == '<p class="govuk-body">Kept as it was.</p>'


def test_a_row_loaded_without_its_description_keeps_its_html(refuse_rendering):
    listing = OpportunityFactory(description="Loaded later.")
    refuse_rendering()
    narrow = Opportunity.objects.only("id", "title", "pay_min", "pay_period", "hours_per_week").get(pk=listing.pk)
    narrow.title = "Renamed"
    narrow.save()
    assert stored(listing) == '<p class="govuk-body">Loaded later.</p>'


def test_listing_page_and_json_ld_show_the_stored_html(client, refuse_rendering):
    listing = OpportunityFactory(description="Rendered on save.")
    marker = '<p class="govuk-body">Stored <strong>once</strong>, shown as it is.</p>'
    Opportunity.objects.filter(pk=listing.pk).update(description_html=marker)
    refuse_rendering()
    response = client.get(listing.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert marker in page and "Rendered on save." not in page
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(block)["description"] == marker


def test_moderation_page_shows_the_stored_html(client, staff_user, refuse_rendering):
    listing = OpportunityFactory(description="As residents will see it.")
    refuse_rendering()
    client.login(email=staff_user.email, password=PASSWORD)
    page = client.get(reverse("admin:opportunities_opportunity_moderate", args=[listing.pk])).content.decode()
    assert '<p class="govuk-body">As residents will see it.</p>' in page


def test_the_partner_admin_stores_the_html(client, partner_a):
    client.login(email=partner_a.email, password=PASSWORD)
    response = client.post(ADD_URL, listing_form("job", description="Join us.\n\n<script>x()</script>"))
    assert response.status_code == 302
    assert Opportunity.objects.get().description_html.strip() == '<p class="govuk-body">Join us.</p>'


def test_the_migration_fills_rows_that_lack_it(monkeypatch):
    monkeypatch.setattr(fill, "BATCH_SIZE", 2)  # several batches and a part-filled last one
    listings = [OpportunityFactory(description=f"Listing **{n}**.") for n in range(5)]
    kept = OpportunityFactory(description="Already stored.")
    Opportunity.objects.filter(pk__in=[o.pk for o in listings]).update(description_html="")
    Opportunity.objects.filter(pk=kept.pk).update(description_html="<p>Left alone.</p>")

    fill.fill_description_html(apps, None)

    for n, listing in enumerate(listings):
        assert stored(listing) == f'<p class="govuk-body">Listing <strong>{n}</strong>.</p>'
    assert stored(kept) == "<p>Left alone.</p>"
