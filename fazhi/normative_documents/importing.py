"""Import of documents published before the platform (历史文件), from an .xlsx register (with the
files it names) or from a set of .txt/.docx files whose metadata is read from the text.

Each row goes through `services.document_import` in its own transaction: a bad row is reported
with every reason found and never stops the others. A dry run validates each row the same way
and rolls it back. Used by the workspace upload page and by `fazhi normdocs import`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.models import Person, Unit
from fazhi.core.textio import UnreadableDocument, decode_document

from . import selectors, services
from .models import EndKind, Subject, Version

TEXT_SUFFIXES = (".txt", ".docx")

COLUMNS = {
    "标题": "title",
    "制定机关": "issuer",
    "发文字号": "doc_number",
    "成文日期": "written_on",
    "发布日期": "published_on",
    "施行日期": "effective_on",
    "有效期至": "valid_until",
    "主题分类": "subject",
    "状态": "status",
    "废止日期": "ended_on",
    "文件": "file",
    "正文": "text",
}
DATE_COLUMNS = ("written_on", "published_on", "effective_on", "valid_until", "ended_on")
LABELS = {key: label for label, key in COLUMNS.items()}

STATUSES = {
    "现行有效": "",
    "已废止": EndKind.REPEALED,
    "宣布失效": EndKind.DECLARED_INVALID,
    "已宣布失效": EndKind.DECLARED_INVALID,
    "已失效": "expired",
}
SUBJECTS = {str(label): value for value, label in Subject.choices}


class ImportFileError(ValueError):
    """The register itself cannot be read (the message says why, in Chinese)."""


@dataclass
class Candidate:
    """One row to import: what document_import is given, and what was wrong reading it."""

    number: int
    title: str
    source: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass
class RowResult:
    number: int
    title: str
    source: str
    imported: bool
    reasons: list[str]
    version: Version | None = None

    @property
    def label(self) -> str:
        return "已导入" if self.imported else "跳过"


@dataclass
class ImportReport:
    rows: list[RowResult]
    dry_run: bool = False
    error: str = ""

    @property
    def imported(self) -> int:
        return sum(1 for row in self.rows if row.imported)

    @property
    def skipped(self) -> int:
        return sum(1 for row in self.rows if not row.imported)

    def summary(self) -> str:
        if self.error:
            return self.error
        done = "可导入" if self.dry_run else "已导入"
        return f"共 {len(self.rows)} 行：{done} {self.imported} 行，跳过 {self.skipped} 行。"


# ---- reading ----------------------------------------------------------------------------------


def read_register(data: bytes, name: str = "登记表") -> list[tuple[int, dict[str, Any]]]:
    """The rows of an .xlsx register as (row number, {column key: cell value}), the header row
    being the first row that names 标题. Raises ImportFileError."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ImportFileError(f"“{name}”不是有效的 .xlsx 文件，无法读取。") from exc
    except Exception as exc:  # openpyxl and lxml raise their own errors on a corrupt part
        raise ImportFileError(f"“{name}”已损坏，无法读取。") from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportFileError(f"“{name}”中没有工作表。")
        header: dict[int, str] | None = None
        rows: list[tuple[int, dict[str, Any]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(values)
            if header is None:
                names = {i: str(v).strip() for i, v in enumerate(cells) if v is not None}
                if "标题" in names.values():
                    header = {i: COLUMNS[n] for i, n in names.items() if n in COLUMNS}
                continue
            row = {key: cells[i] for i, key in header.items() if i < len(cells)}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row.values()):
                continue
            rows.append((number, row))
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(f"“{name}”已损坏，无法读取。") from exc
    finally:
        workbook.close()
    if header is None:
        raise ImportFileError(f"“{name}”中没有找到表头（须有“标题”列）。")
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _cell_date(value: Any, label: str, problems: list[str]) -> date | None:
    from fazhi.core.docparse import parse_date

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(value).date()
        except (ValueError, OverflowError, AttributeError):
            pass
    parsed = parse_date(str(value))
    if parsed is None:
        problems.append(f"{label}“{_text(value)}”不是有效日期。")
    return parsed


def _resolve_issuers(names: Iterable[str], default: Unit, problems: list[str]) -> list[Unit]:
    units = []
    for name in names:
        unit = selectors.unit_named(name)
        if unit is None:
            problems.append(f"找不到制定机关“{name}”（须与单位名称或简称一致）。")
        else:
            units.append(unit)
    return units or [default]


def _split_names(value: str) -> list[str]:
    for sep in ("、", "，", ",", ";", "；", "\n"):
        value = value.replace(sep, "|")
    return [part.strip() for part in value.split("|") if part.strip()]


def register_candidates(
    rows: list[tuple[int, dict[str, Any]]],
    *,
    unit: Unit,
    open_file: Callable[[str], str],
) -> list[Candidate]:
    """Turn register rows into candidates; `open_file(name)` returns a named file's text or
    raises UnreadableDocument / FileNotFoundError."""
    candidates = []
    for number, row in rows:
        problems: list[str] = []
        title = _text(row.get("title"))
        dates = {key: _cell_date(row.get(key), LABELS[key], problems) for key in DATE_COLUMNS}
        issuers = _resolve_issuers(_split_names(_text(row.get("issuer"))), unit, problems)
        subject_label = _text(row.get("subject"))
        subject = SUBJECTS.get(
            subject_label, subject_label if subject_label in Subject.values else ""
        )
        if not subject_label:
            problems.append("缺少主题分类。")
        elif not subject:
            problems.append(f"主题分类“{subject_label}”不在分类表中。")
        status = _text(row.get("status")) or "现行有效"
        end_kind = ""
        if status not in STATUSES:
            problems.append(f"状态“{status}”无效，应为现行有效、已废止、宣布失效或已失效。")
        else:
            end_kind = STATUSES[status]
        ended_on = dates["ended_on"]
        if end_kind in (EndKind.REPEALED, EndKind.DECLARED_INVALID):
            if ended_on is None:
                problems.append(f"状态为{status}，须填写废止日期。")
        elif ended_on is not None:
            problems.append(f"填写了废止日期，但状态为{status}。")
        if end_kind == "expired":
            until = dates["valid_until"]
            if until is None or until >= timezone.localdate():
                problems.append("状态为已失效，须填写已届满的有效期至。")
        elif status == "现行有效":
            until = dates["valid_until"]
            if until is not None and until < timezone.localdate():
                problems.append("状态为现行有效，但有效期至已过。")
        text = _text(row.get("text"))
        file_name = _text(row.get("file"))
        if file_name:
            try:
                text = open_file(file_name)
            except FileNotFoundError:
                problems.append(f"找不到文件“{file_name}”。")
            except UnreadableDocument as exc:
                problems.append(str(exc))
        elif not text:
            problems.append("缺少正文（“文件”列或“正文”列）。")
        fields = {
            "issuer": issuers[0],
            "co_issuers": issuers[1:],
            "title": title,
            "text": text,
            "subject": subject,
            "doc_number": _text(row.get("doc_number")),
            "published_on": dates["published_on"],
            "effective_on": dates["effective_on"],
            "written_on": dates["written_on"],
            "valid_until": dates["valid_until"],
        }
        if end_kind in (EndKind.REPEALED, EndKind.DECLARED_INVALID) and ended_on:
            fields.update(
                ended_on=ended_on,
                end_kind=end_kind,
                end_reason=f"历史文件导入：登记表载明{status}。",
            )
        candidates.append(Candidate(number, title, file_name, fields, problems))
    return candidates


def text_candidates(
    files: Iterable[tuple[str, Callable[[], str]]], *, unit: Unit, subject: str = Subject.OTHER
) -> list[Candidate]:
    """One candidate per text file, its metadata read from the text by `parsing.parse_text`."""
    from fazhi.core.docparse import parse_text

    candidates = []
    for number, (name, read) in enumerate(files, start=1):
        problems: list[str] = []
        try:
            text = read()
        except (UnreadableDocument, OSError) as exc:
            candidates.append(Candidate(number, name, name, {}, [str(exc)]))
            continue
        parsed = parse_text(text).as_dict()
        issuers = _resolve_issuers(parsed.get("issuers") or [], unit, problems)
        dates = {
            key: date.fromisoformat(parsed[key]) if parsed.get(key) else None
            for key in ("written_on", "published_on", "effective_on", "valid_until")
        }
        if dates["published_on"] is None and dates["written_on"] is not None:
            dates["published_on"] = dates["written_on"]
        title = parsed.get("title") or ""
        fields = {
            "issuer": issuers[0],
            "co_issuers": issuers[1:],
            "title": title,
            "text": text,
            "subject": subject,
            "doc_number": parsed.get("doc_number") or "",
            **dates,
        }
        candidates.append(Candidate(number, title or name, name, fields, problems))
    return candidates


# ---- importing --------------------------------------------------------------------------------


class _RollBack(Exception):
    pass


def _attempt(
    actor: Person, unit: Unit, fields: dict[str, Any], *, write: bool, request: Any = None
) -> tuple[Version | None, list[str]]:
    try:
        with transaction.atomic():
            version = services.document_import(
                actor=actor, unit=unit, index=write, request=request, **fields
            )
            if not write:
                raise _RollBack
    except _RollBack:
        return None, []
    except ValidationError as exc:
        return None, list(exc.messages)
    except PermissionDenied as exc:
        return None, [str(exc) or "您无权为该单位导入文件。"]
    return version, []


def _redundant(reason: str, reasons: list[str]) -> bool:
    """Whether the service's `reason` repeats one already found reading the row (a date that
    could not be read is then also "missing")."""
    if reason in reasons:
        return True
    if reason.startswith("缺少"):
        return any(label in reason and any(label in r for r in reasons) for label in COLUMNS)
    return False


def import_candidates(
    candidates: list[Candidate],
    *,
    actor: Person,
    unit: Unit,
    dry_run: bool = False,
    request: Any = None,
) -> ImportReport:
    """Import each candidate in its own transaction; a candidate with problems found while
    reading is still checked by the service (rolled back) so that every reason is reported."""
    results = []
    for candidate in candidates:
        reasons = list(candidate.problems)
        version = None
        if candidate.fields:
            write = not dry_run and not reasons
            version, found = _attempt(actor, unit, candidate.fields, write=write, request=request)
            reasons += [reason for reason in found if not _redundant(reason, reasons)]
        ok = not reasons
        results.append(
            RowResult(
                number=candidate.number,
                title=candidate.title,
                source=candidate.source,
                imported=ok,
                reasons=reasons,
                version=version,
            )
        )
    return ImportReport(results, dry_run=dry_run)


def import_uploads(
    *,
    actor: Person,
    unit: Unit,
    register=None,
    files: Iterable = (),
    dry_run: bool = False,
    request: Any = None,
) -> ImportReport:
    """The workspace upload: a register with the files it names, or just text files."""
    files = list(files)
    if register is not None:
        try:
            rows = read_register(register.read(), register.name)
        except ImportFileError as exc:
            return ImportReport([], dry_run=dry_run, error=str(exc))
        by_name = {Path(f.name).name: f for f in files}

        def open_file(name: str) -> str:
            upload = by_name.get(Path(name).name)
            if upload is None:
                raise FileNotFoundError(name)
            upload.seek(0)
            return decode_document(upload.read(), upload.name)

        candidates = register_candidates(rows, unit=unit, open_file=open_file)
    else:
        candidates = text_candidates(
            [(f.name, _upload_reader(f)) for f in files if _is_text_name(f.name)], unit=unit
        )
        others = [f.name for f in files if not _is_text_name(f.name)]
        for name in others:
            candidates.append(
                Candidate(len(candidates) + 1, name, name, {}, ["只接受 .txt 或 .docx 文件。"])
            )
    return import_candidates(candidates, actor=actor, unit=unit, dry_run=dry_run, request=request)


def _upload_reader(upload) -> Callable[[], str]:
    def read() -> str:
        upload.seek(0)
        return decode_document(upload.read(), upload.name)

    return read


def _is_text_name(name: str) -> bool:
    return Path(name).suffix.lower() in TEXT_SUFFIXES


def import_path(path: Path, *, actor: Person, unit: Unit, dry_run: bool = False) -> ImportReport:
    """Import a folder of .txt/.docx files, or an .xlsx register (files in its folder)."""
    from fazhi.core.textio import read_text

    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and _is_text_name(p.name))
        candidates = text_candidates(
            [(p.name, (lambda p=p: read_text(p))) for p in files], unit=unit
        )
    elif path.suffix.lower() == ".xlsx":
        rows = read_register(path.read_bytes(), path.name)
        folder = path.parent

        def open_file(name: str) -> str:
            target = folder / name
            if not target.is_file():
                raise FileNotFoundError(name)
            return read_text(target)

        candidates = register_candidates(rows, unit=unit, open_file=open_file)
    else:
        raise ImportFileError(f"“{path.name}”既不是文件夹，也不是 .xlsx 登记表。")
    return import_candidates(candidates, actor=actor, unit=unit, dry_run=dry_run)


