"""Reading submitted files: every encoding Chinese offices use, .docx, and what is refused."""

import io

import pytest
from docx import Document

from fazhi.core.textio import MAX_BYTES, UnreadableDocument, decode_document

TRADITIONAL = (
    "第一條 為規範本區校外培訓機構管理，根據有關法律法規，制定本辦法。\n第二條 本辦法適用於本區。"
)
SIMPLIFIED = "第一条 为规范本区校外培训机构管理，根据有关法律法规，制定本办法。\r\n第二条 适用。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16"])
def test_traditional_text_in_each_encoding(encoding):
    assert decode_document(TRADITIONAL.encode(encoding), "文件.txt") == TRADITIONAL


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_simplified_text_with_windows_line_ends(encoding):
    text = decode_document(SIMPLIFIED.encode(encoding), "文件.TXT")
    assert text == SIMPLIFIED.replace("\r\n", "\n")


def test_docx_paragraphs_and_tables_in_order():
    document = Document()
    document.add_paragraph("第一条 总则。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "项目"
    table.rows[0].cells[1].text = "标准"
    document.add_paragraph("第二条 附则。")
    buffer = io.BytesIO()
    document.save(buffer)
    assert (
        decode_document(buffer.getvalue(), "草案.docx")
        == "第一条 总则。\n项目\t标准\n第二条 附则。"
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"PK\x03\x04broken", "草案.docx", "不是有效的 .docx"),
        (b"%PDF-1.7", "草案.pdf", "只接受 .txt 或 .docx"),
        (b"\x00\x01\x02\xff" * 10, "草案.txt", "不是可识别的文本文件"),
        (b"a" * (MAX_BYTES + 1), "大.txt", "超过"),
    ],
)
def test_unreadable_files_are_refused_in_chinese(data, name, message):
    with pytest.raises(UnreadableDocument, match=message):
        decode_document(data, name)
