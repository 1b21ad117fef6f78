"""Ledger events of plans (range 17000–17999). Numbers are permanent.

A task's acts are recorded against the task (its status changes reach the ledger as procedure
steps); a report's against the report; an import against the plan, with the source file's and
the spreadsheet's SHA-256."""

from fazhi.ledger.events import LedgerEvent, register


class PlanEvent(LedgerEvent):
    DRAFT_UPLOAD = 17001, "plans", "上传规划文本并解析"
    DRAFT_EDIT = 17002, "plans", "核对规划解析结果"
    PLAN_IMPORT = 17003, "plans", "导入规划任务台账"
    PLAN_SETTINGS = 17004, "plans", "变更规划报送周期或公开设置"
    TASK_EDIT = 17011, "plans", "修改任务"
    TASK_UNITS = 17012, "plans", "变更任务责任单位"
    TARGET_LINK = 17013, "plans", "变更量化目标的数据来源"
    LEDGER_IMPORT = 17014, "plans", "导入任务分解表"
    REPORT_SUBMIT = 17021, "plans", "报送任务进展"
    REPORT_REVIEW = 17022, "plans", "审核任务进展"


register(PlanEvent)
