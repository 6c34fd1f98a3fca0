"""Reads: which documents a case can have made now (and why not the others), the
documents made, and the values a template's placeholders are filled with."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseEvent, Handoff
from cases.services import ACCEPTING_ACTIONS
from cases.workflow import Body, Status

from .models import ADDRESSED_TO_WORKER, CaseDocument, DocumentKind, DocumentTemplate
from .placeholders import SAMPLE_VALUES

# The dispute category whose agreements a payment order can enforce (劳动争议调解仲裁法
# Art. 16: wage arrears, work-injury medical costs, economic compensation or damages).
PAYMENT_ORDER_CATEGORY = "pay"
# A handoff letter goes only where the union refers a matter (移送): labour inspection,
# the petition office, another mediation body or authority. Arbitration and the court are
# the worker's own application or suit, which the union guides (it writes no 移送函 there).
REFERABLE_BODIES = (Body.INSPECTION, Body.PETITION, Body.UNION_MEDIATION, Body.OTHER)
# Kinds made with a reason typed by staff.
NEEDS_REASON = frozenset({DocumentKind.REFUSAL, DocumentKind.TERMINATION})


def chinese_date(day: date | None) -> str:
    """2026年3月5日: the form official documents write dates in."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def yuan(amount: Decimal | None) -> str:
    return f"{amount:.2f}元" if amount is not None else ""


def _event(case: Case, *actions: str) -> CaseEvent | None:
    return (
        CaseEvent.objects.filter(case=case, action__in=[f"cases.case.{a}" for a in actions])
        .order_by("-at", "-id")
        .first()
    )


def accepted_event(case: Case) -> CaseEvent | None:
    return _event(case, *ACCEPTING_ACTIONS)


def referable_handoffs(case: Case) -> QuerySet[Handoff]:
    return case.handoffs.filter(body__in=REFERABLE_BODIES).order_by("-sent_on", "-id")


def servable_documents(case: Case) -> QuerySet[CaseDocument]:
    return case.documents.exclude(kind=DocumentKind.SERVICE)


def document_unavailable_reason(*, case: Case, kind: str) -> str:
    """Why this kind of document cannot be made for the case now; "" when it can."""
    if kind == DocumentKind.APPLICATION:
        return ""
    if kind == DocumentKind.ACCEPTANCE:
        return "" if accepted_event(case) else _("The case has not been accepted for mediation.")
    if kind == DocumentKind.REFUSAL:
        if case.status == Status.INTAKE or _event(case, "not_accept"):
            return ""
        return _(
            "Only a case awaiting triage, or one not accepted, gets a notice of non-acceptance."
        )
    if kind in (DocumentKind.AGREEMENT, DocumentKind.PAYMENT_ORDER):
        if not hasattr(case, "agreement"):
            return _("No mediation agreement has been recorded.")
        if kind == DocumentKind.PAYMENT_ORDER and case.category.code != PAYMENT_ORDER_CATEGORY:
            return _(
                "A payment order serves only agreements on wage arrears, work-injury medical "
                "costs, economic compensation or damages (Labor Dispute Mediation and "
                "Arbitration Law, Article 16)."
            )
        return ""
    if kind == DocumentKind.TERMINATION:
        if _event(case, "mediation_failed"):
            return ""
        return _("Mediation has not been recorded as ended without agreement.")
    if kind == DocumentKind.HANDOFF:
        if referable_handoffs(case).exists():
            return ""
        return _(
            "No referral to labor inspection, the petition office or another body has been "
            "recorded (arbitration and the court are the worker's own application)."
        )
    if kind == DocumentKind.SERVICE:
        return "" if servable_documents(case).exists() else _("No document has been made to serve.")
    return _("Unknown document.")


@dataclass
class DocumentOffer:
    kind: str
    label: str
    unavailable_reason: str
    needs_reason: bool = False
    handoffs: list = field(default_factory=list)
    served: list = field(default_factory=list)

    @property
    def available(self) -> bool:
        return not self.unavailable_reason


def document_offers(*, case: Case) -> list[DocumentOffer]:
    """Every kind of document, each with whether it can be made for this case now."""
    return [
        DocumentOffer(
            kind=kind.value,
            label=kind.label,
            unavailable_reason=document_unavailable_reason(case=case, kind=kind),
            needs_reason=kind in NEEDS_REASON,
        )
        for kind in DocumentKind
    ]


