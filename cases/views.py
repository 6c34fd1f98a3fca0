import hashlib
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhanjiang_union import throttle
from zhanjiang_union.access import permission_required
from zhanjiang_union.clientip import client_ip
from zhanjiang_union.errors import DomainError
from zhanjiang_union.localnames import local_name
from zhanjiang_union.masking import mask_phone, mask_resident_id
from zhanjiang_union.paging import CappedPaginator
from zhanjiang_union.posting import form_post
from zhanjiang_union.resilience.submissions import (
    AlreadySubmitted,
    session_hash,
    submission_claimed,
)
from zhanjiang_union.resilience.views import already_done_redirect, resubmission_redirect
from zhanjiang_union.searches import search_params, search_redirect

from . import (
    access,
    collective,
    complaint_page,
    deadlines,
    handing,
    secondments,
    selectors,
    services,
    timeline,
    views_collective,
)
from .forms import (
    AcknowledgeForm,
    AssignForm,
    ComplaintForm,
    ExtendForm,
    HandOnForm,
    MassIncidentForm,
    MoreEvidenceForm,
    NoteForm,
    PauseForm,
    RecoveredForm,
    RelatedCasesForm,
    ReopenDecisionForm,
    ReopenRequestForm,
    SessionForm,
    SessionResultForm,
    StaffIntakeForm,
    TrackForm,
    TransitionForm,
    WorkbenchFilterForm,
)
from .intake_sources import AlreadyRegistered, intake_source_named
from .models import (
    Case,
    Channel,
    Deadline,
    DisputeCategory,
    Evidence,
    Handoff,
    MediationSession,
    ReopenRequest,
)
from .worker_rating import worker_rating_form, worker_rating_record
from .workflow import MOVES_BY_ACTION, Body, Status, allowed_moves, move_refusal, outcomes_for

logger = logging.getLogger(__name__)

FILED_SESSION_KEY = "cases.filed"
FORM_SHOWN_SESSION_KEY = "cases.form_shown"
COMPLAINT_SUBMISSION, INTAKE_SUBMISSION = "cases.complaint", "cases.intake"
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
        "limitation": {"knew_on": data.get("knew_on"), "job_ended_on": data.get("job_ended_on")},
    }


# Per client (zhanjiang_union/clientip.py): one network flooding the form cannot close it
# for the others. Every POST counts, valid or not.
COMPLAINT_CLIENT_LIMIT = throttle.Limit("cases.complaint.client", "20/h")


COMPLAINT_TEMPLATE = "cases/complaint_form.html"


def complaint_new(request):
    if request.method != "POST":
        if not request.session.session_key:
            # The filing browser's session exists before it files: a resubmission after
            # an error page is recognised as the same browser (complaint_done). Marked,
            # not saved: the session middleware writes a session that holds something,
            # once (saving it here too made it two writes and two commits per visit).
            request.session[FORM_SHOWN_SESSION_KEY] = True
        kept = complaint_page.page_kept(
            request,
            form_class=ComplaintForm,
            initial=lambda: _complaint_initial(request.GET),
            template=COMPLAINT_TEMPLATE,
        )
        if kept is not None:
            return kept
    form = ComplaintForm(
        request.POST or None, request.FILES or None, initial=_complaint_initial(request.GET)
    )
    status = 200
    if request.method == "POST":
        wait = throttle.wait_seconds(request, COMPLAINT_CLIENT_LIMIT)
        if wait:
            form.is_valid()
            form.add_error(
                None,
                _("Too many complaints from this connection. %(retry)s You can also call 12351.")
                % {"retry": throttle.retry_in(wait)},
            )
            return _complaint_page(request, form, status=429)
        throttle.attempt_count(request, COMPLAINT_CLIENT_LIMIT)
        if form.is_valid():
            user = request.user if request.user.is_authenticated else None
            try:
                with submission_claimed(
                    key=form.cleaned_data["submission_key"],
                    kind=COMPLAINT_SUBMISSION,
                    session=request.session,
                ) as submission:
                    case, code = services.case_create(
                        complainants=[_complainant_from(form.cleaned_data)],
                        channel=Channel.WEB,
                        filed_by=user,
                        actor=user,
                        **_case_fields_from(form.cleaned_data),
                    )
                    submission.object_id = case.pk
                    submission.result_url = reverse("cases:complaint_done")
                    request.session[FILED_SESSION_KEY] = {
                        "number": case.number,
                        "code": code,
                        "evidence_failed": case.evidence_failed,
                    }
                    # Saved now, not when the response goes: the worker's number and code
                    # must outlive anything that could still fail on the way out. In the
                    # filing's transaction: committed with the case, in one commit.
                    request.session.save()
            except AlreadySubmitted as again:
                return _complaint_sent_again(request, again.submission)
            # Saved already: the middleware need not write it a second time, unless the
            # browser lacks this session's cookie (a session this request began).
            request.session.modified = (
                request.COOKIES.get(settings.SESSION_COOKIE_NAME) != request.session.session_key
            )
            return redirect("cases:complaint_done")
        else:
            status = 400
    return _complaint_page(request, form, status=status)


