"""Cases at each point where a document applies, made through the cases' services."""

import io
from datetime import date
from decimal import Decimal

import docx

from cases import services
from cases.models import Case


def accepted(make_case, mediator, **overrides) -> Case:
    case = make_case(**overrides)
    return services.case_transition(
        case=case, action="accept_mediation", actor=mediator, expected_version=case.version
    )


def with_agreement(make_case, mediator, **overrides) -> Case:
    case = accepted(make_case, mediator, **overrides)
    return services.case_transition(
        case=case,
        action="record_agreement",
        actor=mediator,
        expected_version=case.version,
        agreement={
            "signed_on": date(2026, 3, 5),
            "amount_agreed": Decimal("12800.00"),
            "payment_due": date(2026, 3, 20),
            "terms": "被申请人分两期支付拖欠工资。",
        },
    )


def failed(make_case, mediator, **overrides) -> Case:
    case = accepted(make_case, mediator, **overrides)
    return services.case_transition(
        case=case,
        action="mediation_failed",
        actor=mediator,
        expected_version=case.version,
        note="用人单位拒绝调解。",
    )


def referred_to_inspection(make_case, mediator, **overrides) -> Case:
    case = make_case(**overrides)
    return services.case_transition(
        case=case,
        action="hand_to_inspection",
        actor=mediator,
        expected_version=case.version,
        handoff=services.HandoffInput(
            sent_on=date(2026, 3, 10),
            receiver_name="湛江市劳动保障监察支队",
            document_number="",
            note="涉嫌拖欠多名职工工资。",
        ),
    )


def docx_text(content: bytes) -> tuple[docx.document.Document, str]:
    word = docx.Document(io.BytesIO(content))
    return word, "\n".join(paragraph.text for paragraph in word.paragraphs)
