"""Forms of the staff pages of major decisions. They only shape input; every rule of the 条例 is
checked by the services and the procedure guards, whose refusals the views put on these forms."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet

from fazhi.core.models import Unit

from .models import (
    RISK_DIMENSIONS,
    Category,
    Channel,
    EvaluationConclusion,
    Expert,
    MeetingKind,
    Reply,
    ReviewMethod,
    RiskLevel,
    Trigger,
)
from .procedures import DECISION, VIEWS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def style_fields(form: forms.Form) -> None:
    """Bootstrap classes on the widgets (the templates render `{{ field }}` as is)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput | forms.CheckboxSelectMultiple):
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


def _units(units) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")


def _text(label: str, rows: int = 3, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=_textarea(rows), **kwargs)


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_INPUT)


def _choice(label: str, choices, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=required, choices=[("", "请选择"), *choices])


# ---- the list ---------------------------------------------------------------------------------


class DecisionFilterForm(StyledForm):
    """The filters of the list of decisions (all optional)."""

    q = forms.CharField(label="决策事项含", required=False, max_length=100)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(
        label="办理状态",
        required=False,
        choices=[("", "全部状态"), *((s.code, s.label) for s in DECISION.states)],
    )
    unit = forms.TypedChoiceField(label="承办单位", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in years)]
        self.fields["unit"].choices = [("", "全部单位"), *((u.pk, u.name) for u in units)]

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"].strip():
            queryset = queryset.filter(title__icontains=data["q"].strip())
        if data["year"]:
            queryset = queryset.filter(started_on__year=data["year"])
        if data["state"]:
            queryset = queryset.filter(state=data["state"])
        if data["unit"]:
            queryset = queryset.filter(unit_id=data["unit"])
        return queryset


# ---- the catalog ------------------------------------------------------------------------------


