"""Forms of the staff pages of reconsideration. They only shape input: every rule of 行政复议法
(2023年修订) is checked by the services and the procedure's guards, whose refusals the views put
on these forms (nothing saved). Each form's cleaned data are the keyword arguments of its
service, so a view passes them through unchanged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from fazhi.core.models import Unit

from .models import (
    Activity,
    ActivityKind,
    AgentKind,
    ApplicantKind,
    Approval,
    Channel,
    DecisionKind,
    Letter,
    ReconsiderationCase,
    RefusalReason,
    Subject,
    SuspensionGround,
    TerminationGround,
)
from .procedures import CASE

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def style_fields(form: forms.BaseForm) -> None:
    """Bootstrap classes on the widgets (the templates render `{{ field }}` as is)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        widget.attrs["class"] = css


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


class StyledForm(forms.Form):
    """A form whose `today_fields` start on today, with Bootstrap widgets."""

    today_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        for name in self.today_fields:
            kwargs["initial"].setdefault(name, timezone.localdate())
        super().__init__(*args, **kwargs)
        style_fields(self)


# ---- lists --------------------------------------------------------------------------------------


class CaseFilterForm(StyledForm):
    OVERDUE = [
        ("review", "超过受理审查期限"),
        ("reply", "被申请人逾期未答复"),
        ("decision", "超过决定期限未办结"),
    ]

    q = forms.CharField(label="收件编号、案号或行政行为", required=False, max_length=100)
    state = _choice(
        "办理状态", [(s.code, s.label) for s in CASE.states], required=False, empty="全部状态"
    )
    year = forms.TypedChoiceField(label="收件年度", required=False, coerce=int, empty_value=None)
    respondent = forms.CharField(label="被申请人", required=False, max_length=100)
    subject = _choice("行为类别", Subject.choices, required=False, empty="全部类别")
    overdue = _choice("逾期情况", OVERDUE, required=False, empty="不限")

    def __init__(self, *args: Any, years=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in years)]

    def apply(self, cases: QuerySet, today: date) -> QuerySet:
        data = self.cleaned_data if self.is_valid() else {}
        if q := (data.get("q") or "").strip():
            cases = cases.filter(
                Q(receipt_number__icontains=q) | Q(number__icontains=q) | Q(act__icontains=q)
            )
        if data.get("state"):
            cases = cases.filter(state=data["state"])
        if data.get("year"):
            cases = cases.filter(received_on__year=data["year"])
        if respondent := (data.get("respondent") or "").strip():
            cases = cases.filter(respondent_name__icontains=respondent)
        if data.get("subject"):
            cases = cases.filter(subject=data["subject"])
        overdue = {
            "review": Q(state="received", review_due__lt=today),
            "reply": Q(
                state__in=("accepted", "suspended"), replied_on__isnull=True, reply_due__lt=today
            ),
            "decision": Q(state__in=("accepted", "suspended"), decision_due__lt=today),
        }
        if data.get("overdue"):
            cases = cases.filter(overdue[data["overdue"]])
        return cases


# ---- registering an application -----------------------------------------------------------------

STAFF_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.ONLINE]


