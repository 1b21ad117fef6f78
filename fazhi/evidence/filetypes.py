"""The kinds of evidence file accepted, recognized by their content and checked against the name.

A file is accepted when its extension names an allowed type and its first bytes (and, for the
zip-based formats, its zip directory) are those of that type. A file without an extension is
accepted when its content is recognized as an allowed type other than plain text. The allowed
types are `settings.FAZHI_EVIDENCE_TYPES` (type codes below; default: all of them).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

HEAD_BYTES = 64 * 1024  # how much of the file's beginning the checks look at


@dataclass(frozen=True)
class FileType:
    code: str
    label: str  # Chinese, shown in messages
    extensions: tuple[str, ...]
    content_type: str
    matches: Callable[[bytes, Path], bool]  # (first bytes, path of the complete file)


def _ftyp_brands(head: bytes) -> set[bytes]:
    """The major and compatible brands of an ISO base media file (MP4, MOV, M4A, HEIC)."""
    if len(head) < 12 or head[4:8] != b"ftyp":
        return set()
    size = int.from_bytes(head[0:4], "big")
    end = min(max(size, 16), len(head))
    brands = {head[8:12]}
    brands.update(head[i : i + 4] for i in range(16, end - 3, 4))
    return brands


def _zip_names(path: Path) -> set[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            return set(archive.namelist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return set()


def _is_zip(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


def _ooxml(folder: str) -> Callable[[bytes, Path], bool]:
    def check(head: bytes, path: Path) -> bool:
        if not _is_zip(head):
            return False
        names = _zip_names(path)
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)

    return check


def _ofd(head: bytes, path: Path) -> bool:
    # GB/T 33190-2016: an OFD package is a zip whose root holds the entry file OFD.xml.
    return _is_zip(head) and "OFD.xml" in _zip_names(path)


_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file (legacy .doc, .xls)
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heif"}
_M4A_BRANDS = {b"M4A ", b"M4B ", b"M4P "}
_MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash"}
_MP4_BRANDS |= {b"MSNV", b"3gp4", b"3gp5", b"3g2a", b"f4v "}


def _mp3(head: bytes, path: Path) -> bool:
    if head.startswith(b"ID3"):
        return True
    # An MPEG audio frame header: 11 sync bits, a valid version, layer III.
    return len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0 and bool(head[1] & 0x06)


def _text(head: bytes, path: Path) -> bool:
    if b"\x00" in head:
        return False
    sample = head[: HEAD_BYTES - 4] if len(head) >= HEAD_BYTES else head
    for encoding in ("utf-8-sig", "gb18030", "utf-16"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            # A multi-byte character may be cut at the end of the sample.
            try:
                text = sample[:-3].decode(encoding) if len(sample) >= HEAD_BYTES - 4 else None
            except UnicodeDecodeError:
                text = None
        if text is not None:
            controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\x1a")
            return controls == 0
    return False


FILE_TYPES: tuple[FileType, ...] = (
    FileType("jpeg", "JPEG 图像", (".jpg", ".jpeg"), "image/jpeg",
             lambda h, p: h.startswith(b"\xff\xd8\xff")),
    FileType("png", "PNG 图像", (".png",), "image/png",
             lambda h, p: h.startswith(b"\x89PNG\r\n\x1a\n")),
    FileType("gif", "GIF 图像", (".gif",), "image/gif",
             lambda h, p: h[:6] in (b"GIF87a", b"GIF89a")),
    FileType("webp", "WebP 图像", (".webp",), "image/webp",
             lambda h, p: h[:4] == b"RIFF" and h[8:12] == b"WEBP"),
    FileType("heic", "HEIC/HEIF 图像", (".heic", ".heif"), "image/heic",
             lambda h, p: bool(_ftyp_brands(h) & _HEIF_BRANDS)),
    FileType("mp3", "MP3 音频", (".mp3",), "audio/mpeg", _mp3),
    FileType("m4a", "M4A 音频", (".m4a",), "audio/mp4",
             lambda h, p: bool(_ftyp_brands(h) & (_M4A_BRANDS | _MP4_BRANDS))),
    FileType("wav", "WAV 音频", (".wav",), "audio/wav",
             lambda h, p: h[:4] == b"RIFF" and h[8:12] == b"WAVE"),
    FileType("amr", "AMR 录音", (".amr",), "audio/amr",
             lambda h, p: h.startswith((b"#!AMR\n", b"#!AMR-WB\n"))),
    FileType("mp4", "MP4 视频", (".mp4",), "video/mp4",
             lambda h, p: bool(_ftyp_brands(h) & _MP4_BRANDS)),
    FileType("mov", "QuickTime 视频", (".mov",), "video/quicktime",
             lambda h, p: b"qt  " in _ftyp_brands(h)
             or h[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip")),
    FileType("pdf", "PDF 文档", (".pdf",), "application/pdf",
             lambda h, p: h.startswith(b"%PDF-")),
    FileType("ofd", "OFD 版式文档", (".ofd",), "application/ofd", _ofd),
    FileType("docx", "Word 文档（.docx）", (".docx",),
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             _ooxml("word/")),
    FileType("xlsx", "Excel 表格（.xlsx）", (".xlsx",),
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             _ooxml("xl/")),
    FileType("pptx", "PowerPoint 演示文稿（.pptx）", (".pptx",),
             "application/vnd.openxmlformats-officedocument.presentationml.presentation",
             _ooxml("ppt/")),
    FileType("doc", "Word 97-2003 文档（.doc）", (".doc",), "application/msword",
             lambda h, p: h.startswith(_CFB)),
    FileType("xls", "Excel 97-2003 表格（.xls）", (".xls",), "application/vnd.ms-excel",
             lambda h, p: h.startswith(_CFB)),
    FileType("txt", "纯文本（.txt）", (".txt",), "text/plain; charset=utf-8", _text),
)  # fmt: skip

TYPES_BY_CODE = {t.code: t for t in FILE_TYPES}
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def allowed_types() -> tuple[FileType, ...]:
    codes = getattr(settings, "FAZHI_EVIDENCE_TYPES", None)
    if codes is None:
        return FILE_TYPES
    return tuple(TYPES_BY_CODE[c] for c in codes if c in TYPES_BY_CODE)


def max_bytes() -> int:
    return int(getattr(settings, "FAZHI_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def describe_allowed() -> str:
    return "、".join(f"{t.label}（{'/'.join(t.extensions)}）" for t in allowed_types())


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB".replace(".0 MiB", " MiB")
    if size >= 1024:
        return f"{size / 1024:.1f} KiB".replace(".0 KiB", " KiB")
    return f"{size} 字节"


class FileTypeRefused(ValueError):
    """The file's name or content is not an allowed type (message in Chinese)."""


