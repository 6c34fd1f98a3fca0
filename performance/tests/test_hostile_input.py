"""Random and hostile values at every performance form: never a 500, nothing stored that
the form should have refused, no markup echoed back unescaped."""

from datetime import date

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from cases.models import ArbitrationAward, Case
from cases.views import TRACKED_SESSION_KEY
from performance.models import (
    AwardClaim,
    Instalment,
    JudicialConfirmation,
    LimitationEvent,
    LimitationFacts,
    NonPaymentReport,
    Payment,
)
from zhanjiang_union.hostile import FUZZ, assert_escaped, hostile_values, post


@FUZZ
@given(field=st.sampled_from(["rows-0-amount", "rows-0-due_on", "rows-0-payee", "rows-1-amount",
                              "rows-1-due_on", "rows-TOTAL_FORMS", "rows-INITIAL_FORMS"]),
       value=hostile_values)  # fmt: skip
def test_schedule_form(client, agreed, mediator, field, value):
    case = agreed()
    client.force_login(mediator)
    data = {
        "rows-TOTAL_FORMS": "2", "rows-INITIAL_FORMS": "0",
        "rows-0-amount": "6400.00", "rows-0-due_on": "2026-11-10", "rows-0-payee": "张三",
        "rows-1-amount": "6400.00", "rows-1-due_on": "2026-11-25", "rows-1-payee": "张三",
        field: value,
    }  # fmt: skip
    response = post(client, reverse("performance:schedule", args=[case.pk]), data)
    assert_escaped(response)
    instalments = Instalment.objects.filter(agreement__case=case)
    assert sum(i.amount for i in instalments) == case.agreement.amount_agreed
    if response.status_code != 302:
        assert instalments.count() == 1  # the one the agreement opened, unchanged


@FUZZ
@given(field=st.sampled_from(["paid_on", "amount", "method", "note"]), value=hostile_values)
def test_payment_form(client, agreed, mediator, field, value):
    case = agreed()
    instalment = Instalment.objects.get(agreement__case=case)
    client.force_login(mediator)
    data = {"paid_on": "2026-11-20", "amount": "100.00", "method": "bank", "note": "", field: value}
    response = post(client, reverse("performance:payment", args=[instalment.pk]), data)
    assert_escaped(response)
    payments = Payment.objects.filter(instalment=instalment)
    assert sum(p.amount for p in payments) <= instalment.amount
    assert all(p.amount > 0 and p.paid_on <= date.today() for p in payments)
    if response.status_code != 302:
        assert not payments.exists()


@FUZZ
@given(field=st.sampled_from(["result", "on", "court", "document_number", "note"]),
       value=hostile_values)  # fmt: skip
def test_confirmation_form(client, agreed, mediator, field, value):
    case = agreed()
    client.force_login(mediator)
    data = {"result": "applied", "on": "2026-11-20", "court": "霞山区人民法院",
            "document_number": "", "note": "", field: value}  # fmt: skip
    response = post(client, reverse("performance:confirmation", args=[case.pk]), data)
    assert_escaped(response)
    if response.status_code != 302:
        assert not JudicialConfirmation.objects.filter(agreement__case=case).exists()


@FUZZ
@given(field=st.sampled_from(["received_on", "claims-0-claim", "claims-0-amount",
                              "claims-0-is_final", "claims-TOTAL_FORMS"]),
       value=hostile_values)  # fmt: skip
def test_award_form(client, make_case, mediator, field, value):
    case = make_case()
    Case.objects.filter(pk=case.pk).update(status="award")
    ArbitrationAward.objects.create(case=case, awarded_on=date(2026, 11, 1), document_number="1号")
    client.force_login(mediator)
    data = {"received_on": "2026-11-05", "claims-TOTAL_FORMS": "1", "claims-INITIAL_FORMS": "0",
            "claims-0-claim": "拖欠工资", "claims-0-amount": "8000", "claims-0-is_final": "on",
            field: value}  # fmt: skip
    response = post(client, reverse("performance:award_details", args=[case.pk]), data)
    assert_escaped(response)
    if response.status_code != 302:
        assert not AwardClaim.objects.filter(award__case=case).exists()


@FUZZ
@given(field=st.sampled_from(["knew_on", "job_ended", "job_ended_on"]), value=hostile_values)
def test_limitation_form(client, make_case, mediator, field, value):
    case = make_case()
    client.force_login(mediator)
    data = {"knew_on": "2026-03-01", "job_ended": "on", "job_ended_on": "2026-05-01", field: value}
    response = post(client, reverse("performance:limitation", args=[case.pk]), data)
    assert_escaped(response)
    facts = LimitationFacts.objects.filter(case=case).first()
    if response.status_code != 302:
        assert facts is None
    else:
        assert facts.knew_on <= date.today()


@FUZZ
@given(field=st.sampled_from(["kind", "on", "until", "note"]), value=hostile_values)
def test_limitation_event_form(client, make_case, mediator, field, value):
    case = make_case()
    LimitationFacts.objects.create(case=case, knew_on=date(2026, 3, 1))
    client.force_login(mediator)
    data = {
        "kind": "suspension",
        "on": "2026-04-01",
        "until": "2026-04-11",
        "note": "",
        field: value,
    }
    response = post(client, reverse("performance:limitation_event", args=[case.pk]), data)
    assert_escaped(response)
    events = LimitationEvent.objects.filter(case=case)
    if response.status_code != 302:
        assert not events.exists()
    else:
        assert all(e.until is None or e.until >= e.on for e in events)


@FUZZ
@given(value=hostile_values)
def test_non_payment_form(client, agreed, value):
    case = agreed()
    session = client.session
    session[TRACKED_SESSION_KEY] = case.pk
    session.save()
    response = post(client, reverse("performance:non_payment", args=[case.pk]), {"note": value})
    assert response.status_code == 302
    assert_escaped(client.get(reverse("cases:track_result")))
    assert all(len(r.note) <= 2000 for r in NonPaymentReport.objects.filter(case=case))