class RegisterForm(StyledForm):
    """An application received by letter, at the window, orally (put on record) or forwarded by
    the penalty agency (复议法第二十二条、第三十二条)."""

    today_fields = ("received_on",)

    channel = _choice("申请方式", STAFF_CHANNELS)
    received_on = _date("收到申请日期")
    forwarded_by = _line("转送机关（经处罚机关转送的）", 200, required=False)
    forwarder_received_on = _date("转送机关收到申请日期", required=False)
    applicant_kind = _choice("申请人类型", ApplicantKind.choices)
    applicant_name = _line("申请人姓名（名称）", 200)
    applicant_id_number = _line("身份证号码或统一社会信用代码", 30, required=False)
    applicant_representative = _line("法定代表人（负责人）", 60, required=False)
    applicant_address = _line("住所（通讯地址）", 300, required=False)
    applicant_phone = _line("联系电话", 40, required=False)
    agent_kind = _choice("代理人类别", AgentKind.choices, required=False, empty="无代理人")
    agent_name = _line("委托代理人", 60, required=False)
    agent_phone = _line("代理人联系电话", 40, required=False)
    respondent_unit = forms.ModelChoiceField(
        label="被申请人（本级机关）",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="不在列表中（在下一栏填写名称）",
    )
    respondent_name = _line("被申请人名称（不在列表中的）", 200, required=False)
    act = _line("被申请行政复议的行政行为", 500)
    act_number = _line("行政行为文书编号", 100, required=False)
    act_made_on = _date("行政行为作出日期", required=False)
    act_known_on = _date("知道或者应当知道该行政行为的日期")
    informed_of_right = _flag(
        "行政机关已告知申请权利、复议机关和申请期限",
        initial=True,
        help_text="未告知的，申请期限另行起算，最长不超过一年（复议法第二十条第三款）。",
    )
    informed_on = _date("知道申请权利、复议机关和期限的日期（未告知的）", required=False)
    concerns_property = _flag("因不动产提出（复议法第二十一条：二十年）")
    subject = _choice("行为类别", Subject.choices)
    request_text = _text("行政复议请求", rows=2)
    reasons = _text("事实和理由", rows=4)
    normdoc_requested = _flag("一并申请审查规范性文件（复议法第十三条）")
    normdoc_title = _line("请求审查的规范性文件", 300, required=False)
    compensation_requested = _flag("一并提出行政赔偿请求")
    on_the_spot = _flag("被申请行为是当场作出的")
    warning_or_criticism = _flag("被申请行为是警告或者通报批评")
    amount = forms.DecimalField(
        label="涉及款额（元）",
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
    )
    parties_consent = _flag("当事人各方同意适用简易程序")
    uploads = MultipleFileField(
        label="申请材料（可多选）",
        help_text="申请书、身份证明、被申请的行政行为文书等；存入证据库并计算 SHA-256。",
    )

    def __init__(self, *args: Any, respondents: QuerySet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if respondents is not None:
            self.fields["respondent_unit"].queryset = respondents

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("respondent_unit") and not (data.get("respondent_name") or "").strip():
            self.add_error("respondent_name", "请选择或者填写被申请人。")
        return data


# ---- acceptance ---------------------------------------------------------------------------------


class AcceptForm(StyledForm):
    number = _line("案号", 60, help_text="如：甲府复〔2026〕1号")
    simplified = _flag("适用简易程序（复议法第五十三条）")
    major = _flag("重大、疑难、复杂案件（须听证、咨询复议委员会）")
    delay_reason = _text(
        "耽误申请期限的正当理由（超过申请期限的须填写，复议法第二十条第二款）",
        rows=2,
        required=False,
    )


class RefuseForm(StyledForm):
    reason = _choice("不予受理理由（复议法第三十条第一款）", RefusalReason.choices)
    text = _text("理由说明", rows=3)
    competent_body = _line(
        "有管辖权的行政复议机关（不属于本机关管辖的须填写）", 200, required=False
    )


class SupplementRequestForm(StyledForm):
    today_fields = ("served_on",)
    items = _text("需要补正的事项（一次性载明全部事项）", rows=3)
    served_on = _date("申请人收到补正通知日期")


class SupplementExtendForm(StyledForm):
    until = _date("延长后的补正期限")
    reason = _text("不能按期补正的正当理由", rows=2)


class SupplementReceiveForm(StyledForm):
    today_fields = ("received_on",)
    received_on = _date("收到补正材料日期")
    uploads = MultipleFileField(label="补正材料（可多选）")


class AbandonForm(StyledForm):
    """视为放弃申请: nothing to fill; the guard checks the supplement period has run."""


class WithdrawForm(StyledForm):
    today_fields = ("on",)
    reason = _text("撤回的情况（申请人撤回的书面材料）", rows=2)
    resolved = _flag("经复议机构工作化解争议（案前化解）")
    on = _date("撤回日期")


# ---- review -------------------------------------------------------------------------------------


class CopySendForm(StyledForm):
    today_fields = ("sent_on", "received_on")
    sent_on = _date("发送申请书副本日期")
    received_on = _date("被申请人签收日期")


class ReplyForm(StyledForm):
    today_fields = ("replied_on",)
    text = _text("书面答复", rows=5)
    replied_on = _date("答复日期")
    uploads = MultipleFileField(label="作出行政行为的证据、依据和其他有关材料（可多选）")


class ActivityForm(StyledForm):
    today_fields = ("on",)
    kind = _choice("类别", ActivityKind.choices)
    on = _date("日期")
    how = _choice("方式", Activity.How.choices, required=False, empty="—")
    participants = _line("参加人员", 500, required=False)
    summary = _text("内容（笔录摘要、咨询意见）", rows=3)


class HearingScheduleForm(StyledForm):
    today_fields = ("notified_on",)
    scheduled_on = _date("听证日期")
    place = _line("地点", 200)
    issues = _text("拟听证事项", rows=2)
    notified_on = _date("书面通知送达日期（须在听证日五个工作日前）")


class HearingHoldForm(StyledForm):
    attendee = _line("被申请人参加人员及职务", 200)
    head_attended = _flag("被申请人负责人参加（复议法第五十一条第三款）")
    head_absence_reason = _text("负责人不能参加的理由", rows=2, required=False)
    record = _text("听证笔录摘要", rows=3)


class SuspendForm(StyledForm):
    today_fields = ("on",)
    ground = _choice("中止情形（复议法第三十九条第一款）", SuspensionGround.choices)
    reason = _text("中止理由", rows=2)
    on = _date("中止日期")


class ResumeForm(StyledForm):
    today_fields = ("on",)
    reason = _text("恢复理由（中止原因已消除）", rows=2)
    on = _date("恢复日期")


class ConvertForm(StyledForm):
    reason = _text("不宜适用简易程序的理由（复议法第五十五条）", rows=2)


class ExtendForm(StyledForm):
    today_fields = ("notified_on",)
    days = forms.IntegerField(label="延长天数（最多三十日）", min_value=1, max_value=30)
    reason = _text("情况复杂的理由（复议法第六十二条第一款）", rows=2)
    notified_on = _date("书面告知当事人日期")


class NormdocStartForm(StyledForm):
    today_fields = ("started_on",)
    document_title = _line("规范性文件", 300)
    enacting_body = _line("制定机关", 200)
    competent = _flag("本机关有权处理（否则七个工作日内转送）")
    on_request = _flag("依申请审查（第五十六条；不选为依职权，第五十七条）", initial=True)
    started_on = _date("启动审查日期")


class NormdocNotifyForm(StyledForm):
    today_fields = ("notified_on",)
    notified_on = _date("书面通知制定机关日期")


class NormdocReplyForm(StyledForm):
    today_fields = ("replied_on",)
    replied_on = _date("制定机关答复日期")


class NormdocConcludeForm(StyledForm):
    today_fields = ("on",)
    conclusion = _text("处理结论（本机关有权处理的）", rows=2, required=False)
    transferred_to = _line("转送的有权处理机关（无权处理的）", 200, required=False)
    on = _date("处理或者转送日期")


# ---- the end ------------------------------------------------------------------------------------


class DecideForm(StyledForm):
    today_fields = ("decided_on",)
    kind = _choice("决定类型", DecisionKind.choices)
    text = _text("决定主文", rows=3)
    reasons = _text("认定事实和理由", rows=5)
    approval = _choice("决定方式（复议法第六十一条第一款）", Approval.choices)
    approver = _line("批准的负责人或者会议", 200)
    decided_on = _date("决定日期")
    perform_within_days = forms.IntegerField(
        label="限期履行（日，责令履行等须填写）", required=False, min_value=1, max_value=365
    )
    third_party_evidence = _flag("第三人提供了证据（复议法第七十条但书）")


class ServeForm(StyledForm):
    today_fields = ("served_on",)
    served_on = _date("送达日期")


class MediateForm(StyledForm):
    today_fields = ("signed_on",)
    agreement = _text("调解协议内容", rows=4)
    signed_on = _date("各方当事人签收调解书日期")


class TerminateForm(StyledForm):
    today_fields = ("on",)
    ground = _choice("终止情形（复议法第四十一条）", TerminationGround.choices)
    reason = _text("终止理由", rows=2)
    on = _date("终止日期")


class PublishForm(StyledForm):
    today_fields = ("on",)
    public_text = _text(
        "公开的决定书（已去除个人信息；可修改）",
        rows=8,
        required=False,
        help_text="留空则按案卷自动生成去除个人信息的文本。",
    )
    on = _date("公开日期")


class WithholdForm(StyledForm):
    withhold_reason = _text("不公开的理由（被申请的行政行为未公开等）", rows=2)


class CopyForm(StyledForm):
    today_fields = ("on",)
    to = _line("抄告的上一级主管部门", 200)
    on = _date("抄告日期")


class PerformanceForm(StyledForm):
    today_fields = ("performed_on",)
    performed_on = _date("履行日期")
    note = _text("履行情况", rows=2)


class UrgeForm(StyledForm):
    today_fields = ("on",)
    measure = _line("督促措施（责令限期履行，约谈或者通报批评）", 200)
    on = _date("责令履行日期")


# ---- letters ------------------------------------------------------------------------------------


class LetterForm(StyledForm):
    today_fields = ("issued_on", "received_on")
    kind = _choice("类别", Letter.Kind.choices)
    number = _line("文号", 60)
    recipient_unit = forms.ModelChoiceField(
        label="收文机关（本级机关）",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="不在列表中（在下一栏填写名称）",
    )
    recipient_name = _line("收文机关名称（不在列表中的）", 200, required=False)
    case = forms.ModelChoiceField(
        label="所涉案件",
        queryset=ReconsiderationCase.objects.none(),
        required=False,
        empty_label="—",
    )
    issued_on = _date("制发日期")
    received_on = _date("送达日期")
    problems = _text("发现的问题", rows=3)
    requests = _text("意见或者建议", rows=3)

    def __init__(self, *args: Any, recipients=None, cases=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if recipients is not None:
            self.fields["recipient_unit"].queryset = recipients
        if cases is not None:
            self.fields["case"].queryset = cases
            self.fields["case"].label_from_instance = lambda c: f"{c}（{c.respondent_name}）"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("recipient_unit") and not (data.get("recipient_name") or "").strip():
            self.add_error("recipient_name", "请选择或者填写收文机关。")
        return data


class LetterReplyForm(StyledForm):
    today_fields = ("replied_on",)
    text = _text("纠正或者办理情况", rows=4)
    replied_on = _date("报送日期")


class LetterFilterForm(StyledForm):
    STATES = [("open", "待报送办理情况"), ("overdue", "逾期未报送"), ("replied", "已报送")]

    kind = _choice("类别", Letter.Kind.choices, required=False, empty="全部")
    state = _choice("办理情况", STATES, required=False, empty="全部")

    def apply(self, letters: QuerySet, today: date) -> QuerySet:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("kind"):
            letters = letters.filter(kind=data["kind"])
        waiting = Q(kind=Letter.Kind.OPINION, replied_on__isnull=True)
        state = data.get("state")
        if state == "open":
            letters = letters.filter(waiting)
        elif state == "overdue":
            letters = letters.filter(waiting, reply_due__lt=today)
        elif state == "replied":
            letters = letters.filter(replied_on__isnull=False)
        return letters
