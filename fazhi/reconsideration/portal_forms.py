"""The forms of the public pages of reconsideration: the online application (复议法第二十二条),
the status query, and the search of published decisions. They only shape what the public sends;
the services decide (identity numbers, dates, periods, duplicates, files, the rate limit).

The 行政复议机关 offered are the governments that have a 司法局 (their 行政复议机构); the
respondents offered are the units of the tree whose cases a chosen government handles
(复议法第二十四条): its departments and the 司法局 itself, its streets (派出机关), the townships
and the next lower governments — each government a respondent of the one above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from fazhi.core.models import GOVERNMENT_KINDS, Unit, UnitKind
from fazhi.evidence.filetypes import allowed_types

from .models import AgentKind, ApplicantKind, Subject

# C0/C1 controls (line breaks and tabs aside), DEL, lone surrogates and the byte-order mark.
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")
_UNSAFE_WORDS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffd]")

NOT_RESPONDENTS = (UnitKind.DIVISION, UnitKind.JUSTICE_STATION)


def clean_text(value: object) -> str:
    return _UNSAFE_TEXT.sub("", str(value or "")).strip()


def clean_words(value: object, limit: int) -> str:
    return " ".join(_UNSAFE_WORDS.sub(" ", str(value or "")).split())[:limit]


# ---- the organization tree as the public sees it ------------------------------------------------


def _active(today: date) -> Q:
    return Q(valid_from__lte=today) & (Q(valid_to__isnull=True) | Q(valid_to__gt=today))


def _parent_path(unit: Unit) -> str:
    return unit.path[: -Unit.steplen]


@dataclass(frozen=True)
class Tree:
    """The offices (司法局) by their government's path, and every active unit by path."""

    units: dict[str, Unit]
    offices: dict[str, Unit]

    @classmethod
    def load(cls, today: date | None = None) -> Tree:
        today = today or timezone.localdate()
        units = {
            unit.path: unit
            for unit in Unit.objects.filter(_active(today))
            .only("path", "depth", "kind", "name", "address", "phone")
            .order_by("path")
        }
        offices = {_parent_path(u): u for u in units.values() if u.kind == UnitKind.LEGAL_OFFICE}
        return cls(units, offices)

    def government_name(self, office: Unit) -> str:
        parent = self.units.get(_parent_path(office))
        return parent.name if parent is not None else office.name

    def office_for(self, unit: Unit) -> Unit | None:
        """The 行政复议机构 of the government that handles cases against `unit`: the nearest
        government at or above it that has a 司法局; for a government, the one above it
        (复议法第二十四条第一款第二项)."""
        path = _parent_path(unit) if unit.kind in GOVERNMENT_KINDS else unit.path
        while path:
            if path in self.offices:
                return self.offices[path]
            path = path[: -Unit.steplen]
        return None

    def office_choices(self) -> list[tuple[str, str]]:
        offices = sorted(self.offices.values(), key=lambda u: u.path)
        return [(str(o.pk), self.government_name(o)) for o in offices]

    def respondents(self) -> list[Unit]:
        return [
            u
            for u in self.units.values()
            if u.kind not in NOT_RESPONDENTS and self.office_for(u) is not None
        ]

    def respondent_choices(self) -> list:
        """Grouped by parent, in tree order: [(parent name, [(pk, name), …]), …]."""
        groups: dict[str, list[tuple[str, str]]] = {}
        for unit in self.respondents():
            parent = self.units.get(_parent_path(unit))
            label = parent.name if parent is not None else "其他"
            groups.setdefault(label, []).append((str(unit.pk), unit.name))
        return list(groups.items())


# ---- widgets ------------------------------------------------------------------------------------


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each checked by FileField, the list by the services."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data if item]
        return [one(data, initial)] if data else []


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


YES_NO = [("yes", "是"), ("no", "否")]


def _yes(value: str) -> bool:
    return value == "yes"


