"""Reading a plan (规划、纲要、实施意见、实施方案、工作要点) into tasks, units, targets and dates.

`read_plan(data, filename)` gives the text of an uploaded file (.txt in UTF-8, GB18030, Big5 or
UTF-16, or .docx) or refuses it with a Chinese message (PlanUnreadable). `parse_plan(text)` gives
a JSON-ready dict (the contract is `fazhi plans parse FILE --json`):

- document: title (the notice's, when a notice 印发 the plan), plan_title, issuers, doc_number,
  written_on, published_on, script, and `targets` — the numeric goals of the general
  objective (总体目标、主要目标、工作目标);
- sections: every numbered heading (一、 → （一） → 1. → （1）, 第一部分/第一章), with its
  number as written without brackets ("十四", "9"), the numbers of its ancestors (`path`),
  its heading and its kind: guiding (指导思想、主要原则…), objective (…目标), task, or section;
- tasks: the numbered items that carry work — the leaves of the tree outside the guiding
  sections — with title (the heading, or else the first sentence), text (without the heading and
  without the unit clause), responsible and lead units as written, targets, dated deadlines, the
  due date (the latest of them) and the period (每年…) when the task recurs;
- anomalies: injected spam, page marks, sentences broken at page breaks, characters doubled
  across a break (fazhi.core.docparse finds these), and gaps in the numbering.

The structure and the document's particulars come from fazhi.core.docparse, which works on a
copy of the text of the same length in Simplified script and half-width forms: every pattern
here runs on that copy and every string returned is the same slice of the original, so names
and titles come back as written (Traditional stays Traditional).

Where the plan says how dates and units are read:
- "2022年年底前", "2022年底前", "到2022年", "2022年前", "2022年内" → 2022-12-31 ("2022年前" is read
  as by the end of 2022, as such plans use it); "2023年6月底前" → 2023-06-30; "2023年上半年" →
  06-30; "2023年第三季度" → 09-30; "2023年6月30日前" → that day.
- A unit clause "（此项工作由A、B牵头，C、D各负其责）" gives responsible [A, B, C, D] and
  lead [A, B]; a "牵头单位：…" / "责任单位：…" / "配合单位：…" line (or the same in a trailing
  bracket) gives them by label; where the plan says the unit listed first leads
  (列在首位的为牵头单位), the first responsible unit of a 责任单位 list is its lead.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date

from fazhi.core import docparse
from fazhi.core.docparse import Clause, chinese_number
from fazhi.core.textio import UnreadableDocument, decode_document

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class PlanUnreadable(ValueError):
    """The file or text is not a plan that can be read (the message says why, in Chinese)."""


# ---------------------------------------------------------------------------------------------
# Reading a file

_MAGIC = (
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"BM", "BMP 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
    (b"%PDF", "PDF 文件"),
    (b"\xd0\xcf\x11\xe0", "旧版 Office 文件（.doc/.xls）"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
)


def _max_bytes() -> int:
    from django.conf import settings

    if not settings.configured:
        return DEFAULT_MAX_BYTES
    return getattr(settings, "FAZHI_PLANS_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)


def read_plan(data: bytes, filename: str) -> str:
    """The text of an uploaded plan, or PlanUnreadable saying why it cannot be read."""
    name = filename.rsplit("/", 1)[-1] or "未命名文件"
    if not data or not data.strip():
        raise PlanUnreadable(f"文件“{name}”是空文件，没有可以解析的规划内容。")
    limit = _max_bytes()
    if len(data) > limit:
        raise PlanUnreadable(
            f"文件“{name}”大小 {len(data) / 1024 / 1024:.1f} MB，超过上限 "
            f"{limit / 1024 / 1024:.0f} MB；规划文本一般不超过 1 MB，请只上传规划正文。"
        )
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise PlanUnreadable(
                f"文件“{name}”是{kind}，不是规划文本；请上传 .txt 或 .docx 格式的规划正文。"
            )
    zipped = data.startswith(b"PK\x03\x04")
    text = _read_zip(data, name) if zipped else _read_text(data, name)
    if not text.strip():
        raise PlanUnreadable(f"文件“{name}”中没有文字。")
    return text


def _read_zip(data: bytes, name: str) -> str:
    import io
    import zipfile

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile as exc:
        raise PlanUnreadable(f"文件“{name}”已损坏，无法读取。") from exc
    if "word/document.xml" not in names:
        kind = "电子表格（.xlsx）" if any(n.startswith("xl/") for n in names) else "压缩包"
        raise PlanUnreadable(
            f"文件“{name}”是{kind}，不是规划文本；请上传 .txt 或 .docx 格式的规划正文"
            "（任务分解表请在台账页面用“导入任务分解表”上传）。"
        )
    try:
        return decode_document(data, "plan.docx")
    except UnreadableDocument as exc:
        raise PlanUnreadable(str(exc).replace("plan.docx", name)) from exc


def _read_text(data: bytes, name: str) -> str:
    try:
        text = decode_document(data, "plan.txt")
    except UnreadableDocument as exc:
        raise PlanUnreadable(
            f"文件“{name}”不是可识别的文本文件（支持 UTF-8、GB18030、Big5、UTF-16 编码的 .txt，"
            "以及 .docx）。"
        ) from exc
    if not _looks_like_text(text):
        raise PlanUnreadable(f"文件“{name}”不是文本文件（含有大量不可显示的字符），无法解析。")
    return text


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    readable = sum(
        1
        for char in sample
        if char.isprintable() or char in "\n\r\t\f" or "\u4e00" <= char <= "\u9fff"
    )
    chinese = sum(1 for char in sample if "\u4e00" <= char <= "\u9fff")
    return readable >= 0.97 * len(sample) and chinese >= 0.05 * len(sample)


# ---------------------------------------------------------------------------------------------
# Patterns (on the working copy: Simplified, half-width)

_GUIDING_NAMES = (
    "指导思想|总体思路|基本原则|主要原则|工作原则|总体要求|基本要求|工作要求|重要意义|总体目标|主要目标"
    "|工作目标|发展目标|目标任务|基本目标|总体目标和主要任务"
)
_GUIDING = re.compile(rf"(?:{_GUIDING_NAMES})(?:(?:和|与|及|、)(?:{_GUIDING_NAMES}))*")
_OBJECTIVE = re.compile(r"目标")

_LABELS = {
    "牵头单位": "lead", "牵头部门": "lead", "主责单位": "lead", "主责部门": "lead",
    "责任单位": "responsible", "责任部门": "responsible", "承办单位": "responsible",
    "配合单位": "co", "配合部门": "co", "协办单位": "co", "参与单位": "co",
    "完成时限": "due", "完成时间": "due", "时间节点": "due", "时限要求": "due",
    "完成期限": "due",
}  # fmt: skip
_LABEL_NAMES = "|".join(sorted(_LABELS, key=len, reverse=True))
_LABEL = re.compile(rf"(?P<label>{_LABEL_NAMES})\s*:\s*")
_LABEL_LINE = re.compile(rf"(?:{_LABEL_NAMES})\s*:")
_UNIT_CLAUSE = re.compile(
    rf"\((?P<body>[^()]*(?:牵头|负责|各负其责|配合|{_LABEL_NAMES})[^()]*)\)\s*[。;]?\s*$"
)
_FIRST_LEADS = re.compile(
    r"(?:列|排)(?:在)?(?:首位|第一位|最前)的?(?:单位|部门)?(?:为|是)牵头|牵头(?:单位|部门)(?:列|排)(?:在)?(?:首位|第一位)"
)
_CLAUSE_PREFIX = re.compile(r"^(?:此项工作|此项任务|本项工作|本项任务|该项工作)?(?:由|请)?")
_CLAUSE_SUFFIX = re.compile(
    r"(?:按职责分工|按照职责分工|按职责)?(?:各负其责|分工负责|共同负责|负责落实|具体落实|共同推进|组织实施|配合|参与|负责|落实)$"
)
_ROLE_WORD = re.compile(r"(?:各负其责|配合|参与|协助|协同|负责|落实)\s*$")
_NAME_SPLIT = re.compile(r"[、,;/]")
_UNIT_END = re.compile(
    r"(?:人民政府|政府|办事处|委员会|委|局|厅|办|部|院|会|中心|处|所|站|队|室|组|部门|单位|机关|机构"
    r"|公司|集团|馆|乡镇|镇|乡|街道|分局|支队|大队|社|行|团|联|协会|校|法院|检察院)$"
)

_NUM = r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+"
_UNITS = (
    "%|个百分点|个工作日|工作日|个学时|学时|课时|小时|个月|天|日|周|年|次|期|场|件|项|篇|人次|名|人|家"
    "|所|批|万元|元|倍|个"
)
_QUANTITY = re.compile(rf"(?P<num>{_NUM})\s*(?P<unit>{_UNITS})")
_AT_LEAST = re.compile(
    r"(?:不少于|不低于|不得少于|不应少于|不得低于|不应低于|至少|最少|提高到|提升到|提高至|提升至|增加到|增长到|达到?|实现|保持)"
)
_AT_MOST = re.compile(
    r"(?:不超过|不得超过|不应超过|不多于|不高于|最多|最迟|控制在|压缩至|压缩到|压减至|压减到|缩短至|缩短到|减少到|降低到|降至)"
)
_COUNT_UNITS = frozenset(("次", "期", "场", "个", "项", "件", "篇", "批"))
_BY_WORDS = frozenset(("到", "至", "截至", "截止", "截止到"))
_TIME_UNITS = frozenset(("个工作日", "工作日", "小时", "个月", "天", "日", "周", "年"))
_EXACT_WORDS = re.compile(r"(?:达到?|实现|保持|为)$")
_PERIOD = re.compile(
    r"每(?:隔)?(?:\d+|[一二两三四五六七八九十半]+)?个?(?:年度|年|季度|季|月|周|半年)|任期内|每届"
)
_DATE = re.compile(
    r"(?P<pre>到|至|截至|截止到?|于|在)?"
    r"(?P<y>\d{4}|[〇零一二三四五六七八九]{4})年"
    r"(?:(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月(?:(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})日)?)?"
    r"(?P<part>年底|年末|底|末|上半年|下半年|年中|第?[一二三四1-4]季度)?"
    r"(?P<suf>以前|之前|前|内)?"
)
_SENTENCE_END = re.compile(r"[。;!?]|(?<!\d)\.|\.(?!\d)")  # a half-width full stop, not 1.5
_CLAUSE_END = ",;。!?:"
_CLOSING = re.compile(
    r"本(?:纲要|规划|意见|实施意见|方案|实施方案|计划|工作计划|要点|工作要点|办法)"
    r"(?:精神|要求|各项|确定|提出|的)"
)


# ---------------------------------------------------------------------------------------------
# Text pieces: the working copy and the original, cut and joined alike


@dataclass
class _Text:
    """Equal-length strings: `work` to match on, `orig` to return."""

    work: str = ""
    orig: str = ""

    def add(self, work: str, orig: str) -> None:
        self.work += work
        self.orig += orig

    def cut(self, start: int, end: int) -> _Text:
        return _Text(self.work[start:end], self.orig[start:end])

    def strip(self) -> _Text:
        left = len(self.work) - len(self.work.lstrip())
        right = len(self.work.rstrip())
        return self.cut(left, max(left, right))

    def without(self, start: int, end: int) -> _Text:
        return _Text(self.work[:start] + self.work[end:], self.orig[:start] + self.orig[end:])


@dataclass
class _Units:
    responsible: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    due_text: _Text | None = None


# ---------------------------------------------------------------------------------------------
# Parsing


def parse_plan(text: str) -> dict:
    """The plan's document, sections, tasks and anomalies (see the module docstring)."""
    return _PlanParser(tables_as_items(text)).parse()


