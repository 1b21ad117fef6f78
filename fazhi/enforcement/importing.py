"""Import of enforcement items (执法事项, the powers list) and of inspection targets (检查对象,
market entities with their credit/risk tier) from .xlsx.

All or nothing: every row is read and checked — items through the same validator as
`services.item_save`, entities against the unified social credit code's check character (GB
32100-2015) — and every bad row is reported with its row number and every reason found, in
Chinese. Only a file without a bad row is saved — in bulk (an upsert on the code), in one
transaction with one ledger entry carrying the counts and the file's SHA-256.

The entities are one register for every body's draws (a tier not in a plan's ratios takes an
entity out of its draw), so it is kept by the legal affairs office (司法局) or the district's
system administrator, not by a body; every changed tier is recorded with its old and new value.

Column headers are matched tolerantly: full- or half-width, spaces, a trailing unit in
brackets (“法定罚款下限（元）”), a leading “*”, common synonyms, and Traditional Chinese (OpenCC
t2s). A file that cannot be used at all (not an .xlsx, encrypted, empty, too many rows, a
required column missing) raises nothing: the report carries one clear message instead.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from fazhi.core.identity import USCC_ALPHABET, uscc_check_char, uscc_problem  # noqa: F401
from fazhi.core.models import GOVERNMENT_KINDS, Person, Post, Role, Unit, UnitKind
from fazhi.core.sheets import Column, header_key, normalize

from . import services
from .events import EnforcementEvent as E
from .models import Body, Entity, Item, ItemKind, Level

MAX_BYTES = 50 * 1024 * 1024  # an .xlsx of 20,000 rows is a few MiB
HEADER_SEARCH_ROWS = 10  # the header is the first row naming two known columns among these
MAX_PROBLEM_ROWS = 500  # a report lists at most this many bad rows (the count is always exact)
MAX_LEDGER_TIERS = 500  # tier changes listed in the ledger entry (the count is always exact)

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: legacy .xls, or an encrypted OOXML package
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


class ImportFileError(ValueError):
    """The file itself cannot be used (the message says why, in Chinese)."""


# ---- the report ---------------------------------------------------------------------------------


@dataclass
class RowProblem:
    number: int  # the row number in the sheet, as Excel shows it
    key: str  # the row's code, when it has one
    reasons: list[str]


@dataclass
class ImportReport:
    what: str  # "执法事项" / "检查对象"
    file_name: str = ""
    sha256: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    bad_rows: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and not self.bad_rows

    @property
    def saved(self) -> int:
        return self.created + self.updated

    def summary(self) -> str:
        if self.error:
            return f"未导入：{self.error}"
        if self.bad_rows:
            more = (
                "" if len(self.problems) == self.bad_rows else f"（下列前{len(self.problems)}行）"
            )
            return (
                f"未导入：共 {self.rows} 行{self.what}，其中 {self.bad_rows} 行有误{more}。"
                "请改正全部错误后重新导入，本次没有保存任何数据。"
            )
        return f"已导入 {self.rows} 行{self.what}：新增 {self.created} 条，更新 {self.updated} 条。"


# ---- headers and cells --------------------------------------------------------------------------


ITEM_COLUMNS = (
    Column("code", "事项编码", ("编码", "事项代码", "权力编码", "职权编码"), required=True),
    Column("name", "事项名称", ("权力名称", "职权名称"), required=True),
    Column("kind", "事项类别", ("事项类型", "权力类别", "职权类别", "类别"), required=True),
    Column("legal_basis", "法律依据", ("设定依据", "实施依据", "依据"), required=True),
    Column("level", "实施层级", ("层级", "行使层级"), required=True),
    Column("delegated", "是否下放街道", ("是否下放街道乡镇", "下放街道", "下放街道实施")),
    Column("statutory_min", "法定罚款下限", ("罚款下限",)),
    Column("statutory_max", "法定罚款上限", ("罚款上限",)),
    Column(
        "review_listed",
        "是否列入法制审核目录",
        ("列入法制审核目录", "法制审核目录", "是否列入重大执法决定法制审核目录"),
    ),
)

ENTITY_COLUMNS = (
    Column("code", "统一社会信用代码", ("信用代码", "社会信用代码", "统一代码"), required=True),
    Column("name", "名称", ("主体名称", "企业名称", "单位名称", "检查对象名称"), required=True),
    Column("street", "所在街道", ("街道", "所属街道", "所在街道乡镇", "所属街道乡镇")),
    Column("address", "地址", ("住所", "经营地址", "经营场所", "注册地址")),
    Column(
        "tier", "信用风险等级", ("风险等级", "信用等级", "信用风险分类", "风险分类"), required=True
    ),
    Column("industry", "行业", ("所属行业", "行业类别", "行业分类")),
)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").strip()
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---- reading the file ---------------------------------------------------------------------------


def _check_container(data: bytes, name: str) -> None:
    if not data:
        raise ImportFileError(f"“{name}”是空文件（0 字节）。")
    if data.startswith(_CFB):
        if _ENCRYPTED in data:
            raise ImportFileError(
                f"“{name}”设置了打开密码（已加密），无法读取。请在 Excel 中取消密码后另存为 .xlsx "
                "再导入。"
            )
        raise ImportFileError(
            f"“{name}”是 Excel 97-2003（.xls）格式。请在 Excel 中另存为 .xlsx 工作簿后再导入。"
        )
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(f"“{name}”不是 .xlsx 工作簿（请上传 Excel 2007 及以上版本的文件）。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(f"“{name}”已损坏，无法作为 .xlsx 工作簿读取。") from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ImportFileError(
            f"“{name}”不是 .xlsx 工作簿（可能是 Word 文档或其他压缩文件）。请上传 Excel 表格。"
        )


def read_sheet(
    data: bytes, name: str, columns: tuple[Column, ...], *, max_rows: int | None = None
) -> list[tuple[int, dict[str, Any]]]:
    """The data rows of the first sheet as (row number, {column key: cell value}); blank rows
    are skipped. Raises ImportFileError."""
    from openpyxl import load_workbook

    limit = max_rows or settings.FAZHI_ENFORCEMENT_IMPORT_MAX_ROWS
    _check_container(data, name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl and lxml raise their own errors on a damaged part
        raise ImportFileError(f"“{name}”已损坏，无法作为 .xlsx 工作簿读取。") from exc
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise ImportFileError(f"“{name}”中没有工作表。")
        sheet = sheets[0]
        declared = getattr(sheet, "max_row", None)
        if isinstance(declared, int) and declared > limit + HEADER_SEARCH_ROWS + 1000:
            raise ImportFileError(_too_many(name, limit, declared))
        header: dict[int, str] | None = None
        rows: list[tuple[int, dict[str, Any]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(values)
            if header is None:
                if number > HEADER_SEARCH_ROWS:
                    break
                header = _header(cells, columns, name)
                continue
            row = {key: cells[i] for i, key in header.items() if i < len(cells)}
            if all(_blank(v) for v in row.values()):
                continue
            rows.append((number, row))
            if len(rows) > limit:
                raise ImportFileError(_too_many(name, limit))
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(f"“{name}”已损坏，无法读取。") from exc
    finally:
        workbook.close()
    if header is None:
        wanted = "、".join(c.label for c in columns if c.required)
        raise ImportFileError(
            f"“{name}”第一个工作表的前{HEADER_SEARCH_ROWS}行中没有找到表头（须有{wanted}等列）。"
        )
    if not rows:
        raise ImportFileError(f"“{name}”只有表头，没有数据行。")
    return rows


def _too_many(name: str, limit: int, declared: int | None = None) -> str:
    found = f"（约 {declared} 行）" if declared else ""
    return f"“{name}”的数据行超过上限 {limit} 行{found}，请分成多个文件导入。"


def _header(cells: list[Any], columns: tuple[Column, ...], name: str) -> dict[int, str] | None:
    """{cell index: column key} if this row is the header (names two known columns)."""
    found: dict[int, str] = {}
    seen: dict[str, str] = {}
    for index, value in enumerate(cells):
        if _blank(value):
            continue
        key = header_key(value)
        column = next((c for c in columns if key in c.names), None)
        if column is None:
            continue
        if column.key in seen:
            raise ImportFileError(
                f"“{name}”的表头中“{seen[column.key]}”和“{_cell_text(value)}”都对应{column.label}"
                "列，请只保留一列。"
            )
        seen[column.key] = _cell_text(value)
        found[index] = column.key
    if len(found) < 2:
        return None
    missing = [c.label for c in columns if c.required and c.key not in found.values()]
    if missing:
        raise ImportFileError(f"“{name}”缺少必需的列：{'、'.join(missing)}。")
    return found


def _read_upload(upload: Any) -> tuple[bytes, str]:
    name = str(getattr(upload, "name", "") or "上传的文件").replace("\\", "/").rsplit("/", 1)[-1]
    size = getattr(upload, "size", None)
    if isinstance(size, int) and size > MAX_BYTES:
        raise ImportFileError(
            f"“{name}”超过 {MAX_BYTES // (1024 * 1024)} MiB，请分成多个文件导入。"
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            f"“{name}”超过 {MAX_BYTES // (1024 * 1024)} MiB，请分成多个文件导入。"
        )
    return data, name


# ---- values -------------------------------------------------------------------------------------

_KINDS = {normalize(label): value for value, label in ItemKind.choices} | {
    normalize(label.removeprefix("行政")): value for value, label in ItemKind.choices
}
_LEVELS = {normalize(v): Level.DISTRICT for v in ("区级", "区", "区县级", "区本级", "区级部门")} | {
    normalize(v): Level.STREET
    for v in ("街道（乡镇）", "街道", "乡镇", "街乡", "街道乡镇", "街道级", "乡镇级")
}
_YES = {normalize(v) for v in ("是", "Y", "yes", "true", "1", "√", "✓", "已下放", "列入")}
_NO = {normalize(v) for v in ("否", "N", "no", "false", "0", "×", "✗", "-", "—", "无", "未下放")}


def _flag(value: Any, label: str, problems: list[str]) -> bool:
    if _blank(value):
        return False
    if isinstance(value, bool):
        return value
    key = normalize(_cell_text(value))
    if key in _YES:
        return True
    if key in _NO:
        return False
    problems.append(f"{label}“{_cell_text(value)}”无法识别，应填“是”或“否”。")
    return False


def _amount(value: Any, label: str, problems: list[str]) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        problems.append(f"{label}不是有效的金额。")
        return None
    if isinstance(value, int | float):
        try:
            return str(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))
        except InvalidOperation:
            problems.append(f"{label}不是有效的金额。")
            return None
    text = unicodedata.normalize("NFKC", _cell_text(value)).replace(",", "").replace("元", "")
    try:
        Decimal(text.strip())
    except InvalidOperation:
        problems.append(f"{label}“{_cell_text(value)}”不是有效的金额。")
        return None
    return text.strip()


# ---- items --------------------------------------------------------------------------------------


def _item_row(row: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The arguments of services._item_values for one row, and the problems reading it."""
    problems: list[str] = []
    kind_text = _cell_text(row.get("kind"))
    kind = _KINDS.get(normalize(kind_text), "")
    if kind_text and not kind:
        labels = "、".join(label for _, label in ItemKind.choices)
        problems.append(f"事项类别“{kind_text}”无效，应为{labels}之一。")
    level_text = _cell_text(row.get("level"))
    level = _LEVELS.get(normalize(level_text), "")
    if level_text and not level:
        problems.append(f"实施层级“{level_text}”无效，应为“区级”或“街道（乡镇）”。")
    arguments = {
        "code": unicodedata.normalize("NFKC", _cell_text(row.get("code"))),
        "name": _cell_text(row.get("name")),
        "kind": kind,
        "legal_basis": _cell_text(row.get("legal_basis")),
        "level": level,
        "delegated": _flag(row.get("delegated"), "是否下放街道", problems),
        "statutory_min": _amount(row.get("statutory_min"), "法定罚款下限", problems),
        "statutory_max": _amount(row.get("statutory_max"), "法定罚款上限", problems),
        "review_listed": _flag(row.get("review_listed"), "是否列入法制审核目录", problems),
    }
    for key, label in (
        ("code", "事项编码"),
        ("name", "事项名称"),
        ("kind", "事项类别"),
        ("legal_basis", "法律依据"),
        ("level", "实施层级"),
    ):
        if not arguments[key] and not (key in ("kind", "level") and _cell_text(row.get(key))):
            problems.append(f"缺少{label}。")
    return arguments, problems


