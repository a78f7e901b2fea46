from django.urls import reverse

from organisations.access import is_advisor, is_partner

SERVICE_NAME = "Hackney Opportunities"


def service(request):
    """The service name and the service navigation, with the current section marked."""
    path = request.path
    items = [
        ("Find opportunities", reverse("opportunities:list")),
        ("Courses and events", reverse("courses:list")),
        ("Guidance", reverse("pages:guidance")),
    ]
    user = getattr(request, "user", None)
    partner = is_partner(user)
    advisor = False
    if user is not None and user.is_authenticated:
        if partner:
            items.append(("Your listings", "/partners/"))
        advisor = user.is_staff and is_advisor(user)  # advisors are staff accounts: no query for anyone else
        if advisor:
            items.append(("Advisor workspace", reverse("advisors:home")))
        items.append(("Your account", reverse("accounts:home")))
    else:
        items.append(("Sign in", reverse("accounts:login")))
    return {
        "service_name": SERVICE_NAME,
        "is_partner": partner,
        "is_advisor": advisor,
        "navigation": [{"text": text, "href": href, "current": path.startswith(href)} for text, href in items],
    }
