"""The task-force roster as a Word document that reads like the plan's appendix: its
title, the sentence that sets the group up, each role with its members' names and
titles as the roster has them, and the office with its director.

Laid out as a government document (GB/T 9704): A4, 仿宋 body in size 3 (16 pt), the title
in 小标宋 size 2 (22 pt). Each role's label stands before its first member; the names
and the titles line up in two columns by tab stops, wrapped titles under their title.
"""

import io
from datetime import date

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from zhanjiang_union.localnames import local_name
from zhanjiang_union.punctuation import mark
from zhanjiang_union.wordfiles import font_set as _set_font
from zhanjiang_union.wordfiles import xml_safe as _xml_safe

from .models import RosterMember
from .templatetags.roster import roster_name

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

BODY_FONT, TITLE_FONT, LABEL_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体"
BODY_POINTS = 16
BODY_SIZE, TITLE_SIZE = Pt(BODY_POINTS), Pt(22)
# Room for the longest label (第一副组长：, six characters), then for a name of up to
# four characters and a gap.
LABEL_COLUMN = Pt(BODY_POINTS * 6)
TITLE_COLUMN = Pt(BODY_POINTS * 10.5)
TWO_CHARACTERS = Pt(BODY_POINTS * 2)


def _paragraph(document, text: str = "", *, font=BODY_FONT, size=BODY_SIZE):
    paragraph = document.add_paragraph()
    if text:
        _set_font(paragraph.add_run(_xml_safe(text)), font, size)
    return paragraph


def roster_filename(*, today: date) -> str:
    return f"task-force-roster-{today:%Y%m%d}.docx"


def roster_document(
    *,
    groups: list[tuple[str, list[RosterMember]]],
    office_director: RosterMember | None,
) -> bytes:
    """The .docx file, from `selectors.roster_by_group_role()` and
    `selectors.roster_office_director()`."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _set_font(document.styles["Normal"], BODY_FONT, BODY_SIZE)
    title = _("Task force of the Zhanjiang FTU’s “Year of Business-Environment Improvement”")
    document.core_properties.title = _xml_safe(title)

    _paragraph(document, _("Annex:"), font=LABEL_FONT)
    heading = _paragraph(document, title, font=TITLE_FONT, size=TITLE_SIZE)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.runs[0].bold = True
    introduction = _paragraph(
        document,
        _(
            "To carry out the municipal Party committee’s and government’s arrangements for "
            "the “Year of Business-Environment Improvement” and for a better business "
            "environment, and to take the improvement work deeper, the Zhanjiang FTU sets up "
            "the task force of its “Year of Business-Environment Improvement”, with its "
            "duties, as follows:"
        ),
    )
    introduction.paragraph_format.first_line_indent = TWO_CHARACTERS

    for role_label, members in groups:
        for index, member in enumerate(members):
            label = f"{role_label}{mark('colon').strip()}" if index == 0 else ""
            title = local_name(member, "title")
            line = _paragraph(document, f"{label}\t{roster_name(member.name)}\t{title}")
            layout = line.paragraph_format
            layout.left_indent = TITLE_COLUMN
            layout.first_line_indent = -TITLE_COLUMN
            layout.tab_stops.add_tab_stop(LABEL_COLUMN)
            layout.tab_stops.add_tab_stop(TITLE_COLUMN)

    if office_director is not None:
        office = _paragraph(
            document,
            _(
                "The task force has an office; %(name)s is concurrently its director and "
                "runs the task force’s daily work."
            )
            % {"name": office_director.name},
        )
        office.paragraph_format.first_line_indent = TWO_CHARACTERS
        office.paragraph_format.space_before = BODY_SIZE

    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