# A 任务分解表 inside the text (a .docx table is read as one line per row, cells joined by tabs):
# its header names the columns; each row becomes a numbered item with labelled unit and date
# lines, so that tables and prose go through the same parser. Cells are kept as written.
_COLUMNS = {
    "序号": "number", "编号": "number",
    "任务": "task", "工作任务": "task", "主要任务": "task", "具体任务": "task",
    "重点任务": "task", "任务内容": "task", "工作内容": "task", "工作措施": "task",
    "具体措施": "task", "任务措施": "task", "主要内容": "task",
    "牵头单位": "牵头单位", "牵头部门": "牵头单位", "责任单位": "责任单位",
    "责任部门": "责任单位", "配合单位": "配合单位", "配合部门": "配合单位",
    "完成时限": "完成时限", "完成时间": "完成时限", "时间节点": "完成时限", "时限": "完成时限",
}  # fmt: skip


def tables_as_items(text: str) -> str:
    if "\t" not in text:
        return text
    lines = text.split("\n")
    columns: list[str] | None = None
    out: list[str] = []
    serial = 0
    for line in lines:
        cells = [cell.strip() for cell in line.split("\t")]
        header = [_COLUMNS.get(re.sub(r"\s+", "", docparse.working_copy(c))) for c in cells]
        if (
            len(cells) > 1
            and "task" in header
            and any(h and h not in ("number", "task") for h in header)
        ):
            columns, serial = [h or "" for h in header], 0
            continue
        if columns is None or len(cells) != len(columns):
            columns = None if len(cells) == 1 else columns
            out.append(line)
            continue
        serial += 1
        out.extend(_row_as_item(dict(zip(columns, cells, strict=True)), serial))
    return "\n".join(out)


