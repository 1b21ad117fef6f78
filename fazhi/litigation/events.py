"""Ledger events of litigation (range 14000–14999). Numbers are permanent.

A case's acts are recorded against the case, so its file is one record's history."""

from fazhi.ledger.events import LedgerEvent, register


class LitigationEvent(LedgerEvent):
    CASE_REGISTER = 14001, "litigation", "登记应诉案件"


register(LitigationEvent)
