"""A mediator merges every open complaint against one employer into a collective case,
reads its roll, records a representative and splits a complaint back out."""

import re

import pytest
from playwright.sync_api import expect

from . import shoot, zh
from .test_field_ready import axe_violations, fits

pytestmark = pytest.mark.e2e


def test_mediator_merges_a_mass_dispute_and_works_its_roll(
    new_context, login, make_user, make_case
):
    from cases.models import Case
    from cases.tests.test_collective import complaints_like

    target = make_case(employer_name="湛江停产电子有限公司")
    complaints_like(target, 36)
    mediator = make_user("mediator", "rights")

    for phone in (True, False):
        page = new_context(phone=phone).new_page()
        login(page, mediator)
        page.goto(f"/cases/{target.pk}/")
        box = page.get_by_test_id("related-cases")
        expect(box.get_by_test_id("related-summary")).to_contain_text("36")
        assert box.locator('input[name="cases"]').count() == 10
        assert fits(page) and axe_violations(page) == []
        if phone:
            continue  # the phone reads the box; the desktop merges
        page.get_by_role("link", name=re.compile(zh("Merge"))).last.click()
        page.get_by_role("button", name=zh("Show the count")).click()
        expect(page.get_by_test_id("merge-count")).to_contain_text("36")
        assert axe_violations(page) == []
        shoot(page, "collective-merge")
        page.get_by_test_id("merge-confirm").click()
        expect(page.get_by_test_id("roll-totals")).to_contain_text("37")
        assert Case.objects.filter(merged_into=target).count() == 36
        assert axe_violations(page) == []
        page.get_by_role("button", name=zh("Make representative")).first.click()
        expect(
            page.get_by_role("alert").filter(has_text=zh("The representative is recorded."))
        ).to_be_visible()
        page.get_by_role("button", name=zh("Split back out")).first.click()
        expect(
            page.get_by_role("alert").filter(
                has_text=zh("The complaint was split back out and reopened.")
            )
        ).to_be_visible()
        expect(page.get_by_test_id("roll-totals")).to_contain_text("36")
        shoot(page, "collective-roll")
        # Back on the case page: it names the first workers and links the whole roll.
        page.goto(f"/cases/{target.pk}/")
        expect(page.get_by_test_id("collective-roll-link")).to_be_visible()