class CatalogCreateForm(StyledForm):
    unit = forms.ModelChoiceField(label="决策机关", queryset=Unit.objects.none())
    year = forms.IntegerField(label="年度", min_value=2019, max_value=2100)
    title = forms.CharField(
        label="目录名称", required=False, max_length=200, help_text="留空则按年度和机关生成。"
    )

    def __init__(self, *args: Any, units, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(units)
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk


class ItemProposeForm(StyledForm):
    proposed_by = forms.ModelChoiceField(label="申报单位", queryset=Unit.objects.none())
    title = forms.CharField(label="决策事项名称", max_length=200)
    category = _choice("事项类别", Category.choices)
    reason = _text("列为重大行政决策的理由", required=True)
    lead_unit = forms.ModelChoiceField(label="决策承办单位", queryset=Unit.objects.none())
    planned = forms.CharField(label="计划完成时间", max_length=60, help_text="如：2026年第三季度")

    def __init__(self, *args: Any, units, lead_units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposed_by"].queryset = _units(units)
        if len(units) == 1:
            self.fields["proposed_by"].initial = units[0].pk
        self.fields["lead_unit"].queryset = lead_units


class ItemDecideForm(StyledForm):
    include = forms.TypedChoiceField(
        label="决定",
        choices=[("1", "列入目录"), ("0", "不列入")],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label="理由（不列入的须写明）", required=False, max_length=2000)


class CatalogAdjustForm(StyledForm):
    add = forms.ModelMultipleChoiceField(
        label="增列的事项（已申报）",
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    remove = forms.ModelMultipleChoiceField(
        label="调出的事项（已列入）",
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = _text("调整理由", required=True)
    party_agreed_on = _date("党委同意日期", required=False)
    party_agreement = forms.CharField(label="党委同意的文件或会议", required=False, max_length=200)
    published_on = _date("公布日期")

    def __init__(self, *args: Any, catalog, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["add"].queryset = catalog.items.filter(state="proposed")
        self.fields["remove"].queryset = catalog.items.filter(state="included")


# ---- the steps of a procedure -----------------------------------------------------------------

OBSERVER_KINDS = {
    "利害关系人": "stakeholder",
    "专家": "expert",
    "媒体": "media",
    "人大代表": "deputy",
    "其他": "other",
}
VIEW_CODES = {label: code for code, label in VIEWS.items()}
SPLIT = re.compile(r"\s*[，,、\t]\s*")


def parse_views(text: str) -> list[dict[str, str]]:
    """One member a line: "姓名，同意|不同意|弃权[，说明]"."""
    views = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = SPLIT.split(line.strip(), maxsplit=2)
        if len(parts) < 2 or parts[1] not in VIEW_CODES:
            raise forms.ValidationError(
                f"第{number}行格式不对：应为“姓名，同意（或不同意、弃权），说明”。"
            )
        views.append(
            {"name": parts[0], "view": VIEW_CODES[parts[1]], "text": (parts[2:] or [""])[0]}
        )
    return views


def parse_observers(text: str) -> list[dict[str, str]]:
    """One observer a line: "姓名，利害关系人|专家|媒体|人大代表|其他"."""
    observers = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = SPLIT.split(line.strip(), maxsplit=1)
        kind = OBSERVER_KINDS.get(parts[1].strip()) if len(parts) == 2 else None
        if kind is None:
            raise forms.ValidationError(
                f"第{number}行格式不对：应为“姓名，类别”，类别为{'、'.join(OBSERVER_KINDS)}之一。"
            )
        observers.append({"name": parts[0], "kind": kind})
    return observers


def parse_participants(text: str) -> list[dict[str, str]]:
    """One participant a line: "姓名，代表的方面"."""
    participants = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = SPLIT.split(line.strip(), maxsplit=1)
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise forms.ValidationError(f"第{number}行格式不对：应为“姓名，代表的方面”。")
        participants.append({"name": parts[0], "side": parts[1]})
    if not participants:
        raise forms.ValidationError("请至少填写一名听证参加人。")
    return participants


def _step_field(name: str) -> forms.Field:
    """The form field of one step field. Fields are optional here: what the law requires is
    said by the step's guards, with the article."""
    makers = {
        "reviewing_unit": lambda: forms.ModelChoiceField(
            label="合法性审查部门", required=False, queryset=Unit.objects.none()
        ),
        "urgent_reason": lambda: _text("审查时间少于7个工作日的理由（情况紧急时填写）", 2),
        "reason": lambda: _text("理由"),
        "opinion": lambda: _choice(
            "审查意见",
            [
                ("lawful", "合法"),
                ("amend", "应当修改"),
                ("legal_risk", "明示法律风险（探索性改革事项）"),
            ],
            required=False,
        ),
        "opinion_text": lambda: _text("合法性审查意见书", 5),
        "adviser_opinion": lambda: _text("法律顾问意见"),
        "lawyer_opinion": lambda: _text("公职律师意见"),
        "kind": lambda: _choice("会议类型", MeetingKind.choices, required=False),
        "meeting": lambda: forms.CharField(label="会议名称", required=False, max_length=100),
        "held_on": lambda: _date("会议日期", required=False),
        "chair": lambda: forms.CharField(label="行政首长", required=False, max_length=60),
        "views": lambda: _text("组成人员意见（每行一人：姓名，同意／不同意／弃权，说明）", 4),
        "observers": lambda: _text(
            "列席人员（每行一人：姓名，利害关系人／专家／媒体／人大代表／其他）", 2
        ),
        "chair_view": lambda: _text("行政首长意见"),
        "differs_explanation": lambda: _text("与多数意见不一致的理由（不一致时须在会上说明）", 2),
        "dissent": lambda: _text("不同意见（有不同意见的须如实载明）", 2),
        "minutes": lambda: _text("会议记录", 4),
        "reported_on": lambda: _date("报告日期", required=False),
        "reply": lambda: _text("党委意见", 2),
        "published_on": lambda: _date("公布日期", required=False),
        "publication": lambda: _text("公布的决策内容", 5),
        "adoption_note": lambda: _text("公众意见、专家论证意见的采纳情况说明", 3),
        "channels": lambda: forms.CharField(
            label="公布渠道", required=False, max_length=200, help_text="如：区政府网站、政府公报"
        ),
        "situation": lambda: _text("出现的情形（第三十五条）", 2),
        "agreed_on": lambda: _date("党委同意日期", required=False),
        "party_agreement": lambda: forms.CharField(
            label="党委同意的文件或会议", required=False, max_length=200
        ),
    }
    maker = makers.get(name)
    return maker() if maker else forms.CharField(label=name, required=False)


class StepForm(StyledForm):
    """The form of one step: exactly the step's fields, the version of the record it was shown
    at, and the unit to act in when the person could act in several."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    unit = forms.TypedChoiceField(label="以哪个单位的身份办理", coerce=int, required=False)

    def __init__(
        self,
        *args: Any,
        step,
        units: list[Unit],
        reviewing_units: QuerySet[Unit] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", step.code)
        super().__init__(*args, **kwargs)
        self.step = step
        self.units = units
        self.refusals: list[str] = []
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        if len(units) <= 1:
            self.fields["unit"].widget = forms.HiddenInput()
            if units:
                self.fields["unit"].initial = units[0].pk
        for name in step.fields:
            self.fields[name] = _step_field(name)
        if "reviewing_unit" in self.fields and reviewing_units is not None:
            self.fields["reviewing_unit"].queryset = reviewing_units
        style_fields(self)

    @property
    def step_fields(self):
        return [self[name] for name in self.step.fields]

    def clean_views(self):
        return parse_views(self.cleaned_data.get("views") or "")

    def clean_observers(self):
        return parse_observers(self.cleaned_data.get("observers") or "")

    def acting_unit(self) -> Unit | None:
        chosen = self.cleaned_data.get("unit")
        for unit in self.units:
            if unit.pk == chosen:
                return unit
        return self.units[0] if self.units else None

    def step_data(self) -> dict[str, Any]:
        """What the step records: every field of the step, blanks as ""."""
        data: dict[str, Any] = {}
        for name in self.step.fields:
            value = self.cleaned_data.get(name)
            if name == "reviewing_unit":
                value = value.pk if value is not None else ""
            elif value is None:
                value = ""
            data[name] = value
        return data


# ---- the decision -----------------------------------------------------------------------------


class DecisionStartForm(StyledForm):
    body = forms.ModelChoiceField(label="决策机关", queryset=Unit.objects.none())
    unit = forms.ModelChoiceField(label="决策承办单位", queryset=Unit.objects.none())
    co_units = forms.ModelMultipleChoiceField(
        label="协办单位", required=False, queryset=Unit.objects.none()
    )
    title = forms.CharField(label="决策事项", max_length=200)
    category = _choice("事项类别", Category.choices)
    started_on = _date("决定启动日期")
    start_basis = forms.CharField(
        label="启动依据", max_length=200, help_text="如：列入2026年度重大行政决策事项目录"
    )
    outside_catalog_reason = _text(
        "目录外事项作为重大行政决策办理的理由", help_text="不是从目录事项启动的，须写明理由。"
    )

    def __init__(self, *args: Any, bodies, units, co_units, item=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["body"].queryset = _units(bodies)
        self.fields["unit"].queryset = _units(units)
        self.fields["co_units"].queryset = co_units
        self.fields["co_units"].widget.attrs["size"] = 5
        if item is not None:
            del self.fields["outside_catalog_reason"]


DRAFT_FIELDS = (
    "title",
    "category",
    "draft",
    "explanation",
    "legal_basis",
    "concerns_business",
    "competition_position",
    "not_public_reason",
    "hearing_waiver",
    "expert_waiver",
    "risk_waiver",
    "exploratory",
    "npc_report_required",
)


class DecisionUpdateForm(StyledForm):
    title = forms.CharField(label="决策事项", max_length=200)
    category = _choice("事项类别", Category.choices)
    draft = _text("决策草案", 12)
    explanation = _text("决策草案说明", 5)
    legal_basis = _text("法律、法规、规章和政策依据", 3)
    concerns_business = forms.BooleanField(label="涉及市场主体经济活动", required=False)
    competition_position = _text("公平竞争审查情况（涉及市场主体经济活动的须填写）", 3)
    not_public_reason = _text(
        "依法不予公开的理由", 2, help_text="留空表示依法公开；填写后不公开征求意见、不公布决策。"
    )
    hearing_waiver = _text("不召开听证会的理由", 2, help_text="留空表示须召开听证会（第十六条）。")
    expert_waiver = _text(
        "不组织专家论证的理由", 2, help_text="留空表示须组织专家论证（第十九条）。"
    )
    risk_waiver = _text(
        "不开展风险评估的理由", 2, help_text="留空表示须开展风险评估（第二十二条）。"
    )
    exploratory = forms.BooleanField(label="探索性改革决策事项", required=False)
    npc_report_required = forms.BooleanField(label="出台前须向人大常委会报告", required=False)

    def draft_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in DRAFT_FIELDS}


class ReviewRespondForm(StyledForm):
    response = _text("根据审查意见调整或补充的情况", 4, required=True)


ATTACHMENT_KINDS = (
    ("draft", "决策草案及说明"),
    ("participation", "公众参与材料"),
    ("hearing", "听证会材料"),
    ("expert", "专家论证意见"),
    ("risk", "风险评估报告"),
    ("legality", "合法性审查材料"),
    ("minutes", "会议记录"),
    ("publication", "公布文本"),
    ("execution", "执行和评估材料"),
    ("other", "其他材料"),
)
ATTACHMENT_KIND_LABELS = dict(ATTACHMENT_KINDS)


class AttachmentForm(StyledForm):
    kind = _choice("材料类别", ATTACHMENT_KINDS)
    title = forms.CharField(label="材料名称", max_length=200)
    upload = forms.FileField(label="文件")
    public = forms.BooleanField(label="向社会公开", required=False)


class LocalStepForm(StyledForm):
    code = forms.ChoiceField(label="环节")
    done_on = _date("完成日期")
    note = _text("办理情况", required=True)

    def __init__(self, *args: Any, steps: list[dict], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "请选择"), *((s["code"], s["label"]) for s in steps)]


# ---- public participation ---------------------------------------------------------------------


class PeriodOpenForm(StyledForm):
    opens_on = _date("开始日期")
    closes_on = _date("截止日期")
    how_to_comment = _text("提出意见的方式", 2)
    shortened_reason = _text(
        "缩短期限的理由", 2, help_text="征求意见期限一般不少于30日；缩短的须说明理由（第十五条）。"
    )


class CommentEntryForm(StyledForm):
    channel = forms.ChoiceField(
        label="来源", choices=[c for c in Channel.choices if c[0] != Channel.PORTAL]
    )
    name = forms.CharField(label="提出人", required=False, max_length=60)
    organization = forms.CharField(label="单位或组织", required=False, max_length=100)
    contact = forms.CharField(label="联系方式", required=False, max_length=60)
    text = forms.CharField(label="意见内容", widget=_textarea(4), max_length=5000)


class CommentReplyForm(StyledForm):
    reply = forms.ChoiceField(label="采纳情况", choices=Reply.choices)
    reason = forms.CharField(label="理由", required=False, widget=_textarea(2))


class FeedbackForm(StyledForm):
    feedback = _text("意见采纳情况反馈", 5, required=True)


# ---- hearings ---------------------------------------------------------------------------------


class HearingAnnounceForm(StyledForm):
    held_on = _date("听证日期")
    time = forms.CharField(label="听证时间", max_length=40, help_text="如：上午9:30")
    place = forms.CharField(label="听证地点", max_length=200)
    selection_method = _text("听证参加人遴选办法", required=True)


class ParticipantsForm(StyledForm):
    participants = _text("听证参加人（每行一人：姓名，代表的方面）", 6, required=True)

    def clean_participants(self):
        return parse_participants(self.cleaned_data["participants"])


class MaterialsForm(StyledForm):
    delivered_on = _date("送达日期")


class HearingHoldForm(StyledForm):
    record = _text("听证会记录", 6, required=True)
    record_signed = forms.BooleanField(label="听证参加人已确认记录并签字", required=False)


class HearingCancelForm(StyledForm):
    reason = _text("取消理由", 2, required=True)


# ---- experts ----------------------------------------------------------------------------------


class ExpertForm(StyledForm):
    unit = forms.ModelChoiceField(label="专家库管理单位", queryset=Unit.objects.none())
    name = forms.CharField(label="姓名", max_length=60)
    specialties = forms.CharField(label="专业领域", max_length=200, help_text="以顿号或逗号分隔")
    affiliation = forms.CharField(label="工作单位", max_length=200)
    title = forms.CharField(label="职称或职务", required=False, max_length=60)
    phone = forms.CharField(label="联系电话", required=False, max_length=40)
    active = forms.BooleanField(label="在库", required=False, initial=True)

    def __init__(self, *args: Any, units, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(units)
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk


class ConflictForm(StyledForm):
    description = _text("利害关系说明", 2, required=True)
    decision = forms.ModelChoiceField(label="所涉决策", required=False, queryset=None)
    unit = forms.ModelChoiceField(label="或所涉单位", required=False, queryset=Unit.objects.all())

    def __init__(self, *args: Any, decisions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions
        self.fields["unit"].queryset = Unit.objects.exclude(kind="division").order_by("path")


class ExpertReviewStartForm(StyledForm):
    method = _choice("论证方式", ReviewMethod.choices)
    institution = forms.CharField(
        label="受托专业机构（委托咨询论证的）", required=False, max_length=200
    )


class DrawForm(StyledForm):
    specialty = forms.CharField(label="专业领域", required=False, max_length=60)
    count = forms.IntegerField(label="抽取人数", min_value=1, max_value=20, initial=3)


class SelectForm(StyledForm):
    expert = forms.ModelChoiceField(label="专家", queryset=Expert.objects.none())

    def __init__(self, *args: Any, experts: QuerySet[Expert], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self.fields["expert"].label_from_instance = lambda e: f"{e.name}（{e.affiliation}）"


class OpinionForm(StyledForm):
    text = _text("论证意见", 4, required=True)
    signed = forms.BooleanField(label="已署名", required=False)
    submitted_on = _date("提交日期")


class ConcludeForm(StyledForm):
    adoption = _text("论证意见研究采纳情况", 4, required=True)
    held_on = _date("论证日期", required=False)


# ---- risk -------------------------------------------------------------------------------------


class RiskForm(StyledForm):
    assessor = forms.CharField(label="评估单位", max_length=200)
    methods = forms.CharField(
        label="评估方式", max_length=200, help_text="如：舆情跟踪、重点走访、会商分析、问卷调查"
    )
    level = _choice("总体风险等级", RiskLevel.choices)
    controllable = forms.TypedChoiceField(
        label="风险是否可控",
        choices=[("", "请选择"), ("1", "可控"), ("0", "不可控")],
        coerce=lambda value: value == "1",
    )
    measures = _text("风险防范措施", required=True)
    contingency = _text("处置预案", required=True)
    departments_heard = _text("听取有关部门意见情况", required=True)
    reported_on = _date("报告日期")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in RISK_DIMENSIONS:
            self.fields[f"level_{code}"] = _choice(f"{label}风险", RiskLevel.choices, False)
            self.fields[f"points_{code}"] = forms.CharField(
                label=f"{label}风险点", required=False, widget=_textarea(2)
            )
        style_fields(self)

    def dimension_rows(self) -> list[dict[str, Any]]:
        return [
            {"label": label, "level": self[f"level_{code}"], "points": self[f"points_{code}"]}
            for code, label in RISK_DIMENSIONS
        ]

    def dimensions(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            code: {"level": data[f"level_{code}"], "points": data[f"points_{code}"].strip()}
            for code, _label in RISK_DIMENSIONS
            if data.get(f"level_{code}")
        }


# ---- execution and evaluation -----------------------------------------------------------------


class TaskCreateForm(StyledForm):
    unit = forms.ModelChoiceField(label="决策执行单位", queryset=Unit.objects.none())
    target = _text("执行目标", required=True)
    due_on = _date("完成时限")
    report_every_days = forms.IntegerField(
        label="报告周期（日）", min_value=1, max_value=366, initial=90
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class TaskReportForm(StyledForm):
    progress = _text("执行情况", 4, required=True)
    problem = forms.BooleanField(
        label="存在第三十五条所列情形（决策存在问题、客观情况发生重大变化或者不可抗力）",
        required=False,
    )
    problem_text = _text("问题或情况变化", 2)
    done = forms.BooleanField(label="任务已完成", required=False)


class EvaluationStartForm(StyledForm):
    trigger = _choice("启动情形", Trigger.choices)
    trigger_note = _text("情形说明", required=True)
    evaluator_unit = forms.ModelChoiceField(
        label="承担评估具体工作的单位", required=False, queryset=Unit.objects.none()
    )
    third_party = forms.CharField(label="或受托第三方", required=False, max_length=200)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evaluator_unit"].queryset = units


class EvaluationRecordForm(StyledForm):
    report = _text("评估报告", 6, required=True)
    conclusion = _choice("评估结论", EvaluationConclusion.choices)
    follow_up = _text("后续处理", 3, required=True)
    public_heard = _text("听取社会公众意见情况", 2)
