"""Checks on the evidence files a complainant attaches to a complaint.

A file's type is decided from its first bytes, not from its name or the browser's Content-Type,
both of which the uploader controls. The name must still agree with the content, so that a file
downloaded later by a mediator opens in the program its name promises.
"""

import os
import unicodedata
import zipfile
from collections.abc import Iterable
from typing import IO, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

__all__ = [
    "EVIDENCE_ACCEPT",
    "MAX_EVIDENCE_BYTES",
    "MAX_EVIDENCE_FILES",
    "MultipleEvidenceField",
    "MultipleFileInput",
    "safe_evidence_name",
    "sniff_evidence_type",
    "validate_evidence_file",
    "validate_evidence_files",
]

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_EVIDENCE_FILES = 10

EVIDENCE_ACCEPT = ".pdf,.jpg,.jpeg,.png,.doc,.docx"

# Sniffed type -> the extensions its name may end in; the first is used when renaming.
EVIDENCE_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "jpeg": (".jpg", ".jpeg"),
    "png": (".png",),
    "doc": (".doc",),
    "docx": (".docx",),
}

# Types a name may be swapped between. Phones and WeChat often save a PNG as .jpg, and WPS a
# .docx as .doc; refusing those would turn away genuine evidence, and safe_evidence_name gives
# the stored copy the right extension anyway. A PDF named .png, say, is refused.
_FAMILIES: dict[str, frozenset[str]] = {
    "pdf": frozenset({"pdf"}),
    "jpeg": frozenset({"jpeg", "png"}),
    "png": frozenset({"jpeg", "png"}),
    "doc": frozenset({"doc", "docx"}),
    "docx": frozenset({"doc", "docx"}),
}

# Format names, not words: they read the same in every language.
_KIND_LABELS = {"pdf": "PDF", "jpeg": "JPG", "png": "PNG", "doc": "Word", "docx": "Word"}

_PDF_MAGIC = b"%PDF-"
_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"

_MAX_NAME_CHARS = 100


def sniff_evidence_type(fileobj: IO[bytes] | File) -> str | None:
    """The type of evidence the content is: "pdf", "jpeg", "png", "doc", "docx", or None.

    The read position is put back where it was, so the caller can still save the file.
    """
    position = fileobj.tell()
    try:
        fileobj.seek(0)
        head = fileobj.read(8)
        if head.startswith(_PDF_MAGIC):
            return "pdf"
        if head.startswith(_JPEG_MAGIC):
            return "jpeg"
        if head.startswith(_PNG_MAGIC):
            return "png"
        if head.startswith(_OLE2_MAGIC):
            return "doc"
        if head.startswith(_ZIP_MAGIC):
            fileobj.seek(0)
            return "docx" if _is_docx(fileobj) else None
        return None
    finally:
        fileobj.seek(position)


def _is_docx(fileobj: IO[bytes] | File) -> bool:
    # Only the central directory is read, nothing is decompressed, so a zip bomb costs nothing.
    # Any ZIP (xlsx, apk, an archive of anything) starts PK\x03\x04; word/document.xml is what
    # makes it a Word document.
    try:
        with zipfile.ZipFile(fileobj) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return False


def _display_name(name: str | None) -> str:
    # The name goes into an error message: drop control characters (a NUL or a right-to-left
    # override could hide the real extension) but otherwise show what the user chose.
    base = _basename(name or "")
    return "".join(ch for ch in base if not unicodedata.category(ch).startswith("C"))


def _basename(name: str) -> str:
    # Browsers on Windows have sent full paths with backslashes; os.path would keep them.
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _file_size(uploaded_file: File) -> int:
    size = getattr(uploaded_file, "size", None)
    if size is not None:
        return size
    position = uploaded_file.tell()
    try:
        return uploaded_file.seek(0, os.SEEK_END)
    finally:
        uploaded_file.seek(position)


def validate_evidence_file(uploaded_file: File) -> str:
    """Refuse a file that is empty, over 10 MB, not PDF/JPG/PNG/Word, or misnamed.

    Returns the sniffed type, for safe_evidence_name().
    """
    name = _display_name(getattr(uploaded_file, "name", ""))
    size = _file_size(uploaded_file)
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": name})
    # Checked before reading the content: an oversized file is refused without opening it.
    if size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s MB; each file may be at most %(limit)s MB."),
            code="too_large",
            params={"name": name, "limit": MAX_EVIDENCE_BYTES // (1024 * 1024)},
        )

    sniffed = sniff_evidence_type(uploaded_file)
    if sniffed is None:
        raise ValidationError(
            _("“%(name)s” is not a PDF, JPG, PNG or Word file."),
            code="invalid_type",
            params={"name": name},
        )

    named_as = _type_from_extension(name)
    if named_as is None or named_as not in _FAMILIES[sniffed]:
        raise ValidationError(
            _("The name “%(name)s” does not match its content, which is a %(kind)s file."),
            code="extension_mismatch",
            params={"name": name, "kind": _KIND_LABELS[sniffed]},
        )
    return sniffed


