"""Along the union's grid: a complaint about an employer in 雷州市 lands with 雷州市总工会;
its head hands it down to 客路镇总工会, whose head signs for it; the county's page shows
the township with the case and the register of its mediators."""

import pytest
from playwright.sync_api import expect

from . import VALID_ID, VALID_PHONE, field, label_of, shoot, zh
from .test_field_ready import axe_violations, fits

pytestmark = pytest.mark.e2e


def _grid(make_user):
    from cases import services
    from cases.models import DisputeCategory, District
    from cases.seed import routing_rules_load
    from zhanjiang_union.accounts.roles import Role
    from zhanjiang_union.organisations.models import Organisation
    from zhanjiang_union.organisations.services import mediators_demo_load, organisations_demo_load

    organisations_demo_load()
    routing_rules_load()
    people = {}
    for key, role, code in (
        ("county_head", Role.DEPARTMENT_HEAD, "leizhou"),
        ("kelu_head", Role.DEPARTMENT_HEAD, "leizhou-kelu"),
    ):
        user = make_user(role, username=key)
        user.organisation = Organisation.objects.get(code=code)
        user.save(update_fields=["organisation"])
        people[key] = user
    mediators_demo_load()
    case, _code = services.case_create(
        complainants=[
            services.ComplainantInput(name="王建军", id_number=VALID_ID, phone=VALID_PHONE)
        ],
        employer_name="雷州某某糖业有限公司",
        employer_address="湛江市雷州市某某路1号",
        district=District.objects.get(code="leizhou"),
        industry="C",
        category=DisputeCategory.objects.get(code="pay"),
        facts="2026年9月起工资未按时发放。",
        demand="支付拖欠工资。",
        channel="web",
    )
    return people, case


def test_the_county_hands_a_case_down_and_the_township_signs_for_it(new_context, login, make_user):
    from cases.forms import AcknowledgeForm, HandOnForm

    people, case = _grid(make_user)
    assert case.organisation.name == "雷州市总工会"

    county = new_context().new_page()
    login(county, people["county_head"])
    county.goto(f"/cases/{case.pk}/")
    expect(county.get_by_test_id("case-organisation")).to_have_text("雷州市总工会")
    county.get_by_test_id("case-actions").get_by_role("link", name=zh("Hand down")).click()
    field(county, label_of(HandOnForm, "organisation")).select_option(label="客路镇总工会")
    field(county, label_of(HandOnForm, "reason")).fill("用人单位在客路镇，就近调解。")
    county.get_by_role("button", name=zh("Hand down"), exact=True).click()
    done = zh("The case was passed on; the receiving organisation is asked to sign for it.")
    expect(county.get_by_role("alert").filter(has_text=done)).to_be_visible()
    expect(county.get_by_test_id("case-organisation")).to_have_text("客路镇总工会")
    expect(
        county.get_by_text(zh("Handed down to %(organisation)s", organisation="客路镇总工会"))
    ).to_be_visible()

    township = new_context().new_page()
    login(township, people["kelu_head"])
    township.goto(f"/cases/{case.pk}/")
    township.get_by_role("link", name=zh("Record acknowledgement")).click()
    field(township, label_of(AcknowledgeForm, "acknowledged_by_name")).fill("吴海燕")
    township.get_by_role("button", name=zh("Record the acknowledgement")).click()
    expect(
        township.get_by_text(
            zh("%(organisation)s signed for the case", organisation="客路镇总工会")
        )
    ).to_be_visible()

    # The county's page: the township with its open case, the county's own mediators.
    county.goto("/grid/")  # "Union organisations" in the menu
    expect(county.get_by_role("heading", level=1)).to_contain_text("雷州市总工会")
    below = county.get_by_test_id("organisations-below")
    expect(below.get_by_role("listitem").filter(has_text="客路镇总工会")).to_contain_text("1")
    expect(county.get_by_test_id("mediators")).to_contain_text("律师志愿者")
    assert axe_violations(county) == []
    shoot(county, "grid-county-page")

    phone = new_context(phone=True).new_page()
    login(phone, people["kelu_head"])
    phone.goto("/grid/")
    expect(phone.get_by_test_id("mediators")).to_contain_text("梁文杰")
    assert fits(phone)
    assert axe_violations(phone) == []
    shoot(phone, "grid-township-phone")


