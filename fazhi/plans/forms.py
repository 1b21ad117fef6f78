"""Forms of the plan ledger's staff pages. They only shape input: the services check it again
and their refusals (Chinese) are put on these forms by the views, nothing saved."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings

from fazhi.core.models import Unit

from . import review
from .models import Plan

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REPORT_MONTHS = [
    (1, "每月"),
    (2, "每两个月"),
    (3, "每季度"),
    (4, "每四个月"),
    (6, "每半年"),
    (12, "每年"),
]


def style_fields(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        widget.attrs["class"] = css


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class LinesField(forms.CharField):
    """A textarea's text, with the browser's CRLF line ends as LF (as the parser writes)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


def _text(label: str, rows: int = 3, required: bool = True, **kwargs: Any) -> forms.CharField:
    return LinesField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def _line(label: str, max_length: int, required: bool = True, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required, **kwargs)


def _date(label: str, required: bool = False, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_INPUT, **kwargs)


def _flag(label: str, **kwargs: Any) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, **kwargs)


def unit_choices(units: list[Unit]) -> list[tuple[int, str]]:
    """Units in tree order, indented by depth under the first."""
    top = min((u.depth for u in units), default=1)
    return [(u.pk, "\u3000" * (u.depth - top) + u.name) for u in units]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleaned to a list (empty when none)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


# ---- upload and review of a parse --------------------------------------------------------------


class UploadForm(StyledForm):
    owner = forms.TypedChoiceField(label="制定机关", coerce=int)
    file = forms.FileField(
        label="规划文本",
        allow_empty_file=True,  # the parser says why an empty file cannot be read
        help_text="规划、实施纲要、实施意见或工作要点的正文，.txt（UTF-8、GB18030 等编码）"
        "或 .docx，简体或繁体均可。上传后先核对解析结果，确认无误再导入台账。",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx"}),
    )

    def __init__(self, *args: Any, owners: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(u.pk, u.name) for u in owners]
        if len(owners) == 1:
            self.fields["owner"].initial = owners[0].pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.FAZHI_PLANS_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"文件“{upload.name}”大小 {upload.size / 1024 / 1024:.1f} MB，超过上限 "
                f"{limit / 1024 / 1024:.0f} MB；规划文本一般不超过 1 MB，请只上传规划正文。"
            )
        return upload