def _row_as_item(row: dict[str, str], serial: int) -> list[str]:
    number = row.get("number", "").rstrip(".、") or str(serial)
    if not row.get("task"):
        return []
    item = [f"{number}." if number.isdigit() else f"（{number}）", row["task"]]
    lines = ["".join(item)]
    for label in ("牵头单位", "责任单位", "配合单位", "完成时限"):
        if row.get(label):
            lines.append(f"{label}：{row[label]}")
    return lines


class _PlanParser:
    def __init__(self, text: str) -> None:
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.work = docparse.working_copy(self.text)
        self.document = docparse.parse_text(self.text)
        self.clauses = self.document.clauses
        self.newlines = [i for i, char in enumerate(self.text) if char == "\n"]
        self.removed = [
            (a.start, a.end)
            for a in self.document.anomalies
            if a.kind in ("injected", "page_break")
        ]
        self.first_leads = bool(_FIRST_LEADS.search(self.work))

    # -- result -----------------------------------------------------------------------------

    def parse(self) -> dict:
        kinds = self._kinds()
        sections, tasks, doc_targets = [], [], []
        for index, clause in enumerate(self.clauses):
            sections.append(
                {
                    "number": _bare(clause.number),
                    "path": [_bare(number) for number in clause.path],
                    "heading": clause.heading,
                    "kind": kinds[index],
                }
            )
            if kinds[index] == "task":
                tasks.append(self._task(index))
                sections[-1]["heading"] = tasks[-1]["title"]
            elif kinds[index] == "objective":
                body = self._body(index)
                doc_targets += _targets(body)
        if not tasks:
            raise PlanUnreadable(
                "文中没有找到编号的任务（如“一、”“（一）”“1.”开头的条目），不像是规划文本，未导入。"
            )
        document = self.document
        return {
            "document": {
                "title": document.title,
                "plan_title": document.wrapped_title or document.title,
                "issuers": list(document.issuers),
                "doc_number": document.doc_number,
                "written_on": _iso(document.written_on),
                "published_on": _iso(document.published_on),
                "script": self._script(),
                "targets": doc_targets,
            },
            "sections": sections,
            "tasks": tasks,
            "anomalies": self._anomalies(),
        }

    # -- kinds ------------------------------------------------------------------------------

    def _kinds(self) -> list[str]:
        kinds = []
        guiding_depth: int | None = None
        for index, clause in enumerate(self.clauses):
            depth = len(clause.path)
            if guiding_depth is not None and depth <= guiding_depth:
                guiding_depth = None
            heading = docparse.working_copy(clause.heading).strip()
            if guiding_depth is not None:
                kind = "objective" if _OBJECTIVE.search(heading) else "guiding"
            elif heading and _GUIDING.fullmatch(heading):
                guiding_depth = depth
                kind = "objective" if _OBJECTIVE.search(heading) else "guiding"
            elif self._has_children(index):
                kind = "section"
            else:
                kind = "task"
            kinds.append(kind)
        return kinds

    def _has_children(self, index: int) -> bool:
        following = self.clauses[index + 1] if index + 1 < len(self.clauses) else None
        return following is not None and len(following.path) > len(self.clauses[index].path)

    # -- a clause's own text ----------------------------------------------------------------

    def _own_range(self, index: int) -> tuple[int, int]:
        clause = self.clauses[index]
        start = clause.start + len(clause.label)
        end = clause.end
        if index + 1 < len(self.clauses):
            end = min(end, self.clauses[index + 1].start)
        return start, end

    def _body(self, index: int) -> _Text:
        """The clause's text after its marker: lines joined (without a break where a sentence
        runs on to the next line), injected text and page marks left out."""
        start, end = self._own_range(index)
        heading = docparse.working_copy(self.clauses[index].heading).strip()
        body = _Text()
        previous_open = False
        for line_start, line_end in self._lines(start, end):
            new_line = True
            for piece_start, piece_end in self._kept(line_start, line_end):
                work = self.work[piece_start:piece_end]
                if not work.strip():
                    continue
                if body.work and new_line:
                    joined = previous_open and not _LABEL_LINE.match(work.strip())
                    if not joined:
                        body.add("\n", "\n")
                new_line = False
                body.add(work.strip(), self.text[piece_start:piece_end].strip())
                # a heading on its own line ends there, with or without punctuation
                previous_open = _ends_open(work.strip()) and body.work != heading
        return body

    def _lines(self, start: int, end: int):
        position = start
        while position < end:
            stop = self.work.find("\n", position, end)
            stop = end if stop == -1 else stop
            yield position, stop
            position = stop + 1

    def _kept(self, start: int, end: int) -> list[tuple[int, int]]:
        pieces = [(start, end)]
        for cut_start, cut_end in self.removed:
            if cut_end <= start or cut_start >= end:
                continue
            next_pieces = []
            for a, b in pieces:
                if cut_end <= a or cut_start >= b:
                    next_pieces.append((a, b))
                    continue
                if a < cut_start:
                    next_pieces.append((a, cut_start))
                if cut_end < b:
                    next_pieces.append((cut_end, b))
            pieces = next_pieces
        return pieces

    # -- tasks ------------------------------------------------------------------------------

    def _task(self, index: int) -> dict:
        clause = self.clauses[index]
        body = self._body(index)
        if self._is_last_task(index):
            body = _without_closing(body)
        body, units = self._units(body)
        title, text = self._title_and_text(clause, body)
        targets = _targets(body)  # the heading too: "…，2024年年底前实现全覆盖"
        # a 完成时限 line decides the task's time limit; dates in the text stay on the targets
        deadlines = _deadlines(units.due_text, whole=True) if units.due_text else _deadlines(body)
        due = max((d["by"] for d in deadlines if d["by"]), default=None)
        period = _task_period(body.work, units.due_text.work if units.due_text else "")
        return {
            "number": _bare(clause.number),
            "path": [_bare(number) for number in clause.path],
            "section": self._section_heading(clause),
            "title": title,
            "text": text.orig,
            "responsible": units.responsible,
            "lead": units.lead,
            "targets": targets,
            "deadlines": deadlines,
            "due": due,
            "period": period,
            "line": self._line(clause.start),
        }

    def _is_last_task(self, index: int) -> bool:
        return index == len(self.clauses) - 1

    def _section_heading(self, clause: Clause) -> str:
        if not clause.path:
            return ""
        top = next(
            (c for c in self.clauses if not c.path and _bare(c.number) == _bare(clause.path[0])),
            None,
        )
        return f"{_bare(top.number)}、{top.heading}" if top else ""

    def _title_and_text(self, clause: Clause, body: _Text) -> tuple[str, _Text]:
        stop = _SENTENCE_END.search(docparse.working_copy(clause.heading))
        if stop and stop.end() < len(clause.heading):  # "1. 完善审核机制. 2025年…": half-width
            clause = dataclasses.replace(clause, heading=clause.heading[: stop.start()])
        if clause.heading:
            heading = docparse.working_copy(clause.heading)
            rest = body
            if rest.work.startswith(heading):
                rest = rest.cut(len(heading), len(rest.work))
                rest = rest.cut(len(rest.work) - len(rest.work.lstrip("。.:;, \n")), len(rest.work))
            return clause.heading.strip(), rest.strip()
        stop = _SENTENCE_END.search(body.work)
        end = stop.start() if stop else len(body.work)
        title = body.orig[:end].strip()
        if len(title) > 60:
            title = title[:60] + "…"
        return title, body.strip()

    def _units(self, body: _Text) -> tuple[_Text, _Units]:
        """The responsible units, from 牵头单位/责任单位 lines and a trailing unit clause, and the
        text without them."""
        units = _Units()
        kept = _Text()
        for line_work, line_orig in zip(body.work.split("\n"), body.orig.split("\n"), strict=True):
            line = _Text(line_work, line_orig)
            if _LABEL_LINE.match(line_work.strip()):
                self._read_labelled(line.strip(), units)
                continue
            if kept.work:
                kept.add("\n", "\n")
            kept.add(line.work, line.orig)
        match = _UNIT_CLAUSE.search(kept.work)
        if match:
            clause = kept.cut(match.start("body"), match.end("body"))
            if _LABEL.search(clause.work):
                self._read_labelled(clause, units)
            else:
                self._read_clause(clause, units)
            kept = kept.cut(0, match.start()).strip()
        if units.responsible and not units.lead and self.first_leads:
            units.lead = units.responsible[:1]
        return kept, units

    def _read_labelled(self, line: _Text, units: _Units) -> None:
        labels = list(_LABEL.finditer(line.work))
        for position, label in enumerate(labels):
            end = labels[position + 1].start() if position + 1 < len(labels) else len(line.work)
            value = line.cut(label.end(), end).strip()
            value = _trim(value, ";,。 ")
            kind = _LABELS[label["label"]]
            if kind == "due":
                units.due_text = value
                continue
            names = _names(value)
            units.responsible += [n for n in names if n not in units.responsible]
            if kind == "lead":
                units.lead += [n for n in names if n not in units.lead]

    def _read_clause(self, clause: _Text, units: _Units) -> None:
        clause = clause.strip()
        prefix = _CLAUSE_PREFIX.match(clause.work)
        clause = clause.cut(prefix.end() if prefix else 0, len(clause.work))
        lead_at = clause.work.find("牵头")
        if lead_at >= 0:
            leads = _names(clause.cut(0, lead_at))
            rest = clause.cut(lead_at + 2, len(clause.work))
            rest = rest.cut(len(rest.work) - len(rest.work.lstrip(",;、 ")), len(rest.work))
        else:
            leads, rest = [], clause
        suffix = _CLAUSE_SUFFIX.search(rest.work)
        if suffix:
            rest = rest.cut(0, suffix.start())
        others = _names(rest)
        units.lead += leads
        units.responsible += [n for n in leads + others if n not in units.responsible]

    # -- anomalies and particulars ----------------------------------------------------------

    def _anomalies(self) -> list[dict]:
        found = [
            {
                "kind": a.kind,
                "text": a.text,
                "start": a.start,
                "end": a.end,
                "line": self._line(a.start),
                "message": a.message,
            }
            for a in self.document.anomalies
        ]
        found += self._numbering_gaps()
        return sorted(found, key=lambda a: (a["start"], a["kind"]))

    def _numbering_gaps(self) -> list[dict]:
        gaps = []
        previous: dict[str, tuple[int, Clause]] = {}
        for clause in self.clauses:
            value = _value(clause.number)
            if value is None:
                continue
            style = _style(clause.number)
            before = previous.get(style)
            previous[style] = (value, clause)
            if before is None or value == 1 or value == before[0] + 1:
                continue
            if value == before[0]:
                message = f"编号“{clause.label}”与上一条重复。"
            else:
                message = f"编号由“{before[1].label}”跳到“{clause.label}”，中间可能漏了条目。"
            gaps.append(
                {
                    "kind": "numbering",
                    "text": clause.label,
                    "start": clause.start,
                    "end": clause.start + len(clause.label),
                    "line": self._line(clause.start),
                    "message": message,
                }
            )
        return gaps

    def _line(self, offset: int) -> int:
        return bisect.bisect_right(self.newlines, offset - 1) + 1

    def _script(self) -> str:
        converted = docparse.working_copy(self.text[:50000])
        changed = sum(
            1
            for a, b in zip(self.text[:50000], converted, strict=True)
            if a != b and "\u4e00" <= a <= "\u9fff"
        )
        chinese = sum(1 for a in self.text[:50000] if "\u4e00" <= a <= "\u9fff")
        return "traditional" if chinese and changed / chinese > 0.03 else "simplified"