def _complaint_page(request, form, *, status: int):
    context = {"form": form, "sections": complaint_page.complaint_sections(form)}
    return render(request, COMPLAINT_TEMPLATE, context, status=status)


def _complaint_sent_again(request, submission):
    """The same complaint form sent again (a double tap, a retry after a timeout or an
    error page): the first filing's receipt page. The query code only to the browser
    session that filed; anyone else holding the page is told it was filed and that
    the code went to the complainant's phone."""
    case = Case.objects.filter(pk=submission.object_id).only("number").first()
    filed = request.session.get(FILED_SESSION_KEY) or {}
    same_browser = submission.session_hash == session_hash(request.session)
    if case is not None and same_browser and filed.get("number") == case.number:
        return redirect("cases:complaint_done")
    return render(
        request,
        "cases/complaint_done.html",
        {"filed": {"number": case.number if case else "", "code": None}, "again": True},
    )


def privacy_notice(request):
    return render(request, "cases/privacy.html")


def _complaint_initial(params) -> dict:
    """?category=<code>: a guide's "file a complaint" button preselects its category."""
    if not params.get("category"):
        return {}  # no query on every filing for a link that was not followed
    category = DisputeCategory.objects.filter(code=params["category"], active=True).first()
    return {"category": category} if category else {}


def complaint_done(request):
    filed = request.session.get(FILED_SESSION_KEY)
    if not filed:
        return redirect("cases:complaint_new")
    return render(request, "cases/complaint_done.html", {"filed": filed})


# Wrong (case number, query code) pairs: per client, refused for the rest of the window;
# per case number, from any number of clients, a CAPTCHA from then on, never a lock, so
# the worker whose case it is can always still look it up.
TRACK_CLIENT_LIMIT = throttle.Limit("cases.track.client", "10/10m")
TRACK_NUMBER_LIMIT = throttle.Limit("cases.track.number", f"{settings.TRACK_CAPTCHA_AFTER}/h")


def _case_number_key(raw: str) -> str:
    typed = "".join(str(raw).split()).encode("utf-8", "replace")
    return hashlib.sha256(typed).hexdigest()


def track(request):
    number_key = _case_number_key(request.POST.get("number", ""))
    captcha = request.method == "POST" and bool(
        throttle.wait_seconds(request, TRACK_NUMBER_LIMIT, number_key)
    )
    form = TrackForm(request.POST or None, captcha=captcha)
    status = 200
    if request.method == "POST":
        wait = throttle.wait_seconds(request, TRACK_CLIENT_LIMIT)
        if wait:
            form.is_valid()
            form.add_error(
                None,
                _("Too many attempts from this connection. %(retry)s You can also call 12351.")
                % {"retry": throttle.retry_in(wait)},
            )
            status = 429
        elif form.is_valid():
            case = selectors.case_for_tracking(
                number=form.cleaned_data["number"], code=form.cleaned_data["code"]
            )
            if case:
                request.session[TRACKED_SESSION_KEY] = case.pk
                return redirect("cases:track_result")
            throttle.attempt_count(request, TRACK_CLIENT_LIMIT)
            throttle.attempt_count(request, TRACK_NUMBER_LIMIT, number_key)
            if not captcha and throttle.wait_seconds(request, TRACK_NUMBER_LIMIT, number_key):
                # From now on this case number needs the picture too: show it at once.
                form = TrackForm(request.POST, captcha=True)
                form.is_valid()
                form.errors.pop("captcha", None)  # not typed wrong: not shown until now
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