def _validated_item(arguments: dict[str, Any], problems: list[str]) -> dict[str, Any] | None:
    """The service's own validation (services._item_values), the field checks first so that
    every reason is found, then the rules between fields."""
    checks = (
        lambda: services._text(arguments["code"], "事项编码", limit=60),
        lambda: services._text(arguments["name"], "事项名称", limit=300),
        lambda: services._text(arguments["legal_basis"], "法律依据", limit=5000),
        lambda: services._money(arguments["statutory_min"], "法定罚款下限"),
        lambda: services._money(arguments["statutory_max"], "法定罚款上限"),
    )
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            problems.extend(m for m in exc.messages if m not in problems)
    if problems:
        return None
    try:
        return services._item_values(**arguments)
    except ValidationError as exc:
        problems.extend(exc.messages)
        return None


def items_import(*, actor: Person, body: Body, upload: Any, request: Any = None) -> ImportReport:
    """Import a body's enforcement items from an .xlsx (columns ITEM_COLUMNS). An item whose
    code the body already holds is updated; nothing is saved if any row is bad."""
    post = services._post(actor, body.unit_id, services.ADMINS + services.OFFICE_ROLES)
    report = ImportReport("执法事项")
    try:
        data, report.file_name = _read_upload(upload)
        report.sha256 = hashlib.sha256(data).hexdigest()
        rows = read_sheet(data, report.file_name, ITEM_COLUMNS)
    except ImportFileError as exc:
        report.error = str(exc)
        return report
    report.rows = len(rows)
    values: list[dict[str, Any]] = []
    first_row: dict[str, int] = {}
    for number, row in rows:
        arguments, problems = _item_row(row)
        code = arguments["code"]
        if code and code in first_row:
            problems.append(f"事项编码“{code}”与第{first_row[code]}行重复。")
        elif code:
            first_row[code] = number
        checked = _validated_item(arguments, problems)
        if problems:
            _problem(report, number, code, problems)
        elif checked is not None:
            values.append(checked)
    if report.bad_rows:
        return report
    with transaction.atomic():
        existing = set(Item.objects.filter(body=body).values_list("code", flat=True))
        Item.objects.bulk_create(
            [Item(body=body, **item_values) for item_values in values],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["body", "code"],
            update_fields=[key for key in values[0] if key != "code"],
        )
        report.updated = sum(1 for v in values if v["code"] in existing)
        report.created = len(values) - report.updated
        services._record(
            E.ITEMS_IMPORT,
            actor=actor,
            post=post,
            record=body,
            changes=_counts(report),
            note=f"导入执法事项：{report.file_name}",
            request=request,
        )
    return report


