"""Small but well-formed files of every accepted kind (only their first bytes matter)."""

from __future__ import annotations

import io
import zipfile


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _ftyp(brand: bytes, compatible: bytes = b"isom") -> bytes:
    box = b"ftyp" + brand + b"\x00\x00\x02\x00" + compatible
    return (len(box) + 4).to_bytes(4, "big") + box + b"\x00\x00\x00\x08free" + b"\x00" * 32


PADDING = bytes(range(256)) * 4

SAMPLES: dict[str, tuple[str, bytes]] = {
    "jpeg": ("现场照片.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + PADDING),
    "png": ("签名页.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + PADDING),
    "gif": ("示意图.gif", b"GIF89a\x01\x00\x01\x00" + PADDING),
    "webp": ("截图.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + PADDING),
    "heic": ("手机照片.heic", _ftyp(b"heic", b"mif1")),
    "mp3": ("询问录音.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00" + PADDING),
    "m4a": ("录音.m4a", _ftyp(b"M4A ")),
    "wav": ("录音.wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + PADDING),
    "amr": ("电话录音.amr", b"#!AMR\n" + PADDING),
    "mp4": ("执法记录仪.mp4", _ftyp(b"isom", b"mp41")),
    "mov": ("现场视频.mov", _ftyp(b"qt  ", b"qt  ")),
    "pdf": ("处罚决定书.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + PADDING),
    "ofd": ("电子公文.ofd", _zip({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<x/>"})),
    "docx": (
        "听证笔录.docx",
        _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
    ),
    "xlsx": (
        "台账.xlsx",
        _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
    ),
    "pptx": (
        "汇报.pptx",
        _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}),
    ),
    "doc": ("旧版文书.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + PADDING),
    "xls": ("旧版表格.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + PADDING),
    "txt": ("情况说明.txt", "当事人于2024年3月1日到场接受询问。\n".encode()),
}

GBK_TEXT = ("情况说明（GBK）.txt", "当事人对调查结果无异议。\r\n".encode("gbk"))
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + PADDING
PLAIN_ZIP = _zip({"readme.txt": b"hello"})