# ---------------------------------------------------------------------------------------------
# Pieces


def _bare(number: str) -> str:
    """A clause number without its brackets: （十四） → 十四."""
    return number.strip("（）()")


def _value(number: str) -> int | None:
    bare = _bare(number)
    if bare.startswith("第"):
        bare = re.sub(r"^第|[章节条部分]+$", "", bare)
    return int(bare) if bare.isdigit() else chinese_number(bare)


def _style(number: str) -> str:
    bare = _bare(number)
    kind = "digit" if bare.isdigit() else "chinese"
    if number.startswith("（"):
        return f"paren-{kind}"
    if number.startswith("第"):
        return "ordinal-" + number[-1]
    return kind


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _ends_open(work: str) -> bool:
    if not work:
        return False
    last = work[-1]
    if last in '”’"':
        return len(work) > 1 and work[-2] not in "。;!?:…"
    return last not in "。;!?:…)】]"


def _trim(text: _Text, chars: str) -> _Text:
    left = len(text.work) - len(text.work.lstrip(chars))
    right = len(text.work.rstrip(chars))
    return text.cut(left, max(left, right))


def _without_closing(body: _Text) -> _Text:
    """The last task without the plan's closing paragraphs (本纲要… 贯彻落实)."""
    lines = body.work.split("\n")
    keep = len(lines)
    while keep > 1 and _CLOSING.search(lines[keep - 1]) and not _DATE.search(lines[keep - 1]):
        keep -= 1
    cut = sum(len(line) + 1 for line in lines[:keep]) - 1
    return body.cut(0, cut)


