"""Reading cases: only the advisors on a case reach it."""

from django.http import Http404

from ..models import Case


def case_or_404(*, user, case_id) -> Case:
    """The case with this id if the signed-in person is an advisor on it; a 404 for everyone else, so a guessed id
    tells nothing."""
    try:
        case_id = int(case_id)
    except (TypeError, ValueError):
        raise Http404("No such case") from None
    case = Case.objects.for_advisor(user).select_related("resident", "lead_advisor__user").filter(pk=case_id).first()
    if case is None:
        raise Http404("No such case")
    return case
