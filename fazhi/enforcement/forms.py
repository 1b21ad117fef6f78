"""Forms of the staff pages of enforcement. They only shape input: every rule of 行政处罚法 and
国办发〔2018〕118号 is checked by the services and the procedure guards, whose refusals the views
put on these forms (nothing saved)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from fazhi.core.models import Person, Post, Unit

from .models import (
    ArrangementKind,
    BenchmarkRow,
    Body,
    BodyKind,
    CaseRole,
    CaseSource,
    CertificateStatus,
    ChallengeKind,
    Degree,
    Duty,
    EvidenceKind,
    Exemption,
    ExemptionKind,
    Item,
    ItemKind,
    Level,
    Officer,
    Outcome,
    PartyKind,
    PenaltyKind,
    ReviewResult,
    TransferKind,
)
from .procedures import PENALTY
from .services import SERVICE_METHODS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def style_fields(form: forms.BaseForm) -> None:
    """Bootstrap classes on the widgets (the templates render `{{ field }}` as is)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(
            widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
        ):
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


def _money(label: str, required: bool = False, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        **kwargs,
    )


def _today() -> date:
    return timezone.localdate()


class TodayForm(StyledForm):
    """A form whose date fields start on today."""

    today_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        for name in self.today_fields:
            kwargs["initial"].setdefault(name, _today())
        super().__init__(*args, **kwargs)


# ---- lists ----------------------------------------------------------------------------------