def _names(value: _Text) -> list[str]:
    """Unit names in a list as written: 1-character pieces (各委、办、局) stay with the name
    before them; a piece that is no unit (地区、街道办事处) stays with the one after it."""
    spans: list[tuple[int, int]] = []
    position = 0
    for match in [*_NAME_SPLIT.finditer(value.work), None]:
        end = match.start() if match else len(value.work)
        piece = value.work[position:end]
        left = position + len(piece) - len(piece.lstrip(" 和及"))
        right = position + len(piece.rstrip(" "))
        role = _ROLE_WORD.search(value.work, left, right)
        if role and role.start() > left:  # 区法院配合
            right = role.start()
        if right > left:
            spans.append((left, right))
        position = match.end() if match else end
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for start, end in spans:
        piece = value.work[start:end]
        if pending is not None:
            start, pending = pending, None
        if len(piece) == 1 and merged:
            merged[-1] = (merged[-1][0], end)
            continue
        if not _UNIT_END.search(piece) and len(piece) <= 4:
            pending = start
            continue
        merged.append((start, end))
    if pending is not None:
        merged.append((pending, spans[-1][1]))
    return [value.orig[start:end] for start, end in merged]


def _number_value(numeral: str) -> float | int | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", numeral):
        number = float(numeral)
        return int(number) if number.is_integer() else number
    return chinese_number(numeral)


