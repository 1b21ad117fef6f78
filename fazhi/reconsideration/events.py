"""Ledger events of reconsideration (range 13000–13999). Numbers are permanent.

A case's acts are recorded against the case, so its file is one record's history."""

from fazhi.ledger.events import LedgerEvent, register


class ReconsiderationEvent(LedgerEvent):
    APPLICATION_RECEIVE = 13001, "reconsideration", "收到行政复议申请"


register(ReconsiderationEvent)
