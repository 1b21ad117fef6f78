"""The two procedures of the task ledger.

`plans.task` — a task's status: 未启动 → 推进中 → 已完成, or 长期坚持 (a standing task: a period
such as 每年 and no end date; given a due date it turns 推进中), or 滞后 (its due date passed
before it was done — from any open state but 滞后, so a dated task never escapes it).
No statute sets a plan's dates: the plan does, so the guards cite the plan's own 完成时限 and
otherwise rest on no article (said in `no_citation_reason`). 滞后 is taken by the daily sweep
(`tasks.py`) with no actor, the day after the due date.

`plans.report` — a unit's progress report: 已报送 → 已通过, or 已退回 with the office's comments
→ 已报送 again (the unit corrects it) → …

The services check the input and write the rows; the guards check the locked record.
"""

from __future__ import annotations

from datetime import date

from fazhi.procedures.definitions import (
    Citation,
    Guard,
    GuardResult,
    Procedure,
    State,
    Step,
    StepContext,
    register,
)

PLAN_DATE = Citation("本级法治政府建设规划（实施方案）", "印发稿", "该项任务的完成时限")
NO_STATUTE = "规划的任务和完成时限由规划文件自行确定，不是法定程序，无法律条文可引。"

UNIT = ("handler", "unit_admin")
OFFICE = ("legal_reviewer",)


def _past_due(ctx: StepContext) -> GuardResult | bool:
    due: date | None = ctx.record.due_on
    if due is None:
        return GuardResult(False, "该任务没有完成时限，不会滞后。")
    if ctx.today <= due:
        return GuardResult(False, f"完成时限 {due.isoformat()} 尚未届满，不能列为滞后。")
    return True


def _not_past_due(ctx: StepContext) -> GuardResult | bool:
    due: date | None = ctx.record.due_on
    if due is not None and ctx.today > due:
        return GuardResult(
            False,
            f"完成时限 {due.isoformat()} 已过而任务未完成，仍属滞后；调整完成时限后方可恢复。",
        )
    return True


def _no_end_date(ctx: StepContext) -> GuardResult | bool:
    if ctx.record.due_on is not None:
        return GuardResult(False, "该任务有完成时限，应按期完成，不能列为长期坚持。")
    return True


def _has_end_date(ctx: StepContext) -> GuardResult | bool:
    if ctx.record.due_on is None:
        return GuardResult(False, "须先设定完成时限，长期坚持的任务才能转为推进中。")
    return True


def _completed_on_valid(ctx: StepContext) -> GuardResult | bool:
    completed = ctx.data.get("completed_on")
    if not completed:
        return GuardResult(False, "须填写完成日期。")
    if isinstance(completed, str):
        completed = date.fromisoformat(completed)
    if completed > ctx.today:
        return GuardResult(False, "完成日期不能晚于今天。")
    return True


PAST_DUE = Guard("完成时限已过", _past_due, citation=PLAN_DATE)
NOT_PAST_DUE = Guard("完成时限未过", _not_past_due, citation=PLAN_DATE)
NO_END_DATE = Guard("任务没有完成时限", _no_end_date, no_citation_reason=NO_STATUTE)
HAS_END_DATE = Guard("任务已设定完成时限", _has_end_date, citation=PLAN_DATE)
COMPLETED_ON = Guard("完成日期有效", _completed_on_valid, no_citation_reason=NO_STATUTE)
COMMENT = Guard(
    "已写明退回意见",
    lambda ctx: bool(str(ctx.data.get("comment") or "").strip()),
    no_citation_reason="退回须让报送单位知道要改什么，这是本系统的审核规则。",
    reason="退回须写明审核意见，说明需要补充或修改的内容。",
)

OPEN = ("not_started", "in_progress", "lagging", "ongoing")

TASK = register(
    Procedure(
        id="plans.task",
        title="规划任务",
        states=(
            State("not_started", "未启动"),
            State("in_progress", "推进中"),
            State("lagging", "滞后"),
            State("ongoing", "长期坚持"),
            State("done", "已完成", terminal=True),
        ),
        initial="not_started",
        steps=(
            Step(
                code="start",
                label="开始推进",
                source="not_started",
                target="in_progress",
                roles=UNIT + OFFICE,
            ),
            Step(
                code="keep_up",
                label="列为长期坚持",
                source=("not_started", "in_progress"),
                target="ongoing",
                roles=OFFICE,
                guards=(NO_END_DATE,),
            ),
            Step(
                code="resume",
                label="设定完成时限，转为推进中",
                source="ongoing",
                target="in_progress",
                roles=OFFICE,
                guards=(HAS_END_DATE,),
            ),
            Step(
                code="fall_behind",
                label="逾期未完成，列为滞后",
                source=("not_started", "in_progress", "ongoing"),
                target="lagging",
                roles=(),
                by_law=True,
                citation=PLAN_DATE,
                guards=(PAST_DUE,),
            ),
            Step(
                code="catch_up",
                label="调整完成时限后恢复推进",
                source="lagging",
                target="in_progress",
                roles=OFFICE,
                guards=(NOT_PAST_DUE,),
            ),
            Step(
                code="complete",
                label="确认完成",
                source=OPEN,
                target="done",
                roles=OFFICE,
                fields=("completed_on", "report"),
                guards=(COMPLETED_ON,),
            ),
        ),
    )
)

REPORT = register(
    Procedure(
        id="plans.report",
        title="任务进展报告",
        states=(
            State("submitted", "已报送"),
            State("returned", "已退回"),
            State("accepted", "已通过", terminal=True),
        ),
        initial="submitted",
        steps=(
            Step(
                code="accept",
                label="审核通过",
                source="submitted",
                target="accepted",
                roles=OFFICE,
                fields=("comment",),
            ),
            Step(
                code="return_",
                label="退回修改",
                source="submitted",
                target="returned",
                roles=OFFICE,
                fields=("comment",),
                guards=(COMMENT,),
            ),
            Step(
                code="resubmit",
                label="修改后重新报送",
                source="returned",
                target="submitted",
                roles=UNIT,
                fields=("text",),
            ),
        ),
    )
)
