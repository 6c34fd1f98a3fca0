"""No browser or proxy keeps a page or file of the portal: `Cache-Control: no-store,
private` on every staff page, the case page, evidence downloads, the tracking result."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases import services as case_services
from cases.models import Case
from cases.views import FILED_SESSION_KEY, TRACKED_SESSION_KEY
from zhanjiang_union.accounts.roles import Role
from zhanjiang_union.tests.test_hostile_post_urls import READ_ONLY, ROWS, _read_only_args

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def assert_not_stored(response, what):
    value = response.get("Cache-Control", "")
    assert "no-store" in value and "private" in value, f"{what}: {value!r}"


def test_every_staff_page_is_not_stored(world):
    users, objects = world
    seen = 0
    for name in sorted(set(ROWS) | READ_ONLY):
        who, args, _fields = ROWS.get(name, (Role.ADMIN, None, None))
        if args is None:
            args = _read_only_args(name, objects)
        else:
            args = [objects.get(arg, arg) for arg in args]
        client = Client()
        for user in {users[who or Role.ADMIN], users[Role.ADMIN]}:
            client.force_login(user)
            response = client.get(reverse(name, args=args))
            if response.status_code == 200:
                seen += 1
                assert_not_stored(response, name)
    assert seen > 40  # the pages were really opened, not refused


def test_evidence_downloads_and_the_workers_pages_are_not_stored(
    client, complaint_data, role_users
):
    data = {**complaint_data, "evidence": [SimpleUploadedFile("工资条.png", PNG, "image/png")]}
    client.post(reverse("cases:complaint_new"), data)
    assert FILED_SESSION_KEY in client.session
    receipt = client.get(reverse("cases:complaint_done"))  # the query code, on screen
    assert receipt.status_code == 200
    assert_not_stored(receipt, "receipt")
    case = Case.objects.get()
    session = client.session
    session[TRACKED_SESSION_KEY] = case.pk
    session.save()
    tracked = client.get(reverse("cases:track_result"))
    assert tracked.status_code == 200
    assert_not_stored(tracked, "tracking result")
    staff = Client()
    staff.force_login(role_users[Role.MEDIATOR])
    download = staff.get(reverse("cases:evidence", args=[case.evidence.get().pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert_not_stored(download, "evidence")
    case_services.case_transition(
        case=case, action="accept_mediation", actor=role_users[Role.MEDIATOR],
        expected_version=case.version,
    )  # fmt: skip
    page = staff.get(reverse("cases:detail", args=[case.pk]))
    assert complaint_data["id_number"] in page.content.decode()
    assert_not_stored(page, "case page")


def test_static_files_keep_their_cache_lifetime(settings, seeded):
    settings.WHITENOISE_USE_FINDERS = True  # serve from the source folders, as runserver
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/css/portal.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
