"""The tracking page's forms (more evidence; once closed, the rating and the request to
reopen) stand side by side, never one inside another: each its own <form> with one CSRF
token, and sending the evidence form as the browser would adds the file."""

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import services
from cases.models import Case
from cases.views import TRACKED_SESSION_KEY
from cases.workflow import Outcome, Status
from zhanjiang_union.accounts.roles import Role

pytestmark = pytest.mark.django_db


class Forms(HTMLParser):
    """Each <form> of a page with its attributes and the named inputs inside it, and the
    deepest nesting of forms met."""

    def __init__(self):
        super().__init__()
        self.forms, self.depth, self.deepest = [], 0, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)
            self.forms.append({"attrs": attrs, "inputs": []})
        elif tag in ("input", "textarea", "select") and self.depth and attrs.get("name"):
            self.forms[-1]["inputs"].append(attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self.depth -= 1


def forms_of(response) -> Forms:
    assert response.status_code == 200
    parser = Forms()
    parser.feed(response.content.decode())
    return parser


def track(client, case):
    session = client.session
    session[TRACKED_SESSION_KEY] = case.pk
    session.save()
    return client.get(reverse("cases:track_result"))


def page_forms(parser: Forms) -> list[dict]:
    # The page frame's own small forms (language, larger text) post elsewhere.
    return [form for form in parser.forms if not form["attrs"].get("action")]


def test_the_evidence_form_is_not_nested_and_uploads(client, make_case):
    case = make_case()
    parser = forms_of(track(client, case))
    assert parser.deepest == 1
    [evidence] = [
        form
        for form in page_forms(parser)
        if any(field.get("type") == "file" for field in form["inputs"])
    ]
    assert evidence["attrs"]["enctype"] == "multipart/form-data"
    assert evidence["attrs"]["method"] == "post"
    names = [field["name"] for field in evidence["inputs"]]
    assert names.count("csrfmiddlewaretoken") == 1

    # What the browser sends: that form's own fields, the file among them.
    data = {
        field["name"]: field.get("value", "")
        for field in evidence["inputs"]
        if field.get("type") not in ("file", "submit")
    }
    file_field = next(field["name"] for field in evidence["inputs"] if field.get("type") == "file")
    data[file_field] = [SimpleUploadedFile("工资条.png", b"\x89PNG\r\n\x1a\n" + b"0" * 40)]
    response = client.post(reverse("cases:track_result"), data)
    assert response.status_code == 302
    assert [item.name for item in case.evidence.all()] == ["工资条.png"]


def test_a_closed_cases_rating_and_reopen_forms_stand_apart(client, make_case, role_users):
    case = make_case()
    Case.objects.filter(pk=case.pk).update(status=Status.AGREEMENT)
    case.refresh_from_db()
    services.case_transition(
        case=case,
        action="close",
        actor=role_users[Role.MEDIATOR],
        expected_version=case.version,
        outcome=Outcome.WITHDRAWN,
        note="职工撤回投诉。",
    )
    parser = forms_of(track(client, case))
    assert parser.deepest == 1
    kinds = []
    for form in page_forms(parser):
        names = [field["name"] for field in form["inputs"]]
        assert names.count("csrfmiddlewaretoken") == 1
        kinds += [field.get("value") for field in form["inputs"] if field["name"] == "form"]
    assert sorted(kinds) == ["rating", "reopen"]


@pytest.mark.parametrize("name", ["cases:complaint_new", "cases:track", "cases:sign_in"])
def test_the_public_forms_are_not_nested_either(client, seeded, name):
    parser = forms_of(client.get(reverse(name)))
    assert parser.deepest == 1
    for form in page_forms(parser):
        assert [field["name"] for field in form["inputs"]].count("csrfmiddlewaretoken") <= 1
