import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from cases.uploads import (
    MAX_EVIDENCE_BYTES,
    MAX_EVIDENCE_FILES,
    MultipleEvidenceField,
    MultipleFileInput,
    safe_evidence_name,
    sniff_evidence_type,
    validate_evidence_file,
    validate_evidence_files,
)

# Small but real file beginnings: what a scanner, a phone camera and Word actually write.
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = make_zip(
    {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
        "word/document.xml": b'<?xml version="1.0"?><w:document><w:body/></w:document>',
    }
)
# A spreadsheet is a ZIP too, with the same signature as a .docx.
XLSX = make_zip(
    {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"},
)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(uploaded: SimpleUploadedFile) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_evidence_file(uploaded)
    return caught.value


# --- Sniffing -------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, kind",
    [
        (PDF, "pdf"),
        (JPEG, "jpeg"),
        (PNG, "png"),
        (DOC, "doc"),
        (DOCX, "docx"),
        (XLSX, None),
        (b"PK\x03\x04 this is not really a zip file", None),
        (DOCX[: len(DOCX) // 2], None),  # a .docx cut off mid-upload
        (EXE, None),
        (b"GIF89a\x01\x00\x01\x00", None),
        (b"%PD", None),
        (b"", None),
    ],
)
def test_sniff_decides_by_content(content, kind):
    assert sniff_evidence_type(io.BytesIO(content)) == kind


@pytest.mark.parametrize("content", [PDF, DOCX, XLSX, EXE])
def test_sniff_puts_the_read_position_back(content):
    uploaded = upload("x.bin", content)
    uploaded.seek(3)
    sniff_evidence_type(uploaded)
    assert uploaded.tell() == 3
    # The file can still be saved whole after sniffing.
    uploaded.seek(0)
    assert uploaded.read() == content


# --- One file -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("劳动合同.pdf", PDF, "pdf"),
        ("工资条.JPG", JPEG, "jpeg"),
        ("photo.jpeg", JPEG, "jpeg"),
        ("考勤截图.png", PNG, "png"),
        ("辞退通知.doc", DOC, "doc"),
        ("仲裁申请书.docx", DOCX, "docx"),
        # Phones and WeChat save PNGs as .jpg and WPS saves .docx as .doc; still evidence.
        ("微信截图.jpg", PNG, "png"),
        ("scan.png", JPEG, "jpeg"),
        ("old-format.doc", DOCX, "docx"),
    ],
)
def test_evidence_files_are_accepted(name, content, kind):
    assert validate_evidence_file(upload(name, content)) == kind


@pytest.mark.parametrize(
    "name, content",
    [
        ("合同.pdf", EXE),  # a program renamed to look like a PDF
        ("合同.exe", EXE),
        ("表格.docx", XLSX),  # a ZIP without word/document.xml
        ("archive.zip", XLSX),
        ("broken.docx", b"PK\x03\x04 not a zip"),
        ("image.gif", b"GIF89a\x01\x00\x01\x00"),
        ("notes.txt", "工资被拖欠三个月".encode()),
    ],
)
def test_files_that_are_not_pdf_images_or_word_are_refused(name, content):
    error = refusal(upload(name, content))
    assert error.code == "invalid_type"
    assert name in error.messages[0]


@pytest.mark.parametrize(
    "name, content",
    [
        ("合同.pdf", PNG),  # a PNG named .pdf
        ("合同.png", PDF),
        ("合同.docx", PDF),
        ("照片.pdf", JPEG),
        ("合同.jpg", DOCX),
        ("合同.exe", PDF),
        ("合同", PDF),  # no extension at all
    ],
)
def test_a_name_that_does_not_match_the_content_is_refused(name, content):
    error = refusal(upload(name, content))
    assert error.code == "extension_mismatch"
    assert name in error.messages[0]


def test_an_empty_file_is_refused():
    error = refusal(upload("空白.pdf", b""))
    assert error.code == "empty"
    assert "空白.pdf" in error.messages[0]


def test_a_file_over_10_mb_is_refused():
    error = refusal(upload("big.pdf", PDF + b"\x00" * (11 * 1024 * 1024)))
    assert error.code == "too_large"
    assert "big.pdf" in error.messages[0]
    assert "10" in error.messages[0]


def test_a_file_of_exactly_10_mb_is_accepted():
    content = PDF + b"\x00" * (MAX_EVIDENCE_BYTES - len(PDF))
    assert validate_evidence_file(upload("exactly.pdf", content)) == "pdf"
    assert MAX_EVIDENCE_BYTES == 10 * 1024 * 1024


def test_control_characters_are_dropped_from_the_name_in_the_message():
    error = refusal(upload("证据\x00\u202e.pdf", EXE))
    assert "证据.pdf" in error.messages[0]
    assert "\x00" not in error.messages[0]


# --- Several files ----------------------------------------------------------------


def test_up_to_ten_files_are_accepted():
    files = [upload(f"证据{i}.pdf", PDF) for i in range(MAX_EVIDENCE_FILES)]
    assert validate_evidence_files(files) == ["pdf"] * MAX_EVIDENCE_FILES


