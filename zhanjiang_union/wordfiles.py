"""What every Word file the portal writes shares: text made safe for XML, and fonts set
for Chinese (Word reads East Asian text's font from its own attribute)."""

import re

from docx.oxml.ns import qn

# Characters XML 1.0 cannot hold: a name typed with one would otherwise make the whole
# download fail.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", str(text))


def font_set(run_or_style, name: str, size) -> None:
    font = run_or_style.font
    font.name = name
    font.size = size
    # East Asian text takes its own font attribute; Word ignores `name` for it.
    run_or_style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
