"""The module map of DESIGN.md, for navigation. A module is open once its app is installed
and names its workspace entry page."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Module:
    code: str
    title: str
    summary: str
    entry: str  # URL name of the workspace entry page, once the module is built

    @property
    def url(self) -> str | None:
        if not apps.is_installed(f"fazhi.{self.code}"):
            return None
        try:
            return reverse(self.entry)
        except NoReverseMatch:
            return None


MODULES: tuple[Module, ...] = (
    Module(
        "normative_documents",
        "行政规范性文件",
        "起草、征求意见、合法性审核、集体审议、公布、备案审查、清理",
        "normative_documents:index",
    ),
    Module(
        "major_decisions",
        "重大行政决策",
        "决策事项目录、法定程序、执行与后评估、档案",
        "major_decisions:index",
    ),
    Module(
        "enforcement",
        "行政执法",
        "执法主体与人员、执法事项、案件、三项制度、裁量基准、双随机、案卷评查",
        "enforcement:index",
    ),
    Module(
        "reconsideration", "行政复议", "受理、审理、决定、意见书与建议书", "reconsideration:index"
    ),
    Module(
        "litigation", "行政应诉", "应诉案件、负责人出庭应诉、司法建议与检察建议", "litigation:index"
    ),
    Module("hotline", "接诉即办", "12345 诉求派单办理、三率、信访、建议提案", "hotline:index"),
    Module("disclosure", "政务公开", "依申请公开、主动公开目录、年度报告", "disclosure:index"),
    Module("plans", "规划任务台账", "规划文件分解任务、责任单位、目标、进展与佐证", "plans:index"),
    Module("capacity", "法治能力", "会前学法、培训学时、述法、法律顾问", "capacity:index"),
    Module(
        "assessment",
        "指标考核与年度报告",
        "指标计算、考核评分、法治政府建设年度情况报告",
        "assessment:index",
    ),
)