class DocumentForm(StyledForm):
    """The plan's particulars as read."""

    title = _line("规划名称", 200)
    plan_title = _line("印发通知标题", 300, required=False)
    issuers = _line("发文机关", 300, required=False, help_text="多个机关以“、”分隔。")
    doc_number = _line("发文字号", 60, required=False)
    written_on = _date("成文日期")
    published_on = _date("发布日期")

    @classmethod
    def initial_of(cls, document: dict) -> dict:
        return {
            "title": document.get("title", ""),
            "plan_title": document.get("plan_title", ""),
            "issuers": "、".join(document.get("issuers") or []),
            "doc_number": document.get("doc_number", ""),
            "written_on": document.get("written_on"),
            "published_on": document.get("published_on"),
        }

    def document(self, before: dict) -> dict:
        data = self.cleaned_data
        return {
            **before,
            "title": data["title"],
            "plan_title": data["plan_title"],
            "issuers": review.split_names(data["issuers"].replace("、", "\n")),
            "doc_number": data["doc_number"],
            "written_on": _iso(data["written_on"]),
            "published_on": _iso(data["published_on"]),
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


class DraftTaskForm(StyledForm):
    """One task of a parse as the person corrects it."""

    number = _line("编号", 20, required=False)
    title = _line("任务", 300)
    text = _text(
        "任务内容",
        rows=4,
        required=False,
        help_text="拆分：单独一行写“---”，保存后该行以后的内容成为一项新任务，责任单位相同。",
    )
    lead = _text("牵头单位", rows=2, required=False, help_text="每行一个，或以“、”分隔。")
    responsible = _text(
        "责任单位（牵头单位以外）", rows=2, required=False, help_text="每行一个，或以“、”分隔。"
    )
    due = _date("完成时限")
    period = _line("周期", 20, required=False, help_text="如“每年”“每季度”；没有则留空。")

    @classmethod
    def initial_of(cls, task: dict) -> dict:
        lead = list(task.get("lead") or [])
        return {
            "number": task.get("number", ""),
            "title": task.get("title", ""),
            "text": task.get("text", ""),
            "lead": "\n".join(lead),
            "responsible": "\n".join(n for n in task.get("responsible") or [] if n not in lead),
            "due": task.get("due"),
            "period": task.get("period", ""),
        }

    def task(self, before: dict, known: set[str]) -> dict:
        data = self.cleaned_data
        lead = review.split_names(data["lead"], known)
        others = review.split_names(data["responsible"], known)
        return {
            **before,
            "number": data["number"],
            "title": data["title"],
            "text": data["text"],
            "lead": lead,
            "responsible": lead + [n for n in others if n not in lead],
            "due": _iso(data["due"]),
            "period": data["period"],
        }


class UnitNameForm(StyledForm):
    """How one unit name as written resolves: the unit(s) chosen, confirmed, or external."""

    name = forms.CharField(widget=forms.HiddenInput, max_length=100)
    unit = forms.TypedChoiceField(label="对应单位", coerce=int, required=False, empty_value=None)
    units = forms.TypedMultipleChoiceField(
        label="对应单位", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    confirm = _flag("确认")
    external = _flag("记为外部单位")

    def __init__(
        self, *args: Any, entry: dict, units: list[Unit], by_id: dict[int, Unit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.status = entry.get("status", "unresolved")
        ids = list(entry.get("unit_ids") or [])
        candidates = list(entry.get("candidates") or [])
        self.many = self.status == "class" or len(ids) > 1
        self.resolved_units = [by_id[i] for i in ids if i in by_id]
        self.candidate_units = [by_id[i] for i in candidates if i in by_id]
        self.settled = review.settled(entry)
        if self.many:
            offered = [by_id[i] for i in dict.fromkeys([*ids, *candidates]) if i in by_id]
            self.fields["units"].choices = unit_choices(offered or units)
            self.fields["units"].initial = ids
            del self.fields["unit"]
        else:
            first = [by_id[i] for i in dict.fromkeys([*ids, *candidates]) if i in by_id]
            rest = [u for u in units if u not in first]
            choices = [(u.pk, u.name) for u in first]
            if rest:
                choices.append(("其他单位", unit_choices(rest)))
            self.fields["unit"].choices = [("", "请选择单位"), *choices]
            self.fields["unit"].initial = ids[0] if ids else None
            del self.fields["units"]
        self.fields["external"].initial = self.status == "external"
        if self.settled:
            del self.fields["confirm"]

    def result(self) -> dict:
        data = self.cleaned_data
        ids = data.get("units") or ([data["unit"]] if data.get("unit") else [])
        return review.settle(
            self.entry,
            unit_ids=ids,
            confirm=bool(data.get("confirm")),
            external=bool(data.get("external")),
        )


class ImportForm(StyledForm):
    report_months = forms.TypedChoiceField(
        label="进展报送周期", coerce=int, choices=REPORT_MONTHS, initial=3
    )
    is_public = _flag("在门户网站公开任务进展")


class PlanSettingsForm(StyledForm):
    report_months = forms.TypedChoiceField(label="进展报送周期", coerce=int, choices=REPORT_MONTHS)
    is_public = _flag(
        "在门户网站公开任务进展",
        help_text="公开的是任务、完成时限、牵头单位、状态和审核通过的进展，不含人员和佐证材料。",
    )

    @classmethod
    def of(cls, plan: Plan, data=None) -> PlanSettingsForm:
        return cls(
            data,
            prefix="settings",
            initial={"report_months": plan.report_months, "is_public": plan.is_public},
        )


class LedgerImportForm(StyledForm):
    file = forms.FileField(
        label="任务分解表（.xlsx）",
        help_text="先导出本规划的任务分解表，修改任务、牵头单位、责任单位或完成时限后再导入。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


# ---- a task ------------------------------------------------------------------------------------


class TaskEditForm(StyledForm):
    title = _line("任务", 300)
    text = _text("任务内容", rows=4, required=False)
    due_on = _date("完成时限")
    period = _line("周期", 20, required=False, help_text="如“每年”；没有则留空。")


class TaskUnitsForm(StyledForm):
    lead = forms.TypedMultipleChoiceField(
        label="牵头单位", coerce=int, required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    lead_external = _text("牵头单位（组织机构以外，每行一个）", rows=1, required=False)
    responsible = forms.TypedMultipleChoiceField(
        label="责任单位", coerce=int, required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )
    responsible_external = _text("责任单位（组织机构以外，每行一个）", rows=2, required=False)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        for name in ("lead", "responsible"):
            self.fields[name].choices = unit_choices(units)

    def lists(self) -> tuple[list, list]:
        data = self.cleaned_data
        lead = [self.units[pk] for pk in data["lead"]]
        lead += review.split_names(data["lead_external"])
        responsible = [self.units[pk] for pk in data["responsible"]]
        responsible += review.split_names(data["responsible_external"])
        return lead, responsible


class ReviewForm(StyledForm):
    comment = _text(
        "审核意见", rows=2, required=False, help_text="退回时须写明需要补充或修改的内容。"
    )


# ---- progress reports --------------------------------------------------------------------------


class ReportForm(StyledForm):
    """A progress report: the text, a figure for each of the task's targets, completion, files.
    The figure fields are added per target (`figure_<id>`)."""

    unit = forms.TypedChoiceField(label="报送单位", coerce=int)
    period_start = forms.ChoiceField(label="报送期间")
    text = _text("进展情况", rows=5, max_length=5000)
    claims_done = _flag("任务已完成")
    completed_on = _date("完成日期", help_text="勾选“任务已完成”时填写。")
    files = MultipleFileField(
        label="佐证材料（可多选）",
        help_text=f"最多 {settings.FAZHI_PLANS_REPORT_MAX_FILES} 个文件。",
    )

    def __init__(
        self,
        *args: Any,
        units: list[Unit],
        periods: list[tuple[date, date]],
        targets: list,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        if units:
            self.fields["unit"].choices = [(u.pk, u.name) for u in units]
            self.fields["unit"].initial = units[0].pk
        else:
            del self.fields["unit"]
        if periods:
            self.fields["period_start"].choices = [
                (start.isoformat(), f"{_cn(start)}至{_cn(end)}") for start, end in periods
            ]
            self.fields["period_start"].initial = periods[0][0].isoformat()
        else:
            del self.fields["period_start"]
        for target in self.targets:
            label = target.unit_label
            self.fields[f"figure_{target.pk}"] = forms.DecimalField(
                label=f"{target.text}（目标：{target.get_comparator_display()}"
                f"{_number(target.value)}{label}）",
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
            )
        style_fields(self)

    def figure_fields(self):
        return [self[f"figure_{t.pk}"] for t in self.targets]

    def figures(self) -> dict[int, Any]:
        data = self.cleaned_data
        return {
            t.pk: data[f"figure_{t.pk}"]
            for t in self.targets
            if data.get(f"figure_{t.pk}") is not None
        }

    def clean(self):
        data = super().clean()
        if data.get("claims_done") and not data.get("completed_on"):
            self.add_error("completed_on", "报告任务已完成的，须填写完成日期。")
        return data


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _number(value) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
