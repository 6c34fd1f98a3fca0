"""Performance beside the cases' pages: the staff's panel on the case page and the
worker's on the tracking page. One line in their templates each."""

from django import template
from django.utils import timezone

from cases import access
from cases.models import ArbitrationAward
from cases.workflow import Stage, Status

from .. import selectors
from ..award import award_window
from ..forms import NonPaymentForm
from ..limitation_watch import limitation_for_case
from ..models import AwardClaim, LimitationFacts

register = template.Library()

# Stages in which the worker may still have to apply for arbitration themselves.
BEFORE_ARBITRATION = (Stage.INTAKE, Stage.MEDIATION, Stage.INSPECTION, Stage.PETITION)


def _award(case):
    award = ArbitrationAward.objects.filter(case=case).first()
    if award is None:
        return None
    return {
        "award": award,
        "receipt": getattr(award, "receipt", None),
        "claims": list(AwardClaim.objects.filter(award=award)),
        "suit": award_window(case, "award_suit"),
        "set_aside": award_window(case, "award_set_aside"),
    }


def _limitation(case):
    if not case.is_open or case.stage not in BEFORE_ARBITRATION:
        return None
    result = limitation_for_case(case=case)
    facts = LimitationFacts.objects.filter(case=case).first()
    deadline = case.deadlines.filter(
        rule__key="arbitration_limitation", met_at__isnull=True
    ).first()
    return {"result": result, "facts": facts, "deadline": deadline}


def _enforcement(case):
    """The running two years to apply for enforcement, with what is enforced."""
    deadline = award_window(case, "enforcement")
    if deadline is None or deadline.met_at is not None:
        return None
    return {"deadline": deadline, "of_award": case.status == Status.AWARD}


@register.inclusion_tag("performance/_case_panel.html", takes_context=True)
def performance_panel(context, case):
    user = context["request"].user
    return {
        "case": case,
        "can_act": access.can_act(user, case) and case.is_open,
        "overview": selectors.agreement_overview(case=case),
        "award": _award(case),
        "limitation": _limitation(case),
        "enforcement": _enforcement(case),
        "in_agreement": case.status == Status.AGREEMENT,
        "in_award": case.status == Status.AWARD,
        "today": timezone.localdate(),
        "request": context["request"],
    }


@register.inclusion_tag("performance/_worker_panel.html", takes_context=True)
def performance_for_worker(context, case):
    overview = selectors.agreement_overview(case=case)
    return {
        "case": case,
        "overview": overview,
        "award": _award(case),
        "limitation": _limitation(case),
        "enforcement": _enforcement(case),
        "report_form": NonPaymentForm() if overview and case.is_open else None,
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
