from __future__ import annotations

import re
from datetime import date, timedelta

from django import forms

from .calendar import NoticeDay

LINE = re.compile(
    r"^(?P<first>\d{4}-\d{2}-\d{2})(?:\s*(?:至|~|—|到)\s*(?P<last>\d{4}-\d{2}-\d{2}))?"
    r"\s+(?P<name>\S+)\s+(?P<kind>放假|上班)$"
)


def parse_notice_days(text: str) -> tuple[list[NoticeDay], list[str]]:
    """Lines like "2027-02-05 至 2027-02-11 春节 放假" or "2027-02-20 春节 上班"; every bad
    line is reported with its number."""
    days, errors = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = LINE.match(line)
        if not match:
            errors.append(
                f"第 {number} 行格式不对：“{line}”。应为“2027-02-05 至 2027-02-11 春节 放假”"
                "或“2027-02-20 春节 上班”。"
            )
            continue
        try:
            first = date.fromisoformat(match["first"])
            last = date.fromisoformat(match["last"]) if match["last"] else first
        except ValueError:
            errors.append(f"第 {number} 行的日期不存在：“{line}”。")
            continue
        if last < first or (last - first).days > 31:
            errors.append(f"第 {number} 行的日期范围不对：“{line}”。")
            continue
        is_workday = match["kind"] == "上班"
        days += [
            NoticeDay(first + timedelta(days=i), is_workday, match["name"])
            for i in range((last - first).days + 1)
        ]
    return days, errors


class HolidayNoticeForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2004, max_value=2100)
    title = forms.CharField(
        label="通知名称", max_length=200, help_text="如：国务院办公厅关于2027年部分节假日安排的通知"
    )
    document_number = forms.CharField(
        label="文号", max_length=60, required=False, help_text="如：国办发明电〔2026〕7号"
    )
    published_on = forms.DateField(label="发布日期", widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.CharField(
        label="放假和调休安排",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="每行一项：“2027-02-05 至 2027-02-11 春节 放假”或“2027-02-20 春节 上班”。",
    )

    def clean_days(self) -> list[NoticeDay]:
        days, errors = parse_notice_days(self.cleaned_data["days"])
        if errors:
            raise forms.ValidationError(errors)
        return days