def case_documents(*, case: Case) -> QuerySet[CaseDocument]:
    return case.documents.select_related("made_by").order_by("-made_at", "-id")


def worker_documents(*, case: Case) -> QuerySet[CaseDocument]:
    """The documents written to the worker (ADDRESSED_TO_WORKER), newest first."""
    return case.documents.filter(kind__in=ADDRESSED_TO_WORKER).order_by("-made_at", "-id")


def default_reason(*, case: Case, kind: str) -> str:
    """The reason already on the timeline (the note of not accepting, or of mediation
    failing), offered when the document is made."""
    action = {DocumentKind.REFUSAL: "not_accept", DocumentKind.TERMINATION: "mediation_failed"}
    event = _event(case, action[kind]) if kind in action else None
    return event.note if event else ""


def recipients(*, case: Case) -> list[str]:
    """Whom a document of the case can be served on: each worker, and the employer."""
    return [person.name for person in case.complainants.all()] + [case.employer_name]


def document_values(
    *,
    case: Case,
    number: str,
    today: date,
    reason: str = "",
    handoff: Handoff | None = None,
    served: CaseDocument | None = None,
    recipient: str = "",
) -> dict[str, str]:
    """The value of every placeholder for this case (placeholders.PLACEHOLDERS)."""
    people = list(case.complainants.all())
    first = people[0] if people else None
    agreement = getattr(case, "agreement", None)
    accepted = accepted_event(case)
    handler = case.handler
    return {
        "文号": number,
        "案件编号": case.number,
        "职工姓名": "、".join(person.name for person in people),
        "职工身份证号码": "、".join(person.id_number for person in people if person.id_number),
        "职工住址": first.address if first else "",
        "职工联系电话": first.phone if first else "",
        "用人单位": case.employer_name,
        "统一社会信用代码": case.employer_credit_code,
        "用人单位地址": case.employer_address,
        "争议类别": case.category.name,
        "事实与理由": case.facts,
        "请求事项": case.demand,
        "金额合计": yuan(case.amount_claimed),
        "登记日期": chinese_date(timezone.localdate(case.created_at)),
        "受理日期": chinese_date(timezone.localdate(accepted.at)) if accepted else "",
        "制作日期": chinese_date(today),
        "调解员": str(handler) if handler else "",
        "协议签订日期": chinese_date(agreement.signed_on) if agreement else "",
        "协议金额": yuan(agreement.amount_agreed) if agreement else "",
        "协议履行期限": chinese_date(agreement.payment_due) if agreement else "",
        "协议内容": agreement.terms if agreement else "",
        "理由": reason,
        "接收单位": (handoff.receiver_name or handoff.get_body_display()) if handoff else "",
        "移送日期": chinese_date(handoff.sent_on) if handoff else "",
        "移送事由": handoff.note if handoff else "",
        "送达文书": f"{served.title}（{served.number}）" if served else "",
        "受送达人": recipient,
        "送达地址": _address_of(recipient, people=people, case=case),
    }


def _address_of(recipient: str, *, people, case: Case) -> str:
    if not recipient:
        return ""
    if recipient == case.employer_name:
        return case.employer_address
    return next((person.address for person in people if person.name == recipient), "")


def preview_values(*, case: Case | None, prefix: str, today: date) -> dict[str, str]:
    """What a template shows in its preview: a chosen case's facts (the reason, handoff
    and served document as the case has them), or the sample."""
    if case is None:
        return dict(
            SAMPLE_VALUES, 文号=f"{prefix}〔{today.year}〕1号", 制作日期=chinese_date(today)
        )
    served = servable_documents(case).first()
    return document_values(
        case=case,
        number=f"{prefix}〔{today.year}〕1号",
        today=today,
        reason=default_reason(case=case, kind=DocumentKind.REFUSAL)
        or default_reason(case=case, kind=DocumentKind.TERMINATION),
        handoff=referable_handoffs(case).first(),
        served=served,
        recipient=case.employer_name,
    )


def document_templates() -> QuerySet[DocumentTemplate]:
    return DocumentTemplate.objects.select_related("updated_by").order_by("kind")
