from datetime import date
from decimal import Decimal

import pytest

from cases import services
from zhanjiang_union.accounts.roles import Role


@pytest.fixture
def mediator(role_users):
    return role_users[Role.MEDIATOR]


@pytest.fixture
def agreed(make_case, mediator):
    """agreed(signed_on, amount, payment_due, **case fields) -> a case whose mediation
    ended in an agreement, as the mediator records it."""

    def make(signed_on=date(2026, 11, 2), amount="12800.00", payment_due=date(2026, 11, 25),
             **overrides):  # fmt: skip
        case = make_case(**overrides)
        case = services.case_transition(
            case=case, action="accept_mediation", actor=mediator, expected_version=case.version
        )
        return services.case_transition(
            case=case, action="record_agreement", actor=mediator, expected_version=case.version,
            agreement={"signed_on": signed_on, "amount_agreed": Decimal(amount),
                       "payment_due": payment_due, "terms": "被申请人支付拖欠工资。"},
        )  # fmt: skip

    return make