def _worker_lines(events):
    """The worker's timeline: each line in the words the worker reads (cases.timeline)."""
    events = list(events)
    for event in events:
        event.worker_text = timeline.worker_text(event)
    return events


def _worker_case_page(request, case, *, redirect_to: str, **redirect_kwargs):
    """The worker's view of a case: progress, next deadline and adding evidence; once it
    is closed, rating the handling and asking for it to be reopened."""
    posted = request.POST.get("form", "evidence") if request.method == "POST" else None
    evidence_form = MoreEvidenceForm(
        request.POST if posted == "evidence" else None,
        request.FILES if posted == "evidence" else None,
    )
    rating_form = worker_rating_form(request.POST if posted == "rating" else None)
    reopen_form = ReopenRequestForm(request.POST if posted == "reopen" else None)
    user = request.user if request.user.is_authenticated else None
    status = 200
    if posted == "evidence" and case.is_open:
        if evidence_form.is_valid():
            try:
                services.evidence_add(
                    case=case, files=evidence_form.cleaned_data["evidence"], actor=user
                )
            except services.CaseError as error:
                evidence_form.add_error("evidence", error.message)
                status = 400
            else:
                messages.success(request, _("Thank you: the evidence was added to your case."))
                return redirect(redirect_to, **redirect_kwargs)
        else:
            status = 400
    elif posted == "rating" and not case.is_open and rating_form is not None:
        if rating_form.is_valid():
            try:
                worker_rating_record(case, rating_form.cleaned_data)
            except DomainError as error:
                messages.error(request, error.message)
                status = 409
            else:
                messages.success(request, _("Thank you for your rating."))
                return redirect(redirect_to, **redirect_kwargs)
        else:
            status = 400
    elif posted == "reopen" and not case.is_open:
        if reopen_form.is_valid():
            try:
                services.reopen_request_create(case=case, reason=reopen_form.cleaned_data["reason"])
            except services.CaseError as error:
                messages.error(request, error.message)
                status = 409
            else:
                messages.success(
                    request,
                    _(
                        "Your request has been sent to the department head, who will decide "
                        "whether to reopen the case. The answer will show here."
                    ),
                )
                return redirect(redirect_to, **redirect_kwargs)
        else:
            status = 400
    follow_up = getattr(case, "follow_up", None) if not case.is_open else None
    next_deadline = selectors.case_next_deadline(case=case)
    return render(
        request,
        "cases/track_result.html",
        {
            "case": case,
            "events": _worker_lines(selectors.case_timeline(case=case, public_only=True)),
            "next_deadline": next_deadline,
            "next_step": timeline.worker_next_step(next_deadline) if next_deadline else "",
            "evidence_form": evidence_form if case.is_open else None,
            "follow_up": follow_up,
            "rating_form": rating_form if not case.is_open and follow_up is None else None,
            "reopen_form": reopen_form if services.reopen_request_open(case) else None,
            "reopen_until": services.reopen_request_deadline(case),
            "reopen_requests": case.reopen_requests.all() if not case.is_open else [],
        },
        status=status,
    )


@login_required
def my_cases(request):
    cases = access.cases_filed_by(request.user).select_related("department")
    return render(request, "cases/my_cases.html", {"cases": cases})


@login_required
def my_case(request, pk: int):
    case = get_object_or_404(
        access.cases_filed_by(request.user).select_related("department"), pk=pk
    )
    return _worker_case_page(request, case, redirect_to="cases:my_case", pk=case.pk)


# --- The staff side ---------------------------------------------------------------------


# The search box finds cases by a complainant's name, phone or ID number: it is posted and
# kept out of the URL (zhanjiang_union/searches.py); the other filters stay in the URL.
WORKBENCH_PERSONAL = ("q",)


# The workbench counts its list up to this many; beyond, it says "more than".
WORKBENCH_COUNT_CAP = 10_000


