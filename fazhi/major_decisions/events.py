"""Ledger events of major decisions (range 11000–11999). Numbers are permanent.

Every entry is recorded against the decision (or the catalog) it concerns, so that the
decision's archive (第三十三条) is the history of one record."""

from fazhi.ledger.events import LedgerEvent, register


class DecisionEvent(LedgerEvent):
    CATALOG_CREATE = 11001, "major_decisions", "编制决策事项目录"
    ITEM_PROPOSE = 11002, "major_decisions", "申报决策事项"
    ITEM_DECIDE = 11003, "major_decisions", "确定是否列入目录"
    CATALOG_ADJUST = 11004, "major_decisions", "调整决策事项目录"
    DECISION_START = 11011, "major_decisions", "启动决策程序"
    DECISION_UPDATE = 11012, "major_decisions", "修改决策草案"
    ATTACHMENT_ADD = 11013, "major_decisions", "上传决策材料"
    LOCAL_STEP = 11014, "major_decisions", "办理本地规定环节"
    COMMENT_OPEN = 11021, "major_decisions", "公开征求意见"
    COMMENT_RECEIVE = 11022, "major_decisions", "收到意见"
    COMMENT_REPLY = 11023, "major_decisions", "答复意见采纳情况"
    FEEDBACK_PUBLISH = 11024, "major_decisions", "公布意见采纳情况"
    HEARING_ANNOUNCE = 11031, "major_decisions", "公告听证会"
    HEARING_PARTICIPANTS = 11032, "major_decisions", "公布听证参加人名单"
    HEARING_MATERIALS = 11033, "major_decisions", "送达听证材料"
    HEARING_HOLD = 11034, "major_decisions", "举行听证会"
    HEARING_CANCEL = 11035, "major_decisions", "取消听证会"
    EXPERT_SAVE = 11041, "major_decisions", "维护专家库"
    CONFLICT_DECLARE = 11042, "major_decisions", "申报利害关系"
    EXPERT_REVIEW_START = 11043, "major_decisions", "组织专家论证"
    EXPERT_SELECT = 11044, "major_decisions", "选定论证专家"
    EXPERT_OPINION = 11045, "major_decisions", "提交专家论证意见"
    EXPERT_REVIEW_CONCLUDE = 11046, "major_decisions", "研究采纳专家论证意见"
    EXPERT_REVIEW_CANCEL = 11047, "major_decisions", "撤销专家论证"
    RISK_ASSESS = 11051, "major_decisions", "形成风险评估报告"
    REVIEW_RESPOND = 11061, "major_decisions", "根据合法性审查意见调整"
    TASK_CREATE = 11071, "major_decisions", "明确决策执行任务"
    TASK_REPORT = 11072, "major_decisions", "报告决策执行情况"
    EVALUATION_START = 11081, "major_decisions", "启动决策后评估"
    EVALUATION_RECORD = 11082, "major_decisions", "形成决策后评估结论"


register(DecisionEvent)
