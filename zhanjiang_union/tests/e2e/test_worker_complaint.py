"""A worker files a complaint on a phone, with evidence, and tracks it."""

import re

import pytest
from playwright.sync_api import expect

from . import BAD_ID, VALID_ID, field, fill_complaint, label_of, shoot, small_png, zh, zh_str

pytestmark = pytest.mark.e2e


def test_worker_files_on_a_phone_with_evidence_then_tracks_the_case(new_context, tmp_path):
    from cases.forms import ComplaintForm, TrackForm
    from cases.models import Case
    from cases.workflow import Stage, Status

    evidence = small_png(tmp_path / "工资条.png")
    page = new_context(phone=True).new_page()
    page.goto("/complaints/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("File a labor-dispute complaint"))
    submit = page.get_by_role("button", name=zh("Submit the complaint"))
    id_field = field(page, label_of(ComplaintForm, "id_number"))
    evidence_field = field(page, label_of(ComplaintForm, "evidence"))

    # First with an ID number whose check digit is wrong.
    typed = fill_complaint(page, id_number=BAD_ID)
    evidence_field.set_input_files(evidence)
    shoot(page, "complaint-form-phone")
    submit.tap()

    expect(page.get_by_test_id("form-errors")).to_be_visible()
    # The error sits with the field, and the field points at it.
    expect(id_field).to_have_attribute("aria-invalid", "true")
    expect(id_field).to_have_accessible_description(re.compile("校验位"))
    expect(page.locator("#div_id_id_number .invalid-feedback")).to_be_visible()
    expect(page.locator("#div_id_id_number .invalid-feedback")).to_contain_text("校验位")
    # Only that field is in error, and everything typed is still there.
    expect(page.locator("[aria-invalid=true]")).to_have_count(1)
    expect(id_field).to_have_value(BAD_ID)
    for name in ("name", "phone", "employer_name", "amount_claimed", "facts", "demand"):
        expect(field(page, label_of(ComplaintForm, name))).to_have_value(typed[name])
    expect(field(page, label_of(ComplaintForm, "district")).locator("option:checked")).to_have_text(
        typed["district"]
    )
    assert Case.objects.count() == 0
    # The page fits the phone: nothing to scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # A browser never keeps a chosen file across a page load: attach it again.
    id_field.fill(VALID_ID)
    evidence_field.set_input_files(evidence)
    submit.tap()

    expect(page).to_have_url(re.compile(r"/complaints/done/$"))
    number = page.get_by_test_id("case-number").inner_text().strip()
    code = page.get_by_test_id("query-code").inner_text().strip()
    assert re.fullmatch(r"湛工维〔\d{4}〕\d{5}号", number), number
    assert re.fullmatch(r"[A-Z2-9]{8}", code), code
    case = Case.objects.get(number=number)
    assert case.complainants.get().id_number == VALID_ID
    assert [(item.name, item.kind) for item in case.evidence.all()] == [("工资条.png", "png")]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "complaint-receipt-phone")

    page.get_by_role("link", name=zh("Track my complaint")).tap()
    expect(page).to_have_url(re.compile(r"/complaints/track/$"))
    field(page, label_of(TrackForm, "number")).fill(number)
    field(page, label_of(TrackForm, "code")).fill(code.lower())  # read off a phone, typed as heard
    page.get_by_role("button", name=zh("Look up")).tap()

    expect(page).to_have_url(re.compile(r"/complaints/track/result/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(number)
    expect(page.get_by_test_id("case-stage")).to_have_text(zh_str(Stage.INTAKE.label))
    expect(page.get_by_test_id("case-status")).to_have_text(zh_str(Status.INTAKE.label))
    timeline = page.get_by_test_id("timeline").get_by_role("listitem")
    expect(timeline.first).to_contain_text(zh("Complaint registered"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "tracking-phone")


def test_the_form_goes_plain_without_a_file_and_as_multipart_with_one(new_context, tmp_path):
    """Without a file chosen the form is sent as a plain form (the server reads it in a tenth
    of the time); with one, as multipart, also after a first sending without."""
    from cases.forms import ComplaintForm
    from cases.models import Case

    page = new_context(phone=True).new_page()
    page.goto("/complaints/new/")
    submit = page.get_by_role("button", name=zh("Submit the complaint"))
    fill_complaint(page, id_number=BAD_ID)
    with page.expect_request(lambda request: request.method == "POST") as sent:
        submit.tap()
    assert sent.value.headers["content-type"] == "application/x-www-form-urlencoded"
    expect(page.get_by_test_id("form-errors")).to_be_visible()

    field(page, label_of(ComplaintForm, "id_number")).fill(VALID_ID)
    field(page, label_of(ComplaintForm, "evidence")).set_input_files(
        small_png(tmp_path / "考勤记录.png")
    )
    with page.expect_request(lambda request: request.method == "POST") as sent:
        submit.tap()
    assert sent.value.headers["content-type"].startswith("multipart/form-data; boundary=")
    expect(page).to_have_url(re.compile(r"/complaints/done/$"))
    case = Case.objects.get()
    assert [item.name for item in case.evidence.all()] == ["考勤记录.png"]