@permission_required("cases.view_workbench")
def workbench(request):
    if request.method == "POST":
        return search_redirect(request, url=reverse("cases:workbench"), personal=WORKBENCH_PERSONAL)
    form = WorkbenchFilterForm(search_params(request, personal=WORKBENCH_PERSONAL) or None)
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
            organisation=data["organisation"],
            organisation_only=data["organisation_only"],
            open_only=not data["closed"],
            query=data["q"],
        )
    cases = selectors.case_workbench_list(user=request.user, filters=filters)
    page = CappedPaginator(cases, 25, cap=WORKBENCH_COUNT_CAP).get_page(request.GET.get("page"))
    query = request.GET.copy()
    for key in ("page", *WORKBENCH_PERSONAL):
        query.pop(key, None)
    return render(
        request,
        "cases/workbench.html",
        {
            "form": form,
            "page": page,
            "total": page.paginator.shown,
            "total_capped": page.paginator.capped,
            "counts": selectors.case_counts_by_stage(user=request.user),
            "organisation_filter": filters.organisation,
            "organisation_only": filters.organisation_only,
            "statuses": Status,
            "query": query.urlencode(),
        },
    )


@transaction.atomic  # the case and its link to the call or visit stand or fall together
def _intake_and_link(request, data, *, source, record_id):
    case, code = services.case_create(
        complainants=[_complainant_from(data)],
        channel=data["channel"],
        is_mass_incident=data["is_mass_incident"],
        grid=data["grid"],
        actor=request.user,
        **_case_fields_from(data),
    )
    if source is not None:
        source.link(record_id, case=case, actor=request.user)
    return case, code


def _evidence_failed_message(request, case) -> None:
    if case.evidence_failed:
        messages.warning(
            request,
            _(
                "These evidence files could not be stored and are not on the case: %(files)s. "
                "Add them again from the case page; the administrators have been told."
            )
            % {"files": "、".join(case.evidence_failed)},
        )


@permission_required("cases.add_case")
def staff_intake(request):
    # Opened from a 12351 call or a petition visit (?call= / ?visit=, cases.intake_sources):
    # prefilled from it, and linked back to it once registered (404 for one not the user's).
    source, record_id = intake_source_named(request.GET)
    initial = None
    try:
        if source is not None:
            initial = source.initial(record_id, user=request.user)
    except AlreadyRegistered as registered:
        messages.info(request, registered.message)
        return redirect("cases:detail", pk=registered.case.pk)
    form = StaffIntakeForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with submission_claimed(
                key=data["submission_key"], kind=INTAKE_SUBMISSION, session=request.session
            ) as submission:
                case, code = _intake_and_link(request, data, source=source, record_id=record_id)
                submission.object_id = case.pk
                submission.result_url = reverse("cases:detail", args=[case.pk])
        except AlreadySubmitted as again:
            return already_done_redirect(request, again.submission)
        except DomainError as error:  # the call or visit was linked meanwhile
            messages.error(request, error.message)
            return render(request, "cases/intake.html", {"form": form}, status=409)
        _evidence_failed_message(request, case)
        messages.success(
            request,
            _("Case %(number)s registered. Tell the worker the query code: %(code)s")
            % {"number": case.number, "code": code},
        )
        return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/intake.html", {"form": form}, status=400 if form.errors else 200)


# The case page names the first workers; a collective case's roll has them all, paged.
COMPLAINANTS_ON_CASE_PAGE = 10


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
        for person in case.complainants.select_related("origin_case")[:COMPLAINANTS_ON_CASE_PAGE]
    ]


@permission_required("cases.view_workbench")
def case_detail(request, pk: int):
    return _case_page(request, access.case_for_user(request.user, pk))


def _case_page(request, case, *, reopen_decision_form=None, status: int = 200):
    acting = access.can_act(request.user, case)
    full = access.can_see_personal_data(request.user, case)
    if full:
        services.personal_data_access_record(
            case=case, user=request.user, view="case_page", client_address=client_ip(request)
        )
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "complainants": _complainant_rows(case, full),
            "complainants_more": case.is_collective
            or case.workers_involved > COMPLAINANTS_ON_CASE_PAGE,
            "personal_data_masked": not full,
            "log": timeline.staff_log(selectors.case_timeline(case=case, public_only=False)),
            "handoffs": case.handoffs.all(),
            "deadlines": selectors.case_deadlines(case=case),
            "sessions": case.sessions.all(),
            "evidence": case.evidence.all(),
            "agreement": getattr(case, "agreement", None),
            "award": getattr(case, "award", None),
            "related": views_collective.related_box(request, case) if acting else None,
            "moves": allowed_moves(case.status) if acting else [],
            "can_act": acting,
            "can_reassign": access.can_reassign(request.user, case),
            "secondment": secondments.case_secondment_pending(case=case),
            "hand_on": handing.handing_directions(case=case) if acting else [],
            "note_form": NoteForm() if acting else None,
            "reopen_requests": case.reopen_requests.select_related("decided_by"),
            "reopen_decision_form": (reopen_decision_form or ReopenDecisionForm())
            if access.can_reassign(request.user, case)
            else None,
        },
        status=status,
    )


