"""An administrator changes a task-force member's title in the Django admin; the roster page
and its change history show it."""

import re

import pytest
from playwright.sync_api import expect

from . import field, shoot, zh, zh_str

pytestmark = pytest.mark.e2e

MEMBER = "朱华雄"
NEW_TITLE = "市总工会主席、党组书记"


def test_admin_changes_a_title_and_the_roster_and_its_history_show_it(
    page, login, make_user, jobs_at
):
    from leadership.models import RosterMember

    jobs_at()  # beat keeping time, as in production: no late-jobs banner on the pages

    admin = make_user("admin", "office")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    old_title = RosterMember.objects.get(name=MEMBER).title
    assert old_title not in NEW_TITLE

    login(page, admin, next_url="/admin/leadership/rostermember/")
    expect(page).to_have_url(re.compile(r"/admin/leadership/rostermember/$"))
    page.get_by_role("link", name=MEMBER, exact=True).click()
    title = field(page, zh_str(RosterMember._meta.get_field("title").verbose_name))
    expect(title).to_have_value(old_title)
    title.fill(NEW_TITLE)
    page.get_by_role("button", name=zh("Save"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/leadership/rostermember/$"))
    expect(page.locator(".messagelist .success")).to_contain_text(MEMBER)

    page.goto("/leadership/")
    member = page.get_by_test_id("roster-group").locator("dd > div").filter(has_text=MEMBER)
    expect(member).to_have_text(re.compile(rf"^\s*{MEMBER}\s+{re.escape(NEW_TITLE)}\s*$"))
    shoot(page, "roster")

    page.get_by_role("link", name=zh("Changes to the task force")).click()
    expect(page).to_have_url(re.compile(r"/leadership/history/$"))
    change = page.get_by_test_id("roster-change").first  # newest first
    expect(change).to_contain_text(MEMBER)
    expect(change).to_contain_text(str(admin))
    expect(change).to_contain_text(zh("Changed"))
    expect(change.locator("del")).to_have_text(old_title)
    expect(change.locator("ins")).to_have_text(NEW_TITLE)
    shoot(page, "roster-history")
