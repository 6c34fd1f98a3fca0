import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from hotline import services as hotline_services
from zhanjiang_union.access import permission_required

from . import access, deadlines, selectors, services
from .forms import (
    AcknowledgeForm,
    AssignForm,
    ComplaintForm,
    ExtendForm,
    MoreEvidenceForm,
    NoteForm,
    PauseForm,
    RecoveredForm,
    RelatedCasesForm,
    SessionForm,
    SessionResultForm,
    StaffIntakeForm,
    TrackForm,
    TransitionForm,
    WorkbenchFilterForm,
)
from .models import Case, Channel, Deadline, Evidence, Handoff, MediationSession
from .validators import mask_phone, mask_resident_id
from .workflow import MOVES_BY_ACTION, Status, allowed_moves, outcomes_for

logger = logging.getLogger(__name__)

FILED_SESSION_KEY = "cases.filed"
TRACKED_SESSION_KEY = "cases.tracked"


# --- The worker's side -----------------------------------------------------------------


def _complainant_from(data) -> services.ComplainantInput:
    return services.ComplainantInput(
        name=data["name"],
        id_number=data["id_number"],
        phone=data["phone"],
        address=data["address"],
        email=data["email"],
    )


def _case_fields_from(data) -> dict:
    return {
        "employer_name": data["employer_name"],
        "employer_credit_code": data["employer_credit_code"],
        "employer_address": data["employer_address"],
        "district": data["district"],
        "industry": data["industry"],
        "category": data["category"],
        "workers_involved": data["workers_involved"],
        "amount_claimed": data["amount_claimed"],
        "facts": data["facts"],
        "demand": data["demand"],
        "evidence_files": data["evidence"] or [],
    }


@ratelimit(key="ip", rate="20/h", method="POST", block=False)
def complaint_new(request):
    form = ComplaintForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.is_valid()
            form.add_error(
                None,
                _("Too many complaints from this connection. Please wait an hour or call 12351."),
            )
            status = 429
        elif form.is_valid():
            user = request.user if request.user.is_authenticated else None
            case, code = services.case_create(
                complainants=[_complainant_from(form.cleaned_data)],
                channel=Channel.WEB,
                filed_by=user,
                actor=user,
                **_case_fields_from(form.cleaned_data),
            )
            request.session[FILED_SESSION_KEY] = {"number": case.number, "code": code}
            return redirect("cases:complaint_done")
        else:
            status = 400
    return render(request, "cases/complaint_form.html", {"form": form}, status=status)


def complaint_done(request):
    filed = request.session.get(FILED_SESSION_KEY)
    if not filed:
        return redirect("cases:complaint_new")
    return render(request, "cases/complaint_done.html", {"filed": filed})


@ratelimit(key="ip", rate="10/10m", method="POST", block=False)
def track(request):
    form = TrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.is_valid()
            form.add_error(None, _("Too many attempts. Please wait ten minutes, or call 12351."))
            status = 429
        elif form.is_valid():
            case = selectors.case_for_tracking(
                number=form.cleaned_data["number"], code=form.cleaned_data["code"]
            )
            if case:
                request.session[TRACKED_SESSION_KEY] = case.pk
                return redirect("cases:track_result")
            form.add_error(
                None,
                _("No case matches this case number and query code. Check both and try again."),
            )
            status = 404
        else:
            status = 400
    return render(request, "cases/track.html", {"form": form}, status=status)


def track_result(request):
    case_id = request.session.get(TRACKED_SESSION_KEY)
    case = Case.objects.select_related("department").filter(pk=case_id).first() if case_id else None
    if case is None:
        return redirect("cases:track")
    return _worker_case_page(request, case, redirect_to="cases:track_result")


def _worker_case_page(request, case, *, redirect_to: str, **redirect_kwargs):
    """The worker's view of a case: progress, next deadline, and adding evidence."""
    form = MoreEvidenceForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and case.is_open:
        if form.is_valid():
            user = request.user if request.user.is_authenticated else None
            try:
                services.evidence_add(case=case, files=form.cleaned_data["evidence"], actor=user)
            except services.CaseError as error:
                form.add_error("evidence", error.message)
                status = 400
            else:
                messages.success(request, _("Thank you: the evidence was added to your case."))
                return redirect(redirect_to, **redirect_kwargs)
        else:
            status = 400
    return render(
        request,
        "cases/track_result.html",
        {
            "case": case,
            "events": selectors.case_timeline(case=case, public_only=True),
            "next_deadline": selectors.case_next_deadline(case=case),
            "evidence_form": form if case.is_open else None,
        },
        status=status,
    )


