"""Forms of the staff pages of random inspections, imports and case-file evaluation. They only
shape input; the services check every rule and the views put their refusals on the forms."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from .inspection_services import RESULT_CHOICES
from .models import Body, ChecklistItem, CriterionKind, Item, Officer, Standard

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
KIND_LABELS = {
    "否决": CriterionKind.VETO,
    "否决项": CriterionKind.VETO,
    "形式": CriterionKind.FORM,
    "案卷形式": CriterionKind.FORM,
    "内容": CriterionKind.CONTENT,
    "案卷内容": CriterionKind.CONTENT,
}
SEPARATORS = re.compile(r"\s*[|｜\t]\s*")


def style_fields(form: forms.BaseForm) -> None:
    """Bootstrap classes on the widgets (the templates render `{{ field }}` as is)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        if isinstance(widget, forms.CheckboxInput):
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


def _date(label: str, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_INPUT, **kwargs)


def _text(label: str, rows: int = 3, required: bool = True, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class BodyLabel(forms.ModelChoiceField):
    def label_from_instance(self, obj: Body) -> str:
        return obj.unit.name


class BodiesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Body) -> str:
        return obj.unit.name


class ItemsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Item) -> str:
        return f"{obj.body.unit.name} · {obj.code} {obj.name}"


# ---- plans --------------------------------------------------------------------------------------


class PlanForm(StyledForm):
    body = BodyLabel(label="牵头执法主体", queryset=Body.objects.none())
    title = forms.CharField(label="计划名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    starts_on = _date("检查开始日期")
    ends_on = _date("检查结束日期")
    items = ItemsField(
        label="检查事项",
        queryset=Item.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="一次检查覆盖所选全部事项（进一次门、查多项事）。",
    )
    joint_bodies = BodiesField(
        label="联合检查的执法主体",
        queryset=Body.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="联合抽查时，从牵头和联合执法主体的执法人员中共同抽取检查人员。",
    )
    ratios = _text(
        "抽查比例（按信用风险等级）",
        rows=4,
        help_text="每行一个等级，如“A=0.02”“B=1/20”“D=0.3”；未列出的等级不抽取。",
    )
    officers_per_target = forms.IntegerField(
        label="每户检查人员数", min_value=1, max_value=10, initial=2
    )
    conflict_days = forms.IntegerField(
        label="回避天数",
        min_value=0,
        max_value=3650,
        initial=365,
        help_text="计划开始日期前这么多天内检查过同一对象的执法人员不再抽取。",
    )

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        """`bodies`: those the user heads (inspection_services.own_bodies) — the lead and the
        joint bodies are chosen among them, the items among theirs: a plan draws the officers
        of its bodies, so it cannot take in a body the user does not answer for."""
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["joint_bodies"].queryset = bodies
        self.fields["items"].queryset = (
            Item.objects.filter(active=True, body__in=bodies)
            .select_related("body__unit")
            .order_by("body__unit__path", "code")
        )

    def clean_ratios(self) -> dict[str, str]:
        ratios: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["ratios"].splitlines(), 1):
            line = line.strip().replace("＝", "=").replace("：", "=").replace(":", "=")
            if not line:
                continue
            tier, _, ratio = line.partition("=")
            if not tier.strip() or not ratio.strip():
                raise forms.ValidationError(f"第{number}行应写成“等级=比例”，如“A=0.05”。")
            ratios[tier.strip().upper()] = ratio.strip()
        if not ratios:
            raise forms.ValidationError("请填写至少一个等级的抽查比例。")
        return ratios