@require_POST
@permission_required("cases.view_workbench")
def reopen_decide(request, pk: int):
    """The department head answers a worker's request to reopen a closed case."""
    reopen_request = get_object_or_404(ReopenRequest, pk=pk)
    case = access.case_for_user(request.user, reopen_request.case_id)
    if not access.can_reassign(request.user, case):
        raise PermissionDenied
    form = ReopenDecisionForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, reopen_decision_form=form, status=400)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.reopen_request_decide(
            request=reopen_request,
            actor=request.user,
            accept=accept,
            note=form.cleaned_data["note"],
        )
    except services.CaseError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The case is reopened.")
            if accept
            else _("The request is declined; the worker is told why."),
        )
    return redirect("cases:detail", pk=case.pk)


def _related_form(case, user, data):
    related = selectors.case_related_open(case=case, user=user)
    return RelatedCasesForm(data, related=related, initial={"version": case.version})


@require_POST
@permission_required("cases.view_workbench")
def case_related(request, pk: int):
    """Link the case to the one related case ticked, or merge the ticked cases into it."""
    case = access.case_for_user(request.user, pk, act=True)
    form = _related_form(case, request.user, request.POST)
    if not form.is_valid():
        if form.has_error("cases", "invalid_choice"):
            # Not a related case this user may read: as far as they can tell, none such.
            raise Http404
        messages.error(request, _("Tick the related cases first."))
        return redirect("cases:detail", pk=case.pk)
    chosen = list(form.cleaned_data["cases"])
    try:
        if request.POST.get("merge"):
            if not all(access.can_act(request.user, other) for other in chosen):
                raise PermissionDenied
            collective.collective_merge(
                target=case,
                sources=Case.objects.filter(pk__in=[other.pk for other in chosen]),
                actor=request.user,
            )
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


def _refused(request, error: DomainError):
    messages.error(request, error.message)


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
    then=None,
):
    """The one shape of the staff's form pages. GET shows the form; a valid POST hands
    the cleaned data to `save` (a service call) and returns to the case page, saying
    `done` (or goes where `then()` says, after the save); a service's refusal (the case moved on meanwhile, a rule) is shown above the
    form with 409, and bad input next to its field with 400: what was typed stays."""
    posted = form_post(
        request, form, save, on_refusal=lambda message: messages.error(request, message)
    )
    if posted.again:  # the same form, sent twice at once
        return posted.again
    if posted.saved:
        if done:
            messages.success(request, done)
        return redirect(then() if then else reverse("cases:detail", args=[case.pk]))
    return render(
        request,
        template,
        {"case": case, "form": form, "title": title, **(context or {})},
        status=posted.status,
    )


@permission_required("cases.view_workbench")
def case_move(request, pk: int, action: str):
    case = access.case_for_user(request.user, pk, act=True)
    move = MOVES_BY_ACTION.get(action)
    if move is None:
        raise Http404
    outcomes = outcomes_for(move, case.status)
    form = TransitionForm(
        request.POST or None,
        move=move,
        outcomes=outcomes,
        case=case,
        initial={"version": case.version},
    )
    kind = f"cases.move.{case.pk}.{move.action}"
    if again := resubmission_redirect(request, kind=kind):
        return again  # a double click on a move (a handoff): done once, not refused
    if refusal := move_refusal(move, case.status):
        messages.error(request, refusal)
        return redirect("cases:detail", pk=case.pk)

    def save(data):
        with submission_claimed(
            key=data["submission_key"], kind=kind, session=request.session
        ) as submission:
            _move_save(data)
            submission.result_url = reverse("cases:detail", args=[case.pk])

    def _move_save(data):
        handoff = None
        if move.handoff_to:
            handoff = services.HandoffInput(
                sent_on=data["sent_on"],
                receiver_name=data["receiver_name"],
                document_number=data["document_number"],
                note=data["note"],
            )
        agreement = None
        if move.needs_agreement:
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
            award=form.award(),
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
        request.POST or None, handlers=access.handlers_for(case), initial={"version": case.version}
    )
    return _form_page(
        request,
        case=case,
        form=form,
        title=_("Assign a handler"),
        save=lambda data: _assign(request, case, data),
    )