def identify(name: str, head: bytes, path: Path) -> FileType:
    """The allowed type of the file at `path` (named `name` by the uploader, starting with
    `head`), or FileTypeRefused saying precisely why not."""
    allowed = allowed_types()
    extension = Path(name).suffix.lower()
    if not head:
        raise FileTypeRefused("文件为空（0 字节），不能作为证据文件保存。")
    if extension:
        by_extension = [t for t in FILE_TYPES if extension in t.extensions]
        if not by_extension:
            raise FileTypeRefused(
                f"不允许上传扩展名为 {extension} 的文件。允许的类型：{describe_allowed()}。"
            )
        kind = by_extension[0]
        if kind not in allowed:
            raise FileTypeRefused(
                f"本系统未开放上传{kind.label}（{extension}）。允许的类型：{describe_allowed()}。"
            )
        if not kind.matches(head, path):
            actual = next(
                (t for t in FILE_TYPES if t.code != "txt" and t.matches(head, path)), None
            )
            found = f"，实际内容是{actual.label}" if actual else ""
            raise FileTypeRefused(
                f"文件“{name}”的内容与扩展名 {extension} 不符：不是有效的{kind.label}{found}。"
                "请上传原始文件，不要修改扩展名。"
            )
        return kind
    for kind in allowed:
        if kind.code != "txt" and kind.matches(head, path):
            return kind
    raise FileTypeRefused(
        f"文件“{name}”没有扩展名，且内容不是允许的类型。允许的类型：{describe_allowed()}。"
    )
