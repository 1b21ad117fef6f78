"""Official documents (公文) as .docx in the national layout (GB/T 9704-2012): A4, margins
37/35/28/26 mm, 三号仿宋 body at a fixed 28.95 pt pitch (22 lines a page), 二号小标宋 titles,
page numbers at the foot. The fonts are named, not embedded (TECHNOTES: python-docx fonts).
Each domain app writes its own documents with this Writer."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .inputs import fmt

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_SIZE = 16  # 三号
TITLE_SIZE = 22  # 二号
LINE = Pt(28.95)  # 22 lines a page


def fonts(run, font: str, size: int, bold: bool = False) -> None:
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


class Writer:
    """A document in the official layout: A4, margins 37/35/28/26 mm, 三号仿宋 body at a
    fixed 28.95 pt line pitch, page numbers at the foot."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.start_type = WD_SECTION.NEW_PAGE
        normal = self.doc.styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = Pt(BODY_SIZE)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
        self._page_numbers(section)

    def _page_numbers(self, section) -> None:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fonts(paragraph.add_run("— "), BODY_FONT, 14)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)
        fonts(paragraph.add_run(" —"), BODY_FONT, 14)

    def paragraph(self, align=None, indent: bool = False):
        paragraph = self.doc.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE
        fmt.space_before = fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = Pt(BODY_SIZE * 2)
        if align is not None:
            paragraph.alignment = align
        return paragraph

    def title(self, issuer: str, title: str, number: str = "") -> None:
        fonts(self.paragraph(WD_ALIGN_PARAGRAPH.CENTER).add_run(issuer), TITLE_FONT, TITLE_SIZE)
        fonts(self.paragraph(WD_ALIGN_PARAGRAPH.CENTER).add_run(title), TITLE_FONT, TITLE_SIZE)
        if number:
            fonts(self.paragraph(WD_ALIGN_PARAGRAPH.RIGHT).add_run(number), BODY_FONT, BODY_SIZE)
        self.paragraph()

    def line(self, text: str, *, indent: bool = True, align=None) -> None:
        fonts(self.paragraph(align, indent).add_run(text), BODY_FONT, BODY_SIZE)

    def labelled(self, label: str, text: str) -> None:
        paragraph = self.paragraph()
        fonts(paragraph.add_run(label), HEADING_FONT, BODY_SIZE)
        fonts(paragraph.add_run(text), BODY_FONT, BODY_SIZE)

    def heading(self, text: str) -> None:
        fonts(self.paragraph(indent=True).add_run(text), HEADING_FONT, BODY_SIZE)

    def lines(self, text: str) -> None:
        for part in (text or "").splitlines():
            if part.strip():
                self.line(part.strip())

    def numbered(self, items: Iterable[str]) -> None:
        for number, item in enumerate(items, 1):
            self.line(f"{chinese_number(number)}、{item}")

    def signature(self, issuer: str, day: date | None, seal: str = "（印章）") -> None:
        self.paragraph()
        right = WD_ALIGN_PARAGRAPH.RIGHT
        self.line(issuer + seal, indent=False, align=right)
        self.line(fmt(day) if day else "　　年　　月　　日", indent=False, align=right)

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