def _problem(report: ImportReport, number: int, key: str, reasons: list[str]) -> None:
    report.bad_rows += 1
    if len(report.problems) < MAX_PROBLEM_ROWS:
        report.problems.append(RowProblem(number, key, reasons))


def _counts(report: ImportReport) -> dict[str, tuple[Any, Any]]:
    return {
        "rows": (None, report.rows),
        "created": (None, report.created),
        "updated": (None, report.updated),
        "file_sha256": (None, report.sha256),
    }


# ---- entities -----------------------------------------------------------------------------------

TIER_RE = re.compile(r"^[A-Z0-9]{1,2}$")


def _streets() -> dict[str, list[Unit]]:
    """Street and township offices by normalized name and short name."""
    today = timezone.localdate()
    units = Unit.objects.filter(kind__in=(UnitKind.STREET, UnitKind.TOWNSHIP)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=today)
    )
    found: dict[str, list[Unit]] = {}
    for unit in units:
        for name in {unit.name, unit.short_name} - {""}:
            found.setdefault(normalize(name), []).append(unit)
    return found


def _tier(value: Any, problems: list[str]) -> str:
    text = _cell_text(value)
    tier = unicodedata.normalize("NFKC", text).upper().strip()
    tier = re.sub(r"(类|级|等)$", "", tier).strip()
    if text and not TIER_RE.match(tier):
        problems.append(f"信用风险等级“{text}”无效，应为 A、B、C、D 等 1～2 位字母或数字。")
    return tier