@login_required
def my_cases(request):
    cases = Case.objects.filter(filed_by=request.user).select_related("department")
    return render(request, "cases/my_cases.html", {"cases": cases})


@login_required
def my_case(request, pk: int):
    case = get_object_or_404(
        Case.objects.select_related("department"), pk=pk, filed_by=request.user
    )
    return _worker_case_page(request, case, redirect_to="cases:my_case", pk=case.pk)


# --- The staff side ---------------------------------------------------------------------


@permission_required("cases.view_workbench")
def workbench(request):
    form = WorkbenchFilterForm(request.GET or None)
    filters = selectors.WorkbenchFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.WorkbenchFilters(
            scope=data["scope"] or "department",
            stage=data["stage"],
            status=data["status"],
            district=data["district"].pk if data["district"] else None,
            category=data["category"].pk if data["category"] else None,
            channel=data["channel"],
            collective={"1": True, "0": False}.get(data["collective"]),
            deadline_state=data["deadline"],
            sort=data["sort"] or "deadline",
            created_from=data["created_from"],
            created_to=data["created_to"],
            closed_from=data["closed_from"],
            closed_to=data["closed_to"],
            department=data["department"].pk if data["department"] else None,
            industry=data["industry"],
            open_warning=data["warning"],
            open_only=not data["closed"],
            query=data["q"],
        )
    cases = selectors.case_workbench_list(user=request.user, filters=filters)
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/workbench.html",
        {
            "form": form,
            "page": page,
            "total": page.paginator.count,
            "counts": selectors.case_counts_by_stage(user=request.user),
            "statuses": Status,
            "query": query.urlencode(),
        },
    )


@transaction.atomic  # the case and its link to the call or visit stand or fall together
def _intake_and_link(request, data, *, call_id, visit_id):
    case, code = services.case_create(
        complainants=[_complainant_from(data)],
        channel=data["channel"],
        is_mass_incident=data["is_mass_incident"],
        grid=data["grid"],
        actor=request.user,
        **_case_fields_from(data),
    )
    if call_id:
        hotline_services.call_link_case(call=call_id, case=case, actor=request.user)
    elif visit_id:
        hotline_services.visit_link_case(visit=visit_id, case=case, actor=request.user)
    return case, code


@permission_required("cases.add_case")
def staff_intake(request):
    # Opened from a 12351 call or a petition visit (?call= / ?visit=): prefilled from
    # it, and linked back to it once registered (hotline app; 404 for one not the user's).
    call_id, visit_id = request.GET.get("call"), request.GET.get("visit")
    initial = None
    if call_id:
        initial = hotline_services.call_intake_initial(call_id=call_id, user=request.user)
    elif visit_id:
        initial = hotline_services.visit_intake_initial(visit_id=visit_id, user=request.user)
    form = StaffIntakeForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case, code = _intake_and_link(request, data, call_id=call_id, visit_id=visit_id)
        except hotline_services.HotlineError as error:
            messages.error(request, error.message)
            return render(request, "cases/intake.html", {"form": form}, status=409)
        messages.success(
            request,
            _("Case %(number)s registered. Tell the worker the query code: %(code)s")
            % {"number": case.number, "code": code},
        )
        return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/intake.html", {"form": form}, status=400 if form.errors else 200)


def _complainant_rows(case, full: bool):
    return [
        {
            "name": person.name,
            "id_number": person.id_number if full else mask_resident_id(person.id_number),
            "phone": person.phone if full else mask_phone(person.phone),
            "address": person.address if full else "",
            "email": person.email if full else "",
            "origin_case": person.origin_case,
        }
        for person in case.complainants.select_related("origin_case")
    ]


@permission_required("cases.view_workbench")
def case_detail(request, pk: int):
    case = access.case_for_user(request.user, pk)
    acting = access.can_act(request.user, case)
    full = access.can_see_personal_data(request.user, case)
    if full:
        services.personal_data_access_record(case=case, user=request.user, view="case_page")
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "complainants": _complainant_rows(case, full),
            "personal_data_masked": not full,
            "events": selectors.case_timeline(case=case, public_only=False),
            "handoffs": case.handoffs.all(),
            "deadlines": selectors.case_deadlines(case=case),
            "sessions": case.sessions.all(),
            "evidence": case.evidence.all(),
            "agreement": getattr(case, "agreement", None),
            "related_form": _related_form(case) if acting else None,
            "moves": allowed_moves(case.status) if acting else [],
            "can_act": acting,
            "can_reassign": access.can_reassign(request.user, case),
            "note_form": NoteForm() if acting else None,
        },
    )