class ConflictForm(StyledForm):
    officer = forms.ModelChoiceField(label="执法人员", queryset=Officer.objects.none())
    code = forms.CharField(label="检查对象统一社会信用代码", max_length=18)
    reason = forms.CharField(label="回避事由", max_length=200)

    def __init__(self, *args: Any, officers: QuerySet[Officer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
        self.fields["officer"].label_from_instance = lambda o: f"{o.person.name}（{o.body}）"

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()


class ChecklistForm(StyledForm):
    lines = _text(
        "检查内容",
        rows=8,
        help_text="每行一项；检查依据写在“｜”之后，如“是否取得卫生许可证｜公共场所卫生管理条例第八条”。",
    )

    def clean_lines(self) -> list[dict[str, str]]:
        lines = []
        for line in self.cleaned_data["lines"].splitlines():
            if line.strip():
                parts = SEPARATORS.split(line.strip(), maxsplit=1)
                lines.append({"text": parts[0], "basis": parts[1] if len(parts) > 1 else ""})
        return lines


class ImportForm(StyledForm):
    body = BodyLabel(label="执法主体", queryset=Body.objects.none())
    file = forms.FileField(label=".xlsx 文件")

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["file"].widget.attrs["accept"] = ".xlsx"


class InspectionRecordForm(StyledForm):
    """The checklist of a plan, one pair of fields per line, and the conclusion."""

    FOUND = (("1", "已实施检查"), ("0", "未发现检查对象（查无下落）"))
    ANSWERS = (("1", "符合"), ("0", "不符合"))

    inspected_on = _date("检查日期")
    found = forms.ChoiceField(label="检查情况", choices=FOUND, initial="1")
    result = forms.ChoiceField(
        label="检查结果", choices=[(c, c) for c in RESULT_CHOICES], required=False
    )
    problems = _text("发现的问题及处理", rows=3, required=False)

    def __init__(self, *args: Any, lines: list[ChecklistItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"line_{line.pk}"] = forms.ChoiceField(
                label=line.text, choices=self.ANSWERS, required=False, widget=forms.RadioSelect
            )
            self.fields[f"note_{line.pk}"] = forms.CharField(
                label="情况说明", max_length=300, required=False
            )
        style_fields(self)

    def rows(self) -> list[tuple[ChecklistItem, Any, Any]]:
        return [(line, self[f"line_{line.pk}"], self[f"note_{line.pk}"]) for line in self.lines]

    def findings(self) -> dict[int, tuple[bool, str]]:
        data = self.cleaned_data
        return {
            line.pk: (data[f"line_{line.pk}"] == "1", data[f"note_{line.pk}"])
            for line in self.lines
            if data.get(f"line_{line.pk}") in ("0", "1")
        }


# ---- evaluation ---------------------------------------------------------------------------------


class CampaignForm(StyledForm):
    standard = forms.ModelChoiceField(label="评查标准", queryset=Standard.objects.none())
    title = forms.CharField(label="评查活动名称", max_length=200)
    year = forms.IntegerField(label="评查年度", min_value=2000, max_value=2100)
    closed_from = _date("结案日期自")
    closed_to = _date("结案日期至")
    bodies = BodiesField(
        label="被评查的执法主体", queryset=Body.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    sample_size = forms.IntegerField(
        label="每个执法主体抽取案卷数", min_value=1, max_value=1000, initial=5
    )

    def __init__(
        self, *args: Any, standards: QuerySet[Standard], bodies: QuerySet[Body], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = standards
        self.fields["standard"].label_from_instance = lambda s: s.title
        self.fields["bodies"].queryset = bodies


class StandardForm(StyledForm):
    title = forms.CharField(label="标准名称", max_length=200)
    pass_score = forms.DecimalField(
        label="合格分数", min_value=0, max_value=100, decimal_places=1, initial=Decimal("60")
    )
    criteria = _text(
        "评查项目",
        rows=18,
        help_text="每行一项：“类别｜评查内容｜分值”，类别为否决项、形式或内容；否决项不计分，"
        "形式与内容的分值合计应为100分。",
    )

    def clean_criteria(self) -> list[dict[str, str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), 1):
            if not line.strip():
                continue
            parts = SEPARATORS.split(line.strip())
            kind = KIND_LABELS.get(parts[0])
            if kind is None or len(parts) < 2:
                raise forms.ValidationError(
                    f"第{number}行应写成“类别｜评查内容｜分值”，类别为否决项、形式或内容。"
                )
            points = parts[2] if len(parts) > 2 else "0"
            rows.append({"kind": kind, "text": parts[1], "points": points})
        return rows


class EvaluationForm(StyledForm):
    """One pair of fields per criterion of the standard: a veto checkbox or the points lost,
    and the problem found."""

    evaluated_on = _date("评查日期")
    comments = _text("评查意见", rows=3, required=False)

    def __init__(self, *args: Any, criteria: list, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("evaluated_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            if criterion.kind == CriterionKind.VETO:
                field = forms.BooleanField(label="存在该情形", required=False)
                self.fields[f"veto_{criterion.pk}"] = field
            else:
                self.fields[f"lost_{criterion.pk}"] = forms.DecimalField(
                    label="扣分",
                    required=False,
                    min_value=0,
                    max_value=criterion.points,
                    decimal_places=1,
                )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label="问题说明", max_length=300, required=False
            )
        style_fields(self)

    def rows(self) -> list[tuple[Any, Any, Any]]:
        out = []
        for criterion in self.criteria:
            key = "veto" if criterion.kind == CriterionKind.VETO else "lost"
            out.append((criterion, self[f"{key}_{criterion.pk}"], self[f"note_{criterion.pk}"]))
        return out

    def marks(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        marks = []
        for criterion in self.criteria:
            note = data.get(f"note_{criterion.pk}", "")
            if criterion.kind == CriterionKind.VETO:
                if data.get(f"veto_{criterion.pk}"):
                    marks.append({"criterion": criterion, "note": note})
            elif data.get(f"lost_{criterion.pk}"):
                marks.append(
                    {"criterion": criterion, "lost": data[f"lost_{criterion.pk}"], "note": note}
                )
        return marks


class RectificationForm(StyledForm):
    required = _text("整改要求", rows=3)
    due_on = _date("整改期限")


class RectificationReportForm(StyledForm):
    report = _text("整改情况", rows=3)


class RectificationAcceptForm(StyledForm):
    accepted = forms.TypedChoiceField(
        label="验收结论",
        choices=(("1", "整改到位，验收通过"), ("0", "整改不到位，不予通过")),
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label="验收意见", max_length=300, required=False)
