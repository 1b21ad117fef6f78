"""Ledger events of reconsideration (range 13000–13999). Numbers are permanent.

A case's acts are recorded against the case, so its file is one record's history; a letter's
against the letter."""

from fazhi.ledger.events import LedgerEvent, register


class ReconsiderationEvent(LedgerEvent):
    APPLICATION_RECEIVE = 13001, "reconsideration", "收到行政复议申请"
    APPLICATION_WITHDRAW = 13002, "reconsideration", "受理前撤回申请"
    SUPPLEMENT_REQUEST = 13003, "reconsideration", "通知补正"
    SUPPLEMENT_EXTEND = 13004, "reconsideration", "延长补正期限"
    SUPPLEMENT_RECEIVE = 13005, "reconsideration", "收到补正材料"
    CASE_ABANDON = 13006, "reconsideration", "视为放弃申请"
    CASE_ACCEPT = 13007, "reconsideration", "受理"
    CASE_DEEMED_ACCEPT = 13008, "reconsideration", "视为受理"
    CASE_REFUSE = 13009, "reconsideration", "不予受理"
    COPY_SEND = 13011, "reconsideration", "发送申请书副本"
    REPLY_SUBMIT = 13012, "reconsideration", "被申请人书面答复"
    ACTIVITY_RECORD = 13013, "reconsideration", "记录审理活动"
    HEARING_SCHEDULE = 13014, "reconsideration", "通知听证"
    HEARING_HOLD = 13015, "reconsideration", "举行听证"
    CASE_SUSPEND = 13016, "reconsideration", "中止"
    CASE_RESUME = 13017, "reconsideration", "恢复审理"
    CASE_CONVERT = 13018, "reconsideration", "转为普通程序"
    CASE_EXTEND = 13019, "reconsideration", "延长审理期限"
    NORMDOC_START = 13021, "reconsideration", "启动规范性文件附带审查"
    NORMDOC_NOTIFY = 13022, "reconsideration", "书面通知制定机关"
    NORMDOC_REPLY = 13023, "reconsideration", "制定机关答复"
    NORMDOC_CONCLUDE = 13024, "reconsideration", "附带审查处理或者转送"
    CASE_DECIDE = 13031, "reconsideration", "作出行政复议决定"
    CASE_SERVE = 13032, "reconsideration", "送达行政复议决定"
    CASE_MEDIATE = 13033, "reconsideration", "调解结案"
    CASE_TERMINATE = 13034, "reconsideration", "终止行政复议"
    DECISION_PUBLISH = 13035, "reconsideration", "公开行政复议决定书"
    DECISION_COPY = 13036, "reconsideration", "抄告上一级主管部门"
    PERFORMANCE_RECORD = 13037, "reconsideration", "履行行政复议决定"
    PERFORMANCE_URGE = 13038, "reconsideration", "责令限期履行"
    LETTER_ISSUE = 13041, "reconsideration", "制发意见书或者建议书"
    LETTER_REPLY = 13042, "reconsideration", "报送意见书办理情况"


register(ReconsiderationEvent)