def _related_form(case, data=None):
    related = selectors.case_related_open(case=case)[:20]
    if not data and not related:
        return None
    return RelatedCasesForm(
        data, related=selectors.case_related_open(case=case), initial={"version": case.version}
    )


@require_POST
@permission_required("cases.view_workbench")
def case_related(request, pk: int):
    """Link the case to the one related case ticked, or merge the ticked cases into it."""
    case = access.case_for_user(request.user, pk, act=True)
    form = _related_form(case, request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the related cases first."))
        return redirect("cases:detail", pk=case.pk)
    chosen = list(form.cleaned_data["cases"])
    try:
        if request.POST.get("merge"):
            if not all(access.can_act(request.user, other) for other in chosen):
                raise PermissionDenied
            services.cases_merge(target=case, sources=chosen, actor=request.user)
            messages.success(request, _("The cases were merged into this one."))
        elif len(chosen) == 1:
            services.case_link(
                case=case,
                related=chosen[0],
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("The cases are linked."))
        else:
            messages.error(request, _("Link to one case at a time; to join several, merge them."))
    except services.CaseError as error:
        _refused(request, error)
    return redirect("cases:detail", pk=case.pk)


def _refused(request, error: services.CaseError):
    messages.error(request, error.message)


REFUSALS = (services.CaseError, deadlines.DeadlineError)


def _form_page(
    request,
    *,
    case,
    form,
    title: str = "",
    save,
    done: str = "",
    template: str = "cases/simple_form.html",
    context: dict | None = None,
):
    """The one shape of the staff's form pages. GET shows the form; a valid POST hands
    the cleaned data to `save` (a service call) and returns to the case page, saying
    `done`; a service's refusal (the case moved on meanwhile, a rule) is shown above the
    form with 409, and bad input next to its field with 400: what was typed stays."""
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            try:
                save(form.cleaned_data)
            except REFUSALS as error:
                messages.error(request, error.message)
                status = 409
            else:
                if done:
                    messages.success(request, done)
                return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        template,
        {"case": case, "form": form, "title": title, **(context or {})},
        status=status,
    )


@permission_required("cases.view_workbench")
def case_move(request, pk: int, action: str):
    case = access.case_for_user(request.user, pk, act=True)
    move = MOVES_BY_ACTION.get(action)
    if move is None:
        raise Http404
    outcomes = outcomes_for(move, case.status)
    form = TransitionForm(
        request.POST or None, move=move, outcomes=outcomes, initial={"version": case.version}
    )
    if case.status not in move.sources:
        messages.error(
            request,
            _("“%(action)s” is not possible while the case is “%(status)s”.")
            % {"action": move.label, "status": case.get_status_display()},
        )
        return redirect("cases:detail", pk=case.pk)

    def save(data):
        handoff = None
        if move.handoff_to:
            handoff = services.HandoffInput(
                sent_on=data["sent_on"],
                receiver_name=data["receiver_name"],
                document_number=data["document_number"],
                note=data["note"],
            )
        agreement = None
        if move.action == "record_agreement":
            agreement = {name: data[name] for name in TransitionForm.AGREEMENT_FIELDS}
        services.case_transition(
            case=case,
            action=action,
            actor=request.user,
            expected_version=data["version"],
            note=data["note"],
            outcome=data.get("outcome", ""),
            handoff=handoff,
            agreement=agreement,
        )

    return _form_page(
        request,
        case=case,
        form=form,
        save=save,
        done=_("Done: %(action)s.") % {"action": move.label},
        template="cases/case_move.html",
        context={"move": move},
    )


@permission_required("cases.view_workbench")
def case_assign(request, pk: int):
    case = access.case_for_user(request.user, pk)
    if not access.can_reassign(request.user, case):
        raise PermissionDenied
    form = AssignForm(
        request.POST or None, department=case.department, initial={"version": case.version}
    )
    return _form_page(
        request,
        case=case,
        form=form,
        title=_("Assign a handler"),
        save=lambda data: services.case_assign(
            case=case,
            handler=data["handler"],
            actor=request.user,
            expected_version=data["version"],
        ),
    )


@require_POST
@permission_required("cases.view_workbench")
def note_add(request, pk: int):
    case = access.case_for_user(request.user, pk, act=True)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_add(case=case, actor=request.user, text=form.cleaned_data["text"])
    else:
        messages.error(request, _("The note is empty."))
    return redirect("cases:detail", pk=case.pk)


