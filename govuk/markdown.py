"""Partners write descriptions in Markdown; we render it and keep only safe, simple HTML."""

import markdown as md
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}

# The GOV.UK class each allowed tag takes when it is shown on a page (the sanitiser strips any class first).
GOVUK_CLASSES = (
    ("<p>", '<p class="govuk-body">'),
    ("<ul>", '<ul class="govuk-list govuk-list--bullet">'),
    ("<ol>", '<ol class="govuk-list govuk-list--number">'),
    ("<h2>", '<h2 class="govuk-heading-m">'),
    ("<h3>", '<h3 class="govuk-heading-s">'),
    ("<h4>", '<h4 class="govuk-heading-s">'),
    ("<a ", '<a class="govuk-link" '),
)


def render_markdown(text: str) -> str:
    html = md.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def render_govuk_markdown(text: str) -> str:
    """Markdown as sanitised HTML with GOV.UK classes: what a page shows, and what a listing stores when saved."""
    html = render_markdown(text)
    for tag, css in GOVUK_CLASSES:
        html = html.replace(tag, css)
    return html
