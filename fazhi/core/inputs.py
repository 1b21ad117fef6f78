"""What the services of every domain app check of the values they are given, with the Chinese
message a person sees when a value is refused: texts, dates, amounts, choices. Services import
these under short private names (`from fazhi.core.inputs import text as _text`)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

CENT = Decimal("0.01")


def fmt(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def sha(value: str) -> str:
    """A text as the ledger keeps it when the text itself is not for the ledger."""
    return "sha256:" + hashlib.sha256(value.encode()).hexdigest() if value else ""


def text(value: Any, label: str, *, required: bool = True, limit: int = 20000) -> str:
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise ValidationError(f"请填写{label}。")
    if len(value) > limit:
        raise ValidationError(f"{label}不能超过{limit}字。")
    if "\x00" in value:
        raise ValidationError(f"{label}含有无效字符。")
    return value


def day(value: Any, label: str, *, required: bool = True) -> date | None:
    """A date from a date, an aware or naive datetime, or an ISO string."""
    if value in (None, ""):
        if required:
            raise ValidationError(f"请填写{label}。")
        return None
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(f"{label}不是有效的日期。") from None


def past_day(value: Any, label: str, *, required: bool = True) -> date | None:
    """A date that has come: not after today."""
    result = day(value, label, required=required)
    if result is not None and result > timezone.localdate():
        raise ValidationError(f"{label}（{fmt(result)}）不能晚于今天。")
    return result


def not_before(later: date | None, earlier: date | None, label: str, earlier_label: str) -> None:
    if later is not None and earlier is not None and later < earlier:
        raise ValidationError(f"{label}（{fmt(later)}）不能早于{earlier_label}（{fmt(earlier)}）。")


def money(value: Any, label: str, *, required: bool = False) -> Decimal | None:
    """An amount in 元: not negative, at most two decimals."""
    if value in (None, ""):
        if required:
            raise ValidationError(f"请填写{label}。")
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ValidationError(f"{label}不是有效的金额。") from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError(f"{label}不能为负数。")
    if amount >= Decimal("1e12"):
        raise ValidationError(f"{label}过大。")
    if amount != amount.quantize(CENT):
        raise ValidationError(f"{label}最多保留两位小数。")
    return amount.quantize(CENT)


def choice(value: Any, choices, label: str) -> str:
    if value not in choices.values:
        raise ValidationError(f"{label}无效：{value}。")
    return value
