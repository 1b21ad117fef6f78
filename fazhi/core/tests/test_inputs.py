"""The shared checks of the values services are given."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from fazhi.core import inputs


def test_text_is_trimmed_bounded_and_clean():
    assert inputs.text("  甲  ", "名称") == "甲"
    with pytest.raises(ValidationError, match="请填写名称"):
        inputs.text(" ", "名称")
    with pytest.raises(ValidationError, match="不能超过3字"):
        inputs.text("甲乙丙丁", "名称", limit=3)
    with pytest.raises(ValidationError, match="无效字符"):
        inputs.text("甲\x00", "名称")


def test_days_from_dates_datetimes_and_strings():
    beijing = datetime(2026, 3, 1, 23, 30, tzinfo=ZoneInfo("UTC"))  # 3-2 in Beijing
    assert inputs.day(beijing, "日期") == date(2026, 3, 2)
    assert inputs.day("2026-03-02", "日期") == date(2026, 3, 2)
    with pytest.raises(ValidationError, match="不是有效的日期"):
        inputs.day("2026-02-30", "日期")
    with pytest.raises(ValidationError, match="不能早于收到日期"):
        inputs.not_before(date(2026, 3, 1), date(2026, 3, 2), "答复日期", "收到日期")


def test_money_in_yuan():
    assert inputs.money("1,000.5", "罚款") == Decimal("1000.50")
    refused = (("-1", "负数"), ("1.001", "两位小数"), ("abc", "有效的金额"), ("NaN", "负数"))
    for bad, message in refused:
        with pytest.raises(ValidationError, match=message):
            inputs.money(bad, "罚款")
