"""Forms of the staff pages. They only shape input; every rule of the law is checked by the
services and the procedure guards, whose refusals the views put on these forms."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, QuerySet
from django.utils import timezone

from fazhi.core.models import Unit, UnitKind
from fazhi.core.textio import UnreadableDocument, decode_document

from . import competition
from .models import (
    Adoption,
    Channel,
    DeliberationResult,
    EndKind,
    EvaluationConclusion,
    FairCompetitionConclusion,
    Opinion,
    Reply,
    RiskRating,
    Subject,
    Version,
)
from .procedures import FILING_OUTCOMES, LETTERS, MAKING

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // 1024 // 1024

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _check_size(upload: UploadedFile) -> None:
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(f"文件“{upload.name}”超过 {MAX_UPLOAD_MB} MB，请拆分后上传。")


def read_upload(upload: UploadedFile) -> str:
    """The text of an uploaded .txt or .docx file, or a ValidationError saying why not."""
    _check_size(upload)
    try:
        return decode_document(upload.read(), upload.name)
    except UnreadableDocument as exc:
        raise forms.ValidationError(str(exc)) from exc


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


# ---- the list ---------------------------------------------------------------------------------


class VersionFilterForm(StyledForm):
    """The filters of the list of versions (all optional)."""

    q = forms.CharField(label="标题含", required=False, max_length=100)
    state = forms.ChoiceField(
        label="办理状态",
        required=False,
        choices=[("", "全部状态"), *((s.code, s.label) for s in MAKING.states)],
    )
    subject = forms.ChoiceField(
        label="主题分类", required=False, choices=[("", "全部主题"), *Subject.choices]
    )
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in years)]

    def apply(self, queryset: QuerySet[Version]) -> QuerySet[Version]:
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"].strip():
            queryset = queryset.filter(title__icontains=data["q"].strip())
        if data["state"]:
            queryset = queryset.filter(state=data["state"])
        if data["subject"]:
            queryset = queryset.filter(document__subject=data["subject"])
        if data["year"]:
            queryset = queryset.filter(
                Q(published_on__year=data["year"])
                | Q(published_on__isnull=True, created_at__year=data["year"])
            )
        return queryset


# ---- drafting ---------------------------------------------------------------------------------


class DraftFieldsMixin(StyledForm):
    """The text and the drafting note (起草说明) of a draft."""

    title = forms.CharField(label="标题", max_length=200)
    text = forms.CharField(label="正文", required=False, widget=_textarea(14))
    upload = forms.FileField(
        label="或上传正文文件",
        required=False,
        help_text=f".txt 或 .docx，不超过 {MAX_UPLOAD_MB} MB；上传后以文件内容为正文。",
    )
    necessity = forms.CharField(label="必要性论证", required=False, widget=_textarea())
    feasibility = forms.CharField(label="可行性论证", required=False, widget=_textarea())
    impact = forms.CharField(label="影响评估", required=False, widget=_textarea())
    legal_basis = forms.CharField(label="制定依据", required=False, widget=_textarea())
    drafter_opinion = forms.CharField(
        label="起草单位合法性审查意见", required=False, widget=_textarea()
    )
    affects_rights = forms.BooleanField(
        label="涉及公民、法人和其他组织权利义务", required=False, initial=True
    )
    concerns_business = forms.BooleanField(label="与市场主体生产经营活动密切相关", required=False)

    FIELDS = (
        "title",
        "text",
        "necessity",
        "feasibility",
        "impact",
        "legal_basis",
        "drafter_opinion",
        "affects_rights",
        "concerns_business",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("upload")
        if upload:
            try:
                data["text"] = read_upload(upload)
            except forms.ValidationError as exc:
                self.add_error("upload", exc)
        return data

    def draft_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class DraftCreateForm(DraftFieldsMixin):
    unit = forms.ModelChoiceField(label="起草单位", queryset=Unit.objects.none())
    issuer = forms.ModelChoiceField(label="制定机关", queryset=Unit.objects.none())
    subject = forms.ChoiceField(label="主题分类", choices=[("", "请选择"), *Subject.choices])
    co_issuers = forms.ModelMultipleChoiceField(
        label="联合发文机关",
        queryset=Unit.objects.none(),
        required=False,
        help_text="联合发文的，选择其他制定机关（可多选）。",
    )
    co_drafters = forms.ModelMultipleChoiceField(
        label="协办起草单位", queryset=Unit.objects.none(), required=False
    )

    field_order = ["unit", "issuer", "co_issuers", "co_drafters", "title", "subject"]

    def __init__(self, *args: Any, units: list[Unit], issuers: list[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        others = (
            Unit.objects.exclude(kind=UnitKind.DIVISION)
            .filter(valid_from__lte=today)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
            .order_by("path")
        )
        self.fields["co_issuers"].queryset = others
        self.fields["co_drafters"].queryset = others
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        self.fields["issuer"].queryset = Unit.objects.filter(pk__in=[u.pk for u in issuers])
        self.fields["issuer"].help_text = "起草单位本身或其上级机关；内设机构不能作为制定机关。"
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
            self.fields["issuer"].initial = units[0].pk

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit, issuer = data.get("unit"), data.get("issuer")
        if unit and issuer and not unit.path.startswith(issuer.path):
            self.add_error("issuer", f"制定机关须为{unit.name}本身或其上级机关。")
        return data


class DraftUpdateForm(DraftFieldsMixin):
    pass


# ---- the steps of a procedure -----------------------------------------------------------------

FILING_CHECKS = {
    "authority": "制定主体适格，未超越法定权限",
    "procedure": "制定程序合法",
    "superior_law": "内容不违反上位法",
    "rights": "未违法减损权利或者增加义务",
    "competition": "未排除、限制公平竞争",
}


def _optional_text(label: str, rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=_textarea(rows))


def _optional_date(label: str) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DATE_INPUT)


def _optional_choice(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=[("", "请选择"), *choices])


def _step_field(name: str) -> forms.Field:
    """The form field of one step field. Fields are optional here: what the law requires is
    said by the step's guards, with the article."""
    makers = {
        "opens_on": lambda: _optional_date("征求意见开始日期"),
        "closes_on": lambda: _optional_date("征求意见截止日期"),
        "adoption_summary": lambda: _optional_text("意见采纳情况说明", 4),
        "reason": lambda: _optional_text("理由"),
        "reviewing_unit_id": lambda: forms.ModelChoiceField(
            label="审核机构", required=False, queryset=Unit.objects.none()
        ),
        "urgent_reason": lambda: _optional_text("紧急情况说明（需缩短审核时间时填写）", 2),
        "opinion": lambda: _optional_choice("审核意见", Opinion.choices),
        "opinion_text": lambda: _optional_text("书面审核意见", 5),
        "opinion_items": lambda: forms.IntegerField(
            label="提出意见条数", required=False, min_value=0, initial=0
        ),
        "meeting": lambda: forms.CharField(label="会议名称", required=False, max_length=100),
        "held_on": lambda: _optional_date("会议日期"),
        "result": lambda: _optional_choice("审议结果", DeliberationResult.choices),
        "attendees": lambda: _optional_text("出席人员", 2),
        "notes": lambda: _optional_text("审议意见"),
        "adoption": lambda: _optional_choice("起草单位对审核意见的采纳情况", Adoption.choices),
        "adoption_explanation": lambda: _optional_text("未完全采纳审核意见的说明"),
        "doc_number": lambda: forms.CharField(
            label="发文字号", required=False, max_length=60, help_text="如：甲教发〔2026〕3号"
        ),
        "written_on": lambda: _optional_date("成文日期"),
        "published_on": lambda: _optional_date("发布日期"),
        "effective_on": lambda: _optional_date("施行日期"),
        "valid_until": lambda: _optional_date("有效期至"),
        "effective_exception": lambda: _optional_text(
            "施行日期少于适应调整期的理由（涉及国家安全或须立即施行的）", 2
        ),
        # filing review
        "checks": lambda: forms.MultipleChoiceField(
            label="审查要点（已核查无问题的打勾）",
            required=False,
            choices=list(FILING_CHECKS.items()),
            widget=forms.CheckboxSelectMultiple,
        ),
        "risk_rating": lambda: _optional_choice("风险等级", RiskRating.choices),
        "letter_kind": lambda: _optional_choice("审查文书", list(LETTERS.items())),
        "letter_text": lambda: _optional_text("审查文书内容", 5),
        "reply_text": lambda: _optional_text("制定机关答复", 4),
        "correction": lambda: _optional_text("纠正情况"),
        "outcome": lambda: _optional_choice("审查结论", list(FILING_OUTCOMES.items())),
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
        if "reviewing_unit_id" in self.fields and reviewing_units is not None:
            self.fields["reviewing_unit_id"].queryset = reviewing_units
        style_fields(self)

    @property
    def step_fields(self):
        return [self[name] for name in self.step.fields]

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
            if name == "reviewing_unit_id":
                value = value.pk if value is not None else ""
            elif name == "checks":
                value = {code: code in (value or []) for code in FILING_CHECKS}
            elif value is None:
                value = ""
            data[name] = value
        return data


# ---- comments, competition review, flags ------------------------------------------------------


class CommentReplyForm(StyledForm):
    reply = forms.ChoiceField(label="采纳情况", choices=Reply.choices)
    reason = forms.CharField(label="理由", required=False, widget=_textarea(2))


class CommentEntryForm(StyledForm):
    channel = forms.ChoiceField(
        label="来源", choices=[c for c in Channel.choices if c[0] != Channel.PORTAL]
    )
    name = forms.CharField(label="提出人", required=False, max_length=60)
    organization = forms.CharField(label="单位或组织", required=False, max_length=100)
    contact = forms.CharField(label="联系方式", required=False, max_length=60)
    text = forms.CharField(label="意见内容", widget=_textarea(4), max_length=5000)


def _item_key(code: str) -> str:
    return code.replace(".", "_")


class CompetitionForm(StyledForm):
    """公平竞争审查: each of the 19 items of 第八–十一条, and the conclusion."""

    conclusion = forms.ChoiceField(
        label="审查结论", choices=[("", "请选择"), *FairCompetitionConclusion.choices]
    )
    reviewed_on = forms.DateField(label="审查日期", widget=DATE_INPUT)
    operators_heard = forms.CharField(
        label="听取经营者意见情况", required=False, widget=_textarea(3)
    )
    exception_reason = forms.CharField(
        label="适用例外规定的说明", required=False, widget=_textarea(3)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, (_category, article, _text) in competition.ITEMS.items():
            key = _item_key(code)
            self.fields[f"breach_{key}"] = forms.BooleanField(label="存在该情形", required=False)
            self.fields[f"note_{key}"] = forms.CharField(
                label=f"{article}说明", required=False, max_length=1000
            )
        style_fields(self)

    def groups(self) -> list[dict[str, Any]]:
        """The items grouped by category, for the template."""
        groups = []
        for category, label in competition.CATEGORIES.items():
            items = [
                {
                    "code": code,
                    "article": article,
                    "text": text,
                    "breach": self[f"breach_{_item_key(code)}"],
                    "note": self[f"note_{_item_key(code)}"],
                }
                for code, (item_category, article, text) in competition.ITEMS.items()
                if item_category == category
            ]
            groups.append({"label": label, "items": items})
        return groups

    def findings(self) -> dict[str, dict[str, Any]]:
        return {
            code: {
                "breach": bool(self.cleaned_data.get(f"breach_{_item_key(code)}")),
                "note": self.cleaned_data.get(f"note_{_item_key(code)}", "").strip(),
            }
            for code in competition.ITEMS
        }


class FlagDecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label="判断", choices=[("accepted", "采纳（确有问题）"), ("dismissed", "不采纳")]
    )
    reason = forms.CharField(label="理由", required=False, widget=_textarea(2))


class DocumentEndForm(StyledForm):
    kind = forms.ChoiceField(label="终止方式", choices=EndKind.choices)
    on = forms.DateField(label="自何日起", widget=DATE_INPUT, initial=date.today)
    reason = forms.CharField(label="理由", required=False, widget=_textarea(3))


# ---- after publication ------------------------------------------------------------------------


class EvaluationForm(StyledForm):
    conclusion = forms.ChoiceField(
        label="评估结论", choices=[("", "请选择"), *EvaluationConclusion.choices]
    )
    report = forms.CharField(label="评估报告", required=False, widget=_textarea(8))


class CleanupCreateForm(StyledForm):
    unit = forms.ModelChoiceField(label="组织单位", queryset=Unit.objects.none())
    title = forms.CharField(label="清理名称", max_length=200)
    basis = forms.CharField(label="清理依据", required=False, widget=_textarea(2))
    versions = forms.ModelMultipleChoiceField(
        label="清理范围（已公布的文件）",
        queryset=Version.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, units: list[Unit], versions: QuerySet[Version], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
        self.fields["versions"].queryset = versions
        self.fields["versions"].label_from_instance = lambda v: (
            f"{v.title}（{v.doc_number or '无文号'}）"
        )


class CleanupConcludeForm(StyledForm):
    conclusion = forms.ChoiceField(label="清理结论", choices=EvaluationConclusion.choices)
    reason = forms.CharField(label="理由", required=False, widget=_textarea(2))


# ---- import -----------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ImportForm(StyledForm):
    unit = forms.ModelChoiceField(label="承办导入的单位", queryset=Unit.objects.none())
    register = forms.FileField(
        label="登记表（.xlsx，可选）",
        required=False,
        help_text="首行为表头：标题、制定机关、发文字号、成文日期、发布日期、施行日期、有效期至、"
        "主题分类、状态、废止日期、文件（或正文）。",
    )
    files = MultipleFileField(
        label="正文文件（.txt / .docx，可多选）",
        required=False,
        help_text=f"每个文件不超过 {MAX_UPLOAD_MB} MB。没有登记表时，每个文件作为一件文件导入，"
        "要素从正文中识别。",
    )
    dry_run = forms.BooleanField(label="只检查，不导入", required=False)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk

    def clean_register(self):
        register = self.cleaned_data.get("register")
        if register:
            _check_size(register)
            if Path(register.name).suffix.lower() != ".xlsx":
                raise forms.ValidationError("登记表须为 .xlsx 文件。")
        return register

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        for upload in files:
            _check_size(upload)
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("register") and not data.get("files") and not self.errors:
            raise forms.ValidationError("请上传登记表，或至少一个正文文件。")
        return data
