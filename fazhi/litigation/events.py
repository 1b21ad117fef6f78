"""Ledger events of litigation (range 14000–14999). Numbers are permanent.

A case's acts are recorded against the case, so its file is one record's history; its steps
(answer, hearings, judgments, appeals, execution, closing) reach the ledger as procedure steps.
A suggestion's acts are recorded against the suggestion."""

from fazhi.ledger.events import LedgerEvent, register


class LitigationEvent(LedgerEvent):
    CASE_REGISTER = 14001, "litigation", "登记应诉案件"
    CASE_FLAGS = 14002, "litigation", "变更负责人应当出庭情形"
    EXTENSION_REQUEST = 14003, "litigation", "申请延期提供证据"
    EXTENSION_DECIDE = 14004, "litigation", "法院对延期提供证据申请的决定"
    EXTENSION_RESUME = 14005, "litigation", "延期提供证据的正当事由消除"
    EXTENSION_SUBMIT = 14006, "litigation", "延期提供证据"
    EXECUTION_ADD = 14007, "litigation", "登记裁判确定的义务"
    EXECUTION_PERFORM = 14008, "litigation", "登记裁判履行情况"
    SUGGESTION_REGISTER = 14011, "litigation", "登记司法建议、检察建议"
    SUGGESTION_REPLY = 14012, "litigation", "答复司法建议、检察建议"


register(LitigationEvent)
