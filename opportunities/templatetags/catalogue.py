from decimal import Decimal

from django import template
from django.utils.safestring import mark_safe

from govuk import dates
from govuk.markdown import render_govuk_markdown

from .. import filters

register = template.Library()


@register.filter
def markdown(text):
    """Partner-written Markdown as sanitised HTML with GOV.UK classes."""
    return mark_safe(render_govuk_markdown(text))  # noqa: S308 - sanitised by nh3 in render_markdown


@register.filter
def description(opportunity):
    """A listing's description as stored when it was saved: `{{ opportunity|description }}`. It takes the listing,
    not a string, so it can only mark safe the HTML that `Opportunity.save` made (with nh3, in render_markdown)."""
    return mark_safe(opportunity.description_html)  # noqa: S308 - sanitised on save by render_govuk_markdown


def _money(value: Decimal) -> str:
    return f"£{value:,.0f}" if value == value.to_integral() and value >= 100 else f"£{value:,.2f}"


@register.filter
def pay(opportunity) -> str:
    """Pay in words: "£14.80 to £16.00 per hour", "£28,000 per year" or "Unpaid"."""
    if not opportunity.is_paid:
        return "Unpaid"
    low, high = opportunity.pay_min, opportunity.pay_max
    if low is not None and high is not None and low != high:
        amount = f"{_money(low)} to {_money(high)}"
    else:
        amount = _money(low if low is not None else high)
    return f"{amount} {opportunity.get_pay_period_display()}".strip()


@register.filter
def search_path(value) -> str:
    """The search page's address with only its own parameters, or "" (see filters.search_path)."""
    return filters.search_path(str(value or ""))


@register.filter
def hours(value) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f} hours a week"


@register.simple_tag
def page_url(querystring: str, number: int) -> str:
    return f"?{querystring}&page={number}" if querystring else f"?page={number}"


@register.simple_tag
def pagination_items(page):
    """GOV.UK pagination items: first, last, and the current page with one either side; gaps as ellipses."""
    last = page.paginator.num_pages
    wanted = sorted({1, last, page.number - 1, page.number, page.number + 1} & set(range(1, last + 1)))
    items, previous = [], 0
    for number in wanted:
        if number - previous > 1:
            items.append(None)
        items.append(number)
        previous = number
    return items


_APPLICATION_TAGS = {
    "draft": "govuk-tag--grey",
    "left": "govuk-tag--grey",
    "submitted": "govuk-tag--blue",
    "reviewing": "govuk-tag--light-blue",
    "shortlisted": "govuk-tag--turquoise",
    "interview": "govuk-tag--purple",
    "offered": "govuk-tag--green",
    "started": "govuk-tag--green",
    "unsuccessful": "govuk-tag--orange",
    "withdrawn": "govuk-tag--grey",
}


@register.inclusion_tag("opportunities/_status_tag.html")
def application_status(application):
    """A GOV.UK tag for where an application stands."""
    return {"label": application.get_status_display(), "css": _APPLICATION_TAGS.get(application.status, "")}


@register.filter
def govuk_datetime(moment, weekday: str = ""):
    """{{ when|govuk_datetime }} → "1 December 2026 at 2:30pm"; {{ when|govuk_datetime:"weekday" }} adds the day."""
    return dates.govuk_datetime(moment, weekday=bool(weekday))
