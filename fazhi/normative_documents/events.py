"""Ledger events of normative documents (range 10000–10999). Numbers are permanent."""

from fazhi.ledger.events import LedgerEvent, register


class NormdocEvent(LedgerEvent):
    DRAFT_CREATE = 10001, "normative_documents", "起草规范性文件"
    DRAFT_UPDATE = 10002, "normative_documents", "修改文件草案"
    AMENDMENT_START = 10003, "normative_documents", "启动文件修改"
    DOCUMENT_IMPORT = 10004, "normative_documents", "导入已公布的规范性文件"
    COMMENT_RECEIVE = 10011, "normative_documents", "收到征求意见"
    COMMENT_REPLY = 10012, "normative_documents", "答复意见采纳情况"
    COMPETITION_REVIEW = 10021, "normative_documents", "公平竞争审查"
    REVIEW_SUBMIT = 10031, "normative_documents", "送合法性审核材料"
    FLAG_DECIDE = 10032, "normative_documents", "判断审核辅助提示"
    PUBLISH_REGISTER = 10041, "normative_documents", "统一登记编号并公布"
    FILING_REGISTER = 10042, "normative_documents", "登记备案审查"
    OBJECTION_RECEIVE = 10043, "normative_documents", "收到审查建议"
    DOCUMENT_END = 10051, "normative_documents", "废止或宣布失效"
    EVALUATION_SCHEDULE = 10061, "normative_documents", "安排文件评估"
    EVALUATION_RECORD = 10062, "normative_documents", "记录评估结论"
    CLEANUP_CREATE = 10071, "normative_documents", "启动文件清理"
    CLEANUP_CONCLUDE = 10072, "normative_documents", "作出清理结论"
    CLEANUP_PUBLISH = 10073, "normative_documents", "公布清理结果"


register(NormdocEvent)