def test_the_county_head_reads_the_county_dashboard_and_keeps_the_register(
    new_context, login, make_user
):
    from zhanjiang_union.organisations.forms import MediatorForm
    from zhanjiang_union.organisations.models import Organisation

    people, _case = _grid(make_user)
    county = Organisation.objects.get(code="leizhou")
    office = new_context().new_page()
    login(office, people["county_head"])

    # The dashboard is the county's by default, its townships side by side.
    office.goto("/dashboard/")
    expect(office.get_by_test_id("headline-open")).to_be_visible()
    expect(office.locator("main")).to_contain_text("客路镇总工会")
    assert fits(office)
    assert axe_violations(office) == []
    shoot(office, "dashboard-county")

    # The register: a new mediator with a certificate, then the organisation's page lists them.
    office.goto(f"/grid/{county.pk}/mediators/new/")
    assert axe_violations(office) == []
    # The person's name (姓名), not a certificate's name (名称) in the rows below.
    expect(office.locator("label[for=id_name]")).to_contain_text(label_of(MediatorForm, "name"))
    office.locator("#id_name").fill("陈志明")
    office.locator("#id_kind").select_option(index=1)
    office.get_by_role("button", name=zh("Save")).click()
    expect(office.get_by_test_id("mediators")).to_contain_text("陈志明")

    phone = new_context(phone=True).new_page()
    login(phone, people["county_head"])
    phone.goto("/dashboard/")
    assert fits(phone)
    assert axe_violations(phone) == []
    shoot(phone, "dashboard-county-phone")


def test_a_pending_loan_reads_and_fits_in_both_languages_at_office_and_phone_sizes(
    new_context, login, make_user, live_server
):
    import re

    from cases.models import Case, Secondment
    from zhanjiang_union.accounts.roles import Role
    from zhanjiang_union.organisations.models import Mediator, Organisation

    people, case = _grid(make_user)
    kelu = Organisation.objects.get(code="leizhou-kelu")
    Case.objects.filter(pk=case.pk).update(organisation=Organisation.objects.get(code="zhanjiang"))
    lent = make_user(Role.MEDIATOR, username="lent_mediator")
    lent.organisation = kelu
    lent.save(update_fields=["organisation"])
    Mediator.objects.create(organisation=kelu, name="借调调解员", kind="instructor", user=lent)
    Case.objects.filter(pk=case.pk).update(handler=lent)
    Secondment.objects.create(
        case=case, handler=lent, organisation=kelu, assigned_by=make_user(Role.DEPARTMENT_HEAD)
    )
    for phone in (False, True):
        page = new_context(phone=phone).new_page()
        login(page, people["kelu_head"])
        for language in ("zh-hans", "en"):
            page.context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
            page.goto("/grid/")
            pending = page.get_by_test_id("secondments")
            expect(pending).to_contain_text(case.number)
            pending.locator("summary").click()  # the decline form unfolds
            expect(pending.locator("textarea")).to_be_visible()
            if language == "en":
                assert not re.search(r"[\u4e00-\u9fff]", pending.locator("summary").inner_text())
            assert fits(page)
            # The register's rows, their actions included, without scrolling sideways.
            register = page.get_by_test_id("mediators")
            assert register.evaluate(
                "t => t.parentElement.scrollWidth <= t.parentElement.clientWidth"
            )
            assert axe_violations(page) == []
        shoot(page, "grid-pending-loan-phone" if phone else "grid-pending-loan")