def attachment_hint() -> str:
    kinds = "、".join(sorted({t.label.split("（")[0] for t in allowed_types()}))
    size = settings.FAZHI_RECONSIDERATION_UPLOAD_MAX_BYTES // (1024 * 1024)
    count = settings.FAZHI_RECONSIDERATION_UPLOAD_MAX_FILES
    return (
        f"可上传{kinds}等格式，最多{count}个文件，每个不超过{size}MB。"
        "请上传：身份证明（营业执照等）、被申请的行政行为文书、有关证据材料；"
        "委托代理人的，另附授权委托书。"
    )


def attachment_accept() -> str:
    return ",".join(sorted({ext for t in allowed_types() for ext in t.extensions}))


class StyledForm(forms.Form):
    """Bootstrap classes on the widgets, and `is-invalid` on the fields with errors."""

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            choosing = isinstance(widget, forms.Select | forms.RadioSelect)
            verb = "请选择" if choosing else "请填写"
            field.error_messages["required"] = f"{verb}{field.label}。"
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-invalid"] = "true"


# ---- the application ----------------------------------------------------------------------------


class ApplicationForm(StyledForm):
    """行政复议申请书, online (复议法第二十二条第二款). Required here only what the form can
    judge alone; the services check the rest and say why in Chinese."""

    office = forms.ChoiceField(label="行政复议机关")

    applicant_kind = forms.ChoiceField(
        label="申请人类型",
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
    )
    applicant_name = forms.CharField(label="申请人姓名或者名称", max_length=200)
    applicant_id_number = forms.CharField(
        label="公民身份号码或者统一社会信用代码",
        max_length=30,
        required=False,
        help_text="自然人填写18位公民身份号码；法人填写18位统一社会信用代码。",
    )
    applicant_representative = forms.CharField(
        label="法定代表人或者主要负责人",
        max_length=60,
        required=False,
        help_text="申请人是法人或者其他组织的填写。",
    )
    applicant_address = forms.CharField(
        label="住所或者通讯地址", max_length=300, help_text="用于送达补正通知、受理通知和决定书。"
    )
    applicant_phone = forms.CharField(label="联系电话", max_length=40)

    agent_kind = forms.ChoiceField(
        label="委托代理人类别",
        choices=[("", "未委托代理人"), *AgentKind.choices],
        required=False,
        help_text="可以委托一至二名律师、基层法律服务工作者或者其他代理人（复议法第十七条）。",
    )
    agent_name = forms.CharField(label="委托代理人姓名", max_length=60, required=False)
    agent_phone = forms.CharField(label="委托代理人联系电话", max_length=40, required=False)

    respondent_unit = forms.ChoiceField(
        label="被申请人（从本级机关中选择）",
        required=False,
        help_text="作出行政行为的行政机关（复议法第十九条）。",
    )
    respondent_name = forms.CharField(
        label="被申请人名称（不在上列名单中的，请填写全称）", max_length=200, required=False
    )

    subject = forms.ChoiceField(label="行政行为类别", choices=Subject.choices)
    act = forms.CharField(
        label="被申请行政复议的行政行为",
        max_length=500,
        help_text="例如：某某局于某年某月某日作出的某某号行政处罚决定。",
    )
    act_number = forms.CharField(label="行政行为文书编号", max_length=100, required=False)
    act_made_on = forms.DateField(label="行政行为作出日期", required=False, widget=_date_input())
    act_known_on = forms.DateField(
        label="知道或者应当知道该行政行为的日期",
        widget=_date_input(),
        help_text="通常为收到决定书的日期。",
    )
    informed_of_right = forms.TypedChoiceField(
        label="行政机关作出该行为时，是否告知了申请行政复议的权利、行政复议机关和申请期限",
        choices=YES_NO,
        coerce=_yes,
        initial="yes",
        widget=forms.RadioSelect,
    )
    informed_on = forms.DateField(
        label="未告知的，知道上述权利、复议机关和期限的日期",
        required=False,
        widget=_date_input(),
        help_text="复议法第二十条第三款：未告知的，申请期限自知道之日起计算，"
        "但自知道行政行为内容之日起最长不超过一年。",
    )
    concerns_property = forms.BooleanField(
        label="因不动产提出申请", required=False, help_text="复议法第二十一条。"
    )

    request_text = forms.CharField(
        label="行政复议请求",
        max_length=5000,
        widget=_textarea(3),
        help_text="例如：请求撤销某某号行政处罚决定。",
    )
    reasons = forms.CharField(label="事实和理由", max_length=20000, widget=_textarea(8))
    compensation_requested = forms.BooleanField(label="一并提出行政赔偿请求", required=False)
    normdoc_requested = forms.BooleanField(
        label="一并申请审查该行政行为所依据的规范性文件",
        required=False,
        help_text="复议法第十三条；不含规章。",
    )
    normdoc_title = forms.CharField(
        label="请求审查的规范性文件名称和文号", max_length=300, required=False
    )

    on_the_spot = forms.BooleanField(label="该行政行为是当场作出的", required=False)
    warning_or_criticism = forms.BooleanField(label="该行政行为是警告或者通报批评", required=False)
    amount = forms.DecimalField(
        label="涉及款额（元）",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    parties_consent = forms.BooleanField(label="本人同意适用简易程序", required=False)

    attachments = MultipleFileField(label="附件", required=False)
    website = forms.CharField(label="请勿填写此项", required=False)  # honeypot

    TEXT_FIELDS = ("request_text", "reasons")
    WORD_FIELDS = (
        "applicant_name",
        "applicant_id_number",
        "applicant_representative",
        "applicant_address",
        "applicant_phone",
        "agent_name",
        "agent_phone",
        "respondent_name",
        "act",
        "act_number",
        "normdoc_title",
    )

    def __init__(self, *args, tree: Tree, **kwargs):
        super().__init__(*args, **kwargs)
        self.tree = tree
        offices = tree.office_choices()
        if len(offices) == 1:
            self.fields["office"].choices = offices
            self.fields["office"].initial = offices[0][0]
        else:
            self.fields["office"].choices = [("", "请选择"), *offices]
        self.fields["respondent_unit"].choices = [("", "请选择"), *tree.respondent_choices()]
        self.fields["attachments"].help_text = attachment_hint()
        self.fields["attachments"].widget.attrs["accept"] = attachment_accept()
        self.style()

    def clean(self):
        data = super().clean()
        for name in self.TEXT_FIELDS:
            if name in data:
                data[name] = clean_text(data[name])
        for name in self.WORD_FIELDS:
            if name in data:
                data[name] = clean_words(data[name], self.fields[name].max_length)
        self._clean_units(data)
        return data

    def _clean_units(self, data: dict) -> None:
        offices = {o.pk: o for o in self.tree.offices.values()}
        office = offices.get(_int(data.get("office")))
        if office is None:
            if "office" in data:
                self.add_error("office", "请选择行政复议机关。")
            return
        data["office"] = office
        respondents = {u.pk: u for u in self.tree.respondents()}
        unit = respondents.get(_int(data.get("respondent_unit")))
        if data.get("respondent_unit") and unit is None:
            self.add_error("respondent_unit", "请从名单中选择被申请人。")
            return
        data["respondent_unit"] = unit
        if unit is not None and self.tree.office_for(unit) != office:
            competent = self.tree.office_for(unit)
            self.add_error(
                "respondent_unit",
                f"对{unit.name}的行政行为不服的，行政复议机关是"
                f"{self.tree.government_name(competent)}（复议法第二十四条），"
                "请重新选择行政复议机关或者被申请人。",
            )

    def service_fields(self) -> dict:
        """What `services.application_submit` takes, besides the office and the uploads."""
        data = dict(self.cleaned_data)
        for name in ("office", "attachments", "website"):
            data.pop(name)
        data["agent_kind"] = data["agent_kind"] or ""
        return data


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---- the status query ---------------------------------------------------------------------------


class StatusForm(StyledForm):
    receipt_number = forms.CharField(
        label="收件编号",
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "FY…"}),
    )
    access_code = forms.CharField(
        label="查询码",
        max_length=20,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text="提交申请时页面上显示的8位查询码（不区分大小写）。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def clean_receipt_number(self) -> str:
        return clean_words(self.cleaned_data["receipt_number"], 30).replace(" ", "").upper()

    def clean_access_code(self) -> str:
        return clean_words(self.cleaned_data["access_code"], 20).replace(" ", "").upper()
