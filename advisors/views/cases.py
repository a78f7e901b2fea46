"""A resident's case, for the advisors on it (/advisors/cases/<id>/...), and what the resident sees of their
support (/account/support/).

Every case page looks the case up through `case_or_404` before anything else, so anyone not on the case gets the
same 404 for every address and method; the rules live in services.cases.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from ..forms.cases import (
    ActionMarkForm,
    AdvisorAddForm,
    AssessmentForm,
    CaseNoteForm,
    NextStepForm,
    PriorityGroupsForm,
    SharingForm,
    SupportActionForm,
)
from ..models import Assessment
from ..selectors.cases import (
    action_or_404,
    advisors_to_add,
    case_or_404,
    case_summary,
    open_case_of_or_404,
    own_note_or_404,
    plan_of,
    resident_action_or_404,
    support_of,
)
from ..services import cases as services


def _only(request, *methods):
    """A 405 for any other method (asked only once the case is found, so outsiders get the 404 whatever the method)."""
    if request.method not in methods:
        return HttpResponseNotAllowed(methods)
    return None


def _posted(request):
    """The form data of a POST (even an empty one: clearing every checkbox is an answer), None for a GET."""
    return request.POST if request.method == "POST" else None


def _saved(request, form, save, message: str) -> bool:
    """Call the service with the form's data; its refusals go onto the form (field by field where it says so)."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, message)
    return True


def _form_page(request, template: str, context: dict):
    return render(request, template, context, status=400 if context["form"].errors else 200)


# The summary and what is changed from it ---------------------------------------------------------------------


@login_required
def summary(request, case_id):
    case = case_or_404(user=request.user, case_id=case_id)
    if refused := _only(request, "GET"):
        return refused
    context = {"case": case, "summary": case_summary(case=case, now=timezone.now())}
    return render(request, "advisors/cases/summary.html", context)


@login_required
def priority_groups(request, case_id):
    case = case_or_404(user=request.user, case_id=case_id)
    if refused := _only(request, "GET", "POST"):
        return refused
    form = PriorityGroupsForm(_posted(request), initial={"groups": case.priority_groups.all()})

    def save(data):
        services.case_priority_groups_set(case=case, groups=data["groups"], by=request.user)

    if _saved(request, form, save, "Priority groups saved"):
        return redirect("advisors:case", case.pk)
    return _form_page(request, "advisors/cases/priority_groups.html", {"case": case, "form": form})


@login_required
def next_step(request, case_id):
    case = case_or_404(user=request.user, case_id=case_id)
    if refused := _only(request, "GET", "POST"):
        return refused
    form = NextStepForm(_posted(request), initial={"next_step": case.next_step, "due": case.next_step_due})

    def save(data):
        services.case_next_step_set(case=case, next_step=data["next_step"], due=data["due"], by=request.user)

    if _saved(request, form, save, "Next step saved"):
        return redirect("advisors:case", case.pk)
    return _form_page(request, "advisors/cases/next_step.html", {"case": case, "form": form})


@login_required
def advisor_add(request, case_id):
    case = case_or_404(user=request.user, case_id=case_id)
    if refused := _only(request, "GET", "POST"):
        return refused
    form = AdvisorAddForm(_posted(request), advisors=advisors_to_add(case=case))

    def save(data):
        services.case_advisor_add(case=case, advisor=data["advisor"], by=request.user)

    if _saved(request, form, save, "The advisor is now working on this case"):
        return redirect("advisors:case", case.pk)
    return _form_page(request, "advisors/cases/advisor_add.html", {"case": case, "form": form})


# The assessment ----------------------------------------------------------------------------------------------


@login_required
def assessment(request, case_id):
    case = case_or_404(user=request.user, case_id=case_id)
    if refused := _only(request, "GET", "POST"):
        return refused
    recorded = Assessment.objects.filter(case=case).select_related("assessed_by").first()
    initial = {name: getattr(recorded, name) for name in AssessmentForm.base_fields} if recorded else None
    form = AssessmentForm(_posted(request), initial=initial)

    def save(data):
        services.assessment_save(case=case, by=request.user, **data)

    if _saved(request, form, save, "Assessment saved"):
        return redirect("advisors:case_assessment", case.pk)
    return _form_page(request, "advisors/cases/assessment.html", {"case": case, "form": form, "recorded": recorded})


# The support plan --------------------------------------------------------------------------------------------


def _plan_page(request, case, *, form=None, errors=(), status=200):
    context = {"case": case, "actions": plan_of(case=case), "form": form or SupportActionForm(), "errors": errors}
    return render(request, "advisors/cases/plan.html", context, status=status)


@login_required
def plan(request, case_id):
    case = case_or_404(user=request.user, case_id=case_id)
    if refused := _only(request, "GET", "POST"):
        return refused
    if request.method == "GET":
        return _plan_page(request, case)
    form = SupportActionForm(request.POST)

    def save(data):
        services.support_action_add(case=case, by=request.user, **data)

    if _saved(request, form, save, "Action added to the support plan"):
        return redirect("advisors:case_plan", case.pk)
    return _plan_page(request, case, form=form, status=400)


