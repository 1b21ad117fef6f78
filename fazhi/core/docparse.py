"""Metadata and clause structure of a normative document (行政规范性文件) read as text.

`parse_text(text)` returns a `ParsedDocument`: the title (and, for a notice that 印发/转发 a
document, the wrapped document's title), the issuers, the 发文字号, the dates (成文、发布、施行、
有效期), the clause tree, and anomalies (injected spam, sentences broken at page breaks).

How it works: a *working copy* of the text is made with exactly the original's length —
Traditional characters converted to Simplified (OpenCC t2s), full-width ASCII forms to
half-width (（一）→(一), １．→1., ：→:), ○ to 〇 — and every pattern runs on that copy. Offsets are
therefore offsets into the text as given, and the strings reported back (title, issuers,
headings, anomaly text) are slices of the original: they are as written, in the original script.
Dates come back as `datetime.date`, clause numbers in one normal form (简体, full-width
parentheses: "第三条", "一", "（一）", "1", "（1）"), with the marker as written in `label`.

Where things come from, first source found wins:

- title: the header field 标题/名称, else the first title-like line (ending in 通知/办法/意见/…,
  optionally followed by parentheses such as （试行） or （2021-2025年）) before the body starts;
- issuers: the header's 发文机构 + 联合发文单位, else the first signature block (body names on
  the lines before a date standing alone), else the masthead "XX人民政府文件", else the title's
  prefix before 关于;
- 成文日期: the header, else the first signature date, else the first date standing alone;
- 施行日期: the header's 实施日期/施行日期, else the last "自…起施行" phrase in the text (so a
  wrapped document's own rule wins over its notice's); "自印发之日起施行" takes the 印发 date of
  the 版记 ("…年…月…日印发"), else the 发布日期, else the 成文日期; "自发布/公布之日起" takes
  the 发布日期, else the 成文日期;
- 有效期: "有效期至DATE", "有效期自DATE至DATE", or "有效期（为）N年" (see `validity_end`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import opencc

# ---------------------------------------------------------------------------------------------
# The working copy


_SPACES = " \t\f\v\xa0\u3000\ufeff\u200b\u2002\u2003"

_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {
    0x3000: 0x20,  # ideographic space
    0x25CB: 0x3007,  # ○ → 〇 (as typed in dates)
    0x25EF: 0x3007,  # ◯ → 〇
    0x041E: 0x3007,  # Cyrillic О → 〇
    0xFE5D: 0x3014,  # ﹝ → 〔
    0xFE5E: 0x3015,  # ﹞ → 〕
}


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def working_copy(text: str) -> str:
    """The text in Simplified script and half-width forms, with exactly the same length."""
    converted = _to_simplified(text)
    return converted.translate(_WIDTH_TABLE)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _to_simplified(text: str) -> str:
    text = _SURROGATE.sub("\ufffd", text)  # OpenCC takes UTF-8; a lone surrogate is not
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length somewhere: convert the lines that differ one
    # character at a time, so that offsets stay the same.
    lines = []
    for line in text.split("\n"):
        simple = _t2s().convert(line)
        if len(simple) != len(line):
            simple = "".join(_convert_char(char) for char in line)
        lines.append(simple)
    return "\n".join(lines)


def _convert_char(char: str) -> str:
    simple = _t2s().convert(char)
    return simple if len(simple) == 1 else char


@dataclass(frozen=True)
class _Line:
    index: int
    start: int  # offset of the first non-space character
    end: int  # offset after the last non-space character
    text: str  # the working copy's line, stripped

    @property
    def blank(self) -> bool:
        return not self.text


def _split_lines(work: str) -> list[_Line]:
    lines = []
    offset = 0
    for index, raw in enumerate(work.split("\n")):
        stripped = raw.strip(_SPACES)
        start = offset + len(raw) - len(raw.lstrip(_SPACES))
        lines.append(_Line(index, start, start + len(stripped), stripped))
        offset += len(raw) + 1
    return lines


# ---------------------------------------------------------------------------------------------
# Dates


def _date_pattern(name: str) -> str:
    """A regex for one date in any form, captured as group `name` (the working copy)."""
    return (
        rf"(?P<{name}>(?<!\d)\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日"
        rf"|(?<!\d)\d{{4}}(?P<{name}_sep>[-/.])\d{{1,2}}(?P={name}_sep)\d{{1,2}}(?!\d)"
        r"|[〇零一二三四五六七八九O0]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*"
        r"[一二三四五六七八九十]{1,3}\s*日)"
    )


_DATE_LINE = re.compile(_date_pattern("date"))
_DIGIT_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_SEPARATED_DATE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_CHINESE_DATE = re.compile(
    r"([〇零一二三四五六七八九O0]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*"
    r"([一二三四五六七八九十]{1,3})\s*日"
)

_CN_DIGITS = {
    "〇": 0, "零": 0, "O": 0, "0": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(numeral: str) -> int | None:
    """The value of a Chinese numeral: 三 → 3, 二十二 → 22, 一百零二 → 102, 二〇二六 → 2026
    (a run of digits without 十/百/千 is read digit by digit, as years are written)."""
    if not numeral:
        return None
    if all(char in _CN_DIGITS for char in numeral) and len(numeral) > 1:
        return int("".join(str(_CN_DIGITS[char]) for char in numeral))
    total = current = 0
    for char in numeral:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[char]
            current = 0
        else:
            return None
    return total + current


def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else chinese_number(text)


def _safe_date(year: int | None, month: int | None, day: int | None) -> date | None:
    try:
        return date(year, month, day)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _date_from_span(span: str) -> date | None:
    """A date from text that is exactly one date in any of the three forms (working copy)."""
    span = span.strip()
    if match := _DIGIT_DATE.fullmatch(span):
        return _safe_date(*(int(part) for part in match.groups()))
    if match := _SEPARATED_DATE.fullmatch(span):
        return _safe_date(int(match[1]), int(match[3]), int(match[4]))
    if match := _CHINESE_DATE.fullmatch(span):
        return _safe_date(*(chinese_number(part) for part in match.groups()))
    return None


def parse_date(text: str) -> date | None:
    """The date written in `text` (and nothing else but spaces): 2026年3月4日, 2026-03-04,
    2026/3/4, 2026.3.4, 二〇二六年三月四日 (〇, ○ or 零), full- or half-width digits, either
    script. None when it is not one valid date."""
    return _date_from_span(working_copy(text).strip(_SPACES))


def validity_end(effective: date, years: int) -> date:
    """The last day of a validity of `years` years starting on `effective`: the day before the
    same date `years` years later (2026-05-01 + 5 years → 2031-04-30). A period starting on
    29 February ends on 28 February (the anniversary is taken as 1 March)."""
    try:
        anniversary = effective.replace(year=effective.year + years)
    except ValueError:
        anniversary = date(effective.year + years, 3, 1)
    return anniversary - timedelta(days=1)


# ---------------------------------------------------------------------------------------------
# 发文字号

_OPEN_BRACKETS = "〔[【(（［﹝"
_CLOSE_BRACKETS = "〕]】)）］﹞"
_YEAR_IN_BRACKETS = re.compile(
    rf"[{re.escape(_OPEN_BRACKETS)}]\s*(\d{{2,4}})\s*[{re.escape(_CLOSE_BRACKETS)}]"
)
_LOOSE_DOC_NUMBER = re.compile(
    rf"(?P<code>[^\d{re.escape(_OPEN_BRACKETS)}]*)"
    rf"(?P<open>[{re.escape(_OPEN_BRACKETS)}])(?P<year>[0-9]+)(?P<close>[{re.escape(_CLOSE_BRACKETS)}])"
    r"(?P<di>第?)(?P<serial>[0-9]+)(?P<hao>[号號])"
)
_OFFICIAL_CODE = re.compile(r"[\u4e00-\u9fff]+")
# A 发文字号 standing on its own line (working copy), possibly followed by 签发人.
_DOC_NUMBER_LINE = re.compile(
    r"(?P<number>[\u4e00-\u9fff]{1,16}\s*[〔\[【(]\s*\d{2,4}\s*[〕\]】)]\s*(?:第\s*)?\d{1,6}\s*号)"
    r"(?:\s+签发人.*)?"
)
_DIGIT_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}


def normalize_doc_number(number: str) -> str:
    """The 发文字号 with the year's brackets made 〔〕, spaces removed and full-width digits made
    half-width; everything else (第, leading zeros, a two-digit year, the script) is kept as
    written, for `validate_doc_number` to report."""
    compact = re.sub(rf"[{_SPACES}]+", "", number).translate(_DIGIT_WIDTH)
    return _YEAR_IN_BRACKETS.sub(lambda match: f"〔{match[1]}〕", compact)


def validate_doc_number(number: str) -> str | None:
    """None when `number` has the official form 机关代字〔年份〕序号号 (GB/T 9704: the year in
    full inside 六角括号 〔〕, no 第, no leading zero), else what is wrong, in Chinese.

    The check is of the string as given: 海政发(2026)3号 is reported (wrong brackets) although
    `normalize_doc_number` would fix it — a form can normalize first, then validate."""
    number = number.strip()
    if not number:
        return "文号不能为空。"
    if re.search(rf"[{_SPACES}]", number):
        return "文号中不应有空格。"
    match = _LOOSE_DOC_NUMBER.fullmatch(number)
    if match is None:
        return "文号应为“机关代字〔年份〕序号号”的形式，如“海政发〔2026〕3号”。"
    if not _OFFICIAL_CODE.fullmatch(match["code"]):
        return "文号应以机关代字开头，如“海政发”。"
    if match["open"] != "〔" or match["close"] != "〕":
        return "年份应使用六角括号“〔〕”，不用圆括号、方括号或“【】”。"
    if len(match["year"]) != 4:
        return "年份应写全四位，如“〔2026〕”，不能简写为“〔26〕”。"
    if match["di"]:
        return "序号前不加“第”字，如“3号”。"
    if match["serial"].startswith("0"):
        return "序号不编虚位，不加前导“0”，如“3号”而不是“03号”。"
    return None


# ---------------------------------------------------------------------------------------------
# Header fields ("[成文日期] 2011-11-22", "成文日期：2026年3月4日")

_FIELD_KEYS = {
    "标题": "title", "名称": "title", "文件名称": "title",
    "发文机构": "issuer", "发文机关": "issuer", "制发机关": "issuer", "发布机构": "issuer",
    "发布机关": "issuer", "联合发文单位": "joint", "联合发文机关": "joint",
    "联合发文机构": "joint", "发文字号": "doc_number", "文号": "doc_number",
    "成文日期": "written", "成文时间": "written", "发布日期": "published",
    "公布日期": "published", "发布时间": "published", "公布时间": "published",
    "实施日期": "effective", "施行日期": "effective", "生效日期": "effective",
    "有效期至": "until", "失效日期": "until",
    "索引号": "", "主题分类": "", "主题词": "", "废止日期": "", "有效性": "", "文件来源": "",
    "体裁分类": "", "公文种类": "",
}  # fmt: skip
_FIELD_NAMES = "|".join(sorted(_FIELD_KEYS, key=len, reverse=True))
_FIELD_LINE = re.compile(
    rf"(?:\d{{1,2}}\s*[.、]\s*)?(?:[\[【]\s*(?P<bracketed>{_FIELD_NAMES})\s*[\]】]"
    rf"|(?P<named>{_FIELD_NAMES})\s*:)\s*(?P<value>.*)"
)


@dataclass(frozen=True)
class _Field:
    key: str
    value: str  # working copy
    start: int
    end: int


def _header_fields(lines: list[_Line]) -> tuple[dict[str, _Field], set[int]]:
    """The metadata fields found on their own lines, and the indexes of those lines."""
    fields: dict[str, _Field] = {}
    field_lines: set[int] = set()
    for line in lines:
        match = _FIELD_LINE.fullmatch(line.text) if len(line.text) <= 120 else None
        if match is None:
            continue
        field_lines.add(line.index)
        key = _FIELD_KEYS[match["bracketed"] or match["named"]]
        value = match["value"].strip(_SPACES)
        if key and value and key not in fields:
            start = line.start + match.start("value")
            fields[key] = _Field(key, value, start, start + len(value))
    return fields, field_lines


# ---------------------------------------------------------------------------------------------
# Lines of particular shapes

_TITLE_TYPES = (
    "通知|通告|公告|通报|意见|办法|规定|细则|规则|方案|规划|纲要|计划|要点|决定|决议|批复|函"
    "|指引|指南|标准|制度|措施|守则|准则|章程|清单|目录|条例|规程|公约|说明"
)
_TRAILING_PARENS = r"(?:\s{0,3}[(【\[][^()【】\[\]]{1,24}[)】\]])*"
_TITLE_LINE = re.compile(rf"(?!.*[。;!?:,>]).{{2,100}}?(?:{_TITLE_TYPES}){_TRAILING_PARENS}")
_WRAPPING_TITLE = re.compile(
    r"关于(?:印发|转发|发布|颁发|颁布|公布|下发)(?P<name>.+?)的(?:通知|决定|公告|通告)"
)
_QUOTED_TITLE = re.compile(rf"《(?P<name>[^《》]{{2,100}}?(?:{_TITLE_TYPES}){_TRAILING_PARENS})》")
_ORG_SUFFIXES = (
    "人民政府|人民代表大会常务委员会|政府|办公厅|办公室|委员会|管委会|街道办事处|办事处|委|局|厅"
    "|部|署|院|会|中心|处|办|所|站|队|公司|集团|馆|监狱|法庭|行|社|联合会|协会"
)
_ORG_NAME = re.compile(rf"[\u4e00-\u9fff()·]{{2,40}}?(?:{_ORG_SUFFIXES})")
_NOT_ORG = re.compile(r"关于|印发|通知|文件|抄送|负责|落实|加强|推进|建设|完善|健全")
_ORG_PART = re.compile(rf"[^\s、,;{_SPACES}]+")
_PAGE_NUMBER_LINE = re.compile(
    r"[-—–─]+\s*\d{1,4}\s*[-—–─]+|第\s*\d{1,4}\s*页(?:\s*(?:[,/]\s*)?共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|·\s*\d{1,4}\s*·|\d{1,3}"
)
_PRINTED_DATE = re.compile(rf"{_date_pattern('date')}\s*印发")
_TRAILING_LABEL = re.compile(
    r"(?:抄送|抄报|主送|分送|发送|联系人|联系电话)\s*:|附件\s*(?:\d+\s*)?(?::|$)"
)
_PAGE_CHROME = re.compile(
    r"(?:分享|相关解读|相关政策|打印|关闭|打印本页|关闭窗口|返回顶部|扫一扫|【打印】|【关闭】)\s*:?"
)
_TASK_DETAIL = re.compile(r"(?:责任单位|牵头单位|配合单位|责任部门|牵头部门|完成时限|时间节点)\s*:")


def _is_title_like(text: str) -> bool:
    if not _TITLE_LINE.fullmatch(text) or text.endswith("文件"):
        return False
    return _strip_trailing_parens(text).endswith(tuple(_TITLE_TYPES.split("|")))


def _strip_trailing_parens(text: str) -> str:
    return re.sub(rf"{_TRAILING_PARENS}$", "", text)


def _org_parts(line: _Line) -> list[tuple[int, int]] | None:
    """The offsets of each body name when the line is nothing but body names, else None."""
    if not line.text or len(line.text) > 80 or _NOT_ORG.search(line.text):
        return None
    parts = []
    for match in _ORG_PART.finditer(line.text):
        if not _ORG_NAME.fullmatch(match[0]):
            return None
        parts.append((line.start + match.start(), line.start + match.end()))
    return parts or None


def _is_date_line(line: _Line) -> bool:
    return bool(line.text) and _DATE_LINE.fullmatch(line.text) is not None


def _is_page_number_line(line: _Line) -> bool:
    return bool(line.text) and _PAGE_NUMBER_LINE.fullmatch(line.text) is not None


# ---------------------------------------------------------------------------------------------
# Clauses

_CN_NUMERAL = "[一二三四五六七八九十百千零〇两]+"


@dataclass(frozen=True)
class _Style:
    pattern: re.Pattern[str]
    kind: str
    rank: int  # nesting: a clause belongs to the nearest clause before it of a lower rank

    def number(self, match: re.Match[str]) -> str:
        numeral = match[1]
        if match[0].startswith("第"):
            return f"第{numeral}{match[0][1 + len(numeral) :].strip()}"
        if self.kind in ("section", "item"):
            return str(int(numeral)) if numeral.isdigit() else numeral
        return f"（{int(numeral) if numeral.isdigit() else numeral}）"


_STYLES = (
    _Style(re.compile(rf"第({_CN_NUMERAL}|\d+)(?:章|部分)"), "section", 0),
    _Style(re.compile(rf"第({_CN_NUMERAL}|\d+)节"), "subsection", 1),
    _Style(
        re.compile(rf"第({_CN_NUMERAL}|\d+)条(?!规定|的|所|之|中|第|至|、|和|及|或|款|项|以)"),
        "article",
        2,
    ),
    _Style(re.compile(r"([一二三四五六七八九十百]+)[、.](?!\d)"), "section", 3),
    _Style(re.compile(r"\(([一二三四五六七八九十百]+)\)"), "subsection", 4),
    _Style(re.compile(r"(\d{1,3})[.、](?!\d)"), "item", 5),
    _Style(re.compile(r"\((\d{1,3})\)"), "subitem", 6),
)
_RUN_IN_HEADING_END = re.compile(r"[。:;!?]")
_ARTICLE_HEADING = re.compile(r"[【\[](?P<heading>[^】\]]{1,30})[】\]]")


@dataclass(frozen=True)
class _Marker:
    line: _Line
    style: _Style
    number: str
    label_end: int
    heading: tuple[int, int]  # offsets, empty when there is none


def _find_marker(line: _Line) -> _Marker | None:
    for style in _STYLES:
        match = style.pattern.match(line.text)
        if match is not None:
            heading = _heading_span(line, match.end(), style.kind)
            return _Marker(line, style, style.number(match), line.start + match.end(), heading)
    return None


def _heading_span(line: _Line, after: int, kind: str) -> tuple[int, int]:
    """The clause's own title: a chapter's rest of line; an article's 【bracketed】 title; for
    the others the whole rest when it is a heading line, else a run-in title ending at the
    first 。 or ：."""
    rest = line.text[after:]
    lead = len(rest) - len(rest.lstrip(_SPACES))
    rest = rest.strip(_SPACES)
    base = line.start + after + lead
    if kind == "article":
        match = _ARTICLE_HEADING.match(rest)
        return (base + 1, base + 1 + len(match["heading"])) if match else (base, base)
    stop = _RUN_IN_HEADING_END.search(rest)
    if stop is None or line.text.startswith("第"):  # 第X章, 第X节: the rest of the line
        return base, base + len(rest)
    run_in = rest[: stop.start()]
    if _is_run_in_heading(run_in, followed=stop.end() < len(rest)):
        return base, base + len(run_in)
    return base, base


def _is_run_in_heading(sentence: str, followed: bool) -> bool:
    """Whether a clause's first sentence is its title ("（一）指导思想。高举…"): short, and
    without a comma unless more sentences follow on the line (a one-sentence item with a
    comma is prose)."""
    if "," not in sentence:
        return len(sentence) <= 24
    return followed and len(sentence) <= 30


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Clause:
    number: str  # normal form: 第三条, 一, （一）, 1, （1）
    kind: str  # article, section, subsection, item, subitem
    path: tuple[str, ...]  # the numbers of the enclosing clauses, outermost first
    heading: str
    start: int  # offset of the marker
    end: int  # offset after the clause's last line, its sub-clauses included
    label: str  # the marker as written: "(一)", "1．", "第三條"

    def as_dict(self) -> dict:
        return {
            "number": self.number,
            "kind": self.kind,
            "path": list(self.path),
            "heading": self.heading,
            "start": self.start,
            "end": self.end,
            "label": self.label,
        }


ANOMALY_KINDS = {
    "injected": "疑似注入内容",
    "page_break": "分页痕迹",
    "broken_sentence": "句子断开",
    "doubled_text": "断开处文字重复",
}


@dataclass(frozen=True)
class Anomaly:
    kind: str  # one of ANOMALY_KINDS
    text: str
    start: int
    end: int
    message: str

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "message": self.message,
        }


@dataclass
class ParsedDocument:
    title: str = ""
    wrapped_title: str = ""  # the document a notice 印发/转发, when the title says so
    wrapped_start: int | None = None  # where that document's own title line is, if present
    issuers: list[str] = field(default_factory=list)
    doc_number: str = ""
    written_on: date | None = None
    published_on: date | None = None
    effective_on: date | None = None
    validity_years: int | None = None
    valid_until: date | None = None
    clauses: list[Clause] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "wrapped_title": self.wrapped_title,
            "wrapped_start": self.wrapped_start,
            "issuers": list(self.issuers),
            "doc_number": self.doc_number,
            "written_on": _iso(self.written_on),
            "published_on": _iso(self.published_on),
            "effective_on": _iso(self.effective_on),
            "valid_until": _iso(self.valid_until),
            "validity": {"years": self.validity_years, "until": _iso(self.valid_until)},
            "clauses": [clause.as_dict() for clause in self.clauses],
            "anomalies": [anomaly.as_dict() for anomaly in self.anomalies],
        }

    def describe(self) -> str:
        """A readable summary in Chinese, one fact per line, then the clause tree and the
        anomalies."""
        lines = [
            f"标题：{self.title or '（未识别）'}",
            *([f"印发的文件：{self.wrapped_title}"] if self.wrapped_title else []),
            f"发文机关：{self._issuers_text()}",
            f"发文字号：{self.doc_number or '（未识别）'}",
            f"成文日期：{_chinese_date(self.written_on)}",
            f"发布日期：{_chinese_date(self.published_on)}",
            f"施行日期：{_chinese_date(self.effective_on)}",
            f"有效期：{self._validity_text()}",
            f"条款：{len(self.clauses)} 项",
        ]
        lines += [_describe_clause(clause) for clause in self.clauses]
        lines.append(f"异常：{len(self.anomalies)} 处" if self.anomalies else "异常：未发现")
        lines += [_describe_anomaly(anomaly) for anomaly in self.anomalies]
        return "\n".join(lines)

    def _issuers_text(self) -> str:
        if not self.issuers:
            return "（未识别）"
        joint = "（联合发文）" if len(self.issuers) > 1 else ""
        return "、".join(self.issuers) + joint

    def _validity_text(self) -> str:
        parts = []
        if self.validity_years:
            parts.append(f"{self.validity_years} 年")
        if self.valid_until:
            parts.append(f"至{_chinese_date(self.valid_until)}")
        return "，".join(parts) or "未注明"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _chinese_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "未注明"


def _describe_clause(clause: Clause) -> str:
    indent = "  " * (len(clause.path) + 1)
    number = clause.number + ("、" if clause.number[0] in "一二三四五六七八九十百" else "")
    number += "." if clause.number.isdigit() else ""
    heading = clause.heading if len(clause.heading) <= 40 else clause.heading[:40] + "…"
    return f"{indent}{number} {heading}".rstrip()


def _describe_anomaly(anomaly: Anomaly) -> str:
    return f"  [{ANOMALY_KINDS[anomaly.kind]}] 第 {anomaly.start} 字起：{anomaly.message}"


# ---------------------------------------------------------------------------------------------
# Parsing


def parse_text(text: str) -> ParsedDocument:
    """Metadata, clauses and anomalies of a document given as text (see the module's
    docstring for where each field comes from)."""
    return _Parser(text).parse()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.work = working_copy(text)
        self.lines = _split_lines(self.work)
        self.fields, self.field_lines = _header_fields(self.lines)
        self.markers = self._markers()
        self.body_start = self.markers[0].line.index if self.markers else len(self.lines)

    def parse(self) -> ParsedDocument:
        document = ParsedDocument()
        title_lines = self._title_lines()
        document.title = self._joined(title_lines)
        if title_lines:
            document.wrapped_title, document.wrapped_start = self._wrapped(title_lines)
        document.doc_number = self._doc_number()
        signatures = list(self._signatures())
        document.issuers = self._issuers(signatures, title_lines)
        document.written_on = self._field_date("written") or self._signature_date(signatures)
        document.published_on = self._field_date("published")
        self._set_effective_and_validity(document)
        document.clauses = self._clauses()
        document.anomalies = _Anomalies(self).find()
        return document

    # -- helpers --------------------------------------------------------------------------

    def original(self, start: int, end: int) -> str:
        return self.text[start:end]

    def _joined(self, lines: list[_Line]) -> str:
        return "".join(self.original(line.start, line.end) for line in lines)

    def _field_date(self, key: str) -> date | None:
        found = self.fields.get(key)
        return _date_from_span(found.value) if found else None

    def _markers(self) -> list[_Marker]:
        markers = []
        for line in self.lines:
            if line.blank or line.index in self.field_lines or _is_date_line(line):
                continue
            marker = _find_marker(line)
            if marker is not None:
                markers.append(marker)
        return markers

    def _non_blank(self, start: int = 0, stop: int | None = None) -> Iterator[_Line]:
        indexes = range(max(start, 0), len(self.lines) if stop is None else stop)
        return (self.lines[i] for i in indexes if not self.lines[i].blank)

    # -- title ----------------------------------------------------------------------------

    def _title_lines(self) -> list[_Line]:
        """The title's lines: the first title-like run of one to three adjacent lines before
        the body starts (the first clause, or the first paragraph of prose)."""
        if "title" in self.fields:
            found = self.fields["title"]
            return [_Line(-1, found.start, found.end, found.value)]
        for line in self._non_blank(0, self.body_start):
            if "。" in line.text and len(line.text) > 30:
                break
            if self._is_plain_line(line):
                run = self._title_run(line)
                if run:
                    return run
        return []

    def _is_plain_line(self, line: _Line) -> bool:
        return (
            line.index not in self.field_lines
            and not _is_date_line(line)
            and _org_parts(line) is None
            and not _DOC_NUMBER_LINE.fullmatch(line.text)
        )

    def _title_run(self, first: _Line) -> list[_Line]:
        run = [first]
        for following in self.lines[first.index + 1 : first.index + 3]:
            if _is_title_like("".join(line.text for line in run)):
                return run
            if following.blank or not self._is_plain_line(following):
                return []
            run.append(following)
        return run if _is_title_like("".join(line.text for line in run)) else []

    def _wrapped(self, title_lines: list[_Line]) -> tuple[str, int | None]:
        """The wrapped document of a notice 关于印发《…》的通知: its own title line after the
        notice if there is one (resembling the name in the notice's title), else the name."""
        title = "".join(line.text for line in title_lines)
        match = _WRAPPING_TITLE.search(title)
        if match is None:
            return "", None
        name = match["name"].strip("《》 ")
        after = title_lines[-1].index + 1
        for line in self._non_blank(after, self.body_start):
            if _WRAPPING_TITLE.search(line.text):
                continue
            if _is_title_like(line.text) and _resembles(name, line.text):
                return self.original(line.start, line.end), line.start
        for line in self._non_blank(after, self.body_start):
            for quoted in _QUOTED_TITLE.finditer(line.text):
                if _resembles(name, quoted["name"]):
                    start = line.start + quoted.start("name")
                    return self.original(start, start + len(quoted["name"])), None
        if len(title_lines) > 1:
            return name, None
        start = title_lines[0].start + match.start("name")
        return self.original(start, start + len(match["name"])).strip("《》 "), None

    # -- 发文字号 --------------------------------------------------------------------------

    def _doc_number(self) -> str:
        if "doc_number" in self.fields:
            found = self.fields["doc_number"]
            return normalize_doc_number(self.original(found.start, found.end))
        for line in self._non_blank(0, min(self.body_start, 60)):
            match = _DOC_NUMBER_LINE.fullmatch(line.text)
            if match:
                start = line.start + match.start("number")
                return normalize_doc_number(self.original(start, start + len(match["number"])))
        return ""

    # -- issuers and signatures -----------------------------------------------------------

    def _signatures(self) -> Iterator[tuple[_Line, list[str]]]:
        """Each date standing on its own line, with the body names on the lines just before
        it (none when the names are missing)."""
        for line in self.lines:
            if _is_date_line(line):
                yield line, self._names_before(line.index)

    def _names_before(self, index: int) -> list[str]:
        names: list[str] = []
        for line in reversed(self.lines[max(0, index - 6) : index]):
            if line.blank:
                continue
            parts = _org_parts(line)
            if parts is None:
                break
            names[:0] = [self.original(start, end) for start, end in parts]
        return names

    def _issuers(self, signatures: list[tuple[_Line, list[str]]], title: list[_Line]) -> list[str]:
        for found in (
            self._header_issuers(),
            next((names for _, names in signatures if names), []),
            self._masthead_issuers(),
            self._title_issuers(title),
        ):
            if found:
                return list(dict.fromkeys(found))
        return []

    def _header_issuers(self) -> list[str]:
        names = []
        for key in ("issuer", "joint"):
            if key in self.fields:
                found = self.fields[key]
                value = self.original(found.start, found.end)
                names += [name for name in re.split(r"[、,，;；\s]+", value) if name]
        return names

    def _masthead_issuers(self) -> list[str]:
        for line in self._non_blank(0, min(self.body_start, 30)):
            if not line.text.endswith("文件"):
                continue
            names = self._names_in(line, len(line.text[:-2].rstrip(_SPACES)))
            return self._names_before(line.index) + names if names else []
        return []

    def _names_in(self, line: _Line, stop: int) -> list[str]:
        part = _Line(line.index, line.start, line.start + stop, line.text[:stop])
        parts = _org_parts(part)
        return [self.original(start, end) for start, end in parts or []]

    def _title_issuers(self, title: list[_Line]) -> list[str]:
        """The bodies named before 关于 on the title's first line."""
        if not title or "关于" not in title[0].text:
            return []
        prefix = title[0].text.partition("关于")[0].rstrip(_SPACES)
        return self._names_in(title[0], len(prefix))

    def _signature_date(self, signatures: list[tuple[_Line, list[str]]]) -> date | None:
        signed = [line for line, names in signatures if names] or [line for line, _ in signatures]
        return _date_from_span(signed[0].text) if signed else None

    # -- effective date and validity ------------------------------------------------------

    def _set_effective_and_validity(self, document: ParsedDocument) -> None:
        phrases = _EffectivePhrases(self.work)
        document.effective_on = self._field_date("effective") or self._effective_from(
            phrases, document
        )
        document.validity_years = phrases.years
        until = self._field_date("until") or phrases.until
        if until is None and phrases.years and document.effective_on:
            until = validity_end(document.effective_on, phrases.years)
        document.valid_until = until

    def _effective_from(self, phrases: _EffectivePhrases, document: ParsedDocument) -> date | None:
        if phrases.effective_kind == "date":
            return phrases.effective
        if phrases.effective_kind == "印发":
            return self._printed_date() or document.published_on or document.written_on
        if phrases.effective_kind == "发布":
            return document.published_on or document.written_on
        return None

    def _printed_date(self) -> date | None:
        for line in self._non_blank():
            match = _PRINTED_DATE.search(line.text)
            if match and len(line.text) < 60:
                return _date_from_span(match["date"])
        return None

    # -- clauses --------------------------------------------------------------------------

    def _clauses(self) -> list[Clause]:
        ends = self._clause_ends()
        clauses = []
        stack: list[_Marker] = []
        for marker, end in zip(self.markers, ends, strict=True):
            while stack and stack[-1].style.rank >= marker.style.rank:
                stack.pop()
            clauses.append(self._clause(marker, tuple(m.number for m in stack), end))
            stack.append(marker)
        return clauses

    def _clause(self, marker: _Marker, path: tuple[str, ...], end: int) -> Clause:
        start = marker.line.start
        return Clause(
            number=marker.number,
            kind=marker.style.kind,
            path=path,
            heading=self.original(*marker.heading),
            start=start,
            end=end,
            label=self.original(start, marker.label_end).rstrip(_SPACES),
        )

    def _clause_ends(self) -> list[int]:
        """Each clause ends at the last non-blank line before the next clause of the same or
        an outer level, or before the trailing matter (signature, 抄送, 附件, page chrome)."""
        tail = self._tail_index()
        ends = []
        for position, marker in enumerate(self.markers):
            boundary = next(
                (
                    later.line.index
                    for later in self.markers[position + 1 :]
                    if later.style.rank <= marker.style.rank
                ),
                tail,
            )
            ends.append(self._last_content_end(marker.line.index, boundary))
        return ends

    def _last_content_end(self, first: int, boundary: int) -> int:
        for line in reversed(self.lines[first:boundary]):
            if not line.blank:
                return line.end
        return self.lines[first].end

    def _tail_index(self) -> int:
        if not self.markers:
            return len(self.lines)
        for line in self._non_blank(self.markers[-1].line.index + 1):
            if self._is_trailing_matter(line):
                return line.index
        return len(self.lines)

    def _is_trailing_matter(self, line: _Line) -> bool:
        if _TRAILING_LABEL.match(line.text) or _PAGE_CHROME.fullmatch(line.text):
            return True
        if _is_date_line(line) or (_PRINTED_DATE.search(line.text) and len(line.text) < 60):
            return True
        if _org_parts(line) is None:
            return False
        following = next(self._non_blank(line.index + 1), None)
        return following is not None and (
            _is_date_line(following) or _org_parts(following) is not None
        )


def _resembles(name: str, candidate: str) -> bool:
    """Whether most characters of `name` occur in `candidate` (titles are often quoted with
    small differences: 的, the issuer's name, spaces)."""
    letters = [char for char in name if not char.isspace()]
    if not letters:
        return False
    present = sum(1 for char in letters if char in candidate)
    return present / len(letters) >= 0.6


# ---------------------------------------------------------------------------------------------
# Effective date and validity phrases

_IN_FORCE = r"(?:正式)?(?:施行|实施|执行|生效|试行)(?!以来|之前|以前|前|后)"
_EFFECTIVE_ON_DATE = re.compile(rf"{_date_pattern('date')}\s*(?:起|开始)\s*{_IN_FORCE}")
_EFFECTIVE_ON_ISSUE = re.compile(
    rf"自\s*(?P<event>印发|下发|发布|公布|颁布|签发|发文)\s*之日\s*起\s*{_IN_FORCE}"
)
_VALID_UNTIL = re.compile(
    rf"有效期(?:限)?\s*(?:(?:为|是)\s*)?(?:至|到|截至|截止)\s*{_date_pattern('date')}"
)
_VALID_RANGE = re.compile(
    rf"有效期(?:限)?\s*(?:(?:为|是)\s*)?(?:自|从)\s*{_date_pattern('first')}"
    rf"\s*(?:起\s*)?(?:至|到)\s*{_date_pattern('last')}"
)
_VALID_YEARS = re.compile(
    r"有效期(?:限)?\s*(?:(?:为|是)\s*)?(?P<years>\d{1,2}|[一二三四五六七八九十两]{1,3})\s*年"
)


class _EffectivePhrases:
    """What the body says about coming into force and validity; the last phrase of each kind
    wins (a wrapped document's own final article comes after its notice)."""

    def __init__(self, work: str) -> None:
        self.effective: date | None = None
        self.effective_kind = ""
        self.until: date | None = None
        self.years: int | None = None
        self._read_effective(work)
        self._read_validity(work)

    def _read_effective(self, work: str) -> None:
        found: list[tuple[int, str, date | None]] = []
        for match in _EFFECTIVE_ON_DATE.finditer(work):
            found.append((match.start(), "date", _date_from_span(match["date"])))
        for match in _EFFECTIVE_ON_ISSUE.finditer(work):
            kind = "印发" if match["event"] in ("印发", "下发") else "发布"
            found.append((match.start(), kind, None))
        for match in _VALID_RANGE.finditer(work):
            found.append((match.start(), "date", _date_from_span(match["first"])))
        if found:
            _, self.effective_kind, self.effective = max(found, key=lambda item: item[0])

    def _read_validity(self, work: str) -> None:
        until: list[tuple[int, date | None]] = [
            (match.start(), _date_from_span(match["date"])) for match in _VALID_UNTIL.finditer(work)
        ]
        until += [
            (match.start(), _date_from_span(match["last"])) for match in _VALID_RANGE.finditer(work)
        ]
        if until:
            self.until = max(until, key=lambda item: item[0])[1]
        years = [_number(match["years"]) for match in _VALID_YEARS.finditer(work)]
        if years:
            self.years = years[-1]


# ---------------------------------------------------------------------------------------------
# Anomalies

_URL = re.compile(
    r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+=%]+"
    r"|(?<![A-Za-z0-9.@-])[A-Za-z0-9-]{2,}(?:\.[A-Za-z0-9-]+)*"
    r"\.(?:com|net|cc|vip|top|xyz|me|tv|app|bet|info|org|cn)(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_GOVERNMENT_HOST = re.compile(
    r"\.gov(?:\.cn)?(?![A-Za-z0-9-])|^(?:https?://)?gov\.cn", re.IGNORECASE
)
_STRONG_SPAM = re.compile(
    r"博彩|娱乐城|娱乐场|娱乐平台|百家乐|老虎机|真人娱乐|真人视讯|电子游艺|彩金|赌球|六合彩|时时彩"
    r"|葡京|威尼斯人|太阳城|体育在线|网页登录|登录不上|注册送|开户送|存款送|首存|棋牌游戏|捕鱼游戏"
    r"|线上赌场|网上赌场|在线赌场|(?i:casino)|(?<!\d)\d*bet\d+|(?<![a-z])[a-z]{2,}\d{3,}"
)
_WEAK_GAMBLING = re.compile(r"彩票|赌场|赌博|棋牌|投注|下注")
_WEAK_PROMOTION = re.compile(r"网址|直播|登录|在线|官网|官方网站|下载|开户|注册|娱乐|优惠|返水")
_UNDERSCORE_RUN = re.compile(
    r"(?<![0-9A-Za-z\u4e00-\u9fff])[0-9A-Za-z\u4e00-\u9fff]+(?:_[0-9A-Za-z\u4e00-\u9fff]+)+"
)
_ASCII_WORD = re.compile(r"[0-9A-Za-z]+")
_CLAUSE_STOPS = '。,;:!?、《》“”"()【】[]'
_TERMINAL = "。;!?:…)】]"
_CLOSING_QUOTES = '”’」』"'
_REDUPLICATING = set("人常天年层处事步个家户时件条项级刻渐")
_BODY_PUNCTUATION = re.compile(r"[,;。、]")
_SPAM_MESSAGES = {
    "url": "文中出现网址“{}”，疑似网页被篡改时插入的内容。",
    "run": "疑似注入的赌博、广告文字：“{}”。",
    "words": "出现赌博、广告用语，疑似注入的内容：“{}”。",
    "line": "整行疑似注入的广告内容：“{}”。",
}


