"""The hotline's pages. Thin: each checks access through `access`, reads through
`selectors`, writes through `services`, and answers a form error with status 400."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import services as case_services
from zhanjiang_union.access import permission_required
from zhanjiang_union.clientip import client_ip
from zhanjiang_union.masking import mask_phone
from zhanjiang_union.paging import query_without
from zhanjiang_union.posting import form_post
from zhanjiang_union.resilience.submissions import AlreadySubmitted, submission_claimed
from zhanjiang_union.resilience.views import already_done_redirect
from zhanjiang_union.searches import search_params, search_redirect

from . import access, selectors, services
from .forms import (
    CallbackForm,
    CallFilterForm,
    CallForm,
    ExternalPetitionForm,
    FollowUpFilterForm,
    FollowUpForm,
    LookupForm,
    RepresentativeFormSet,
    VisitCaseForm,
    VisitForm,
)

PAGE_SIZE = 25
# Searches by a caller's phone are posted and kept out of URLs (zhanjiang_union/searches.py).
PERSONAL = ("phone",)
FOLLOW_UP_DAYS = 30


def _query_without_page(request) -> str:
    return query_without(request, "page", *PERSONAL)  # no personal datum in a link


def _page(request, items, *, count_key: str = ""):
    paginator = (
        MinuteCountPaginator(items, PAGE_SIZE, count_key=count_key)
        if count_key
        else Paginator(items, PAGE_SIZE)
    )
    return paginator.get_page(request.GET.get("page"))


class MinuteCountPaginator(Paginator):
    """Counts its list at most once a minute (per `count_key`): for a long list whose
    count costs more than its page, such as the follow-ups due at a million cases. The
    rows shown are always current; only the total and the page links may lag by a
    minute."""

    def __init__(self, *args, count_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        return cache.get_or_set(self.count_key, self.object_list.count, 60)

    def page(self, number):
        # The rows are cut by the page size alone, never by the count: a case closed
        # since the count is listed, not hidden behind a stale total.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


# --- The desk ---------------------------------------------------------------------------------


def _caller(phone: str | None) -> dict | None:
    if not phone:
        return None
    return {
        "phone": phone,
        "calls": selectors.caller_history(phone=phone),
        "cases": selectors.cases_for_phone(phone=phone),
    }


@require_POST
@permission_required(access.USE_DESK)
def caller_lookup(request):
    """What the union already knows of a caller (their earlier calls, their cases), for
    the number posted: the caller panel alone for hotline.js while the operator types on,
    else back to the desk with the number kept out of the URL."""
    if request.POST.get("partial") == "caller":
        lookup = LookupForm(request.POST)
        phone = lookup.cleaned_data["phone"] if lookup.is_valid() else None
        return render(request, "hotline/_caller.html", {"caller": _caller(phone), "lookup": lookup})
    return search_redirect(request, url=reverse("hotline:desk"), personal=PERSONAL)


def _call_log(request, data):
    return services.call_log(
        operator=request.user,
        received_at=data["received_at"],
        duration_seconds=data["duration"],
        phone=data["phone"],
        caller_name=data["caller_name"],
        category=data["category"],
        summary=data["summary"],
        urgency=data["urgency"],
        outcome=data["outcome"],
        referred_to=data["referred_to"],
        callback_at=data["callback_at"],
        callback_assignee=data["callback_assignee"],
    )


@permission_required(access.USE_DESK)
def desk(request):
    """Log a call; today's calls and my open callbacks below; a caller looked up (posted
    to caller_lookup) shows beside them."""
    params = search_params(request, personal=PERSONAL)
    lookup = LookupForm(params if "phone" in params else None)
    phone = lookup.cleaned_data["phone"] if lookup.is_bound and lookup.is_valid() else None

    form = CallForm(request.POST or None, initial={"phone": phone} if phone else None)

    def save(data):
        with submission_claimed(
            key=data["submission_key"], kind="hotline.call", session=request.session
        ) as submission:
            call = _call_log(request, data)
            submission.object_id = call.pk
            submission.result_url = reverse("hotline:desk")
        return call

    posted = form_post(request, form, save)
    if posted.again:
        return posted.again
    if posted.saved:
        call = posted.result
        messages.success(
            request, _("Call from %(phone)s logged.") % {"phone": mask_phone(call.phone)}
        )
        if call.outcome == call.Outcome.CASE and request.user.has_perm("cases.add_case"):
            # Straight on to the case form, prefilled from the call; registering it
            # links the two.
            messages.info(request, _("Now register the case from this call."))
            return redirect(f"{reverse('cases:intake')}?call={call.pk}")
        return redirect("hotline:desk")
    status = posted.status
    if request.method == "POST":
        # The caller panel follows the number in the form being corrected.
        phone = phone or _valid_phone(request.POST.get("phone"))
    today = selectors.calls_today()
    return render(
        request,
        "hotline/desk.html",
        {
            "form": form,
            "lookup": lookup,
            "caller": _caller(phone),
            "today_calls": today[: selectors.TODAY_LIMIT],
            "today_count": today.count(),
            "today_limit": selectors.TODAY_LIMIT,
            "queue": selectors.callbacks_open(operator=request.user),
        },
        status=status,
    )


def _valid_phone(value) -> str | None:
    lookup = LookupForm({"phone": value or ""})
    return lookup.cleaned_data["phone"] if lookup.is_valid() else None


@permission_required(access.VIEW_CALLS)
def call_list(request):
    if request.method == "POST":
        return search_redirect(request, url=reverse("hotline:calls"), personal=PERSONAL)
    form = CallFilterForm(search_params(request, personal=PERSONAL) or None)
    filters = selectors.CallFilters()
    if form.is_valid():
        filters = selectors.CallFilters(
            day=form.cleaned_data["day"], phone=form.cleaned_data["phone"] or ""
        )
    return render(
        request,
        "hotline/call_list.html",
        {
            "form": form,
            "page": _page(request, selectors.call_list(filters=filters)),
            "query": _query_without_page(request),
        },
        status=400 if form.errors else 200,
    )


@permission_required(access.VIEW_CALLS)
def callback_list(request):
    return render(
        request,
        "hotline/callback_list.html",
        {"page": _page(request, selectors.callbacks_open()), "query": _query_without_page(request)},
    )


@login_required  # no more: the record's access helper answers outsiders with 404, not 403
def call_detail(request, pk: int):
    call = access.call_for_user(request.user, pk)
    return _call_page(request, call, CallbackForm() if call.callback_open else None)


def _call_page(request, call, callback_form, status=200):
    works_desk = request.user.has_perm(access.USE_DESK)
    phone_whole = access.can_see_caller_phone(request.user)
    return render(
        request,
        "hotline/call_detail.html",
        {
            "call": call,
            "phone": call.phone if phone_whole else mask_phone(call.phone),
            "phone_whole": phone_whole,
            "attempts": selectors.call_attempts(call=call),
            "callback_form": callback_form if works_desk else None,
            "can_create_case": works_desk
            and call.case_id is None
            and request.user.has_perm("cases.add_case"),
        },
        status=status,
    )


@require_POST
@login_required  # no more: the record's access helper answers outsiders with 404, not 403
def callback_record(request, pk: int):
    call = access.call_for_user(request.user, pk, act=True)
    form = CallbackForm(request.POST)
    posted = form_post(
        request,
        form,
        lambda data: services.callback_record(
            call=call, actor=request.user, reached=data["result"] == "reached", note=data["note"]
        ),
    )
    if posted.saved:
        messages.success(request, _("Callback recorded."))
        return redirect("hotline:call_detail", pk=call.pk)
    return _call_page(request, call, form, status=posted.status)


# --- Satisfaction follow-up (回访) -------------------------------------------------------------


@permission_required(access.FOLLOW_UP)
def follow_up_list(request):
    form = FollowUpFilterForm(request.GET or None)
    days = FOLLOW_UP_DAYS
    if form.is_valid() and form.cleaned_data["days"]:
        days = form.cleaned_data["days"]
    return render(
        request,
        "hotline/followup_list.html",
        {
            "form": form,
            "days": days,
            "page": _page(
                request,
                selectors.follow_ups_due(days=days),
                count_key=selectors.follow_ups_count_key(days=days),
            ),
            "query": _query_without_page(request),
        },
        status=400 if form.errors else 200,
    )


@login_required  # no more: the record's access helper answers outsiders with 404, not 403
def follow_up_record(request, case_pk: int):
    case = access.closed_case_for_follow_up(request.user, case_pk)
    follow_up = getattr(case, "follow_up", None)
    form = FollowUpForm(request.POST or None) if follow_up is None else None
    if request.method == "POST" and form is None:
        messages.error(request, _("This case has already been followed up."))
        return redirect("hotline:followup_record", case_pk=case.pk)
    posted = form_post(
        request,
        form,
        lambda data: services.follow_up_record(
            case=case, actor=request.user, result=data["result"], note=data["note"]
        ),
    )
    if posted.saved:
        messages.success(
            request, _("Follow-up of case %(number)s recorded.") % {"number": case.number}
        )
        return redirect("hotline:followups")
    status = posted.status
    people = list(case.complainants.all())
    if follow_up is None:
        # The worker is phoned for the follow-up: their number is shown whole here,
        # and the access is logged as on the case page (个人信息保护法).
        case_services.personal_data_access_record(
            case=case,
            user=request.user,
            view="hotline_follow_up",
            client_address=client_ip(request),
        )
    return render(
        request,
        "hotline/followup_form.html",
        {
            "case": case,
            "people": people,
            "show_phones": follow_up is None,
            "follow_up": follow_up,
            "form": form,
        },
        status=status,
    )


# --- Petition reception (信访接待) ------------------------------------------------------------


@permission_required(access.VIEW_VISITS)
def visit_list(request):
    return render(
        request,
        "hotline/visit_list.html",
        {"page": _page(request, selectors.visit_list()), "query": _query_without_page(request)},
    )


@permission_required(access.RECORD_VISITS)
def visit_new(request):
    form = VisitForm(request.POST or None)
    representatives = RepresentativeFormSet(request.POST or None, prefix="rep")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            representatives.visitor_count = form.cleaned_data["visitor_count"]
        if form.is_valid() and representatives.is_valid():
            data = form.cleaned_data
            try:
                with submission_claimed(
                    key=data["submission_key"], kind="hotline.visit", session=request.session
                ) as submission:
                    visit = services.visit_record(
                        actor=request.user,
                        visited_at=data["visited_at"],
                        visitor_count=data["visitor_count"],
                        representatives=representatives.filled(),
                        visitor_name=data["visitor_name"],
                        visitor_phone=data["visitor_phone"],
                        employer_name=data["employer_name"],
                        demands=data["demands"],
                        action_taken=data["action_taken"],
                        case=data["case"],
                        follow_up_due_on=data["follow_up_due_on"],
                    )
                    submission.object_id = visit.pk
                    submission.result_url = reverse("hotline:visit_detail", args=[visit.pk])
            except AlreadySubmitted as again:
                return already_done_redirect(request, again.submission)
            except services.HotlineError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Visit recorded."))
                return redirect("hotline:visit_detail", pk=visit.pk)
        else:
            # Validate the rows too, so every mistake shows at once.
            representatives.is_valid()
    return render(
        request,
        "hotline/visit_form.html",
        {"form": form, "representatives": representatives},
        status=status,
    )


@login_required  # no more: the record's access helper answers outsiders with 404, not 403
def visit_detail(request, pk: int):
    visit = access.visit_for_user(request.user, pk)
    return _visit_page(request, visit, VisitCaseForm())


def _visit_page(request, visit, case_form, status=200):
    acting = request.user.has_perm(access.RECORD_VISITS)
    return render(
        request,
        "hotline/visit_detail.html",
        {
            "visit": visit,
            "visitor_phone": mask_phone(visit.visitor_phone) if visit.visitor_phone else "",
            "representatives": [
                {"name": person.name, "phone": mask_phone(person.phone)}
                for person in visit.representatives.all()
            ],
            "case_form": case_form if acting and visit.case_id is None else None,
            "can_create_case": acting
            and visit.case_id is None
            and request.user.has_perm("cases.add_case"),
        },
        status=status,
    )


@require_POST
@login_required  # no more: the record's access helper answers outsiders with 404, not 403
def visit_link_case(request, pk: int):
    visit = access.visit_for_user(request.user, pk, act=True)
    form = VisitCaseForm(request.POST)
    posted = form_post(
        request,
        form,
        lambda data: services.visit_link_case(visit=visit, case=data["case"], actor=request.user),
        refusal_field="case",
    )
    if posted.saved:
        messages.success(request, _("Visit linked to the case."))
        return redirect("hotline:visit_detail", pk=visit.pk)
    return _visit_page(request, visit, form, status=posted.status)


@permission_required(access.VIEW_EXTERNAL)
def external_list(request):
    return render(
        request,
        "hotline/external_list.html",
        {
            "page": _page(request, selectors.external_petition_list()),
            "query": _query_without_page(request),
        },
    )


@permission_required(access.RECORD_EXTERNAL)
def external_new(request):
    form = ExternalPetitionForm(request.POST or None)

    def save(data):
        data = dict(data)
        with submission_claimed(
            key=data.pop("submission_key"), kind="hotline.external", session=request.session
        ) as submission:
            petition = services.external_petition_record(actor=request.user, **data)
            submission.object_id = petition.pk
            submission.result_url = reverse("hotline:external")

    posted = form_post(request, form, save)
    if posted.again:
        return posted.again
    if posted.saved:
        messages.success(request, _("External petition recorded."))
        return redirect("hotline:external")
    return render(request, "hotline/external_form.html", {"form": form}, status=posted.status)
