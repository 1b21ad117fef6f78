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

LEGACY_ENCODINGS = ("gb18030", "big5")


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
    try:
        return _without_nul(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        pass
    # GB18030 accepts almost any byte string, Big5 text included (as nonsense): when both
    # decode, keep the reading that yields more of the commonest characters of either script.
    readings = []
    for encoding in LEGACY_ENCODINGS:
        try:
            readings.append(_without_nul(data.decode(encoding)))
        except (UnicodeDecodeError, ValueError):
            continue
    if readings:
        return max(readings, key=_common_characters)
    raise UnreadableDocument(
        f"文件“{filename}”不是可识别的文本文件（支持 UTF-8、GB18030、Big5、UTF-16 编码）。"
    )


def _without_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("NUL in text")
    return text


_COMMON = frozenset(
    "的一是不了在人有这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当"
    "使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反"
    "你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展"
    "五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根"
    "論個們這來時為說國會對門開關與從動發實樣經過機後進義無當點還麼現種應頭長問車員見業華區條處"
)


def _common_characters(text: str) -> int:
    return sum(1 for char in text[:20000] if char in _COMMON)


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
