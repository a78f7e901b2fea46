"""The advice pages at /guidance/: each has a template at templates/guidance/<slug>.html.

`GUIDES` are listed on the guidance index; `OTHER_PAGES` (accessibility, privacy, contact) are linked
from the footer only.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    summary: str


GUIDES = [
    Guide(
        "how-to-apply",
        "How to apply for a job, apprenticeship or placement",
        "What employers look for, how to answer questions about yourself and what happens after you apply.",
    ),
    Guide(
        "cv",
        "Writing your CV",
        "What to put in a CV when you have little or no work experience, with an example layout.",
    ),
    Guide(
        "online-courses",
        "Getting ready for an online course",
        "The equipment, skills and habits that help you finish a course you take from home, "
        "and free help with data and devices.",
    ),
    Guide(
        "your-rights",
        "Your rights at work",
        "Pay, hours, breaks, reasonable adjustments for disabled people, "
        "and extra support for care-experienced young people.",
    ),
]

OTHER_PAGES = [
    Guide("accessibility", "Accessibility statement", "How accessible this service is and how to report a problem."),
    Guide("privacy", "Privacy notice", "What we collect, why, how long we keep it and your rights."),
    Guide("contact-us", "Contact us", "How to get help or give feedback."),
]

BY_SLUG = {guide.slug: guide for guide in GUIDES + OTHER_PAGES}
