"""Asking for an advisor (anyone signed in, no eligibility test), referring someone (partner members, with the
person's consent), the triage queue and the caseload (advisors).

Anyone else signed in gets a 404 from the partner and advisor pages. A referral by someone else answers the same
whether or not the person had an account, so the page never tells the referrer.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from organisations.access import is_partner, organisations_of
from residents.selectors import profile_for

from ..availability import LONDON
from ..forms.referrals import CloseReferralForm, LeadAdvisorForm, OnBehalfReferralForm, SelfReferralForm
from ..models import ContactMethod, Referral
from ..selectors import referrals as selectors
from ..services import referrals as services
from .decorators import advisor_only

SELF_REFERRAL = "advisors.self_referral"  # the answers between the form and check-your-answers, in the session
REFERRED_NAME = "advisors.referred_name"  # the name the referrer typed, for the page that follows


def _today():
    return timezone.now().astimezone(LONDON).date()


# Asking for an advisor ----------------------------------------------------------------------------------------


def _already_helped(request, *, status=200):
    """The page for someone who has an advisor, or a request waiting; None for everyone else."""
    case = selectors.open_case_of(request.user)
    waiting = None if case else selectors.waiting_referral_of(request.user)
    if case is None and waiting is None:
        return None
    return render(request, "advisors/referrals/refer_already.html", {"case": case, "waiting": waiting}, status=status)


@login_required
def refer(request):
    """Step 1: what help they want, how and when to contact them, adjustments, what their advisor may see."""
    if (answer := _already_helped(request, status=400 if request.method == "POST" else 200)) is not None:
        return answer
    profile_phone = profile_for(user=request.user).phone
    if request.method == "POST":
        form = SelfReferralForm(request.POST, profile_phone=profile_phone)
        if form.is_valid():
            request.session[SELF_REFERRAL] = form.cleaned_data
            return redirect("advisors:refer_check")
        status = 400
    else:
        form = SelfReferralForm(initial=_initial(request.session.get(SELF_REFERRAL)), profile_phone=profile_phone)
        status = 200
    return render(
        request, "advisors/referrals/refer.html", {"form": form, "profile_phone": profile_phone}, status=status
    )


def _initial(answers: dict | None) -> dict | None:
    """The answers kept in the session, as the form shows them again (yes/no radios hold "yes" and "no")."""
    if answers is None:
        return None
    return answers | {name: "yes" if answers[name] else "no" for name in ("shares_profile", "shares_equality")}


def _answers_for_check(answers: dict, profile_phone: str) -> dict:
    return answers | {
        "contact_method_label": ContactMethod(answers["contact_method"]).label,
        "phone_shown": answers.get("phone") or profile_phone,
        "calls": answers["contact_method"] in selectors.BY_PHONE,
    }


@login_required
def refer_check(request):
    """Step 2: check your answers, then send the request."""
    answers = request.session.get(SELF_REFERRAL)
    if answers is None:
        return redirect("advisors:refer")
    if (answer := _already_helped(request, status=400 if request.method == "POST" else 200)) is not None:
        return answer
    errors = []
    if request.method == "POST":
        try:
            services.referral_self_create(resident=request.user, **answers)
        except ValidationError as error:
            errors = error.messages
        else:
            del request.session[SELF_REFERRAL]
            return redirect("advisors:refer_sent")
    profile_phone = profile_for(user=request.user).phone
    return render(
        request,
        "advisors/referrals/refer_check.html",
        {"answers": _answers_for_check(answers, profile_phone), "errors": errors},
        status=400 if errors else 200,
    )


@login_required
def refer_sent(request):
    """The request has gone to the advisors."""
    return render(
        request, "advisors/referrals/refer_sent.html", {"waiting": selectors.waiting_referral_of(request.user)}
    )


# Referring someone --------------------------------------------------------------------------------------------


def partner_only(view):
    """Signed-in partner members only; anyone else signed in gets a 404."""

    @login_required
    @wraps(view)
    def member(request, *args, **kwargs):
        if not is_partner(request.user):
            raise Http404("Only partner organisations can refer someone.")
        return view(request, *args, **kwargs)

    return member


@partner_only
def refer_someone(request):
    """A partner member refers someone who agreed to it; the same page follows whether they had an account."""
    organisations = organisations_of(request.user).order_by("name")
    if request.method == "POST":
        form = OnBehalfReferralForm(request.POST, organisations=organisations)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.referral_on_behalf_create(
                    by=request.user,
                    organisation=data["organisation"],
                    source=data["source"],
                    full_name=data["full_name"],
                    email=data["email"],
                    phone=data["phone"],
                    help_wanted=data["help_wanted"],
                    contact_method=data["contact_method"],
                    contact_times=data["contact_times"],
                    adjustments=data["adjustments"],
                    consent_given=data["consent"],
                    consent_how=data["consent_how"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                request.session[REFERRED_NAME] = data["full_name"]
                return redirect("advisors:refer_someone_sent")
        status = 400
    else:
        initial = {"organisation": organisations[0].pk} if len(organisations) == 1 else {}
        form = OnBehalfReferralForm(organisations=organisations, initial=initial)
        status = 200
    return render(request, "advisors/referrals/refer_someone.html", {"form": form}, status=status)


@partner_only
def refer_someone_sent(request):
    """The referral is made; the words are the same whether the person had an account or not."""
    return render(
        request, "advisors/referrals/refer_someone_sent.html", {"name": request.session.pop(REFERRED_NAME, "")}
    )


# Triage -------------------------------------------------------------------------------------------------------


@advisor_only
def triage(request, advisor):
    """The referrals waiting for an advisor, oldest first."""
    return render(request, "advisors/referrals/triage.html", {"referrals": selectors.triage_queue(today=_today())})


def _referral_page(request, advisor, referral, *, lead_form=None, close_form=None, errors=(), status=200):
    open_case = None
    if referral.status == Referral.Status.WAITING:
        # A resident with an open case keeps its lead: the referral joins that case.
        open_case = selectors.open_case_of(referral.resident)
        lead_form = lead_form or LeadAdvisorForm(
            advisors=selectors.lead_advisor_choices(advisor=advisor),
            me=advisor,
            initial={"lead_advisor": open_case.lead_advisor_id if open_case else advisor.pk},
        )
        close_form = close_form or CloseReferralForm()
    return render(
        request,
        "advisors/referrals/referral.html",
        {
            "referral": referral,
            "open_case": open_case,
            "lead_form": lead_form,
            "close_form": close_form,
            "errors": list(errors),
        },
        status=status,
    )


@advisor_only
def referral(request, advisor, pk):
    """One referral: everything the resident or referrer said, and (POST) who leads the case it becomes."""
    item = selectors.referral_for_triage_or_404(pk, user=request.user, today=_today())
    if request.method != "POST":
        return _referral_page(request, advisor, item)
    form = LeadAdvisorForm(request.POST, advisors=selectors.lead_advisor_choices(advisor=advisor), me=advisor)
    if not form.is_valid():
        return _referral_page(request, advisor, item, lead_form=form, status=400)
    try:
        case = services.referral_assign(referral=item, lead_advisor=form.cleaned_data["lead_advisor"], by=request.user)
    except ValidationError as error:
        # As it now stands, or (given meanwhile to a case this advisor is not on) as they saw it.
        now_stands = selectors.referral_for_triage(pk, user=request.user, today=_today()) or item
        return _referral_page(request, advisor, now_stands, errors=error.messages, status=400)
    name = item.resident.get_full_name()
    messages.success(request, f"{case.lead_advisor} now leads the case of {name}. We have told {name} who it is.")
    return redirect("advisors:triage")


@advisor_only
@require_POST
def referral_close(request, advisor, pk):
    """Close a waiting referral without a case: a duplicate, or the person could not be contacted."""
    item = selectors.referral_for_triage_or_404(pk, user=request.user, today=_today())
    form = CloseReferralForm(request.POST)
    if not form.is_valid():
        return _referral_page(request, advisor, item, close_form=form, status=400)
    try:
        services.referral_close(referral=item, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as error:
        # As it now stands, or (given meanwhile to a case this advisor is not on) as they saw it.
        now_stands = selectors.referral_for_triage(pk, user=request.user, today=_today()) or item
        return _referral_page(request, advisor, now_stands, errors=error.messages, status=400)
    name = item.resident.get_full_name()
    messages.success(request, f"The referral of {name} is closed.")
    return redirect("advisors:triage")


# The caseload -------------------------------------------------------------------------------------------------


@advisor_only
def caseload(request, advisor):
    """The advisor's open cases: search, filters, next step due first, 50 a page."""
    result = selectors.caseload(user=request.user, data=request.GET)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "advisors/referrals/caseload.html",
        {"result": result, "querystring": params.urlencode(), "advisor": advisor},
        status=400 if result.errors else 200,
    )


urlpatterns = [
    path("refer/", refer, name="refer"),
    path("refer/check/", refer_check, name="refer_check"),
    path("refer/sent/", refer_sent, name="refer_sent"),
    path("refer/someone/", refer_someone, name="refer_someone"),
    path("refer/someone/sent/", refer_someone_sent, name="refer_someone_sent"),
    path("referrals/", triage, name="triage"),
    path("referrals/<int:pk>/", referral, name="referral"),
    path("referrals/<int:pk>/close/", referral_close, name="referral_close"),
    path("caseload/", caseload, name="caseload"),
]
