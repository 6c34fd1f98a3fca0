"""The staff's pages after an agreement or an award, and the worker's report of
non-payment. Each case is fetched through cases.access, like every case page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import access, signin
from cases.models import ArbitrationAward, Case, MediationAgreement
from zhanjiang_union.access import permission_required
from zhanjiang_union.errors import DomainError

from . import award as award_services
from . import limitation_watch, services
from .forms import (
    AwardReceiptForm,
    ClaimFormSet,
    ConfirmationForm,
    LimitationEventForm,
    LimitationFactsForm,
    NonPaymentForm,
    PaymentForm,
    ScheduleFormSet,
)
from .models import AwardClaim, Instalment, LimitationFacts

# The tracking page's session key (cases.views): the case a worker opened with its code.
TRACKED_SESSION_KEY = "cases.tracked"


def _page(request, *, case, title, forms, save, done, template="performance/form.html", extra=None):
    """GET shows the forms; a valid POST calls `save` (a service) and returns to the case
    page; a refusal shows above the forms (409), bad input beside its field (400)."""
    status = 200
    if request.method == "POST":
        if not all(form.is_valid() for form in forms):
            status = 400
        else:
            try:
                save()
            except DomainError as error:
                messages.error(request, error.message)
                status = 409
            else:
                messages.success(request, done)
                return redirect("cases:detail", pk=case.pk)
    context = {"case": case, "title": title, "forms": forms, **(extra or {})}
    return render(request, template, context, status=status)


@permission_required("cases.view_workbench")
def schedule(request, pk: int):
    case = access.case_for_user(request.user, pk, act=True)
    agreement = get_object_or_404(MediationAgreement, case=case)
    initial = [
        {"amount": item.amount, "due_on": item.due_on, "payee": item.payee}
        for item in agreement.instalments.all()
    ]
    # Two empty rows to split into, beside the ones there are.
    formset = ScheduleFormSet(request.POST or None, initial=initial + [{}, {}], prefix="rows")

    def save():
        services.schedule_set(
            case=case,
            actor=request.user,
            instalments=[
                services.InstalmentInput(row["amount"], row["due_on"], row["payee"])
                for row in formset.instalments()
            ],
        )

    return _page(
        request, case=case, title=_("Payment schedule of the agreement"), forms=[formset],
        save=save, done=_("The payment schedule is saved."), template="performance/schedule.html",
        extra={"agreement": agreement},
    )  # fmt: skip


@permission_required("cases.view_workbench")
def payment(request, pk: int):
    instalment = get_object_or_404(Instalment.objects.select_related("agreement"), pk=pk)
    case = access.case_for_user(request.user, instalment.agreement.case_id, act=True)
    form = PaymentForm(request.POST or None, request.FILES or None)

    def save():
        data = form.cleaned_data
        services.payment_record(
            instalment=instalment, paid_on=data["paid_on"], amount=data["amount"],
            method=data["method"], note=data["note"], evidence_file=form.evidence_file(),
            actor=request.user,
        )  # fmt: skip

    title = _("Record a payment towards instalment %(number)s (%(amount)s yuan, due %(due)s)") % {
        "number": instalment.number, "amount": instalment.amount, "due": instalment.due_on,
    }  # fmt: skip
    return _page(
        request, case=case, title=title, forms=[form], save=save,
        done=_("The payment is recorded."),
    )  # fmt: skip


@permission_required("cases.view_workbench")
def confirmation(request, pk: int):
    case = access.case_for_user(request.user, pk, act=True)
    get_object_or_404(MediationAgreement, case=case)
    form = ConfirmationForm(request.POST or None)

    def save():
        services.confirmation_record(case=case, actor=request.user, **form.cleaned_data)

    return _page(
        request, case=case, title=_("Judicial confirmation of the agreement"), forms=[form],
        save=save, done=_("The judicial confirmation is recorded."),
    )  # fmt: skip


@permission_required("cases.view_workbench")
def award_details(request, pk: int):
    case = access.case_for_user(request.user, pk, act=True)
    award = get_object_or_404(ArbitrationAward, case=case)
    receipt = getattr(award, "receipt", None)
    form = AwardReceiptForm(
        request.POST or None, initial={"received_on": receipt.received_on if receipt else None}
    )
    claims = [
        {"claim": c.claim, "amount": c.amount, "is_final": c.is_final}
        for c in AwardClaim.objects.filter(award=award)
    ] or [{"claim": "", "amount": award.amount_awarded, "is_final": award.is_final}]
    formset = ClaimFormSet(request.POST or None, initial=claims + [{}, {}], prefix="claims")

    def save():
        award_services.award_details_record(
            case=case,
            received_on=form.cleaned_data["received_on"],
            claims=[
                award_services.ClaimInput(row["claim"], row["amount"], row["is_final"])
                for row in formset.claims()
            ],
            actor=request.user,
        )

    return _page(
        request, case=case, title=_("The award: its claims and the day it was received"),
        forms=[form, formset], save=save, done=_("The award’s details are saved."),
        template="performance/award.html", extra={"award": award},
    )  # fmt: skip


@permission_required("cases.view_workbench")
def limitation(request, pk: int):
    case = access.case_for_user(request.user, pk, act=True)
    facts = LimitationFacts.objects.filter(case=case).first()
    initial = (
        {"knew_on": facts.knew_on, "job_ended": facts.job_ended, "job_ended_on": facts.job_ended_on}
        if facts
        else {}
    )
    form = LimitationFactsForm(request.POST or None, initial=initial)

    def save():
        limitation_watch.limitation_facts_record(case=case, actor=request.user, **form.cleaned_data)

    return _page(
        request, case=case, title=_("Limitation period: when the worker knew of the infringement"),
        forms=[form], save=save, done=_("Saved; the limitation period is recomputed."),
    )  # fmt: skip


@permission_required("cases.view_workbench")
def limitation_event(request, pk: int):
    case = access.case_for_user(request.user, pk, act=True)
    form = LimitationEventForm(request.POST or None)

    def save():
        limitation_watch.limitation_event_add(case=case, actor=request.user, **form.cleaned_data)

    return _page(
        request, case=case, title=_("Limitation period: an interruption or a suspension"),
        forms=[form], save=save, done=_("Saved; the limitation period is recomputed."),
    )  # fmt: skip


@require_POST
def non_payment(request, pk: int):
    """The worker's report, from the tracking page (the case opened with its code in this
    session), from their own cases, or signed in with the complaint's mobile number;
    anyone else gets 404."""
    case = Case.objects.filter(pk=pk).first()
    if case is None:
        raise Http404
    phone = request.session.get(signin.SESSION_KEY)
    if request.session.get(TRACKED_SESSION_KEY) == pk:
        back = ("cases:track_result",)
    elif request.user.is_authenticated and case.filed_by_id == request.user.pk:
        back = ("cases:my_case", case.pk)
    elif phone and signin.cases_for_phone(phone=phone).filter(pk=pk).exists():
        back = ("cases:phone_case", case.pk)
    else:
        raise Http404
    form = NonPaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The report could not be read: keep it under 2,000 characters."))
        return redirect(*back)
    try:
        services.non_payment_report(case=case, note=form.cleaned_data["note"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Thank you: your mediator has been told that the employer has not paid.")
        )
    return redirect(*back)
