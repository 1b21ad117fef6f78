"""The organization tree, people, their posts (role in a unit, for a time), and to-do items."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from treebeard.mp_tree import MP_Node

USCC_VALIDATOR = RegexValidator(
    r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$",
    "统一社会信用代码应为 18 位（数字和除 I、O、Z、S、V 以外的大写字母）。",
)


class UnitKind(models.TextChoices):
    CITY = "city", "市人民政府"
    DISTRICT = "district", "区人民政府"
    DEPARTMENT = "department", "政府部门"
    LEGAL_OFFICE = "legal_office", "司法局（法治机构）"
    STREET = "street", "街道办事处"
    TOWNSHIP = "township", "乡镇人民政府"
    DIVISION = "division", "内设科室"
    JUSTICE_STATION = "justice_station", "司法所"


GOVERNMENT_KINDS = (UnitKind.CITY, UnitKind.DISTRICT)
SUPERVISING_KINDS = (UnitKind.LEGAL_OFFICE, UnitKind.JUSTICE_STATION)


class Unit(MP_Node):
    """A unit of the organization tree. Units are never deleted: they end (valid_to)."""

    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices)
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[USCC_VALIDATOR]
    )
    valid_from = models.DateField("设立日期", default=date(2000, 1, 1))
    valid_to = models.DateField("撤销日期", null=True, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("办公电话", max_length=40, blank=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                condition=~Q(uscc=""),
                name="unit_uscc_unique",
                violation_error_message="该统一社会信用代码已登记在另一个单位名下。",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
                violation_error_message="撤销日期不能早于设立日期。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def is_active_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class SuccessionKind(models.TextChoices):
    MERGE = "merge", "合并"
    SPLIT = "split", "分立"
    RENAME = "rename", "更名"
    TRANSFER = "transfer", "职责划转"


class UnitSuccession(models.Model):
    """A unit's duties (and the records it made) passing to another unit on a date."""

    predecessor = models.ForeignKey(
        Unit, models.PROTECT, related_name="successions_out", verbose_name="原单位"
    )
    successor = models.ForeignKey(
        Unit, models.PROTECT, related_name="successions_in", verbose_name="承继单位"
    )
    kind = models.CharField("变更类型", max_length=10, choices=SuccessionKind.choices)
    effective_on = models.DateField("生效日期")
    basis = models.CharField("依据文件", max_length=200)

    class Meta:
        verbose_name = "机构沿革"
        verbose_name_plural = "机构沿革"
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unit_succession_unique"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="unit_succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}（{self.get_kind_display()}）"


class PersonManager(BaseUserManager["Person"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **fields) -> Person:
        person = self.model(username=username, **fields)
        person.set_password(password)
        person.save()
        return person

    def create_superuser(self, username: str, password: str | None = None, **fields) -> Person:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(username, password, **fields)


class Person(AbstractBaseUser, PermissionsMixin):
    """A civil servant with an account. What they may do comes from their posts."""

    username = models.CharField(
        "登录名",
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9_.-]+$", "登录名只能包含字母、数字和 _ . -")],
    )
    name = models.CharField("姓名", max_length=40)
    mobile = models.CharField("手机号码", max_length=20, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    is_active = models.BooleanField("启用", default=True)
    is_staff = models.BooleanField("可进入管理后台", default=False)
    date_joined = models.DateTimeField("创建时间", default=timezone.now)

    objects = PersonManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"

    def __str__(self) -> str:
        return self.name or self.username

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name


class Role(models.TextChoices):
    LEGAL_REVIEWER = "legal_reviewer", "法治机构审核人员"
    HANDLER = "handler", "承办人员"
    UNIT_ADMIN = "unit_admin", "单位管理员"
    LEADER = "leader", "领导"
    SYSTEM_ADMIN = "system_admin", "系统管理员"


class PostQuerySet(models.QuerySet["Post"]):
    def active(self, on: date | None = None) -> PostQuerySet:
        day = on or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        )


class Post(models.Model):
    """A person holding a role in a unit for a period (任职). A person may hold several."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="posts", verbose_name="人员")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="posts", verbose_name="单位")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    title = models.CharField("职务", max_length=60, blank=True)
    valid_from = models.DateField("任职开始", default=date(2000, 1, 1))
    valid_to = models.DateField("任职结束", null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = "任职"
        verbose_name_plural = "任职"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "unit", "role"],
                condition=Q(valid_to__isnull=True),
                name="post_one_open_per_role",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="post_valid_range",
                violation_error_message="任职结束日期不能早于开始日期。",
            ),
        ]
        indexes = [models.Index(fields=["person", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.unit} · {self.get_role_display()}"


class TodoState(models.TextChoices):
    OPEN = "open", "待办"
    DONE = "done", "已办"
    WITHDRAWN = "withdrawn", "已撤回"


class TodoItem(models.Model):
    """One thing a person (in a unit) must do, created by the module whose procedure needs it.

    `source` names the record it belongs to (e.g. "normative_documents.NormDoc:12"), so that a
    module can close its own items; `due_at` and `deadline_basis` come from the deadline that
    the procedure started (how it was computed and which article requires it).
    """

    assignee = models.ForeignKey(
        Person, models.PROTECT, related_name="todo_items", verbose_name="承办人"
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="todo_items", verbose_name="单位")
    title = models.CharField("事项", max_length=200)
    module = models.CharField("所属模块", max_length=40)
    source = models.CharField("关联记录", max_length=100)
    url = models.CharField("办理链接", max_length=300, blank=True)
    due_at = models.DateTimeField("办理期限", null=True, blank=True)
    deadline_basis = models.CharField("期限依据", max_length=300, blank=True)
    state = models.CharField(
        "状态", max_length=10, choices=TodoState.choices, default=TodoState.OPEN
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "待办事项"
        verbose_name_plural = "待办事项"
        constraints = [
            models.UniqueConstraint(
                fields=["assignee", "source", "title"],
                condition=Q(state="open"),
                name="todo_one_open_per_source",
            ),
            models.CheckConstraint(
                condition=Q(state="open", closed_at__isnull=True)
                | (~Q(state="open") & Q(closed_at__isnull=False)),
                name="todo_closed_at_matches_state",
            ),
        ]
        indexes = [models.Index(fields=["assignee", "state", "due_at"])]

    def __str__(self) -> str:
        return self.title
