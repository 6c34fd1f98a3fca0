"""A case document as a Word file laid out to GB/T 9704-2012 (党政机关公文格式):
A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; the body in 仿宋_GB2312
size 3 (16 pt) 22 lines of 28 characters a page; the title in 小标宋 size 2 (22 pt)
centred; the document number (发文字号) centred above it; the signature and the date
to the right, four characters in from the margin; page numbers "— 1 —" in size 4 宋体,
odd pages right and even pages left.

Where a machine lacks the official fonts, the file names their usual stand-ins in its
font table (仿宋 for 仿宋_GB2312, 宋体 for 小标宋, whose title is bold for that reason),
so Word and WPS substitute those rather than any font at all."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from lxml import etree

from zhanjiang_union.wordfiles import font_set as _set_font
from zhanjiang_union.wordfiles import xml_safe as _xml_safe

from .models import CaseDocument

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

BODY_FONT, TITLE_FONT = "仿宋_GB2312", "方正小标宋简体"
FALLBACKS = {BODY_FONT: "仿宋", TITLE_FONT: "宋体"}
BODY_POINTS = 16
BODY_SIZE, TITLE_SIZE = Pt(BODY_POINTS), Pt(22)
# 22 lines in the 225 mm of text height: a line every 28.95 pt (579 twentieths).
LINE_PITCH_TWIPS = 579
LINE_PITCH = Pt(LINE_PITCH_TWIPS / 20)
# 28 characters in the 156 mm of text width: 15.79 pt a character. Each body run is
# set 0.25 pt tighter than its 16 pt (in twentieths of a point), which Word, WPS and
# LibreOffice all honour alike; a character grid is read differently by each of them.
CHARACTER_SPACING_TWIPS = -5
# What follows <w:spacing> in a run's properties (ECMA-376 §17.3.2.28 order).
_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
                  "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                  "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")  # fmt: skip
PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE = "宋体", Pt(14)
TWO_CHARACTERS = Pt(BODY_POINTS * 2)
FOUR_CHARACTERS = Pt(BODY_POINTS * 4)


def _paragraph(document, text: str = "", *, font=BODY_FONT, size=BODY_SIZE, bold=False):
    paragraph = document.add_paragraph()
    layout = paragraph.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = LINE_PITCH
    layout.space_before = layout.space_after = Pt(0)
    if text:
        run = paragraph.add_run(_xml_safe(text))
        _set_font(run, font, size)
        run.bold = bold
        if size == BODY_SIZE:
            spacing = parse_xml(f'<w:spacing {nsdecls("w")} w:val="{CHARACTER_SPACING_TWIPS}"/>')
            run._r.get_or_add_rPr().insert_element_before(spacing, *_AFTER_SPACING)
    return paragraph


def _font_fallbacks(document) -> None:
    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    fonts = parse_xml(part.blob)
    for name, alternative in FALLBACKS.items():
        fonts.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
            )
        )
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_layout(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = parse_xml(f"<w:docGrid {nsdecls('w')}/>")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    _set_font(document.styles["Normal"], BODY_FONT, BODY_SIZE)


def _page_number(paragraph) -> None:
    """ "— 1 —" in size 4 宋体: a PAGE field between two dashes."""
    for text in ("— ", None, " —"):
        run = paragraph.add_run(text or "")
        _set_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        if text is None:
            for xml in (
                f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
                f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>',
                f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>',
            ):
                run._r.append(parse_xml(xml))


def _page_numbers(document) -> None:
    """Page numbers as GB/T 9704 sets them: odd pages to the right, even pages to the
    left, one character in from the edge of the text."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, alignment, indent in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent"),
    ):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        setattr(paragraph.paragraph_format, indent, Pt(14))
        _page_number(paragraph)


def document_filename(document: CaseDocument) -> str:
    # No name of a person in a file name: it lands in download folders and mail.
    return f"{document.kind}-{document.year}-{document.sequence}.docx"


def document_docx(document: CaseDocument) -> bytes:
    word = Document()
    _page_layout(word)
    _font_fallbacks(word)
    _page_numbers(word)
    word.core_properties.title = _xml_safe(document.title)
    word.core_properties.identifier = _xml_safe(document.number)

    _paragraph(word, document.number).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(word)
    _paragraph(
        word, document.title, font=TITLE_FONT, size=TITLE_SIZE, bold=True
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(word)
    if document.addressee:
        _paragraph(word, document.addressee)
    for text in document.paragraphs:
        paragraph = _paragraph(word, text)
        paragraph.paragraph_format.first_line_indent = TWO_CHARACTERS
        # Left, not justified: an ID number or a credit code cannot break, and
        # justifying the line before it would spread its characters across the width.
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if document.signature_lines:
        _paragraph(word)
        for text in document.signature_lines:
            line = _paragraph(word, text)
            line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            line.paragraph_format.right_indent = FOUR_CHARACTERS

    output = io.BytesIO()
    word.save(output)
    return output.getvalue()