def _entity_row(row: dict[str, Any], streets: dict[str, list[Unit]]) -> tuple[dict, list[str]]:
    problems: list[str] = []
    raw_code = row.get("code")
    code = unicodedata.normalize("NFKC", _cell_text(raw_code)).upper().replace(" ", "")
    if not code:
        problems.append("缺少统一社会信用代码。")
    elif problem := uscc_problem(code):
        if isinstance(raw_code, int | float):
            problem += "（该单元格是数字格式，18 位代码会丢失精度，请将该列设为文本格式。）"
        problems.append(problem)
    name = _cell_text(row.get("name"))
    if not name:
        problems.append("缺少名称。")
    elif len(name) > 200:
        problems.append("名称不能超过200字。")
    tier = _tier(row.get("tier"), problems)
    if not _cell_text(row.get("tier")):
        problems.append("缺少信用风险等级。")
    street_name = _cell_text(row.get("street"))
    street = None
    if street_name:
        matches = streets.get(normalize(street_name), [])
        if not matches:
            problems.append(f"找不到街道（乡镇）“{street_name}”，须与单位名称或简称一致。")
        elif len(matches) > 1:
            problems.append(f"街道（乡镇）“{street_name}”对应多个单位，请填写全称。")
        else:
            street = matches[0]
    address = _cell_text(row.get("address"))
    if len(address) > 300:
        problems.append("地址不能超过300字。")
    industry = _cell_text(row.get("industry"))
    if len(industry) > 60:
        problems.append("行业不能超过60字。")
    values = {
        "code": code,
        "name": name,
        "street": street,
        "address": address,
        "tier": tier,
        "industry": industry,
    }
    return values, problems


