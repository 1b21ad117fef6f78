"""Every write of the plan ledger: one transaction each, one ledger entry recorded against the
draft, the plan, the task or the report (a step of a procedure records its own).

Who acts:

- the legal affairs office — a 法治机构审核人员 (or, for edits that take no procedure step, a
  单位管理员) of the 司法局 that supervises the plan's owner (`selectors.office_posts`) —
  uploads and checks the parse, imports the plan, edits tasks and their units, reviews
  reports, and takes the office's steps (长期坚持, 确认完成, 恢复推进);
- a unit named on a task (a 承办人员 or 单位管理员 post in that unit itself) reports progress
  on it, and corrects a returned report;
- the daily sweep (`tasks_sweep`) lists a task as 滞后 the day after its due date passes
  (a step the plan's own date takes, with no actor) and starts the report-due periods.

When a task starts (未启动 → 推进中): when the office accepts its first progress report, as the
reviewing person. One rule whoever reports: the procedure checks the actor's reach against
the task's answering unit, which a responsible unit's handler does not reach, and a report
only shows progress once the office has accepted it. A report that claims completion, once
accepted, completes the task (确认完成, with the completion date reported) and stops its
periods.

Plan dates alert through the deadlines sweep: each task with a due date has a period
`plans.task_due` (the date the plan sets; owner: the answering unit's administrator, else its
first handler); each unit named on an open task has a period `plans.report_due` for its oldest
unreported reporting period (one open at a time), stopped when it reports for that period —
or, 逾期未报, when it reports for a later one or the next period's starts.

A task's original due date (`Task.original_due_on`: the plan's, or the first one the office
sets) stays when the office moves the date: the on-time rate measures against it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fazhi.core.inputs import day as _day
from fazhi.core.inputs import fmt
from fazhi.core.inputs import past_day as _past
from fazhi.core.inputs import sha as _sha
from fazhi.core.inputs import text as _core_text
from fazhi.core.models import Person, Post, Role, Unit, UnitKind
from fazhi.deadlines.compute import add_months
from fazhi.deadlines.models import Deadline, DeadlineState
from fazhi.deadlines.services import deadline_start, deadline_stop
from fazhi.evidence.filetypes import human_size, max_bytes
from fazhi.evidence.services import file_store
from fazhi.ledger.services import record_for_post as _record
from fazhi.procedures.services import StepRefused, step_take, step_take_by_law

from . import selectors
from .events import PlanEvent as E
from .models import (
    Comparator,
    DraftState,
    FigureSource,
    Plan,
    PlanDraft,
    ProgressReport,
    ReportFile,
    ReportState,
    Target,
    Task,
    TaskStatus,
    TaskUnit,
    UnitRole,
)
from .resolve import CONFIRMED_STATUSES, STATUSES, Tree

TASK_DUE = "plans.task_due"
REPORT_DUE = "plans.report_due"
REPORT_MONTHS = (1, 2, 3, 4, 6, 12)
OPEN = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.LAGGING, TaskStatus.ONGOING)
FALLS_BEHIND = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.ONGOING)
MAX_FIGURE = Decimal("1e10")
CENT = Decimal("0.01")


# ---- who acts ----------------------------------------------------------------------------------


def _office_post(actor: Person, owner: Unit, *, review: bool = False) -> Post:
    """The actor's 司法局 post that keeps `owner`'s plans; `review` asks for a 法治机构审核人员
    (the office's procedure steps)."""
    roles = (Role.LEGAL_REVIEWER,) if review else selectors.OFFICE_ROLES
    posts = selectors.office_posts(actor, owner, roles=roles)
    if not posts:
        who = "法治机构审核人员" if review else "法治机构审核人员或单位管理员"
        raise PermissionDenied(f"只有负责{owner.name}法治政府建设规划台账的司法局{who}可以办理。")
    return posts[0]


def _office_post_in(actor: Person, unit: Unit, owner: Unit) -> Post:
    """The actor's 法治机构审核人员 post in `unit` (the unit they act in) that keeps `owner`'s
    plans."""
    for post in selectors.office_posts(actor, owner, roles=(Role.LEGAL_REVIEWER,)):
        if post.unit_id == unit.pk:
            return post
    raise PermissionDenied(
        f"您在{unit.name}没有负责{owner.name}规划台账的法治机构审核人员职务，不能审核。"
    )


def _unit_post(actor: Person, unit: Unit) -> Post:
    """The actor's 承办人员 or 单位管理员 post in `unit` itself."""
    post = (
        Post.objects.active()
        .filter(person=actor, unit=unit, role__in=selectors.REPORT_ROLES)
        .select_related("unit")
        .order_by("role", "pk")
        .first()
    )
    if post is None:
        raise PermissionDenied(f"只有{unit.name}的承办人员或单位管理员可以报送该单位的任务进展。")
    return post


def _contacts(unit_ids: Iterable[int]) -> dict[int, Person]:
    """Who a unit's alerts go to: its 单位管理员, else its first 承办人员."""
    posts = (
        Post.objects.active()
        .filter(unit_id__in=set(unit_ids), role__in=(Role.UNIT_ADMIN, Role.HANDLER))
        .select_related("person")
        .order_by("pk")
    )
    admins: dict[int, Person] = {}
    handlers: dict[int, Person] = {}
    for post in posts:
        if not post.person.is_active:
            continue
        target = admins if post.role == Role.UNIT_ADMIN else handlers
        target.setdefault(post.unit_id, post.person)
    return {**handlers, **admins}


# ---- input checks ------------------------------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _plain(value: Any) -> Any:
    """A text without control characters (a bell, an escape, a NUL — from a pasted or parsed
    text): they are dropped, a carriage return becomes a line break. Tabs and line breaks stay."""
    if not isinstance(value, str):
        return value
    return CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def _text(value: Any, label: str, *, required: bool = True, limit: int = 20000) -> str:
    """`fazhi.core.inputs.text`, control characters dropped first (every text of the ledger
    comes through here)."""
    return _core_text(_plain(value), label, required=required, limit=limit)


class _Fixes:
    """At upload, what a person should correct on the review page does not refuse the file:
    an over-long text is cut to its field's length, a target value is rounded to two decimals,
    a target that cannot be kept (a value too large, not a number) is left out — each noted as
    an anomaly of the parse (kind "truncated" or "target"), located in the source text where
    it can be found. A person's own corrections (`draft_save`) are checked strictly."""

    def __init__(self, source: str):
        self.source = source
        self.notes: list[dict] = []

    def note(self, kind: str, text: str, message: str) -> None:
        start = self.source.find(text[:40]) if text else -1
        found = start >= 0
        self.notes.append(
            {
                "kind": kind,
                "text": text[:300],
                "start": start if found else 0,
                "end": start + len(text) if found else 0,
                "line": self.source.count("\n", 0, start) + 1 if found else None,
                "message": message,
            }
        )

    def fit(self, value: Any, label: str, limit: int) -> Any:
        """`value` cut to `limit` characters (noted), for `_text` to check then."""
        plain = _plain(value)
        if not isinstance(plain, str) or len(plain.strip()) <= limit:
            return value
        plain = plain.strip()
        self.note("truncated", plain, f"{label}超过{limit}字，已截取前{limit}字，请核对修改。")
        return plain[:limit]


def _fit(value: Any, label: str, limit: int, fixes: _Fixes | None) -> Any:
    return value if fixes is None else fixes.fit(value, label, limit)


def _iso_day(value: Any, label: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValidationError(f"{label}不是有效的日期：{value}。") from None


def _decimal(value: Any, label: str) -> Decimal:
    """A figure: a number, not negative, at most two decimals."""
    if isinstance(value, bool) or value is None:
        raise ValidationError(f"{label}须为数字。")
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{label}须为数字，收到“{value}”。") from None
    if not number.is_finite():
        raise ValidationError(f"{label}须为数字，收到“{value}”。")
    if number < 0:
        raise ValidationError(f"{label}不能为负数。")
    if number >= MAX_FIGURE:
        raise ValidationError(f"{label}过大。")
    if number != number.quantize(CENT):
        raise ValidationError(f"{label}最多保留两位小数。")
    return number.quantize(CENT)


def _names(value: Any, label: str, fixes: _Fixes | None = None) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list | tuple):
        raise ValidationError(f"{label}须为单位名称的列表。")
    out = []
    for item in value:
        name = _text(_fit(item, label, 100, fixes), label, limit=100)
        if name not in out:
            out.append(name)
    return out


def _lenient_value(raw: Mapping, where: str, fixes: _Fixes) -> Mapping:
    """At upload: a target value with more than two decimals rounded (noted)."""
    try:
        number = Decimal(str(raw.get("value")).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return raw
    if not number.is_finite() or number < 0 or number == number.quantize(CENT):
        return raw
    rounded = number.quantize(CENT, ROUND_HALF_UP)
    text = _plain(str(raw.get("text") or "")).strip()
    fixes.note(
        "target",
        text,
        f"{where}的量化目标“{text[:60]}”目标值{number}按两位小数计为{rounded}，请核对。",
    )
    return {**raw, "value": str(rounded)}


def _clean_target(raw: Any, where: str, fixes: _Fixes | None = None) -> dict | None:
    """A target checked; at upload (`fixes`) None for one that cannot be kept (noted)."""
    if fixes is not None and isinstance(raw, Mapping):
        raw = {
            **_lenient_value(raw, where, fixes),
            "text": fixes.fit(raw.get("text"), f"{where}的量化目标原文", 300),
            "unit": fixes.fit(raw.get("unit"), f"{where}的计量单位", 12),
            "period": fixes.fit(raw.get("period"), f"{where}的目标周期", 20),
        }
        try:
            return _clean_target(raw, where)
        except ValidationError as exc:
            text = _plain(str(raw.get("text") or "")).strip()
            fixes.note(
                "target",
                text,
                f"{where}的量化目标“{text[:60]}”未导入：{exc.messages[0]}"
                "请核对原文，必要时在台账中手工补录。",
            )
            return None
    if not isinstance(raw, Mapping):
        raise ValidationError(f"{where}的量化目标格式不正确。")
    comparator = str(raw.get("comparator") or ">=")
    if comparator not in Comparator.values:
        raise ValidationError(f"{where}的量化目标比较方式无效：{comparator}。")
    value = _decimal(raw.get("value"), f"{where}的量化目标值")
    return {
        "text": _text(raw.get("text"), f"{where}的量化目标原文", limit=300),
        "value": float(value) if value != value.to_integral() else int(value),
        "unit": _text(raw.get("unit"), f"{where}的计量单位", required=False, limit=12),
        "comparator": comparator,
        "period": _text(raw.get("period"), f"{where}的目标周期", required=False, limit=20),
        "by": _iso_day(raw.get("by"), f"{where}的目标期限"),
    }


def _clean_task(raw: Any, index: int, fixes: _Fixes | None = None) -> dict:
    if not isinstance(raw, Mapping):
        raise ValidationError(f"第{index}项任务的格式不正确。")
    label = f"第{index}项任务的编号"
    number = _text(_fit(raw.get("number"), label, 20, fixes), label, required=False, limit=20)
    where = f"任务“{number or index}”"

    def field(key: str, name: str, limit: int, *, required: bool = False) -> str:
        label = f"{where}的{name}"
        return _text(_fit(raw.get(key), label, limit, fixes), label, required=required, limit=limit)

    responsible = _names(raw.get("responsible"), f"{where}的责任单位", fixes)
    lead = _names(raw.get("lead"), f"{where}的牵头单位", fixes)
    responsible = lead + [name for name in responsible if name not in lead]
    deadlines = []
    for item in raw.get("deadlines") or []:
        if not isinstance(item, Mapping):
            raise ValidationError(f"{where}的完成时限格式不正确。")
        label = f"{where}的完成时限原文"
        deadlines.append(
            {
                "text": _text(
                    _fit(item.get("text"), label, 100, fixes), label, required=False, limit=100
                ),
                "by": _iso_day(item.get("by"), f"{where}的完成时限"),
            }
        )
    targets = raw.get("targets") or []
    if not isinstance(targets, list):
        raise ValidationError(f"{where}的量化目标格式不正确。")
    path = raw.get("path") or []
    if not isinstance(path, list):
        raise ValidationError(f"{where}的上级编号格式不正确。")
    label = f"{where}的上级编号"
    kept = [_clean_target(t, where, fixes) for t in targets]
    return {
        "number": number,
        "path": [_text(_fit(p, label, 20, fixes), label, limit=20) for p in path],
        "section": field("section", "所属部分", 200),
        "title": field("title", "任务名称", 300, required=True),
        "text": field("text", "任务内容", 20000),
        "responsible": responsible,
        "lead": lead,
        "targets": [t for t in kept if t is not None],
        "deadlines": deadlines,
        "due": _iso_day(raw.get("due"), f"{where}的完成时限"),
        "period": field("period", "周期", 20),
    }


def _clean_units(raw: Any, names: list[str], owner: Unit) -> dict:
    """The resolution of every name the tasks use: given ones checked (ids must be units
    under the owner), missing ones resolved."""
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise ValidationError("单位对应关系的格式不正确。")
    tree = Tree.load(owner)
    inside = {entry.unit.pk for entry in tree.entries}
    out: dict[str, dict] = {}
    for name in names:
        given = raw.get(name)
        if given is None:
            out[name] = tree.resolve(name)
            continue
        if not isinstance(given, Mapping) or given.get("status") not in STATUSES:
            raise ValidationError(f"单位“{name}”的对应状态无效。")
        ids, candidates = [], []
        for key, target in (("unit_ids", ids), ("candidates", candidates)):
            values = given.get(key) or []
            if not isinstance(values, list):
                raise ValidationError(f"单位“{name}”的对应单位格式不正确。")
            for value in values:
                try:
                    pk = int(value)
                except (TypeError, ValueError):
                    raise ValidationError(f"单位“{name}”的对应单位编号无效：{value}。") from None
                if isinstance(value, bool) or pk not in inside:
                    raise ValidationError(
                        f"单位“{name}”对应的单位（编号{value}）不是{owner.name}所属的现有单位。"
                    )
                if pk not in target:
                    target.append(pk)
        status = given["status"]
        confirmed = bool(given.get("confirmed"))
        if status == "external":
            ids, confirmed = [], True
        elif status == "unresolved":
            ids, confirmed = [], False
        elif confirmed and not ids:
            raise ValidationError(f"单位“{name}”已确认，但没有选择对应的单位。")
        out[name] = {
            "status": status,
            "unit_ids": ids,
            "confirmed": confirmed,
            "candidates": candidates,
        }
    return out


def clean_parsed(parsed: Any, owner: Unit, *, source: str | None = None) -> dict:
    """A parse (the parser's, or as a person corrected it) checked and normalized; the unit
    names its tasks use resolved where not given. ValidationError in Chinese otherwise.
    With `source` (the text the parser read: at upload), what a person should fix on the
    review page is fixed or left out and added to the anomalies instead (`_Fixes`)."""
    fixes = _Fixes(source) if source is not None else None
    if not isinstance(parsed, Mapping):
        raise ValidationError("解析结果的格式不正确。")
    document = parsed.get("document") or {}
    if not isinstance(document, Mapping):
        raise ValidationError("文件信息的格式不正确。")
    issuers = document.get("issuers") or []
    if not isinstance(issuers, list):
        raise ValidationError("发文机关须为列表。")
    doc_targets = document.get("targets") or []
    if not isinstance(doc_targets, list):
        raise ValidationError("总体目标的量化目标格式不正确。")

    def field(key: str, label: str, limit: int) -> str:
        return _text(
            _fit(document.get(key), label, limit, fixes), label, required=False, limit=limit
        )

    general = [_clean_target(t, "总体目标", fixes) for t in doc_targets]
    clean_document = {
        **{k: v for k, v in document.items() if k not in ("targets",)},
        # title: the document's own (a notice's, when one 印发 the plan); plan_title: the plan's
        "title": field("title", "文件标题", 300),
        "plan_title": field("plan_title", "规划名称", 200),
        "issuers": [_text(_fit(i, "发文机关", 100, fixes), "发文机关", limit=100) for i in issuers],
        "doc_number": field("doc_number", "发文字号", 60),
        "written_on": _iso_day(document.get("written_on"), "成文日期"),
        "published_on": _iso_day(document.get("published_on"), "发布日期"),
        "targets": [t for t in general if t is not None],
    }
    if len("、".join(clean_document["issuers"])) > 300:
        raise ValidationError("发文机关不能超过300字。")
    tasks = parsed.get("tasks")
    if not isinstance(tasks, list) or not tasks:
        raise ValidationError("解析结果中没有任务，不能导入。")
    clean_tasks = [_clean_task(raw, index, fixes) for index, raw in enumerate(tasks, start=1)]
    names = list(dict.fromkeys(n for t in clean_tasks for n in t["responsible"]))
    out = dict(parsed)
    out.update(
        document=clean_document,
        tasks=clean_tasks,
        units=_clean_units(parsed.get("units"), names, owner),
    )
    if fixes is not None and fixes.notes:
        out["anomalies"] = [*(parsed.get("anomalies") or []), *fixes.notes]
    return out


def unsettled_names(parsed: Mapping) -> list[str]:
    """The unit names the tasks use that are not yet resolved and confirmed."""
    units = parsed.get("units") or {}
    names = dict.fromkeys(n for t in parsed.get("tasks", []) for n in t.get("responsible", []))
    out = []
    for name in names:
        entry = units.get(name)
        if (
            entry is None
            or entry.get("status") not in CONFIRMED_STATUSES
            or not entry.get("confirmed")
            or (entry.get("status") != "external" and not entry.get("unit_ids"))
        ):
            out.append(name)
    return out


# ---- drafts ------------------------------------------------------------------------------------


def draft_upload(*, actor: Person, owner: Unit, name: str, data: bytes, request=None) -> PlanDraft:
    """Read and parse a plan's text (.txt or .docx) and resolve the unit names it uses against
    the owner's tree; the draft waits for a person to check it."""
    from .parsing import PlanUnreadable, parse_plan, read_plan

    post = _office_post(actor, owner)
    if owner.kind == UnitKind.DIVISION:
        raise ValidationError("内设科室不能作为规划的制定机关。")
    name = _text(name, "文件名", limit=200)
    try:
        text = read_plan(data, name)
        parsed = parse_plan(text)
    except PlanUnreadable as exc:
        raise ValidationError(str(exc)) from None
    parsed = clean_parsed(parsed, owner, source=text)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        draft = PlanDraft.objects.create(
            owner=owner,
            source_name=name,
            source_sha256=digest,
            parsed=parsed,
            created_by=actor,
        )
        _record(
            E.DRAFT_UPLOAD,
            actor=actor,
            post=post,
            record=draft,
            changes={
                "source_name": (None, name),
                "source_sha256": (None, digest),
                "tasks": (None, len(parsed["tasks"])),
                "unsettled": (None, len(unsettled_names(parsed))),
            },
            request=request,
        )
    return draft


def _locked_draft(draft: PlanDraft) -> PlanDraft:
    draft = PlanDraft.objects.select_for_update().select_related("owner").get(pk=draft.pk)
    if draft.state == DraftState.IMPORTED:
        raise ValidationError("该解析稿已经导入为规划台账，不能再修改或重复导入。")
    if draft.state == DraftState.DISCARDED:
        raise ValidationError("该解析稿已放弃。")
    return draft


class DraftChanged(ValidationError):
    """The draft was saved by someone else since the page the person corrected was shown."""


STALE_DRAFT = "该解析稿已被他人修改，请刷新后再改。"


def draft_fingerprint(parsed: Any) -> str:
    """A fingerprint of a draft's parse, as the review page was shown: a save or an import
    over an older version is refused (`expected`)."""
    import json

    text = json.dumps(parsed, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _check_fingerprint(draft: PlanDraft, expected: str | None) -> None:
    """On the locked draft: refuse when it is no longer the version the person corrected."""
    if expected is not None and draft_fingerprint(draft.parsed) != expected:
        raise DraftChanged(STALE_DRAFT)


def draft_save(
    *, actor: Person, draft: PlanDraft, parsed: dict, expected: str | None = None, request=None
) -> PlanDraft:
    """Keep a person's corrections of the parse (texts, dates, targets, unit names and how
    each resolves: confirmed, another unit chosen, or marked external). `expected` is the
    fingerprint (`draft_fingerprint`) of the version the person corrected: checked on the
    locked row, so of two saves over one version the second is refused, nothing saved."""
    post = _office_post(actor, draft.owner)
    clean = clean_parsed(parsed, draft.owner)
    with transaction.atomic():
        draft = _locked_draft(draft)
        _check_fingerprint(draft, expected)
        before = draft.parsed
        draft.parsed = clean
        draft.save(update_fields=["parsed"])
        _record(
            E.DRAFT_EDIT,
            actor=actor,
            post=post,
            record=draft,
            changes={
                "parsed": (_digest(before), _digest(clean)),
                "unsettled": (len(unsettled_names(before)), len(unsettled_names(clean))),
            },
            request=request,
        )
    return draft


def draft_discard(*, actor: Person, draft: PlanDraft, request=None) -> PlanDraft:
    post = _office_post(actor, draft.owner)
    with transaction.atomic():
        draft = _locked_draft(draft)
        draft.state = DraftState.DISCARDED
        draft.save(update_fields=["state"])
        _record(
            E.DRAFT_EDIT,
            actor=actor,
            post=post,
            record=draft,
            changes={"state": (DraftState.REVIEWING, DraftState.DISCARDED)},
            request=request,
        )
    return draft


def _digest(value: Any) -> str:
    import json

    return _sha(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


# ---- import ------------------------------------------------------------------------------------


def _task_rows(
    task_data: dict, units: dict, tree_ids: set[int]
) -> tuple[list[TaskUnit], int | None]:
    """The TaskUnit rows of one task (not saved) and the id of the unit that answers for it
    (first lead unit in the tree, else first responsible unit in the tree)."""
    rows: list[TaskUnit] = []
    seen_units: set[int] = set()
    seen_external: set[str] = set()
    answering = None
    for name in task_data["responsible"]:
        role = UnitRole.LEAD if name in task_data["lead"] else UnitRole.RESPONSIBLE
        entry = units[name]
        if entry["status"] == "external":
            if name not in seen_external:
                seen_external.add(name)
                rows.append(TaskUnit(role=role, external_name=name[:100], written=name[:100]))
            continue
        for pk in entry["unit_ids"]:
            if pk in seen_units or pk not in tree_ids:
                continue
            seen_units.add(pk)
            rows.append(TaskUnit(role=role, unit_id=pk, written=name[:100]))
    leads = [r.unit_id for r in rows if r.unit_id and r.role == UnitRole.LEAD]
    others = [r.unit_id for r in rows if r.unit_id]
    answering = (leads or others or [None])[0]
    for position, row in enumerate(rows):
        row.position = position
    return rows, answering


def _target(plan: Plan, task: Task | None, data: dict, position: int) -> Target:
    return Target(
        plan=plan,
        task=task,
        position=position,
        text=data["text"][:300],
        value=Decimal(str(data["value"])).quantize(CENT),
        unit_label=data.get("unit", "")[:12],
        comparator=data["comparator"],
        period=data.get("period", "")[:20],
        due_on=date.fromisoformat(data["by"]) if data.get("by") else None,
    )


def plan_import(
    *,
    actor: Person,
    draft: PlanDraft,
    report_months: int = 3,
    is_public: bool = False,
    expected: str | None = None,
    request=None,
) -> Plan:
    """Turn a checked draft into a ledger: the plan, its tasks in the plan's order (未启动; a
    task with a period and no date 长期坚持 at once, taken by the importing person), the units
    of each task, the targets, and a `plans.task_due` period for each task with a due date.
    Refused while a unit name is unresolved or unconfirmed (the message lists them), and for
    a draft already imported, or (`expected`, as for `draft_save`) changed since the person
    checked it."""
    post = _office_post(actor, draft.owner, review=True)
    report_months = _report_months(report_months)
    with transaction.atomic():
        draft = _locked_draft(draft)
        _check_fingerprint(draft, expected)
        owner = draft.owner
        parsed = clean_parsed(draft.parsed, owner)
        pending = unsettled_names(parsed)
        if pending:
            raise ValidationError(
                "以下单位名称尚未对应到组织机构或未经确认，请先逐一确认、选择单位或标为外部单位："
                + "、".join(f"“{n}”" for n in pending)
                + "。"
            )
        if Plan.objects.filter(owner=owner, source_sha256=draft.source_sha256).exists():
            raise ValidationError("同一文件已经导入为该机关的规划台账。")
        document = parsed["document"]
        name = document.get("plan_title") or document.get("title") or ""
        if not name:
            raise ValidationError("原文没有标题，请在核对页填写规划名称后再导入。")
        plan = Plan.objects.create(
            owner=owner,
            title=name[:200],
            notice_title=document["title"] if document.get("title") != name else "",
            issuers="、".join(document.get("issuers", []))[:300],
            doc_number=document.get("doc_number", "")[:60],
            written_on=_date_or_none(document.get("written_on")),
            published_on=_date_or_none(document.get("published_on")),
            source_name=draft.source_name,
            source_sha256=draft.source_sha256,
            parsed=parsed,
            report_months=report_months,
            is_public=bool(is_public),
            imported_by=actor,
        )
        tree_ids = set(
            Unit.objects.filter(path__startswith=owner.path).values_list("pk", flat=True)
        )
        initial = Task.initial_state()
        tasks, unit_rows = [], []
        for position, data in enumerate(parsed["tasks"], start=1):
            rows, answering = _task_rows(data, parsed["units"], tree_ids)
            due_text = "；".join(d["text"] for d in data["deadlines"] if d["text"])
            tasks.append(
                Task(
                    plan=plan,
                    unit_id=answering or owner.pk,
                    position=position,
                    number=data["number"],
                    path=data["path"],
                    section=data["section"],
                    title=data["title"],
                    text=data["text"],
                    due_on=_date_or_none(data["due"]),
                    original_due_on=_date_or_none(data["due"]),
                    due_text=due_text[:100],
                    period=data["period"],
                    state=initial,
                )
            )
            unit_rows.append(rows)
        tasks = Task.objects.bulk_create(tasks)
        links, targets = [], []
        for task, rows, data in zip(tasks, unit_rows, parsed["tasks"], strict=True):
            for row in rows:
                row.task = task
                links.append(row)
            targets += [_target(plan, task, t, i) for i, t in enumerate(data["targets"])]
        targets += [_target(plan, None, t, i) for i, t in enumerate(document["targets"])]
        TaskUnit.objects.bulk_create(links)
        Target.objects.bulk_create(targets)
        draft.state = DraftState.IMPORTED
        draft.save(update_fields=["state"])
        contacts = _contacts({t.unit_id for t in tasks if t.due_on})
        for task in tasks:
            if task.due_on is None and task.period:
                _step(task, "keep_up", actor=actor, post=post, request=request)
            elif task.due_on is not None:
                _due_start(task, plan, contacts.get(task.unit_id))
        _record(
            E.PLAN_IMPORT,
            actor=actor,
            post=post,
            record=plan,
            changes={
                "title": (None, plan.title),
                "doc_number": (None, plan.doc_number),
                "source_name": (None, plan.source_name),
                "source_sha256": (None, plan.source_sha256),
                "draft": (None, draft.pk),
                "tasks": (None, len(tasks)),
                "targets": (None, len(targets)),
                "report_months": (None, report_months),
                "is_public": (None, plan.is_public),
            },
            request=request,
        )
    return plan


def _date_or_none(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _report_months(value: Any) -> int:
    try:
        months = int(value)
    except (TypeError, ValueError):
        raise ValidationError("报送周期须为 1、2、3、4、6 或 12 个月。") from None
    if months not in REPORT_MONTHS:
        raise ValidationError("报送周期须为 1、2、3、4、6 或 12 个月。")
    return months


def _step(record, code: str, *, actor: Person, post: Post, data=None, request=None) -> None:
    step_take(
        record=record,
        step_code=code,
        actor=actor,
        unit=post.unit,
        role=post.role,
        data=data or {},
        request=request,
    )


# ---- the periods of a task ---------------------------------------------------------------------


def _due_basis(task: Task, plan: Plan) -> str:
    said = task.due_text or fmt(task.due_on)
    where = f"第{task.number}项任务" if task.number else f"任务“{task.title[:40]}”"
    return f"《{plan.title[:120]}》{where}的完成时限：{said}"[:300]


def _due_start(task: Task, plan: Plan, owner: Person | None) -> None:
    deadline_start(
        subject=task,
        rule_id=TASK_DUE,
        trigger=task.due_on,
        trigger_basis=_due_basis(task, plan),
        unit=task.unit,
        owner=owner,
    )


def _due_restart(task: Task, outcome: str) -> None:
    """Stop the task's due period and, while it is open with a due date, start it again (a
    new date, or a new answering unit)."""
    today = timezone.localdate()
    deadline_stop(subject=task, rule_id=TASK_DUE, on=today, outcome=outcome)
    if task.due_on is not None and task.state in OPEN:
        _due_start(task, task.plan, _contacts([task.unit_id]).get(task.unit_id))


def _periods_stop(task: Task, on: date, outcome: str) -> None:
    """A done task: its due period and its units' report-due periods end."""
    deadline_stop(subject=task, rule_id=TASK_DUE, on=on, outcome=outcome)
    for link in task.units.filter(unit__isnull=False):
        deadline_stop(subject=link, rule_id=REPORT_DUE, on=on, outcome=outcome)


# ---- plan and task edits -----------------------------------------------------------------------


def plan_settings(
    *, actor: Person, plan: Plan, report_months: int, is_public: bool, request=None
) -> Plan:
    """The reporting period and whether the portal shows the plan's progress."""
    post = _office_post(actor, plan.owner)
    months = _report_months(report_months)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        before = (plan.report_months, plan.is_public)
        plan.report_months, plan.is_public = months, bool(is_public)
        plan.save(update_fields=["report_months", "is_public"])
        _record(
            E.PLAN_SETTINGS,
            actor=actor,
            post=post,
            record=plan,
            changes={
                "report_months": (before[0], months),
                "is_public": (before[1], plan.is_public),
            },
            request=request,
        )
    return plan


def _lock_task(task: Task) -> Task:
    return (
        Task.objects.select_for_update(of=("self",)).select_related("plan", "unit").get(pk=task.pk)
    )


def task_update(
    *,
    actor: Person,
    task: Task,
    title: str,
    text: str,
    due_on: Any,
    period: str,
    request=None,
) -> Task:
    """Correct a task's wording, due date or period. A new due date restarts its period; a
    done task keeps its date. The first due date a task gets is kept as its original one
    (`original_due_on`). A 长期坚持 task given a due date is no longer standing: it moves to
    推进中 (step `resume`, taken by the 法治机构审核人员), and lags if the date passes."""
    post = _office_post(actor, task.plan.owner)
    title = _text(title, "任务名称", limit=300)
    text = _text(text, "任务内容", required=False)
    period = _text(period, "周期", required=False, limit=20)
    due = _day(due_on, "完成时限", required=False)
    with transaction.atomic():
        task = _lock_task(task)
        if task.state == TaskStatus.DONE and due != task.due_on:
            raise ValidationError("任务已完成，不能再变更完成时限。")
        before = {
            "title": task.title,
            "text": _sha(task.text),
            "due_on": task.due_on,
            "period": task.period,
        }
        due_changed = due != task.due_on
        resume = due is not None and task.state == TaskStatus.ONGOING
        if resume:
            post = _office_post(actor, task.plan.owner, review=True)
        task.title, task.text, task.due_on, task.period = title, text, due, period
        if task.original_due_on is None:
            task.original_due_on = due
        task.save(update_fields=["title", "text", "due_on", "period", "original_due_on"])
        if resume:
            _step(task, "resume", actor=actor, post=post, request=request)
            task.refresh_from_db(fields=["state"])
        if due_changed and task.state in OPEN:
            _due_restart(task, "完成时限已调整")
        after = {"title": title, "text": _sha(text), "due_on": due, "period": period}
        _record(
            E.TASK_EDIT,
            actor=actor,
            post=post,
            record=task,
            changes={k: (before[k], after[k]) for k in after if before[k] != after[k]},
            request=request,
        )
    return task


def task_units_set(
    *,
    actor: Person,
    task: Task,
    lead: list[Unit | str],
    responsible: list[Unit | str],
    request=None,
) -> Task:
    """Name a task's lead and responsible units again: units of the owner's tree, or (a str)
    an external body by name. The answering unit follows (first lead unit, else first
    responsible unit, else the owner)."""
    owner = task.plan.owner
    post = _office_post(actor, owner)
    tree = {u.pk: u for u in Unit.objects.filter(path__startswith=owner.path)}
    rows: list[TaskUnit] = []
    seen: set[Any] = set()
    for role, items in ((UnitRole.LEAD, lead), (UnitRole.RESPONSIBLE, responsible)):
        for item in items or ():
            if isinstance(item, Unit):
                if item.pk not in tree or not tree[item.pk].is_active_on(timezone.localdate()):
                    raise ValidationError(f"{item.name}不是{owner.name}所属的现有单位。")
                key = item.pk
                row = TaskUnit(role=role, unit_id=item.pk, written=item.name[:100])
            else:
                name = _text(item, "外部单位名称", limit=100)
                key = ("external", name)
                row = TaskUnit(role=role, external_name=name, written=name)
            if key in seen:
                continue
            seen.add(key)
            rows.append(row)
    if not rows:
        raise ValidationError("请至少指定一个责任单位。")
    leads = [r.unit_id for r in rows if r.unit_id and r.role == UnitRole.LEAD]
    answering = (leads or [r.unit_id for r in rows if r.unit_id] or [owner.pk])[0]
    with transaction.atomic():
        task = _lock_task(task)
        before = [str(link) for link in task.units.select_related("unit")]
        today = timezone.localdate()
        for link in task.units.filter(unit__isnull=False):  # their report-due periods end
            deadline_stop(subject=link, rule_id=REPORT_DUE, on=today, outcome="责任单位已调整")
        task.units.all().delete()
        for position, row in enumerate(rows):
            row.task, row.position = task, position
        TaskUnit.objects.bulk_create(rows)
        moved = task.unit_id != answering
        old_unit = task.unit_id
        if moved:
            task.unit_id = answering
            task.save(update_fields=["unit"])
            task.unit = tree[answering]
            if task.due_on is not None and task.state in OPEN:
                _due_restart(task, "牵头单位已调整")
        _record(
            E.TASK_UNITS,
            actor=actor,
            post=post,
            record=task,
            changes={
                "units": (
                    before,
                    [tree[r.unit_id].name if r.unit_id else r.external_name for r in rows],
                ),
                "unit": (old_unit, answering),
            },
            request=request,
        )
    return task


def target_link(*, actor: Person, target: Target, source: str, request=None) -> Target:
    """Which figure a target follows: reported by the unit, or computed by another module."""
    post = _office_post(actor, target.plan.owner)
    if source not in FigureSource.values:
        raise ValidationError(f"数据来源无效：{source}。")
    with transaction.atomic():
        target = Target.objects.select_for_update().get(pk=target.pk)
        before = target.source
        target.source = source
        target.save(update_fields=["source"])
        _record(
            E.TARGET_LINK,
            actor=actor,
            post=post,
            record=target.task or target.plan,
            changes={"target": (None, target.pk), "source": (before, source)},
            request=request,
        )
    return target


def task_keep_up(*, actor: Person, unit: Unit, task: Task, request=None) -> Task:
    """列为长期坚持: a task with no due date (the guard checks)."""
    post = _office_post_in(actor, unit, task.plan.owner)
    with transaction.atomic():
        _step(task, "keep_up", actor=actor, post=post, request=request)
    return task


def task_catch_up(*, actor: Person, unit: Unit, task: Task, request=None) -> Task:
    """恢复推进: a lagging task whose due date was moved past today (the guard checks)."""
    post = _office_post_in(actor, unit, task.plan.owner)
    with transaction.atomic():
        _step(task, "catch_up", actor=actor, post=post, request=request)
    return task


# ---- reporting periods -------------------------------------------------------------------------


def reporting_period(plan: Plan, day: date) -> tuple[date, date]:
    """The reporting period containing `day`: the plan's report_months (a quarter by default)
    counted from January."""
    months = plan.report_months or 3
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    return start, add_months(start, months) - timedelta(days=1)


def report_due_on(plan: Plan, period_end: date) -> date:
    return period_end + timedelta(days=settings.FAZHI_PLANS_REPORT_DUE_DAYS)


# ---- progress reports --------------------------------------------------------------------------


def _figures(task: Task, figures: Any) -> dict[str, str]:
    if figures in (None, ""):
        return {}
    if not isinstance(figures, Mapping):
        raise ValidationError("完成数据的格式不正确。")
    targets = {t.pk: t for t in task.targets.all()}
    out: dict[str, str] = {}
    for key, value in figures.items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            raise ValidationError(f"量化目标编号无效：{key}。") from None
        if isinstance(key, bool) or pk not in targets:
            raise ValidationError(f"量化目标（编号{key}）不属于该任务。")
        if value in (None, ""):
            continue
        out[str(pk)] = str(_decimal(value, f"“{targets[pk].text[:30]}”的完成数据"))
    return out


def _upload_size(upload: Any) -> int | None:
    size = getattr(upload, "size", None)
    if isinstance(size, int):
        return size
    try:
        here = upload.tell()
        upload.seek(0, 2)
        end = upload.tell()
        upload.seek(here)
        return end
    except (AttributeError, OSError):
        return None


def _check_files(files: Iterable[Any]) -> list[Any]:
    uploads = list(files or ())
    limit = settings.FAZHI_PLANS_REPORT_MAX_FILES
    if len(uploads) > limit:
        raise ValidationError(f"佐证材料最多{limit}个，本次提交了{len(uploads)}个。")
    most = max_bytes()
    for upload in uploads:
        size = _upload_size(upload)
        name = getattr(upload, "name", "") or "未命名文件"
        if size is not None and size > most:
            raise ValidationError(
                f"佐证材料“{name}”（{human_size(size)}）超过大小上限 {human_size(most)}，未保存。"
            )
        if size == 0:
            raise ValidationError(f"佐证材料“{name}”是空文件，未保存。")
    return uploads


def _store_files(report: ProgressReport, uploads: list[Any], actor: Person, post: Post, request):
    hashes = []
    for upload in uploads:
        stored = file_store(
            actor=actor, unit=report.unit, upload=upload, role=post.role, request=request
        )
        name = (getattr(upload, "name", "") or stored.original_name).rsplit("/", 1)[-1]
        ReportFile.objects.create(
            report=report, name=name[:200], sha256=stored.sha256, size=stored.size
        )
        hashes.append(stored.sha256)
    return hashes


def _report_values(
    task: Task, text: Any, figures: Any, claims_done: bool, completed_on: Any
) -> dict:
    done = bool(claims_done)
    completed = _past(completed_on, "完成日期", required=done) if done else None
    return {
        "text": _text(text, "进展情况", limit=5000),
        "figures": _figures(task, figures),
        "claims_done": done,
        "completed_on": completed,
    }


MISSED = "逾期未报"


def _report_due_stop(task: Task, unit: Unit, period_end: date, today: date) -> None:
    """The unit reported for the period: its report-due period for that period ends — and so
    does one for an earlier period it never reported on once its day has passed (逾期未报), so
    that the reminders go on for the periods after (one open at a time)."""
    link = task.units.filter(unit=unit).first()
    if link is None:
        return
    due = report_due_on(task.plan, period_end)
    pending = (
        Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(TaskUnit),
            subject_id=link.pk,
            rule_id=REPORT_DUE,
            trigger_date__lte=due,
            state__in=(DeadlineState.RUNNING, DeadlineState.PAUSED),
        )
        .values_list("trigger_date", flat=True)
        .first()
    )
    if pending == due:
        deadline_stop(subject=link, rule_id=REPORT_DUE, on=today, outcome="已报送")
    elif pending is not None and pending < today:  # an earlier period's, and its day has passed
        deadline_stop(subject=link, rule_id=REPORT_DUE, on=today, outcome=MISSED)


def report_submit(
    *,
    actor: Person,
    unit: Unit,
    task: Task,
    period_start: date,
    text: str,
    figures: dict,
    claims_done: bool = False,
    completed_on: date | None = None,
    files=(),
    request=None,
) -> ProgressReport:
    """A unit named on the task reports its progress for one reporting period, with figures
    for the task's targets and evidence files (kept in the evidence store, their SHA-256 in
    the ledger). The task starts when the office accepts the report (see the module)."""
    post = _unit_post(actor, unit)
    if not TaskUnit.objects.filter(task=task, unit=unit).exists():
        raise PermissionDenied(f"{unit.name}不是该任务的牵头单位或责任单位，不能报送进展。")
    plan = Plan.objects.get(pk=task.plan_id)
    start = _past(period_start, "报送期间起始日")
    first, last = reporting_period(plan, start)
    if first != start:
        raise ValidationError(
            f"报送期间须从报送周期的第一天开始：{fmt(start)}所在的报送期间为"
            f"{fmt(first)}至{fmt(last)}。"
        )
    values = _report_values(task, text, figures, claims_done, completed_on)
    uploads = _check_files(files)
    today = timezone.localdate()
    with transaction.atomic():
        task = _lock_task(task)
        if task.state == TaskStatus.DONE:
            raise ValidationError("该任务已确认完成，无需再报送进展。")
        if ProgressReport.objects.filter(task=task, unit=unit, period_start=first).exists():
            raise ValidationError("该单位本期已报送过这项任务的进展；被退回的请修改后重新报送。")
        try:
            with transaction.atomic():
                report = ProgressReport.objects.create(
                    task=task,
                    unit=unit,
                    period_start=first,
                    period_end=last,
                    submitted_by=actor,
                    state=ProgressReport.initial_state(),
                    **values,
                )
        except IntegrityError:
            raise ValidationError(
                "该单位本期已报送过这项任务的进展；被退回的请修改后重新报送。"
            ) from None
        hashes = _store_files(report, uploads, actor, post, request)
        _report_due_stop(task, unit, last, today)
        _record(
            E.REPORT_SUBMIT,
            actor=actor,
            post=post,
            record=report,
            changes={
                "task": (None, task.pk),
                "period_start": (None, first.isoformat()),
                "period_end": (None, last.isoformat()),
                "text": (None, _sha(values["text"])),
                "figures": (None, values["figures"]),
                "claims_done": (None, values["claims_done"]),
                "completed_on": (None, _iso(values["completed_on"])),
            },
            files=hashes,
            request=request,
        )
    return report


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _lock_report(report: ProgressReport) -> ProgressReport:
    return ProgressReport.objects.select_for_update(of=("self",)).get(pk=report.pk)


def report_accept(
    *, actor: Person, unit: Unit, report: ProgressReport, comment: str = "", request=None
) -> ProgressReport:
    """审核通过: the figures become the targets' latest, the text the task's latest progress;
    the task starts (its first accepted report) or, when the report claims completion, is
    completed on the date reported and its periods stop."""
    task = Task.objects.select_related("plan", "plan__owner").get(pk=report.task_id)
    post = _office_post_in(actor, unit, task.plan.owner)
    comment = _text(comment, "审核意见", required=False, limit=2000)
    today = timezone.localdate()
    with transaction.atomic():
        task = _lock_task(task)
        report = _lock_report(report)
        _step(report, "accept", actor=actor, post=post, data={"comment": comment}, request=request)
        report.review_comment, report.reviewed_by = comment, actor
        report.reviewed_at = timezone.now()
        report.save(update_fields=["review_comment", "reviewed_by", "reviewed_at"])
        figure_day = min(report.period_end, today)
        targets = {str(t.pk): t for t in task.targets.select_for_update()}
        for key, value in report.figures.items():
            target = targets.get(str(key))
            if target is None or (target.latest_on and target.latest_on > figure_day):
                continue
            target.latest_value, target.latest_on = Decimal(value), figure_day
            target.save(update_fields=["latest_value", "latest_on"])
        task.latest_progress = report.text
        task.save(update_fields=["latest_progress"])
        if report.claims_done and task.state in OPEN:
            completed = report.completed_on or report.period_end
            _step(
                task,
                "complete",
                actor=actor,
                post=post,
                data={"completed_on": completed.isoformat(), "report": report.pk},
                request=request,
            )
            task.completed_on = completed
            task.save(update_fields=["completed_on"])
            _periods_stop(task, today, "任务已完成")
        elif task.state == TaskStatus.NOT_STARTED:
            _step(task, "start", actor=actor, post=post, request=request)
        _record(
            E.REPORT_REVIEW,
            actor=actor,
            post=post,
            record=report,
            changes={
                "state": (ReportState.SUBMITTED, ReportState.ACCEPTED),
                "comment": (None, comment),
                "task_state": (None, task.state),
            },
            request=request,
        )
    return report


def report_return(
    *, actor: Person, unit: Unit, report: ProgressReport, comment: str, request=None
) -> ProgressReport:
    """退回修改, saying what to correct or add."""
    task = Task.objects.select_related("plan", "plan__owner").get(pk=report.task_id)
    post = _office_post_in(actor, unit, task.plan.owner)
    comment = _text(comment, "退回意见", limit=2000)
    with transaction.atomic():
        report = _lock_report(report)
        _step(report, "return_", actor=actor, post=post, data={"comment": comment}, request=request)
        report.review_comment, report.reviewed_by = comment, actor
        report.reviewed_at = timezone.now()
        report.save(update_fields=["review_comment", "reviewed_by", "reviewed_at"])
        _record(
            E.REPORT_REVIEW,
            actor=actor,
            post=post,
            record=report,
            changes={
                "state": (ReportState.SUBMITTED, ReportState.RETURNED),
                "comment": (None, comment),
            },
            request=request,
        )
    return report


def report_resubmit(
    *,
    actor: Person,
    unit: Unit,
    report: ProgressReport,
    text: str,
    figures: dict,
    claims_done: bool = False,
    completed_on: date | None = None,
    files=(),
    request=None,
) -> ProgressReport:
    """The unit corrects a returned report and submits it again (further files are added).
    The report keeps its first submission (`submitted_at`, `submitted_by`: whether it came in
    time); the resubmission's moment is `resubmitted_at`, its person in the ledger."""
    post = _unit_post(actor, unit)
    if report.unit_id != unit.pk:
        raise PermissionDenied("只能修改本单位报送的进展报告。")
    task = Task.objects.select_related("plan").get(pk=report.task_id)
    values = _report_values(task, text, figures, claims_done, completed_on)
    uploads = _check_files(files)
    with transaction.atomic():
        task = _lock_task(task)
        if task.state == TaskStatus.DONE:
            raise ValidationError("该任务已确认完成，无需再报送进展。")
        report = _lock_report(report)
        existing = report.files.count()
        if existing + len(uploads) > settings.FAZHI_PLANS_REPORT_MAX_FILES:
            raise ValidationError(
                f"佐证材料最多{settings.FAZHI_PLANS_REPORT_MAX_FILES}个，已有{existing}个，"
                f"本次又提交了{len(uploads)}个。"
            )
        before = {
            "text": _sha(report.text),
            "figures": report.figures,
            "claims_done": report.claims_done,
            "completed_on": _iso(report.completed_on),
        }
        _step(
            report,
            "resubmit",
            actor=actor,
            post=post,
            data={"text": _sha(values["text"])},
            request=request,
        )
        for field, value in values.items():
            setattr(report, field, value)
        # submitted_at stays the first submission's: whether the report came in time
        report.resubmitted_at = timezone.now()
        report.save(update_fields=[*values, "resubmitted_at"])
        hashes = _store_files(report, uploads, actor, post, request)
        after = {
            "text": _sha(values["text"]),
            "figures": values["figures"],
            "claims_done": values["claims_done"],
            "completed_on": _iso(values["completed_on"]),
        }
        _record(
            E.REPORT_SUBMIT,
            actor=actor,
            post=post,
            record=report,
            changes={
                "state": (ReportState.RETURNED, ReportState.SUBMITTED),
                **{k: (before[k], after[k]) for k in after if before[k] != after[k]},
            },
            files=hashes,
            request=request,
        )
    return report


# ---- the daily sweep ---------------------------------------------------------------------------


def tasks_sweep(today: date | None = None) -> dict[str, int]:
    """Daily: every open task whose due date has passed becomes 滞后 (as of the day after the
    due date; the plan's date takes the step, no actor), and every unit named on an open task
    gets a report-due period for the last ended reporting period it has not reported on (one
    still open for an earlier period it never reported on ends first, 逾期未报). Idempotent: a
    second run changes nothing."""
    today = today or timezone.localdate()
    counts = {"lagging": 0, "report_due": 0}
    # every open state the step leaves: a dated task cannot stay clear of 滞后
    overdue = Task.objects.filter(state__in=FALLS_BEHIND, due_on__lt=today).order_by("pk")
    for task in overdue:
        try:
            step_take_by_law(record=task, step_code="fall_behind", on=task.due_on + timedelta(1))
        except StepRefused:
            continue
        counts["lagging"] += 1
    counts["report_due"] = _report_due_sweep(today)
    return counts


def _report_due_sweep(today: date) -> int:
    started = 0
    link_type = ContentType.objects.get_for_model(TaskUnit)
    open_links = dict(
        Deadline.objects.filter(
            subject_type=link_type,
            rule_id=REPORT_DUE,
            state__in=(DeadlineState.RUNNING, DeadlineState.PAUSED),
        ).values_list("subject_id", "trigger_date")
    )
    for plan in Plan.objects.filter(tasks__state__in=OPEN).distinct().order_by("pk"):
        current, _ = reporting_period(plan, today)
        first, last = reporting_period(plan, current - timedelta(days=1))
        if timezone.localdate(plan.imported_at) > last:
            continue
        due = report_due_on(plan, last)
        # a link still waiting on this period (or a later one) waits; one waiting on an
        # earlier period moves on to this one
        waiting = [pk for pk, trigger in open_links.items() if trigger >= due]
        links = list(
            TaskUnit.objects.filter(task__plan=plan, task__state__in=OPEN, unit__isnull=False)
            .exclude(pk__in=waiting)
            .select_related("task", "unit")
            .order_by("task__position", "position")
        )
        reported = set(
            ProgressReport.objects.filter(task__plan=plan, period_start=first).values_list(
                "task_id", "unit_id"
            )
        )
        done_before = set(
            Deadline.objects.filter(
                subject_type=link_type,
                subject_id__in=[link.pk for link in links],
                rule_id=REPORT_DUE,
                trigger_date=due,
            ).values_list("subject_id", flat=True)
        )
        contacts = _contacts({link.unit_id for link in links})
        for link in links:
            if link.pk in open_links:  # the earlier period was never reported on
                with transaction.atomic():
                    deadline_stop(subject=link, rule_id=REPORT_DUE, on=today, outcome=MISSED)
            if (link.task_id, link.unit_id) in reported or link.pk in done_before:
                continue
            if not link.unit.is_active_on(today):
                continue
            with transaction.atomic():
                deadline_start(
                    subject=link,
                    rule_id=REPORT_DUE,
                    trigger=due,
                    trigger_basis=(
                        f"《{plan.title[:100]}》{fmt(first)}至{fmt(last)}的任务进展，应于报送期间"
                        f"结束后{settings.FAZHI_PLANS_REPORT_DUE_DAYS}日内报送（本级督查督办规则）"
                    )[:300],
                    unit=link.unit,
                    owner=contacts.get(link.unit_id),
                )
            started += 1
    return started