class _Anomalies:
    """Injected spam (URLs, gambling advertising), page marks, and sentences broken where
    a page ended, with characters doubled across the break."""

    def __init__(self, parser: _Parser) -> None:
        self.parser = parser
        self.lines = parser.lines
        self.marker_lines = {marker.line.index: marker for marker in parser.markers}

    def find(self) -> list[Anomaly]:
        found = [*self._injected(), *self._page_marks(), *self._breaks()]
        return sorted(found, key=lambda anomaly: (anomaly.start, anomaly.kind))

    def _anomaly(self, kind: str, start: int, end: int, message: str) -> Anomaly:
        return Anomaly(kind, self.parser.original(start, end), start, end, message)

    # -- injected text --------------------------------------------------------------------

    def _injected(self) -> Iterator[Anomaly]:
        for line in self.lines:
            if line.blank:
                continue
            for start, end, reason in _merge_spans(self._spam_spans(line)):
                start, end = line.start + start, line.start + end
                message = _SPAM_MESSAGES[reason].format(self.parser.original(start, end))
                yield self._anomaly("injected", start, end, message)

    def _spam_spans(self, line: _Line) -> Iterator[tuple[int, int, str]]:
        text = line.text
        for match in _URL.finditer(text):
            if not _GOVERNMENT_HOST.search(match[0]):
                yield match.start(), match.end(), "url"
        runs = [span for match in _UNDERSCORE_RUN.finditer(text) if (span := _spam_run(match))]
        for start, end in runs:
            yield start, end, "run"
        covered = 0
        for match in _STRONG_SPAM.finditer(text):
            inside_run = any(start <= match.start() < end for start, end in runs)
            if not inside_run and match.start() >= covered:
                start, covered = _clause_around(text, match.start(), match.end())
                yield start, covered, "words"
        if self._is_spam_line(line):
            yield 0, len(text), "line"

    def _is_spam_line(self, line: _Line) -> bool:
        if len(line.text) > 40 or "。" in line.text or line.index in self.marker_lines:
            return False
        if _is_title_like(line.text):
            return False
        gambling = set(_WEAK_GAMBLING.findall(line.text))
        promotion = set(_WEAK_PROMOTION.findall(line.text))
        return bool(gambling and promotion) or len(gambling | promotion) >= 3

    # -- page marks -----------------------------------------------------------------------

    def _page_marks(self) -> Iterator[Anomaly]:
        for line in self.lines:
            if _is_page_number_line(line):
                mark = self.parser.original(line.start, line.end)
                yield self._anomaly("page_break", line.start, line.end, f"页码行“{mark}”混入正文。")
        for match in re.finditer("\f", self.parser.text):
            yield self._anomaly("page_break", match.start(), match.end(), "文中有分页符。")

    # -- broken sentences -----------------------------------------------------------------

    def _breaks(self) -> Iterator[Anomaly]:
        pairs = list(self._content_pairs())
        candidates = [(a, b, marked) for a, b, marked in pairs if self._is_break(a, b)]
        body_lines = sum(1 for line in self.lines if not line.blank)
        hard_wrapped = len(candidates) > max(5, body_lines * 0.3)
        for before, after, marked in candidates:
            doubled = _doubled_length(before.text, after.text)
            if not hard_wrapped or marked or doubled:
                yield self._broken(before, after)
            if doubled:
                yield self._doubled(after, doubled)

    def _content_pairs(self) -> Iterator[tuple[_Line, _Line, bool]]:
        """Consecutive lines of content, and whether a page number or a form feed stands
        between them."""
        previous: _Line | None = None
        page_number = False
        for line in self.lines:
            if line.blank or _is_page_number_line(line):
                page_number = page_number or not line.blank
                continue
            if previous is not None:
                form_feed = "\f" in self.parser.work[previous.end : line.start]
                yield previous, line, page_number or form_feed
            previous, page_number = line, False

    def _is_break(self, before: _Line, after: _Line) -> bool:
        return self._ends_open(before) and self._is_prose(before) and self._may_continue(after)

    def _ends_open(self, line: _Line) -> bool:
        text = line.text
        if text[-1] in _CLOSING_QUOTES:
            return len(text) > 1 and text[-2] not in _TERMINAL
        return text[-1] not in _TERMINAL

    def _is_prose(self, line: _Line) -> bool:
        marker = self.marker_lines.get(line.index)
        if marker is not None and marker.style.kind != "article" and "。" not in line.text:
            return False  # a heading line
        return (
            len(line.text) >= 12
            and _BODY_PUNCTUATION.search(line.text) is not None
            and self._is_free_text(line)
        )

    def _may_continue(self, line: _Line) -> bool:
        return (
            line.index not in self.marker_lines
            and self._is_free_text(line)
            and not _TRAILING_LABEL.match(line.text)
            and not _PAGE_CHROME.fullmatch(line.text)
        )

    def _is_free_text(self, line: _Line) -> bool:
        return (
            line.index not in self.parser.field_lines
            and not _is_date_line(line)
            and _org_parts(line) is None
            and not _is_title_like(line.text)
            and not _TASK_DETAIL.match(line.text)
            and not _DOC_NUMBER_LINE.fullmatch(line.text)
        )

    def _broken(self, before: _Line, after: _Line) -> Anomaly:
        start = before.end - min(8, len(before.text))
        end = after.start + min(8, len(after.text))
        tail = self.parser.original(start, before.end)
        head = self.parser.original(after.start, end)
        return self._anomaly(
            "broken_sentence",
            start,
            end,
            f"句子在换行或分页处断开：“{tail}”与下一段“{head}”应连成一句。",
        )

    def _doubled(self, after: _Line, length: int) -> Anomaly:
        repeated = self.parser.original(after.start, after.start + length)
        return self._anomaly(
            "doubled_text",
            after.start,
            after.start + length,
            f"断开处前后重复了“{repeated}”：上一段以它结尾，下一段又以它开头，可能多出一份。",
        )