REGISTER_ROLES = (*services.OFFICE_ROLES, Role.SYSTEM_ADMIN)


def _register_root(post: Post) -> Unit | None:
    """The government whose entity register a post keeps: a post in a legal affairs office
    (司法局, or one of its 科室) as legal_reviewer or unit_admin keeps its government's; a
    system administrator posted at a district (or city) government keeps that government's."""
    unit = post.unit
    if post.role == Role.SYSTEM_ADMIN:
        return unit if unit.kind in GOVERNMENT_KINDS else None
    office = Unit.objects.get_parent(unit) if unit.kind == UnitKind.DIVISION else unit
    if office is None or office.kind != UnitKind.LEGAL_OFFICE:
        return None
    return Unit.objects.get_parent(office) or office


def _register_posts(person: Person) -> list[tuple[Post, Unit]]:
    posts = Post.objects.active().filter(person=person, role__in=REGISTER_ROLES)
    found = []
    for post in posts.select_related("unit").order_by("pk"):
        root = _register_root(post)
        if root is not None:
            found.append((post, root))
    return found


def register_bodies(person: Person) -> QuerySet[Body]:
    """The bodies for whose district the person keeps the entity register (the import form)."""
    condition = Q(pk__in=[])
    for _, root in _register_posts(person):
        condition |= Q(unit__path__startswith=root.path)
    return Body.objects.filter(condition).select_related("unit").order_by("unit__path")


def register_post(actor: Person, body: Body) -> Post:
    """The actor's post that keeps the entity register of `body`'s district."""
    for post, root in _register_posts(actor):
        if body.unit.path.startswith(root.path):
            return post
    raise PermissionDenied(
        "检查对象名录供各执法主体共同抽取，由司法局（法治机构）或本区系统管理员维护；"
        "执法主体不能导入检查对象或修改其信用风险等级。"
    )


def entities_import(*, actor: Person, body: Body, upload: Any, request: Any = None) -> ImportReport:
    """Import inspection targets (the 检查对象名录) from an .xlsx (columns ENTITY_COLUMNS), by
    the keeper of the register of `body`'s district (register_post). An entity already
    registered (same code) is updated, and each changed tier is recorded in the ledger entry
    as [code, before, after]; nothing is saved if any row is bad."""
    post = register_post(actor, body)
    report = ImportReport("检查对象")
    try:
        data, report.file_name = _read_upload(upload)
        report.sha256 = hashlib.sha256(data).hexdigest()
        rows = read_sheet(data, report.file_name, ENTITY_COLUMNS)
    except ImportFileError as exc:
        report.error = str(exc)
        return report
    report.rows = len(rows)
    streets = _streets()
    values: list[dict[str, Any]] = []
    first_row: dict[str, int] = {}
    for number, row in rows:
        entity, problems = _entity_row(row, streets)
        code = entity["code"]
        if code and code in first_row:
            problems.append(f"统一社会信用代码“{code}”与第{first_row[code]}行重复。")
        elif code:
            first_row[code] = number
        if problems:
            _problem(report, number, code, problems)
        else:
            values.append(entity)
    if report.bad_rows:
        return report
    with transaction.atomic():
        existing = _existing_tiers([v["code"] for v in values])
        tiers = sorted(
            [v["code"], existing[v["code"]], v["tier"]]
            for v in values
            if v["code"] in existing and existing[v["code"]] != v["tier"]
        )
        Entity.objects.bulk_create(
            [Entity(**entity) for entity in values],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "street", "address", "tier", "industry"],
        )
        report.updated = sum(1 for v in values if v["code"] in existing)
        report.created = len(values) - report.updated
        changes = _counts(report)
        if tiers:
            changes["tier_changes"] = (None, len(tiers))
            changes["tiers"] = (None, tiers[:MAX_LEDGER_TIERS])
        services._record(
            E.ENTITY_IMPORT,
            actor=actor,
            post=post,
            record=body,
            changes=changes,
            note=f"导入检查对象：{report.file_name}",
            request=request,
        )
    return report


def _existing_tiers(codes: list[str]) -> dict[str, str]:
    """{code: tier} of the registered entities among `codes` (locked until the upsert)."""
    found: dict[str, str] = {}
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        found.update(
            Entity.objects.select_for_update().filter(code__in=chunk).values_list("code", "tier")
        )
    return found
