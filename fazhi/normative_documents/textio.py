"""Reading a submitted document as text: .txt in any of the encodings Chinese offices use, or
.docx (body paragraphs and table cells, in document order).

The text returned is what offsets (pre-review flags, parsed clauses) refer to: line breaks are
normalized to "\\n", nothing else is changed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024

TEXT_ENCODINGS = ("utf-8-sig", "gb18030", "big5")


class UnreadableDocument(ValueError):
    """The file is not a readable .txt or .docx (the message says why, in Chinese)."""


def read_text(path: str | Path) -> str:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"无法读取文件“{path.name}”：{exc.strerror or exc}。") from exc
    return decode_document(data, path.name)


def decode_document(data: bytes, filename: str) -> str:
    """The text of an uploaded file, chosen by its extension (.txt, .docx)."""
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(f"文件“{filename}”超过 {MAX_BYTES // 1024 // 1024} MB，不予读取。")
    suffix = Path(filename).suffix.lower()
    if suffix == ".docx":
        text = _docx_text(data, filename)
    elif suffix in (".txt", ".text", ""):
        text = _decode_txt(data, filename)
    else:
        raise UnreadableDocument(f"文件“{filename}”的格式不受支持：只接受 .txt 或 .docx 文件。")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_txt(data: bytes, filename: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in TEXT_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise UnreadableDocument(
        f"文件“{filename}”不是可识别的文本文件（支持 UTF-8、GB18030、Big5、UTF-16 编码）。"
    )


def _docx_text(data: bytes, filename: str) -> str:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableDocument(f"文件“{filename}”不是有效的 .docx 文件。") from exc
    except Exception as exc:  # lxml errors on a corrupt part
        raise UnreadableDocument(f"文件“{filename}”已损坏，无法读取。") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)