def _sentences(work: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(work):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(work):
        spans.append((start, len(work)))
    return spans


def _clause_bounds(work: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    while start > lo and work[start - 1] not in _CLAUSE_END and work[start - 1] != "\n":
        start -= 1
    while end < hi and work[end] not in _CLAUSE_END and work[end] != "\n":
        end += 1
    return start, end


def _in_short_quote(work: str, position: int) -> bool:
    opening = work.rfind("“", max(0, position - 8), position)
    if opening == -1:
        return False
    closing = work.find("”", position)
    return closing != -1 and closing - opening <= 12


def _targets(text: _Text) -> list[dict]:
    work = text.work
    found = []
    for lo, hi in _sentences(work):
        sentence = work[lo:hi]
        periods = [(m.start() + lo, m.end() + lo, m[0]) for m in _PERIOD.finditer(sentence)]
        period_starts = [p[0] for p in periods]
        dates = [(m.start() + lo, d) for m in _DATE.finditer(sentence) if (d := _date_of(m))]
        previous_end = lo
        for match in _QUANTITY.finditer(sentence):
            start, end = match.start() + lo, match.end() + lo
            at = bisect.bisect_right(period_starts, start) - 1
            period = periods[at] if at >= 0 else None  # the last 每年… before the figure
            target = _target(work, match, start, end, previous_end, period)
            if target is None:
                continue
            previous_end = end
            clause_start, clause_end = _clause_bounds(work, start, end, lo, hi)
            target["text"] = text.orig[clause_start:clause_end].strip().rstrip(".")
            target["by"] = _date_for(dates, start, clause_start, clause_end)
            found.append(target)
    return found


def _target(work, match, start, end, previous_end, last_period) -> dict | None:
    numeral, unit = match["num"], match["unit"]
    if unit == "年" and len(numeral) == 4:
        return None  # a year
    if start > 0 and work[start - 1] in "第月-—~/.上下同本近去今明":
        return None  # an ordinal, a date, a range's end, 上一年度
    if work[end : end + 1] == "度":
        return None  # 一年度
    if last_period and last_period[0] <= start < last_period[1]:
        return None  # the 2 of 每隔2年
    if numeral in ("十", "百", "千", "万"):
        return None  # 千家万户, 十分
    if _in_short_quote(work, start):
        return None  # “两个维护”, “四个意识”
    value = _number_value(numeral)
    if value is None:
        return None
    after = work[end : end + 3]
    clause_start = max(previous_end, start - 12)
    for stop in _CLAUSE_END + "\n":
        cut = work.rfind(stop, clause_start, start)
        if cut != -1:
            clause_start = cut + 1
    before = work[clause_start:start]
    comparator = _comparator(before, after, unit, value)
    period = ""
    if unit not in _TIME_UNITS:  # 5小时内, 五年内: a limit, not a recurring count
        period = last_period[2] if last_period else ""
    if comparator is None:
        counted = period and unit in _COUNT_UNITS  # 每季度…一次: at least that often
        rate = unit == "%" and before.endswith(("率", "率为", "率是"))  # 覆盖率100%
        if not (counted or rate):
            return None
        comparator = ">=" if counted else "="
    return {
        "text": "",
        "value": value,
        "unit": unit,
        "comparator": comparator,
        "period": period,
        "by": None,
    }


def _comparator(before: str, after: str, unit: str, value) -> str | None:
    if after.startswith(("以上", "及以上", "或以上")):
        return ">="
    if after.startswith(("以内", "之内", "以下", "及以下", "内")):
        return "<="
    at_least = list(_AT_LEAST.finditer(before))
    at_most = list(_AT_MOST.finditer(before))
    last_least = at_least[-1].start() if at_least else -1
    last_most = at_most[-1].start() if at_most else -1
    if last_least == last_most == -1:
        return None
    if last_most > last_least:
        return "<="
    word = at_least[-1][0]
    if _EXACT_WORDS.search(word):
        if unit != "%" and word in ("为",):
            return None
        return "=" if unit == "%" and value == 100 else ">="
    return ">="


def _date_of(match: re.Match[str]) -> date | None:
    has_marker = match["part"] or match["suf"] or match["pre"] in _BY_WORDS
    if not has_marker:
        return None
    year = _number_value(match["y"]) if match["y"].isdigit() else chinese_number(match["y"])
    if not isinstance(year, int) or not 1949 <= year <= 2100:
        return None
    month = _number_value(match["m"]) if match["m"] else None
    day = _number_value(match["d"]) if match["d"] else None
    part = match["part"] or ""
    try:
        if day and month:
            return date(year, month, day)
        if month:
            return date(year, month, monthrange(year, month)[1])
        if part in ("上半年", "年中"):
            return date(year, 6, 30)
        if "季度" in part:
            quarter = _number_value(part.strip("第季度")) or 4
            end_month = 3 * int(quarter)
            return date(year, end_month, monthrange(year, end_month)[1])
        return date(year, 12, 31)
    except (TypeError, ValueError):
        return None


def _date_for(dates: list[tuple[int, date]], position: int, lo: int, hi: int) -> str | None:
    """The date a target is due by: the last one before it in its sentence ("到2025年，…达到
    100%"), else one later in its own clause; never one of a later clause."""
    at = bisect.bisect_right(dates, position, key=lambda item: item[0])
    if at:
        return dates[at - 1][1].isoformat()
    if dates and lo <= dates[0][0] < hi:
        return dates[0][1].isoformat()
    return None


def _deadlines(text: _Text, whole: bool = False) -> list[dict]:
    found = []
    for match in _DATE.finditer(text.work):
        day = _date_of(match)
        if day is None:
            continue
        if whole:
            phrase = text.orig.strip()
        else:
            lo = max((text.work.rfind(stop, 0, match.start()) for stop in "。;\n"), default=-1) + 1
            hi_candidates = [
                i for stop in "。;\n" if (i := text.work.find(stop, match.end())) != -1
            ]
            hi = min(hi_candidates) if hi_candidates else len(text.work)
            phrase = text.orig[lo:hi].strip()
        found.append({"text": phrase, "by": day.isoformat()})
    return found


def _task_period(work: str, due_text: str) -> str:
    """How often the task recurs (每年…), or 长期坚持 when its time limit says so and the text
    names no period."""
    match = _PERIOD.search(work)
    if match is not None:
        return "每年" if match[0] == "每年度" else match[0]
    if re.search(r"长期坚持|长期推进|持续推进|常态化", due_text):
        return "长期坚持"
    return ""


# ---------------------------------------------------------------------------------------------
# A readable summary


def describe(parsed: dict) -> str:
    """The parse in Chinese, one task per paragraph, for `fazhi plans parse` without --json."""
    document = parsed["document"]
    lines = [
        f"标题：{document['title'] or '（未识别）'}",
        f"规划：{document['plan_title'] or '（未识别）'}",
        f"发文机关：{'、'.join(document['issuers']) or '（未识别）'}",
        f"发文字号：{document['doc_number'] or '（未识别）'}",
        f"成文日期：{document['written_on'] or '（未识别）'}",
        f"任务：{len(parsed['tasks'])} 项",
    ]
    lines += [f"  总体目标：{target['text']}" for target in document["targets"]]
    for task in parsed["tasks"]:
        number = "-".join([*task["path"], task["number"]])
        lines.append(f"[{number}] {task['title']}")
        if task["responsible"]:
            lead = f"（牵头：{'、'.join(task['lead'])}）" if task["lead"] else ""
            lines.append(f"    责任单位：{'、'.join(task['responsible'])}{lead}")
        if task["due"]:
            lines.append(f"    完成时限：{task['due']}")
        elif task["period"]:
            lines.append(f"    周期：{task['period']}")
        for target in task["targets"]:
            period = f"{target['period']} " if target["period"] else ""
            value = f"{period}{target['comparator']} {target['value']}{target['unit']}"
            lines.append(f"    目标：{value}（{target['text']}）")
    anomalies = parsed["anomalies"]
    lines.append(f"需要核对：{len(anomalies)} 处" if anomalies else "需要核对：无")
    lines += [f"  第 {a['line']} 行：{a['message']}" for a in anomalies]
    return "\n".join(lines)
