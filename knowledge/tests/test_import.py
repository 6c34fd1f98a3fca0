"""Import of a law from plain text: the made-up sample law in a law's shape, and a
malformed one reported line by line (the command, the service and the admin upload)."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from knowledge.importer import LawImportError, law_import, law_text_parse
from knowledge.models import Article, Division, Law, SearchDocument

HERE = Path(__file__).parent
SAMPLE = (HERE / "sample_law.txt").read_text(encoding="utf-8")
MALFORMED = (HERE / "malformed_law.txt").read_text(encoding="utf-8")


def _import(text=SAMPLE, **overrides):
    fields = {
        "text": text,
        "title": "湛江示范劳动保护条例",
        "issuing_body": "湛江市人大常委会（示例）",
        "version_date": date(2026, 1, 1),
    }
    fields.update(overrides)
    return law_import(**fields)


@pytest.mark.django_db
def test_sample_law_splits_into_chapters_sections_articles_and_paragraphs():
    law = _import()
    chapters = list(law.divisions.filter(kind=Division.Kind.CHAPTER).values_list("label", "title"))
    assert chapters == [("第一章", "总则"), ("第二章", "劳动报酬"), ("第三章", "附则")]
    sections = law.divisions.filter(kind=Division.Kind.SECTION)
    assert [(s.label, s.title, s.parent.label) for s in sections] == [
        ("第一节", "工资支付", "第二章"),
        ("第二节", "加班费", "第二章"),
    ]
    articles = list(law.articles.all())
    assert [a.label for a in articles] == ["第一条", "第二条", "第三条", "第四条", "第五条"]
    overtime = law.articles.get(number=4)
    assert overtime.chapter.label == "第二章" and overtime.section.title == "加班费"
    assert len(overtime.paragraphs) == 3
    assert overtime.paragraphs[2].startswith("法定休假日")
    assert law.articles.get(number=1).section is None
    assert "虚构" in law.preamble
    assert law.status == Law.Status.IN_FORCE


@pytest.mark.django_db
def test_imported_articles_are_searchable_and_a_reimport_replaces_the_version():
    law = _import()
    assert SearchDocument.objects.filter(kind="article").count() == 5
    corrected = SAMPLE.replace("本条例自发布之日起施行。", "本条例自2026年1月1日起施行。")
    again = _import(text=corrected)
    assert again.pk == law.pk
    assert Article.objects.filter(law=law).count() == 5
    assert "2026年1月1日" in law.articles.get(number=5).text
    assert SearchDocument.objects.filter(kind="article").count() == 5


def test_malformed_law_is_reported_line_by_line():
    with translation.override("en"):
        parsed = law_text_parse(MALFORMED)
    reported = [(p.line, p.reason) for p in parsed.problems]
    assert [line for line, _reason in reported] == [2, 4, 6, 7, 8]
    reasons = dict(reported)
    assert reasons[2] == "a section outside any chapter"
    assert reasons[4] == "text outside any article"
    assert "三五" in reasons[6] and "not a number" in reasons[6]
    assert reasons[7] == "an article without text"
    assert "expected 第三条" in reasons[8]


@pytest.mark.django_db
def test_a_malformed_law_saves_nothing():
    # The seeded guides are indexed already: nothing may be added to them.
    documents = SearchDocument.objects.count()
    with pytest.raises(LawImportError) as raised:
        _import(text=MALFORMED, title="湛江示范条例")
    assert len(raised.value.problems) == 5
    assert not Law.objects.exists()
    assert SearchDocument.objects.count() == documents


@pytest.mark.django_db
def test_command_imports_and_reports(tmp_path):
    out = StringIO()
    sample = tmp_path / "law.txt"
    sample.write_bytes(SAMPLE.encode("gb18030"))  # older official files come in GB18030
    call_command(
        "import_law",
        str(sample),
        "--title",
        "湛江示范劳动保护条例",
        "--issuing-body",
        "示例",
        "--version-date",
        "2026-01-01",
        stdout=out,
    )
    assert "5 articles" in out.getvalue()
    bad = tmp_path / "bad.txt"
    bad.write_text(MALFORMED, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="5 line"):
        call_command(
            "import_law",
            str(bad),
            "--title",
            "坏",
            "--issuing-body",
            "示例",
            "--version-date",
            "2026-01-01",
            stderr=err,
        )
    assert f"{bad}:6:" in err.getvalue() and "第三五条" in err.getvalue()
    assert not Law.objects.filter(title="坏").exists()


@pytest.mark.django_db
def test_admin_upload(client, role_users):
    admin = role_users["admin"]
    client.force_login(admin)
    url = "/admin/knowledge/law/import/"
    assert client.get("/admin/knowledge/law/").status_code == 200
    form = {
        "title": "坏",
        "issuing_body": "示例",
        "version_date": "2026-01-01",
        "status": "in_force",
    }
    response = client.post(url, {**form, "file": SimpleUploadedFile("bad.txt", MALFORMED.encode())})
    assert response.status_code == 400
    page = response.content.decode()
    assert "第三五条" in page and "5" in page
    assert 'value="坏"' in page  # what was typed is kept
    response = client.post(
        url,
        {
            **form,
            "title": "湛江示范劳动保护条例",
            "file": SimpleUploadedFile("law.txt", SAMPLE.encode()),
        },
    )
    assert response.status_code == 302
    assert Law.objects.get(title="湛江示范劳动保护条例").articles.count() == 5


@pytest.mark.django_db
def test_admin_upload_refused_to_a_mediator(client, role_users):
    client.force_login(role_users["mediator"])
    response = client.get("/admin/knowledge/law/import/")
    assert response.status_code in (302, 403)
    assert not Law.objects.exists()
