"""An administrator edits a task-force member on /leadership/ (not the Django admin), with a
reason; the roster shows the new title and its history the change with the reason."""

import re

import pytest
from playwright.sync_api import expect

from . import field, zh, zh_str

pytestmark = pytest.mark.e2e

MEMBER = "朱华雄"
NEW_TITLE = "市总工会主席、党组书记"
REASON = "市总工会党组会议调整分工（2026年11月）"


def test_admin_edits_a_member_with_a_reason_and_the_history_shows_it(page, login, make_user):
    from leadership.forms import RosterMemberForm
    from leadership.models import RosterMember

    admin = make_user("admin", "office")
    login(page, admin, next_url="/leadership/")
    page.get_by_test_id("roster-edit").click()
    expect(page).to_have_url(re.compile(r"/leadership/members/$"))
    row = page.get_by_test_id("roster-member").filter(has_text=MEMBER)
    edit = zh('Edit <span class="visually-hidden">%(name)s</span>', name="NAME")
    edit = re.escape(re.sub(r"<[^>]+>", "", edit)).replace("NAME", r"\s*" + MEMBER)
    row.get_by_role("link", name=re.compile(f"^{edit}$")).click()

    title = field(page, zh_str(RosterMember._meta.get_field("title").verbose_name))
    expect(title).to_have_value(RosterMember.objects.get(name=MEMBER).title)
    title.fill(NEW_TITLE)
    # Saving without a reason is refused, and the new title stays typed.
    page.get_by_role("button", name=zh("Save"), exact=True).click()
    corrections = zh(
        "Please correct the fields marked in red below. Nothing you typed has been lost."
    )
    expect(page.get_by_role("alert").filter(has_text=corrections)).to_be_visible()
    expect(title).to_have_value(NEW_TITLE)
    field(page, zh_str(RosterMemberForm.base_fields["reason"].label)).fill(REASON)
    page.get_by_role("button", name=zh("Save"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/leadership/members/$"))
    expect(
        page.get_by_role("alert").filter(
            has_text=zh("The change is saved and shows in the roster’s history.")
        )
    ).to_be_visible()

    page.goto("/leadership/")
    member = page.get_by_test_id("roster-group").locator("dd > div").filter(has_text=MEMBER)
    expect(member).to_contain_text(NEW_TITLE)
    page.get_by_role("link", name=zh("Changes to the task force")).click()
    change = page.get_by_test_id("roster-change").first  # newest first
    expect(change).to_contain_text(MEMBER)
    expect(change).to_contain_text(str(admin))
    expect(change.get_by_test_id("log-note")).to_contain_text(REASON)
    expect(change.locator("ins")).to_have_text(NEW_TITLE)