def import_command(
    command,
    *,
    path: str,
    unit: str,
    username: str | None = None,
    dry_run: bool = False,
    **options: Any,
) -> ImportReport:
    """`fazhi normdocs import PATH --unit 单位 [--as 用户名] [--dry-run]`: one line per row and
    a summary."""
    from django.core.management.base import CommandError

    target = Path(path)
    if not target.exists():
        raise CommandError(f"找不到“{path}”。")
    unit_obj = selectors.unit_named(unit)
    if unit_obj is None:
        raise CommandError(f"找不到单位“{unit}”。")
    actor = selectors.import_person(unit_obj, username)
    if actor is None:
        who = f"用户“{username}”" if username else f"{unit_obj.name}的单位管理员"
        raise CommandError(f"找不到{who}，请用 --as 指定导入人。")
    try:
        report = import_path(target, actor=actor, unit=unit_obj, dry_run=dry_run)
    except ImportFileError as exc:
        raise CommandError(str(exc)) from exc
    for row in report.rows:
        label = ("可导入" if dry_run else "已导入") if row.imported else "跳过"
        where = f"第{row.number}行" if target.suffix.lower() == ".xlsx" else row.source
        line = f"{where} {row.title or '（无标题）'}：{label}"
        if row.reasons:
            line += "：" + "；".join(row.reasons)
        command.stdout.write(line)
    summary = report.summary() + ("（试运行，未写入）" if dry_run else "")
    command.stdout.write(summary)
    return report