def _doubled_length(before: str, after: str) -> int:
    """How many characters (1 to 4, Chinese only) end `before` and begin `after` alike."""
    for length in (4, 3, 2, 1):
        tail = before[-length:]
        if len(tail) == length and after.startswith(tail) and _is_chinese(tail):
            if length == 1 and tail in _REDUPLICATING:
                return 0
            return length
    return 0


def _is_chinese(text: str) -> bool:
    return all("\u4e00" <= char <= "\u9fff" for char in text)


def _spam_run(match: re.Match[str]) -> tuple[int, int] | None:
    """The span of an underscore-joined run that carries spam, trimmed to the spam: from the
    first ASCII word or spam word of its first part to the last one of its last part."""
    run = match[0]
    if not any(pattern.search(run) for pattern in (_STRONG_SPAM, _WEAK_GAMBLING, _WEAK_PROMOTION)):
        return None
    hits = [
        (hit.start(), hit.end())
        for pattern in (_ASCII_WORD, _STRONG_SPAM, _WEAK_GAMBLING, _WEAK_PROMOTION)
        for hit in pattern.finditer(run)
    ]
    first_part_end = run.index("_")
    last_part_start = run.rindex("_") + 1
    start = min((s for s, _ in hits if s < first_part_end), default=0)
    # a number after the spam ("…体育在线依申请公开…答复率达到100%") is the text's own
    ends = [e for s, e in hits if e > last_part_start and not run[s:e].isdigit()]
    end = max(ends, default=len(run))
    return match.start() + start, match.start() + end


def _clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1] not in _CLAUSE_STOPS:
        start -= 1
    while end < len(text) and text[end] not in _CLAUSE_STOPS:
        end += 1
    return start, end


def _merge_spans(spans: Iterator[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans made one, keeping the first one's reason."""
    merged: list[tuple[int, int, str]] = []
    for start, end, reason in sorted(spans):
        if merged and start < merged[-1][1]:
            first_start, first_end, first_reason = merged[-1]
            merged[-1] = (first_start, max(first_end, end), first_reason)
        else:
            merged.append((start, end, reason))
    return merged