class FilterForm(StyledForm):
    def __init__(self, *args: Any, bodies=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.fields["body"].choices = [
                ("", "全部执法主体"),
                *((b.pk, b.unit.name) for b in bodies or ()),
            ]

    def data_or_empty(self) -> dict[str, Any]:
        return self.cleaned_data if self.is_valid() else {}


class OfficerFilterForm(FilterForm):
    CERTIFICATE_STATES = [
        ("valid", "持有效执法证件"),
        ("none", "无有效执法证件"),
        ("suspended", "证件暂扣"),
        ("expired", "证件已过期"),
    ]

    q = forms.CharField(label="姓名或证号", required=False, max_length=60)
    body = forms.TypedChoiceField(label="执法主体", required=False, coerce=int, empty_value=None)
    duty = _choice("岗位", Duty.choices, required=False, empty="全部岗位")
    certificate = _choice("证件状态", CERTIFICATE_STATES, required=False, empty="全部")

    def apply(self, queryset, today: date):
        data = self.data_or_empty()
        if (q := (data.get("q") or "").strip()) != "":
            queryset = queryset.filter(
                Q(person__name__icontains=q) | Q(certificates__number__icontains=q)
            ).distinct()
        if data.get("body"):
            queryset = queryset.filter(body_id=data["body"])
        if data.get("duty"):
            queryset = queryset.filter(duty=data["duty"])
        valid = Q(
            certificates__status=CertificateStatus.ACTIVE,
            certificates__valid_from__lte=today,
            certificates__valid_to__gte=today,
        )
        state = data.get("certificate")
        if state == "valid":
            queryset = queryset.filter(valid).distinct()
        elif state == "none":
            queryset = queryset.exclude(pk__in=Officer.objects.filter(valid).values("pk"))
        elif state == "suspended":
            queryset = queryset.filter(certificates__status=CertificateStatus.SUSPENDED).distinct()
        elif state == "expired":
            queryset = queryset.filter(
                certificates__status=CertificateStatus.ACTIVE, certificates__valid_to__lt=today
            ).distinct()
        return queryset


class ItemFilterForm(FilterForm):
    q = forms.CharField(label="事项名称或编码", required=False, max_length=100)
    body = forms.TypedChoiceField(label="实施主体", required=False, coerce=int, empty_value=None)
    kind = _choice("事项类别", ItemKind.choices, required=False, empty="全部类别")
    level = _choice("实施层级", Level.choices, required=False, empty="全部层级")

    def apply(self, queryset):
        data = self.data_or_empty()
        if q := (data.get("q") or "").strip():
            queryset = queryset.filter(Q(name__icontains=q) | Q(code__icontains=q))
        for name in ("kind", "level"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("body"):
            queryset = queryset.filter(body_id=data["body"])
        return queryset


class CaseFilterForm(FilterForm):
    OVERDUE = [
        ("decision", "超过办案期限未作出决定"),
        ("disclosure", "超过公示期限未公示"),
    ]

    q = forms.CharField(label="案号或当事人", required=False, max_length=100)
    state = _choice(
        "办理状态", [(s.code, s.label) for s in PENALTY.states], required=False, empty="全部状态"
    )
    body = forms.TypedChoiceField(label="执法主体", required=False, coerce=int, empty_value=None)
    item = forms.TypedChoiceField(label="执法事项", required=False, coerce=int, empty_value=None)
    overdue = _choice("逾期", OVERDUE, required=False, empty="不限")

    def __init__(self, *args: Any, items=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [
            ("", "全部事项"),
            *((i.pk, f"{i.code} {i.name}"[:60]) for i in items),
        ]

    def apply(self, queryset, today: date):
        data = self.data_or_empty()
        if q := (data.get("q") or "").strip():
            queryset = queryset.filter(Q(number__icontains=q) | Q(party_name__icontains=q))
        if data.get("state"):
            queryset = queryset.filter(state=data["state"])
        if data.get("body"):
            queryset = queryset.filter(body_id=data["body"])
        if data.get("item"):
            queryset = queryset.filter(item_id=data["item"])
        if data.get("overdue") == "decision":
            queryset = queryset.filter(decision_due__lt=today, decided_on__isnull=True).exclude(
                state__in=("transferred", "dismissed")
            )
        elif data.get("overdue") == "disclosure":
            queryset = queryset.filter(
                outcome="penalty", disclosed_on__isnull=True, disclosure_due__lt=today
            )
        return queryset


# ---- bodies and officers --------------------------------------------------------------------


class BodyForm(StyledForm):
    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.none())
    kind = _choice("主体类别", BodyKind.choices)
    legal_basis = _text("设立及职权依据")
    scope = _text("执法职责范围")
    entrusted_by = forms.ModelChoiceField(
        label="委托机关（受委托组织填写）", queryset=Unit.objects.none(), required=False
    )
    phone = _line("监督电话", 40, required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["entrusted_by"].queryset = units


class OfficerForm(StyledForm):
    person = forms.ModelChoiceField(label="人员", queryset=Person.objects.none())
    duty = _choice("岗位", Duty.choices)
    legal_qualification = _line(
        "法律职业资格证书编号",
        40,
        required=False,
        help_text="初次从事法制审核的人员须取得法律职业资格（处罚法第五十八条第二款）。",
    )
    reviewing_since = _date("从事法制审核起始日期", required=False)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: f"{p.name}（{p.username}）"


class ExamForm(TodayForm):
    today_fields = ("taken_on",)
    taken_on = _date("考试日期")
    score = forms.DecimalField(
        label="成绩", required=False, max_digits=5, decimal_places=1, min_value=0, max_value=100
    )
    passed = forms.BooleanField(label="通过", required=False)


class OfficerLeaveForm(StyledForm):
    reason = _line("离岗原因", 200)


class CertificateForm(StyledForm):
    number = _line("证号", 40)
    issuer = _line("发证机关", 100, initial="北京市人民政府")
    area = _line("执法区域", 100)
    category = _line("执法类别", 100, required=False)
    valid_from = _date("有效期自")
    valid_to = _date("有效期至")


class CertificateStatusForm(StyledForm):
    status = _choice("状态", CertificateStatus.choices)
    reason = _line("变更原因", 200)


class TrainingForm(TodayForm):
    today_fields = ("held_on",)
    held_on = _date("培训日期")
    title = _line("培训内容", 200)
    organizer = _line("组织单位", 100, required=False)
    hours = forms.DecimalField(
        label="学时", max_digits=5, decimal_places=1, min_value=Decimal("0.5"), max_value=24
    )


# ---- items, benchmarks, exemptions ----------------------------------------------------------


class ItemForm(StyledForm):
    code = _line("事项编码", 60)
    name = _line("事项名称", 300)
    kind = _choice("事项类别", ItemKind.choices)
    legal_basis = _text("法律依据（法律名称及条款）")
    level = _choice("实施层级", Level.choices)
    delegated = forms.BooleanField(label="下放街道（乡镇）实施", required=False)
    statutory_min = _money("法定罚款下限（元）")
    statutory_max = _money("法定罚款上限（元）")
    review_listed = forms.BooleanField(
        label="列入重大执法决定法制审核目录",
        required=False,
        help_text="国办发〔2018〕118号四（十二）：执法机关公布的法制审核目录清单。",
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:  # the code identifies the item (item_save matches on it)
            self.fields["code"].disabled = True


class ItemCreateForm(ItemForm):
    body = forms.ModelChoiceField(label="实施主体", queryset=Body.objects.none())
    field_order = ["body"]

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].label_from_instance = lambda b: b.unit.name
        if len(bodies) == 1:
            self.fields["body"].initial = bodies[0].pk


class BenchmarkForm(TodayForm):
    today_fields = ("effective_from",)
    effective_from = _date("施行日期")
    source = _line("制定依据文件", 300)
    published_on = _date(
        "公布日期", required=False, help_text="裁量基准应当向社会公布（处罚法第三十四条）。"
    )


class BenchmarkRowForm(StyledForm):
    circumstance = _text("违法情节", rows=2, required=False)
    degree = _choice("裁量阶次", Degree.choices, required=False)
    penalty = _line("处罚种类", 200, required=False)
    fine_min = _money("罚款下限（元）")
    fine_max = _money("罚款上限（元）")

    def clean(self):
        data = super().clean()
        filled = [data.get(k) for k in ("degree", "penalty", "fine_min", "fine_max")]
        if not (data.get("circumstance") or "").strip() and any(
            v not in (None, "") for v in filled
        ):
            self.add_error("circumstance", "请填写违法情节，或清空本行。")
        return data

    def row(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not (data.get("circumstance") or "").strip():
            return None
        return {key: data.get(key) for key in self.fields}


class BaseRowFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict[str, Any]]:
        return [row for form in self.forms if (row := form.row()) is not None]


MAX_BENCHMARK_ROWS = 60


def benchmark_row_formset(extra: int = 4) -> type[BaseRowFormSet]:
    """The rows of a benchmark version as a formset with `extra` blank rows to fill."""
    return forms.formset_factory(
        BenchmarkRowForm,
        formset=BaseRowFormSet,
        extra=max(0, min(extra, MAX_BENCHMARK_ROWS)),
        max_num=MAX_BENCHMARK_ROWS,
        absolute_max=MAX_BENCHMARK_ROWS,
        validate_max=True,
    )


class ExemptionForm(TodayForm):
    today_fields = ("effective_from",)
    kind = _choice("清单类别", ExemptionKind.choices)
    circumstance = _text("适用情形", rows=2)
    effective_from = _date("施行日期")
    source = _line("制定依据文件", 300)


# ---- opening a case -------------------------------------------------------------------------


class OfficerChoice(forms.ModelChoiceField):
    def label_from_instance(self, officer: Officer) -> str:
        return officer.person.name


class OfficersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, officer: Officer) -> str:
        return officer.person.name


def _officer_queryset(officers: list[Officer]) -> QuerySet[Officer]:
    return Officer.objects.filter(pk__in=[o.pk for o in officers]).select_related("person")


class _OfficerLabels:
    """Keeps the certificate numbers of the offered officers for the labels."""

    def _offer(self, name: str, officers: list[Officer]) -> None:
        numbers = {o.pk: getattr(o, "valid_number", "") for o in officers}
        field = self.fields[name]
        field.queryset = _officer_queryset(officers)
        field.label_from_instance = lambda o: (
            f"{o.person.name}（证号{numbers[o.pk]}）" if numbers.get(o.pk) else o.person.name
        )


class CaseOpenForm(TodayForm, _OfficerLabels):
    today_fields = ("opened_on", "discovered_on")
    item = forms.ModelChoiceField(
        label="执法事项（本主体的行政处罚事项）", queryset=Item.objects.none()
    )
    number = _line("案号", 60)
    source = _choice("案件来源", CaseSource.choices)
    simplified = forms.BooleanField(
        label="适用简易程序（当场处罚）",
        required=False,
        help_text="违法事实确凿并有法定依据，对公民处二百元以下、对法人或者其他组织处三千元以下"
        "罚款或者警告的（处罚法第五十一条）。",
    )
    party_kind = _choice("当事人类型", PartyKind.choices)
    party_name = _line("当事人名称（姓名）", 200)
    party_code = _line("统一社会信用代码或身份证件号码", 30, required=False)
    party_address = _line("当事人地址", 300, required=False)
    party_phone = _line("当事人联系电话", 40, required=False)
    party_representative = _line("法定代表人（负责人）", 60, required=False)
    occurred_on = _date("违法行为发生日期")
    ended_on = _date("违法行为终了日期（连续或者继续状态的）", required=False)
    endangers_safety = forms.BooleanField(
        label="涉及公民生命健康安全、金融安全且有危害后果（追责期限五年）", required=False
    )
    discovered_on = _date("发现日期")
    opened_on = _date("立案日期")
    facts = _text("违法事实", required=False)
    violation_type = _line("违法行为类型", 200, required=False)
    lead = OfficerChoice(label="主办执法人员", queryset=Officer.objects.none())
    assistants = OfficersChoice(
        label="协办执法人员",
        queryset=Officer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="只列出持有效执法证件的执法人员；执法人员不得少于两人（处罚法第四十二条）。",
    )
    single_officer_basis = _line("法律规定可由一名执法人员实施的依据", 200, required=False)

    def __init__(self, *args: Any, items: QuerySet[Item], officers: list[Officer], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self._offer("lead", officers)
        self._offer("assistants", officers)

    def officers(self) -> list[Officer]:
        lead = self.cleaned_data["lead"]
        return [lead, *(o for o in self.cleaned_data["assistants"] if o.pk != lead.pk)]

    def case_fields(self) -> dict[str, Any]:
        skip = {"lead", "assistants"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


# ---- one case: investigation ----------------------------------------------------------------


class CaseForm(StyledForm):
    """A form of the case page; `case` gives the choices (officers, rows, exemptions)."""

    today_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, case=None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        for name in self.today_fields:
            kwargs["initial"].setdefault(name, _today())
        super().__init__(*args, **kwargs)
        self.case = case
        if case is not None:
            self.setup(case)

    def setup(self, case) -> None:
        pass


class AssignForm(CaseForm, _OfficerLabels):
    officer = OfficerChoice(label="执法人员", queryset=Officer.objects.none())
    role = _choice("分工", CaseRole.choices)

    def setup(self, case) -> None:
        from .selectors import assignable_officers

        taken = {a.officer_id for a in case.case_officers.all()}
        officers = [o for o in assignable_officers(case) if o.pk not in taken]
        today = _today()
        for officer in officers:
            officer.valid_number = next(
                (c.number for c in officer.certificates.all() if c.valid_on(today)), ""
            )
        self._offer("officer", officers)
        self.initial.setdefault("role", CaseRole.ASSIST)


class EvidenceForm(CaseForm):
    today_fields = ("collected_on",)
    kind = _choice("证据种类", EvidenceKind.choices)
    title = _line("证据名称", 200)
    collected_on = _date("取得日期")
    collected_by = forms.ModelChoiceField(label="取证人员", queryset=Officer.objects.none())
    upload = forms.FileField(label="证据文件")
    declared_sha256 = _line(
        "声明的 SHA-256（可选）",
        64,
        required=False,
        help_text="执法记录仪等设备导出文件时给出的 SHA-256；与上传文件不一致的，文件不予保存。",
    )
    note = _line("说明", 300, required=False)

    def setup(self, case) -> None:
        ids = [a.officer_id for a in case.case_officers.all()]
        field = self.fields["collected_by"]
        field.queryset = Officer.objects.filter(pk__in=ids).select_related("person")
        field.label_from_instance = lambda o: o.person.name


class PreservationForm(CaseForm):
    today_fields = ("started_on",)
    things = _text("登记保存物品", rows=2)
    started_on = _date("登记保存日期")


class PreservationHandleForm(CaseForm):
    today_fields = ("handled_on",)
    handling = _line("处理决定", 300)
    handled_on = _date("处理决定日期")


class ProposalForm(CaseForm):
    benchmark_row = forms.ModelChoiceField(
        label="适用的裁量情节（现行裁量基准）",
        queryset=BenchmarkRow.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label="不适用裁量基准",
    )
    penalty_kinds = forms.MultipleChoiceField(
        label="处罚种类",
        choices=PenaltyKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fine = _money("罚款金额（元）")
    confiscation = _money("没收金额（元）")
    penalty_other = _line("其他处罚内容", 300, required=False)
    outside_range_reason = _text(
        "超出裁量基准的理由",
        rows=2,
        required=False,
        help_text="罚款不在所选情节的幅度内的，须说明理由（处罚法第三十四条）。",
    )
    discretion_reasoning = _text("裁量说明", rows=2, required=False)
    exemption = forms.ModelChoiceField(
        label="适用的免罚清单事项（不予处罚的）",
        queryset=Exemption.objects.none(),
        required=False,
        empty_label="不适用",
    )
    facts = _text("违法事实", required=False)
    violation_type = _line("违法行为类型", 200, required=False)
    major_public_interest = forms.BooleanField(label="涉及重大公共利益", required=False)
    complex_case = forms.BooleanField(label="案件情况疑难复杂、涉及多个法律关系", required=False)
    other_review_basis = _line("法律法规规定的其他法制审核情形", 200, required=False)
    major_violation = forms.BooleanField(
        label="情节复杂或者重大违法行为（须负责人集体讨论）", required=False
    )

    def setup(self, case) -> None:
        from .selectors import exemptions_in_force

        rows = self.rows = list(self.benchmark_rows(case))
        field = self.fields["benchmark_row"]
        field.queryset = BenchmarkRow.objects.filter(pk__in=[r.pk for r in rows])
        field.label_from_instance = lambda r: (
            f"{r.order}. {r.circumstance}（{r.get_degree_display()}：{r.range_text}）"
        )
        exemptions = exemptions_in_force(case.item)
        self.fields["exemption"].queryset = Exemption.objects.filter(
            pk__in=[e.pk for e in exemptions]
        )
        self.fields["exemption"].label_from_instance = lambda e: (
            f"{e.get_kind_display()}：{e.circumstance}"
        )
        for name in (
            "penalty_kinds",
            "fine",
            "confiscation",
            "penalty_other",
            "outside_range_reason",
            "discretion_reasoning",
            "facts",
            "violation_type",
            "major_public_interest",
            "complex_case",
            "other_review_basis",
            "major_violation",
        ):
            self.initial.setdefault(name, getattr(case, name))
        self.initial.setdefault("benchmark_row", case.benchmark_row_id)
        self.initial.setdefault("exemption", case.exemption_id)

    @staticmethod
    def benchmark_rows(case):
        from .selectors import benchmark_rows

        return benchmark_rows(case.item)


class NoticeForm(CaseForm):
    HEARING = [
        ("", "依拟处罚内容确定（第六十三条）"),
        ("1", "告知听证权利"),
        ("0", "不告知听证权利"),
    ]

    today_fields = ("notified_on",)
    notified_on = _date("告知日期")
    facts = _text("违法事实")
    reasons = _text("处罚理由", rows=2)
    basis = _text("处罚依据", rows=2)
    proposal = _line("拟作出的行政处罚", 300)
    hearing_right = forms.TypedChoiceField(
        label="听证权利",
        choices=HEARING,
        required=False,
        coerce=lambda value: value == "1",
        empty_value=None,
    )
    waived = forms.BooleanField(label="当事人明确放弃陈述申辩（听证）", required=False)

    def setup(self, case) -> None:
        self.initial.setdefault("facts", case.facts)
        self.initial.setdefault("basis", case.item.legal_basis)


class StatementForm(CaseForm):
    ADOPTED = [("", "尚未复核"), ("1", "采纳"), ("0", "不采纳")]

    today_fields = ("received_on",)
    received_on = _date("提出日期")
    content = _text("陈述申辩内容")
    adopted = forms.TypedChoiceField(
        label="复核结果",
        choices=ADOPTED,
        required=False,
        coerce=lambda value: value == "1",
        empty_value=None,
    )
    reply = _text("复核意见", rows=2, required=False)


class StatementAnswerForm(CaseForm):
    adopted = forms.TypedChoiceField(
        label="复核结果", choices=[("1", "采纳"), ("0", "不采纳")], coerce=lambda v: v == "1"
    )
    reply = _text("复核意见", rows=2)


class HearingRequestForm(CaseForm):
    today_fields = ("requested_on",)
    requested_on = _date("当事人要求听证日期")


class HearingNotifyForm(CaseForm):
    today_fields = ("notified_on",)
    notified_on = _date("通知日期")
    scheduled_on = _date(
        "举行日期", help_text="应当在举行听证的七日前通知（处罚法第六十四条第二项）。"
    )
    place = _line("地点", 200)
    chair = forms.ModelChoiceField(label="主持人（非本案调查人员）", queryset=Person.objects.none())
    public = forms.BooleanField(label="公开举行", required=False, initial=True)

    def setup(self, case) -> None:
        investigators = [a.officer.person_id for a in case.case_officers.all()]
        staff = Post.objects.active().filter(unit__path__startswith=case.body.unit.path)
        self.fields["chair"].queryset = (
            Person.objects.filter(posts__in=staff, is_active=True)
            .exclude(pk__in=investigators)
            .distinct()
            .order_by("name")
        )


class HearingHoldForm(CaseForm):
    today_fields = ("held_on",)
    held_on = _date("举行日期")
    record = _text("听证笔录", rows=4)


class HearingWithdrawForm(CaseForm):
    today_fields = ("withdrawn_on",)
    withdrawn_on = _date("放弃日期")
    reason = _line("放弃听证的情形", 300)


class EmptyForm(CaseForm):
    """A button: the step takes no input."""


class ReviewForm(CaseForm):
    result = _choice("审核意见", ReviewResult.choices)
    opinion = _text("书面审核意见")


class DiscussionForm(CaseForm):
    today_fields = ("held_on",)
    held_on = _date("讨论日期")
    meeting = _line("会议名称", 200)
    attendees = _text("参加人员", rows=2)
    conclusion = _text("讨论决定", rows=2)


class ExtensionForm(CaseForm):
    days = forms.IntegerField(label="延长日数", min_value=1, max_value=365)
    reason = _text("延长理由", rows=2)
    basis = _line("延长依据（法律、法规、规章的规定）", 200)


class DecideForm(CaseForm):
    today_fields = ("decided_on",)
    outcome = _choice("处理结果", Outcome.choices)
    decision_number = _line("决定书文号", 80, required=False)
    decided_on = _date("决定日期")
    decision_text = _text("决定书正文（可选）", rows=3, required=False)

    def setup(self, case) -> None:
        if case.exemption_id and not case.penalty_kinds:
            self.initial.setdefault("outcome", Outcome.NO_PENALTY)
        elif case.penalty_kinds:
            self.initial.setdefault("outcome", Outcome.PENALTY)


class SpotDecisionForm(CaseForm):
    today_fields = ("decided_on",)
    decision_number = _line("决定书文号", 80)
    decided_on = _date("决定日期")


class ServeForm(CaseForm):
    today_fields = ("served_on",)
    served_on = _date("送达日期")
    method = _choice("送达方式", [(m, m) for m in SERVICE_METHODS])
    e_consent = forms.BooleanField(label="当事人同意并签订确认书（电子送达）", required=False)


# ---- execution ------------------------------------------------------------------------------


class ArrangementForm(CaseForm):
    kind = _choice("类别", ArrangementKind.choices)
    until = _date("缴清期限")
    reason = _text("理由", rows=2)


class PaymentForm(CaseForm):
    today_fields = ("paid_on",)
    paid_on = _date("缴纳日期")
    amount = _money("金额（元）", required=True)
    receipt = _line("缴款凭证号", 60, required=False)


class ChallengeForm(CaseForm):
    kind = _choice("类别", ChallengeKind.choices)
    filed_on = _date("申请（起诉）日期")
    ended_on = _date("审结日期", required=False)
    result = _line("结果", 200, required=False)


class ChallengeEndForm(CaseForm):
    today_fields = ("ended_on",)
    ended_on = _date("审结日期")
    result = _line("结果", 200)


class CourtForm(CaseForm):
    demanded_on = _date("催告书送达日期")
    applied_on = _date("申请日期")
    court = _line("受理法院", 100)


class CloseForm(CaseForm):
    today_fields = ("closed_on",)
    closed_on = _date("结案日期")
    close_reason = _line("结案情形（未缴清罚没款的须写明）", 200, required=False)


class TransferForm(CaseForm):
    today_fields = ("transferred_on",)
    kind = _choice("类别", TransferKind.choices)
    receiver = _line("接收机关", 200)
    transferred_on = _date("移送日期")
    reason = _text("移送理由", rows=2)
    materials = _text("移送材料清单", rows=2)


class TransferFeedbackForm(CaseForm):
    accepted_on = _date("接收机关受理日期")
    feedback = _text("处理结果反馈", rows=2)


class DismissForm(CaseForm):
    reason = _text("撤销立案的理由", rows=2)


class PublishForm(CaseForm):
    today_fields = ("published_on",)
    published_on = _date("公示日期")
    serious = forms.BooleanField(label="严重违法行为（公示期限较长）", required=False)


class WithdrawForm(CaseForm):
    today_fields = ("withdrawn_on",)
    revoked_on = _date("决定被变更、撤销或确认违法、无效的日期")
    withdrawn_on = _date("撤回日期")
    reason = _text("撤回理由（向社会公开说明）", rows=2)


class EndEarlyForm(CaseForm):
    reason = _text("提前停止公示的理由（当事人已改正）", rows=2)