def test_eleven_files_are_refused():
    files = [upload(f"证据{i}.pdf", PDF) for i in range(11)]
    with pytest.raises(ValidationError) as caught:
        validate_evidence_files(files)
    assert [e.code for e in caught.value.error_list] == ["too_many_files"]
    assert "10" in caught.value.messages[0]
    assert "11" in caught.value.messages[0]


def test_every_problem_is_reported_at_once():
    files = [upload(f"ok{i}.pdf", PDF) for i in range(9)] + [
        upload("程序.pdf", EXE),
        upload("截图.pdf", PNG),
        upload("空.docx", b""),
    ]
    with pytest.raises(ValidationError) as caught:
        validate_evidence_files(files)
    codes = [e.code for e in caught.value.error_list]
    assert codes == ["too_many_files", "invalid_type", "extension_mismatch", "empty"]
    messages = caught.value.messages
    assert "程序.pdf" in messages[1]
    assert "截图.pdf" in messages[2]
    assert "空.docx" in messages[3]


def test_no_files_is_not_an_error_for_the_validator():
    assert validate_evidence_files([]) == []


# --- Display names ----------------------------------------------------------------


@pytest.mark.parametrize(
    "original, kind, safe",
    [
        ("../../etc/passwd.pdf", "pdf", "passwd.pdf"),
        ("C:\\Users\\张三\\Desktop\\工资条.jpg", "jpeg", "工资条.jpg"),
        ("证据\x00<script>.pdf", "pdf", "证据script.pdf"),
        ("证据\u202efdp.exe", "pdf", "证据fdp.exe.pdf"),  # right-to-left override dropped
        ("劳动合同（第2版）.PDF", "pdf", "劳动合同(第2版).pdf"),  # full-width brackets
        ("photo.JPEG", "jpeg", "photo.jpeg"),
        ("微信截图.jpg", "png", "微信截图.png"),  # extension forced to the content
        ("仲裁申请.doc", "docx", "仲裁申请.docx"),
        ("report.v2", "pdf", "report.v2.pdf"),  # an unknown suffix is part of the name
        ("2024.03.05 考勤", "png", "2024.03.05 考勤.png"),
        ("a  b\t c.pdf", "pdf", "a b c.pdf"),
        (".bashrc", "pdf", "bashrc.pdf"),
        ("...pdf", "pdf", "evidence.pdf"),
        ("", "pdf", "evidence.pdf"),
        ("<>|*?.png", "png", "evidence.png"),
        ("../", "doc", "evidence.doc"),
        ("\x00\x01\x02", "docx", "evidence.docx"),
    ],
)
def test_safe_evidence_name(original, kind, safe):
    assert safe_evidence_name(original, kind) == safe


def test_safe_evidence_name_is_at_most_100_characters_and_keeps_the_extension():
    name = safe_evidence_name("证" * 300 + ".docx", "docx")
    assert len(name) == 100
    assert name == "证" * 95 + ".docx"


# --- Form field -------------------------------------------------------------------


class ComplaintForm(forms.Form):
    evidence = MultipleEvidenceField()


class OptionalEvidenceForm(forms.Form):
    evidence = MultipleEvidenceField(required=False)


def bound(form_class, *files: SimpleUploadedFile) -> forms.Form:
    return form_class(data={}, files=MultiValueDict({"evidence": list(files)}))


def test_the_field_accepts_several_files_and_cleans_to_a_list():
    form = bound(ComplaintForm, upload("合同.pdf", PDF), upload("截图.png", PNG))
    assert form.is_valid(), form.errors
    assert [f.name for f in form.cleaned_data["evidence"]] == ["合同.pdf", "截图.png"]


def test_the_field_shows_every_refused_file():
    form = bound(
        ComplaintForm, upload("合同.pdf", PDF), upload("病毒.pdf", EXE), upload("空.png", b"")
    )
    assert not form.is_valid()
    errors = form.errors["evidence"]
    assert len(errors) == 2
    assert "病毒.pdf" in errors[0]
    assert "空.png" in errors[1]


def test_the_field_refuses_eleven_files():
    form = bound(ComplaintForm, *[upload(f"{i}.pdf", PDF) for i in range(11)])
    assert not form.is_valid()
    assert form.has_error("evidence", "too_many_files")


def test_a_required_field_refuses_no_files():
    form = bound(ComplaintForm)
    assert not form.is_valid()
    assert form.has_error("evidence", "required")


def test_an_optional_field_allows_no_files():
    form = bound(OptionalEvidenceForm)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["evidence"] == []


def test_the_widget_lets_the_browser_pick_several_evidence_files():
    html = str(ComplaintForm()["evidence"])
    assert 'type="file"' in html
    assert "multiple" in html
    assert 'accept=".pdf,.jpg,.jpeg,.png,.doc,.docx"' in html
    assert isinstance(ComplaintForm().fields["evidence"].widget, MultipleFileInput)


def test_a_widget_given_its_own_accept_keeps_it():
    field = MultipleEvidenceField(widget=MultipleFileInput(attrs={"accept": ".pdf"}))
    assert field.widget.attrs["accept"] == ".pdf"