@permission_required("cases.view_workbench")
def handoff_acknowledge(request, pk: int):
    handoff = get_object_or_404(Handoff, pk=pk)
    case = access.case_for_user(request.user, handoff.case_id, act=True)
    return _form_page(
        request,
        case=case,
        form=AcknowledgeForm(request.POST or None),
        title=_("Acknowledgement from %(body)s") % {"body": handoff.get_body_display()},
        save=lambda data: services.handoff_acknowledge(handoff=handoff, actor=request.user, **data),
    )


@permission_required("cases.view_workbench")
def session_new(request, pk: int):
    case = access.case_for_user(request.user, pk, act=True)
    return _form_page(
        request,
        case=case,
        form=SessionForm(request.POST or None),
        title=_("Schedule a mediation session"),
        save=lambda data: services.session_schedule(case=case, actor=request.user, **data),
    )


@permission_required("cases.view_workbench")
def session_result(request, pk: int):
    session = get_object_or_404(MediationSession, pk=pk)
    case = access.case_for_user(request.user, session.case_id, act=True)
    return _form_page(
        request,
        case=case,
        form=SessionResultForm(request.POST or None),
        title=_("Result of the mediation session"),
        save=lambda data: services.session_record_result(
            session=session, actor=request.user, **data
        ),
    )


@permission_required("cases.view_workbench")
def recovered(request, pk: int):
    case = access.case_for_user(request.user, pk, act=True)
    form = RecoveredForm(
        request.POST or None, initial={"version": case.version, "amount": case.amount_recovered}
    )
    return _form_page(
        request,
        case=case,
        form=form,
        title=_("Amount recovered for the workers"),
        save=lambda data: services.amount_recovered_record(
            case=case,
            actor=request.user,
            amount=data["amount"],
            expected_version=data["version"],
        ),
    )


@permission_required("cases.view_workbench")
def agreement_print(request, pk: int):
    case = access.case_for_user(request.user, pk)
    agreement = getattr(case, "agreement", None)
    if agreement is None:
        raise Http404
    return render(
        request,
        "cases/agreement_print.html",
        {"case": case, "agreement": agreement, "complainants": case.complainants.all()},
    )


def evidence_download(request, pk: int):
    """Evidence is served only here, after the same check as the case itself,
    and always as a download, never rendered inline."""
    evidence = get_object_or_404(Evidence.objects.select_related("case"), pk=pk)
    if not request.user.is_authenticated:
        raise Http404
    access.case_for_user(request.user, evidence.case_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


def _deadline_for(request, pk: int) -> Deadline:
    deadline = get_object_or_404(Deadline.objects.select_related("rule"), pk=pk)
    access.case_for_user(request.user, deadline.case_id, act=True)
    return deadline


@permission_required("cases.view_workbench")
def deadline_extend(request, pk: int):
    deadline = _deadline_for(request, pk)
    return _form_page(
        request,
        case=deadline.case,
        form=ExtendForm(request.POST or None, deadline=deadline),
        title=_("Extend: %(rule)s") % {"rule": deadline.rule.label},
        save=lambda data: deadlines.deadline_extend(deadline=deadline, actor=request.user, **data),
    )


@permission_required("cases.view_workbench")
def deadline_pause(request, pk: int):
    deadline = _deadline_for(request, pk)
    form = PauseForm(request.POST or None)
    return _form_page(
        request,
        case=deadline.case,
        form=form,
        title=_("Pause the clock: %(rule)s") % {"rule": deadline.rule.label},
        save=lambda data: deadlines.deadline_pause(
            deadline=deadline, actor=request.user, reason=form.reason_text()
        ),
    )


@require_POST
@permission_required("cases.view_workbench")
def deadline_resume(request, pk: int):
    deadline = _deadline_for(request, pk)
    try:
        deadlines.deadline_resume(deadline=deadline, actor=request.user)
    except deadlines.DeadlineError as error:
        messages.error(request, error.message)
    return redirect("cases:detail", pk=deadline.case_id)


@require_POST
@permission_required("cases.view_workbench")
def mass_incident(request, pk: int):
    case = access.case_for_user(request.user, pk, act=True)
    try:
        services.case_mark_mass_incident(
            case=case,
            actor=request.user,
            expected_version=int(request.POST.get("version") or 0),
            note=request.POST.get("note", ""),
        )
    except services.CaseError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The leadership has been alerted."))
    return redirect("cases:detail", pk=case.pk)