@login_required
def action_mark(request, case_id, action_id):
    case = case_or_404(user=request.user, case_id=case_id)
    action = action_or_404(case=case, action_id=action_id)
    if refused := _only(request, "POST"):
        return refused
    form = ActionMarkForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, case, errors=form.errors["done"], status=400)
    services.support_action_mark(action=action, done=form.cleaned_data["done"], by=request.user)
    messages.success(request, f"“{action.description}” marked as {'done' if form.cleaned_data['done'] else 'not done'}")
    return redirect("advisors:case_plan", case.pk)


@login_required
def action_remove(request, case_id, action_id):
    case = case_or_404(user=request.user, case_id=case_id)
    action = action_or_404(case=case, action_id=action_id)
    if refused := _only(request, "GET", "POST"):
        return refused
    if request.method == "POST":
        services.support_action_remove(action=action, by=request.user)
        messages.success(request, f"“{action.description}” removed from the support plan")
        return redirect("advisors:case_plan", case.pk)
    return render(request, "advisors/cases/action_remove.html", {"case": case, "action": action})


# The case notes ----------------------------------------------------------------------------------------------


@login_required
def notes(request, case_id):
    case = case_or_404(user=request.user, case_id=case_id)
    if refused := _only(request, "GET"):
        return refused
    context = {"case": case, "notes": services.case_notes_read(case=case, by=request.user), "form": CaseNoteForm()}
    return render(request, "advisors/cases/notes.html", context)


@login_required
def note_add(request, case_id):
    case = case_or_404(user=request.user, case_id=case_id)
    if refused := _only(request, "GET", "POST"):
        return refused
    form = CaseNoteForm(_posted(request), initial={"kind": "note"})

    def save(data):
        services.case_note_add(case=case, by=request.user, **data)

    if _saved(request, form, save, "Note added"):
        return redirect("advisors:case_notes", case.pk)
    return _form_page(request, "advisors/cases/note_form.html", {"case": case, "form": form, "note": None})


@login_required
def note_change(request, case_id, note_id):
    case = case_or_404(user=request.user, case_id=case_id)
    note = own_note_or_404(case=case, user=request.user, note_id=note_id)
    if refused := _only(request, "GET", "POST"):
        return refused
    if request.method == "GET":  # what it says is on the page: a read, audited (a POST is the change, audited too)
        note = services.case_note_read(note=note, by=request.user)
    form = CaseNoteForm(_posted(request), initial={"kind": note.kind, "body": note.body})

    def save(data):
        services.case_note_change(note=note, by=request.user, **data)

    if _saved(request, form, save, "Note changed"):
        return redirect("advisors:case_notes", case.pk)
    return _form_page(request, "advisors/cases/note_form.html", {"case": case, "form": form, "note": note})


# The resident's side, at /account/support/ --------------------------------------------------------------------


def _support_page(request, *, errors=(), status=200):
    context = {"support": support_of(user=request.user), "errors": errors}
    return render(request, "advisors/cases/support_home.html", context, status=status)


@login_required
def support_home(request):
    if refused := _only(request, "GET"):
        return refused
    return _support_page(request)


@login_required
def support_sharing(request):
    case = open_case_of_or_404(user=request.user)
    if refused := _only(request, "GET", "POST"):
        return refused
    form = SharingForm(_posted(request), initial=SharingForm.initial_for(case))

    def save(data):
        services.case_sharing_set(case=case, by=request.user, **data)

    if _saved(request, form, save, "Your choices have been saved"):
        return redirect("support:home")
    return _form_page(request, "advisors/cases/support_sharing.html", {"case": case, "form": form})


@login_required
def support_action_mark(request, action_id):
    action = resident_action_or_404(user=request.user, action_id=action_id)
    if refused := _only(request, "POST"):
        return refused
    form = ActionMarkForm(request.POST)
    if not form.is_valid():
        return _support_page(request, errors=form.errors["done"], status=400)
    services.support_action_mark(action=action, done=form.cleaned_data["done"], by=request.user)
    messages.success(request, f"“{action.description}” marked as {'done' if form.cleaned_data['done'] else 'not done'}")
    return redirect("support:home")


urlpatterns = [
    path("cases/<int:case_id>/", summary, name="case"),
    path("cases/<int:case_id>/priority-groups/", priority_groups, name="case_priority_groups"),
    path("cases/<int:case_id>/next-step/", next_step, name="case_next_step"),
    path("cases/<int:case_id>/advisors/add/", advisor_add, name="case_advisor_add"),
    path("cases/<int:case_id>/assessment/", assessment, name="case_assessment"),
    path("cases/<int:case_id>/plan/", plan, name="case_plan"),
    path("cases/<int:case_id>/plan/<int:action_id>/mark/", action_mark, name="case_action_mark"),
    path("cases/<int:case_id>/plan/<int:action_id>/remove/", action_remove, name="case_action_remove"),
    path("cases/<int:case_id>/notes/", notes, name="case_notes"),
    path("cases/<int:case_id>/notes/add/", note_add, name="case_note_add"),
    path("cases/<int:case_id>/notes/<int:note_id>/change/", note_change, name="case_note_change"),
]
resident_urlpatterns = [
    path("", support_home, name="home"),
    path("sharing/", support_sharing, name="sharing"),
    path("actions/<int:action_id>/mark/", support_action_mark, name="action_mark"),
]