def _assign(request, case, data) -> None:
    services.case_assign(
        case=case, handler=data["handler"], actor=request.user, expected_version=data["version"]
    )
    if data["handler"] == request.user:
        text = _("You are now the case’s handler.")
    else:
        text = _("The case is assigned to %(handler)s, who has been sent a message.") % {
            "handler": data["handler"]
        }
    messages.success(request, text)


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
        # The commission accepts the worker's own application: its 受理通知 is recorded.
        title=_("Notice of acceptance from the arbitration commission")
        if handoff.body == Body.ARBITRATION
        else _("Acknowledgement from %(body)s") % {"body": handoff.get_body_display()},
        save=lambda data: services.handoff_acknowledge(handoff=handoff, actor=request.user, **data),
        done=_("The acknowledgement from %(body)s is recorded.")
        % {"body": handoff.get_body_display()},
    )


@permission_required("cases.view_workbench")
def case_hand_on(request, pk: int, direction: str):
    """交办 (direction "down") or 上报 ("up") along the union's grid."""
    if direction not in (handing.DOWN, handing.UP):
        raise Http404
    case = access.case_for_user(request.user, pk, act=True)
    down = direction == handing.DOWN
    form = HandOnForm(
        request.POST or None,
        targets=handing.handing_targets(case=case, direction=direction),
        submit_label=_("Hand down") if down else _("Report up"),
        initial={"version": case.version},
    )

    def save(data) -> None:
        handing.case_hand_on(
            case=case,
            direction=direction,
            to=data["organisation"],
            reason=data["reason"],
            actor=request.user,
            expected_version=data["version"],
        )

    return _form_page(
        request,
        case=case,
        form=form,
        title=_("Hand the case down") if down else _("Report the case up"),
        save=save,
        done=_("The case was passed on; the receiving organisation is asked to sign for it."),
        # Reported up, the case is no longer the reporter's to read: back to their list.
        then=lambda: (
            reverse("cases:detail", args=[case.pk])
            if access.can_read(request.user, access.case_reload(case))
            else reverse("cases:workbench")
        ),
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
        done=_("The mediation session is scheduled."),
    )


@permission_required("cases.view_workbench")
def session_result(request, pk: int):
    session = get_object_or_404(MediationSession, pk=pk)
    case = access.case_for_user(request.user, session.case_id, act=True)
    form = SessionResultForm(
        request.POST or None,
        can_end_mediation=case.status in MOVES_BY_ACTION["mediation_failed"].sources,
        initial={"version": case.version},
    )

    def save(data):
        services.session_record_result(
            session=session,
            actor=request.user,
            result=data["result"],
            note=data["note"],
            record_failure=data.get("record_failure", False),
            expected_version=data["version"],
        )
        if data.get("record_failure"):
            messages.success(
                request,
                _("Done: %(action)s.") % {"action": MOVES_BY_ACTION["mediation_failed"].label},
            )

    return _form_page(
        request,
        case=case,
        form=form,
        title=_("Result of the mediation session"),
        save=save,
        done=_("The session’s result is recorded."),
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
        done=_("The amount recovered is saved."),
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
        title=_("Extend: %(rule)s") % {"rule": local_name(deadline.rule, "label")},
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
        title=_("Pause the clock: %(rule)s") % {"rule": local_name(deadline.rule, "label")},
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
    form = MassIncidentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect("cases:detail", pk=case.pk)
    try:
        services.case_mark_mass_incident(
            case=case,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        )
    except services.CaseError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The leadership has been alerted."))
    return redirect("cases:detail", pk=case.pk)
