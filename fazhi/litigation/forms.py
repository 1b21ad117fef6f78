"""Forms of the staff pages of litigation. They only shape input: the rules of 行政诉讼法 and
its interpretations are checked by the services and the procedure guards, whose refusals the
views put on these forms (nothing saved)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from . import law
from .models import (
    ActKind,
    Appellant,
    DocumentKind,
    Instance,
    Obligor,
    Outcome,
    PartyKind,
    ReconsiderationResult,
    SuggestionKind,
)
from .procedures import CASE

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
    today_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        for name in self.today_fields:
            kwargs["initial"].setdefault(name, timezone.localdate())
        super().__init__(*args, **kwargs)
        style_fields(self)


def _text(label: str, rows: int = 3, required: bool = True, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def _line(label: str, max_length: int, required: bool = True, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required, **kwargs)


def _date(label: str, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_INPUT, **kwargs)


def _choice(label: str, choices, required: bool = True, empty: str = "请选择") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=required, choices=[("", empty), *choices])


def _flag(label: str, **kwargs: Any) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, **kwargs)


HEAD_REASONS = forms.MultipleChoiceField(
    label="负责人应当出庭的情形（行诉解释第一百二十九条；出庭规定第四条第一款）",
    required=False,
    choices=law.HEAD_REQUIRED,
    widget=forms.CheckboxSelectMultiple,
)


# ---- lists ----------------------------------------------------------------------------------


class CaseFilterForm(StyledForm):
    q = forms.CharField(label="案号、原告或被诉行为", required=False, max_length=100)
    state = _choice(
        "办理状态", [(s.code, s.label) for s in CASE.states], required=False, empty="全部状态"
    )
    instance = _choice("审级", Instance.choices, required=False, empty="全部审级")
    unit = forms.TypedChoiceField(
        label="被诉行政机关", required=False, coerce=int, empty_value=None
    )
    head_required = _choice(
        "负责人应当出庭", [("1", "应当出庭的案件")], required=False, empty="不限"
    )

    def __init__(self, *args: Any, units=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "全部机关"), *((u.pk, u.name) for u in units)]

    def apply(self, queryset):
        data = self.cleaned_data if self.is_valid() else {}
        if q := (data.get("q") or "").strip():
            queryset = queryset.filter(
                Q(number__icontains=q) | Q(plaintiff__icontains=q) | Q(act__icontains=q)
            )
        for name in ("state", "instance"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("unit"):
            queryset = queryset.filter(unit_id=data["unit"])
        if data.get("head_required"):
            queryset = queryset.filter(head_required=True)
        return queryset


# ---- registering ----------------------------------------------------------------------------


class CaseRegisterForm(StyledForm):
    unit = forms.TypedChoiceField(label="被诉行政机关（本机关）", coerce=int)
    instance = _choice("审级", Instance.choices)
    retrial_first_procedure = _flag(
        "再审按照第一审程序审理（行诉解释第一百一十九条：所作裁判可以上诉）"
    )
    court = _line("受理法院", 100)
    number = _line("案号", 80, help_text="如（2026）京0105行初123号")
    served_on = _date(
        "起诉状（上诉状）副本送达日期",
        help_text="以送达回证为准；答辩举证期限自次日起算十五日（行政诉讼法第六十七条第一款）。",
    )
    plaintiff_kind = _choice("原告类型", PartyKind.choices)
    plaintiff = _line("原告（上诉人）", 200)
    third_party = _line("第三人", 200, required=False)
    act = _line("被诉行政行为", 300)
    act_kind = _choice("行政行为类别", ActKind.choices)
    act_number = _line("行政行为文书文号", 100, required=False)
    act_on = _date("行政行为作出日期", required=False)
    known_on = _date(
        "原告知道或者应当知道行政行为之日",
        required=False,
        help_text="用于核对起诉期限（行政诉讼法第四十六条第一款：六个月）。",
    )
    filed_on = _date("原告起诉日期", required=False)
    reconsideration_body = _line("复议机关", 100, required=False)
    reconsideration_result = _choice(
        "复议结果", ReconsiderationResult.choices, required=False, empty="未经复议"
    )
    reconsideration_served_on = _date(
        "原告收到复议决定书之日",
        required=False,
        help_text="不服复议决定的起诉期限为收到复议决定书之日起十五日（行政诉讼法第四十五条）。",
    )
    head_required_reasons = HEAD_REASONS
    head_notice_on = _date("出庭通知书送达日期", required=False)

    def __init__(self, *args: Any, units=(), previous=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        if previous is not None:
            self.fields["unit"].choices = [(previous.unit_id, previous.unit.name)]


class FlagsForm(StyledForm):
    reasons = HEAD_REASONS
    notice_on = _date("出庭通知书送达日期（人民法院书面建议或通知的）", required=False)


# ---- one case -------------------------------------------------------------------------------


class AnswerForm(StyledForm):
    today_fields = ("answered_on",)
    answered_on = _date("提交答辩状日期")
    evidence_on = _date(
        "提交证据和规范性文件日期", required=False, help_text="与答辩状同日提交的可不填。"
    )
    normative_documents = _text("作出行政行为所依据的规范性文件", required=False)


class ExtensionRequestForm(StyledForm):
    today_fields = ("requested_on",)
    requested_on = _date("书面申请日期")
    reason = _text("不能按期提供证据的正当事由（不可抗力或客观上不能控制的其他正当事由）")
    evidence = _text("申请延期提供的证据", rows=2)


class ExtensionDecideForm(StyledForm):
    today_fields = ("decided_on",)
    granted = forms.TypedChoiceField(
        label="法院决定",
        choices=[("1", "准许延期提供"), ("0", "不准许")],
        coerce=lambda v: v == "1",
    )
    decided_on = _date("法院决定日期")


class ExtensionResumeForm(StyledForm):
    today_fields = ("obstacle_removed_on",)
    obstacle_removed_on = _date(
        "正当事由消除日期", help_text="自次日起十五日内提供证据（行诉解释第三十四条）。"
    )


class ExtensionSubmitForm(StyledForm):
    today_fields = ("submitted_on",)
    submitted_on = _date("提供证据日期")


class HearingForm(StyledForm):
    today_fields = ("held_on",)
    held_on = _date("开庭日期")
    head_appeared = _flag("负责人出庭应诉")
    head_name = _line("出庭负责人姓名", 60, required=False)
    head_title = _line("出庭负责人职务", 60, required=False)
    head_kind = _choice("负责人类别", law.HEAD_KINDS, required=False)
    head_proof = _flag("已提交载明姓名、职务并加盖印章的负责人身份证明（出庭规定第六条）")
    # The service refuses a head's appearance without it; offered checked, to be unchecked
    # when the head is of an entrusted organisation or a lower agency.
    head_own = _flag(
        "出庭负责人是本机关的负责人，不是本机关委托的组织或者下级行政机关的负责人"
        "（出庭规定第二条第二款）",
        initial=True,
    )
    head_renotified = _flag(
        "人民法院通知负责人再次出庭（负责人已在本审级出庭的，出庭规定第七条第一款）"
    )
    staff = _line(
        "出庭的相应工作人员（姓名、职务，多人用顿号分隔）",
        300,
        required=False,
        help_text="本机关具有国家行政编制身份的工作人员或依法履行公职的人员（行诉解释第一百三十条）。",
    )
    staff_authorized = _flag("已提交加盖印章的授权委托书（行诉解释第一百三十一条第二款）")
    lawyers = _line("委托律师（可不填）", 200, required=False)
    absence_ground = _choice(
        "负责人不能出庭的情形（出庭规定第八条）", law.ABSENCE_GROUNDS, required=False
    )
    absence_reason = _text("负责人不能出庭的理由", rows=2, required=False)
    absence_proof = forms.FileField(
        label="不能出庭的证明材料（加盖印章或主要负责人签字，出庭规定第九条）", required=False
    )


class JudgmentForm(StyledForm):
    document_kind = _choice("裁判文书类别", DocumentKind.choices)
    outcome = _choice("裁判结果", Outcome.choices)
    result = _choice(
        "对本机关的结果（仅改判，或原审结果未登记时填写）",
        [(law.WIN, "胜诉"), (law.LOSS, "败诉")],
        required=False,
        empty="按裁判结果确定",
    )
    number = _line("裁判文书号", 80)
    judged_on = _date("裁判日期")
    served_on = _date(
        "裁判文书送达日期",
        help_text="第一审判决的上诉期限为送达之日起十五日，裁定为十日（行政诉讼法第八十五条）。",
    )


class AppealForm(StyledForm):
    today_fields = ("appealed_on",)
    appellant = _choice("上诉人", Appellant.choices)
    appealed_on = _date("上诉日期（对方上诉的，填写上诉状副本送达本机关的日期）")


class EffectiveForm(StyledForm):
    today_fields = ("effective_on",)
    effective_on = _date("裁判生效日期（以生效证明为准）")


class ExecutionForm(StyledForm):
    obligor = _choice("履行义务人", Obligor.choices)
    content = _text("应当履行的内容", rows=2)
    due_on = _date("裁判确定的履行期限", required=False)


class PerformForm(StyledForm):
    performed_on = _date("履行完毕日期", required=False)
    applied_on = _date("申请人民法院强制执行日期（对方拒绝履行的）", required=False)
    note = _line("履行情况", 300, required=False)


class CloseForm(StyledForm):
    today_fields = ("closed_on",)
    closed_on = _date("结案日期")
    close_note = _line("结案说明（无需履行的，写明理由）", 300, required=False)


# ---- suggestions ----------------------------------------------------------------------------


class SuggestionForm(StyledForm):
    today_fields = ("received_on",)
    unit = forms.TypedChoiceField(label="收到建议的机关（本机关）", coerce=int)
    kind = _choice("建议类别", SuggestionKind.choices)
    issuer = _line("制发机关", 100, help_text="如某区人民法院、某区人民检察院")
    number = _line("建议书文号", 80)
    received_on = _date("收到日期")
    due_on = _date("建议书要求的答复期限", help_text="按建议书载明的日期填写。")
    content = _text("建议内容")

    def __init__(self, *args: Any, units=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class ReplyForm(StyledForm):
    today_fields = ("replied_on",)
    replied_on = _date("答复日期")
    reply_number = _line("答复文号", 80, required=False)
    reply = _text("答复及整改情况")


class YearForm(forms.Form):
    year = forms.IntegerField(required=False)


def clean_year(value: Any, first: int, today: date) -> int:
    try:
        year = int(value or today.year)
    except (TypeError, ValueError):
        return today.year
    return year if first <= year <= today.year else today.year