def _split_extension(name: str) -> tuple[str, str]:
    # Unlike os.path.splitext, ".pdf" is an extension with an empty stem, not a hidden file.
    stem, dot, extension = name.rpartition(".")
    return (stem, f".{extension}") if dot else (name, "")


def _type_from_extension(name: str) -> str | None:
    extension = _split_extension(name)[1].lower()
    for kind, extensions in EVIDENCE_EXTENSIONS.items():
        if extension in extensions:
            return kind
    return None


def validate_evidence_files(files: Iterable[File]) -> list[str]:
    """Validate every file and the number of files, reporting all problems at once.

    Returns the sniffed type of each file, in order.
    """
    files = list(files)
    errors: list[ValidationError] = []
    if len(files) > MAX_EVIDENCE_FILES:
        errors.append(
            ValidationError(
                _("You can attach at most %(limit)s files; you chose %(count)s."),
                code="too_many_files",
                params={"limit": MAX_EVIDENCE_FILES, "count": len(files)},
            )
        )
    sniffed: list[str] = []
    for uploaded_file in files:
        try:
            sniffed.append(validate_evidence_file(uploaded_file))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return sniffed


def safe_evidence_name(original_name: str, sniffed_type: str) -> str:
    """A name fit to show and to offer as a download name, ending in the sniffed type's extension.

    Meant for display only: store the file itself under a generated name.
    """
    extensions = EVIDENCE_EXTENSIONS[sniffed_type]
    # NFKC makes full-width （）and digits from Chinese input methods plain ASCII ones.
    name = unicodedata.normalize("NFKC", _basename(original_name or ""))
    kept = "".join(ch for ch in name if _allowed_in_name(ch))
    kept = " ".join(kept.split())

    stem, extension = _split_extension(kept)
    if extension.lower() in extensions:
        extension = extension.lower()
    else:
        # Only a known evidence extension is replaced; anything else after a dot ("v2",
        # "2024.03.05") is part of the name.
        if _type_from_extension(kept) is None:
            stem = kept
        extension = extensions[0]

    # Leading dots would hide the file on Unix; trailing dots and spaces Windows drops silently.
    stem = stem.strip(" .")[: _MAX_NAME_CHARS - len(extension)].rstrip(" .")
    return f"{stem or 'evidence'}{extension}"


def _allowed_in_name(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category.startswith("L") or category == "Nd" or ch in "-_.() "


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _too_many() -> str:
    return gettext("At most %(limit)s files: {count} were chosen. Choose fewer files.") % {
        "limit": MAX_EVIDENCE_FILES
    }


def _too_big() -> str:
    return gettext(
        "“{name}” is larger than %(limit)s MB. Choose a smaller file or a scan at a lower "
        "resolution."
    ) % {"limit": MAX_EVIDENCE_BYTES // (1024 * 1024)}


# Worded when the page renders, in the reader's language ({count} and {name} are the
# browser's to fill).
_too_many_message = lazy(_too_many, str)
_too_big_message = lazy(_too_big, str)


class MultipleEvidenceField(forms.FileField):
    """Several evidence files from one <input type="file" multiple>; cleans to a list of files."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # validate_evidence_files refuses empty files itself, with a message naming the file;
        # FileField's own check would stop at the first one with a message that does not.
        kwargs["allow_empty_file"] = True
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        # A widget passed in with its own accept keeps it.
        if "accept" not in widget.attrs:
            attrs["accept"] = EVIDENCE_ACCEPT
        # The same limits, checked in the browser before anything uploads
        # (static/js/portal.js); the server still checks every file.
        attrs.update(
            {
                "data-max-files": MAX_EVIDENCE_FILES,
                "data-max-bytes": MAX_EVIDENCE_BYTES,
                "data-too-many": _too_many_message(),
                "data-too-big": _too_big_message(),
            }
        )
        return attrs

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single_file_clean = super().clean
        items = list(data) if isinstance(data, (list, tuple)) else [data]
        # The pattern in Django's docs returns [] for an empty list without looking at
        # `required`; a required field must not pass with no files.
        items = [item for item in items if item]
        if not items:
            if initial:
                return list(initial) if isinstance(initial, (list, tuple)) else [initial]
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []

        errors: list[ValidationError] = []
        files: list[Any] = []
        for item in items:
            try:
                cleaned = single_file_clean(item, initial)
            except ValidationError as error:
                errors.append(error)
                continue
            if cleaned:
                files.append(cleaned)
        try:
            validate_evidence_files(files)
        except ValidationError as error:
            errors.append(error)
        if errors:
            raise ValidationError(errors)
        return files
