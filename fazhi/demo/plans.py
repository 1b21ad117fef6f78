"""Demo plan ledger (规划任务台账): the demo district's own plan — 示例区法治政府建设实施方案
（2026—2028年）, composed for the demo in the structure of real plans (data/plan_demo.txt) — read
by the parser, checked by the district 司法局's 法治督察科 (unit names settled as a person
would: a fuzzy one confirmed, a class the resolver does not know assigned, two bodies outside the
government marked external), imported as a public ledger, and then its progress, each act on
its day (`decisions.run`):

- every quarter the units named on a task report on it, the lead unit with figures for the
  task's targets; the office accepts most reports (the lead unit's last, so its text is the
  task's latest progress) and returns a few with comments that the unit then corrects;
- a task is completed when the office accepts the lead unit's report that claims it done, sent
  just after the work was finished and before the plan's date;
- some tasks get no report, some only a late one still waiting for review, and one unit's late
  report was returned days ago and is not corrected yet;
- the daily sweep (`services.tasks_sweep`) lists as 滞后 the tasks whose dates pass and starts
  the report-due periods of the units that have not reported.

The plan is dated for the year of which at least DAYS_INTO_PLAN days have passed by today (the
file's years 2026—2028 shift with it), so a demo built on any day shows three to seven quarters
of progress. Deterministic for a seed and a day.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from django.utils import timezone

from fazhi.core.models import Person, Post, Role, Unit, UnitKind
from fazhi.deadlines.compute import add_months
from fazhi.demo.decisions import clock, moment, run
from fazhi.plans import review, services
from fazhi.plans.models import Comparator, Plan, ProgressReport, Target, Task, TaskUnit

PLAN_FILE = Path(__file__).resolve().parent / "data" / "plan_demo.txt"
FILE_YEAR = 2026  # the first year of the plan as the file writes it
DISTRICT = "示例区"  # the district's name as the file writes it
DAYS_INTO_PLAN = 290  # days of the plan's first year passed by today (three quarters reported)
IMPORTED = (2, 24)  # the office imports the plan two weeks after it is issued

# How the office settles the names the resolver leaves open, as a person does on the page.
EXTERNAL = ("区人民法院", "区委党校")
CONFIRM = {"区城市管理执法局": "区城市管理综合行政执法局"}
CLASSES = {"各镇人民政府": UnitKind.TOWNSHIP}

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Spec:
    """What happens to a task (by its number in the plan). Quarters are counted from the first
    quarter of the plan's first year (0)."""

    texts: tuple[str, ...] = ()  # the lead unit's progress, report by report (the last repeats)
    labels: tuple[str, ...] = ()  # each target's figure in a sentence ({} is the figure)
    part: str = ""  # a responsible unit's progress ({n}: a small number)
    start: int = 0  # the first quarter reported on
    done: int | None = None  # the quarter in which the task is finished and reported done
    done_text: str = ""
    silent: bool = False  # no unit reports on it
    others: bool = True  # the responsible units report too
    returned: tuple[int, ...] = ()  # quarters whose lead report is returned once
    return_kind: str = ""  # figures | vague | files (default: figures when it has targets)
    late_pending: bool = False  # the lead's only report, on the last ended quarter, days ago
    late_returned: bool = False  # a responsible unit's late report, returned days ago


SPECS: dict[str, Spec] = {
    "三": Spec(
        texts=(
            "已印发权责清单动态调整工作通知，组织区政府各部门对照法律法规规章立改废释情况逐项梳理"
            "权责事项，汇总调整意见，会同区司法局开展合法性审核。",
        ),
        part="完成本部门权责事项梳理，报送新增、取消、变更事项{n}项。",
        done=1,
        done_text="区级政府部门权责清单动态调整已完成，经区政府常务会议审议后在区政府门户网站"
        "向社会公布，调整情况已汇总报区司法局。",
    ),
    "四": Spec(
        texts=(
            "梳理高频政务服务事项清单，推动事项标准化和网上办理，企业开办实现“一表填报、一窗领取”。",
            "新增一批“跨省通办”事项，推行惠企政策“免申即享”，组织清理妨碍统一市场和公平竞争的"
            "规定和做法。",
            "高频事项“全程网办”持续扩面，对网上可办率偏低的事项逐项督办。",
        ),
        labels=("政务服务事项网上可办率{}%", "企业开办时间{}个工作日"),
        part="梳理本领域政务服务事项，推动{n}个事项实现网上办理。",
        done=3,
        done_text="高频政务服务事项已全部实现“跨省通办”“全程网办”，惠企政策“免申即享”上线运行，"
        "该项任务已完成。",
    ),
    "五": Spec(
        texts=(
            "印发涉企行政检查规范化工作方案，组织各执法部门编制年度检查计划，推行“综合查一次”。",
            "完成涉企行政检查统一登记平台需求调研，在市场监管、生态环境领域开展非现场监管试点。",
            "统一登记平台完成招标，各部门检查计划录入工作同步推进。",
        ),
        labels=("同一部门对同一企业年度现场检查最多{}次",),
        part="报送本部门年度涉企检查计划，本季度开展联合检查{n}次。",
        start=1,
        done=5,
        done_text="涉企行政检查统一登记平台已建成上线，检查计划、检查结果实现全流程网上留痕。",
    ),
    "六": Spec(
        texts=(
            "对区政府各部门报送的行政规范性文件逐件开展合法性审核，坚持有件必备、有备必审。",
            "开展规范性文件备案审查，对发现的问题向制定机关发出纠正意见。",
            "启动年度规范性文件清理，梳理现行有效文件目录。",
            "年度规范性文件清理完成，清理结果已向社会公布。",
        ),
        labels=("规范性文件合法性审核率{}%", "平均审核时限{}个工作日", "本年度开展清理{}次"),
        part="本季度制发行政规范性文件{n}件，均经合法性审核并按时报送备案。",
        returned=(1,),
    ),
    "七": Spec(
        texts=(
            "区政府年度重大行政决策事项目录已于3月底前向社会公布，督促承办单位制定工作方案。",
            "对列入目录的决策事项跟踪督办，决策草案提交审议前均经合法性审查。",
            "制定重大行政决策全过程记录材料归档规范，开展归档情况抽查。",
        ),
        labels=("重大行政决策合法性审查率{}%", "全过程记录材料归档率{}%"),
        part="对本季度提交审议的决策草案出具合法性审查意见{n}份。",
        done=7,
        done_text="重大行政决策全过程记录材料已全部归档，归档率达到100%，该项任务已完成。",
    ),
    "八": Spec(silent=True),
    "九": Spec(
        texts=(
            "督促各执法部门在执法决定作出后按时公示，开展执法公示情况抽查。",
            "制定执法全过程记录设备配备计划，完成第一批执法记录仪和音像记录管理系统采购。",
            "重大执法决定法制审核全覆盖，第二批设备配备按计划推进。",
        ),
        labels=("执法公示平均用时{}个工作日", "重大执法决定法制审核率{}%"),
        part="本季度公示行政执法信息{n}条，重大执法决定均经法制审核。",
        returned=(0,),
        done=3,
        done_text="全区行政执法部门执法全过程记录设备配备和音像记录管理制度建设已全部完成。",
    ),
    "十": Spec(
        texts=(
            "制定街道综合行政执法队规范化建设标准，统一执法标识、执法文书和执法流程。",
            "部分街道综合行政执法队已通过规范化建设验收，其余街道因执法用房未落实尚未完成。",
            "对未完成规范化建设的街道逐一督办，组织街道、镇综合执法人员业务培训。",
        ),
        labels=("本年度街道、镇综合执法人员业务培训{}学时",),
        part="本单位综合行政执法队对照规范化建设标准开展自查，整改问题{n}项。",
    ),
    "十一": Spec(
        texts=(
            "开展第一季度行政执法案卷评查，抽查案卷并逐一反馈问题。",
            "完成行政执法监督平台建设方案论证，开展年度第二次案卷评查。",
            "行政执法监督平台进入开发阶段，组织执法部门录入执法主体和执法人员信息。",
        ),
        labels=("本年度开展案卷评查{}次", "案卷合格率{}%"),
        part="配合案卷评查报送执法案卷{n}卷，评查发现的问题已完成整改。",
        returned=(2,),
        return_kind="vague",
    ),
    "十二": Spec(
        texts=(
            "会同区司法局和各执法部门梳理轻微违法行为不予处罚、首违不罚事项，形成清单初稿。",
            "清单初稿征求相关部门和企业意见，开展合法性审核。",
        ),
        labels=("清单事项{}项",),
        part="梳理本领域轻微违法行为不予处罚、首违不罚事项{n}项，报送牵头单位。",
        done=2,
        done_text="全区轻微违法行为不予处罚、首违不罚事项清单已经区政府同意并向社会公布。",
        returned=(2,),
        return_kind="files",
    ),
    "十三": Spec(
        texts=(
            "制定年度行政执法人员培训计划，组织公共法律知识网络培训。",
            "举办行政执法人员专业法律知识培训班，组织新取得执法证件人员岗前培训考试。",
            "开展执法人员培训学时统计，督促未达标人员参加补训。",
        ),
        labels=("执法人员人均培训{}学时",),
        part="组织本单位执法人员参加培训{n}期，培训情况已登记。",
    ),
    "十四": Spec(
        texts=(
            "上一年度政府信息公开工作年度报告已于3月31日前发布，依申请公开答复全部按期办结。",
            "更新主动公开目录，规范政府信息公开专栏栏目设置。",
        ),
        labels=("依申请公开答复按期率{}%",),
        part="本季度办理依申请公开{n}件，均按期答复。",
    ),
    "十五": Spec(
        texts=("制定经济责任审计项目计划，启动区管领导干部经济责任审计。",),
        labels=("审计发现问题整改率{}%",),
        others=False,
        late_pending=True,
    ),
    "十六": Spec(
        texts=("制定基层行政复议受理点设置方案，明确受理点职责和工作流程。",),
        labels=("行政复议案件审结率{}%",),
        part="本单位行政复议受理点已挂牌，明确专人负责接收复议申请。",
        done=1,
        done_text="全区各街道、镇行政复议受理点已全部设立并运行，实现基层受理全覆盖。",
    ),
    "十七": Spec(
        texts=(
            "督促被诉行政机关负责人出庭应诉，建立出庭应诉情况季度通报制度。",
            "与区人民法院联合开展行政审判庭审观摩活动，组织各部门旁听庭审。",
            "梳理司法建议和检察建议办理情况，对未按期回复的督促办理。",
        ),
        labels=("行政机关负责人出庭应诉率{}%", "本年度庭审观摩活动{}次"),
        part="本季度本单位行政应诉案件{n}件，负责人均出庭应诉。",
    ),
    "十八": Spec(
        texts=(
            "制定信访工作法治化示范点创建方案，依法分类处理信访诉求。",
            "开展信访事项办理质量评查，对超期未办结事项督促办理。",
            "示范点创建进入验收准备阶段。",
        ),
        labels=("信访事项及时受理率{}%", "按期办结率{}%"),
        part="本季度受理信访事项{n}件，均依法分类处理。",
        returned=(1,),
        late_returned=True,
    ),
    "十九": Spec(silent=True),
    "二十": Spec(
        texts=(
            "区政府常务会议集体学习《中华人民共和国行政复议法》。",
            "区政府常务会议集体学习《优化营商环境条例》，督促各部门落实领导班子集体学法制度。",
            "区政府常务会议集体学习《重大行政决策程序暂行条例》。",
            "区政府常务会议集体学习《中华人民共和国行政处罚法》，年度学法计划全部完成。",
        ),
        labels=("区政府常务会议本年度集体学法{}次", "区政府各部门领导班子本年度集体学法平均{}次"),
        part="本季度组织领导干部专题学法{n}次。",
    ),
    "二十一": Spec(
        texts=(
            "制定年度法治政府建设督察工作方案，将法治政府建设纳入全区绩效考核指标体系。",
            "开展法治政府建设实地督察，督察问题清单已反馈被督察单位。",
            "对照市级法治政府建设示范区创建指标开展自评。",
        ),
        labels=("本年度开展法治政府建设督察{}次", "法治政府建设在绩效考核中权重{}%"),
        part="配合开展法治政府建设督察，提供督察材料{n}份。",
        start=1,
    ),
    "二十二": Spec(silent=True),
    "二十三": Spec(
        texts=(
            "上一年度法治政府建设情况报告已于3月1日前报区委、区人大常委会和市政府，"
            "并于4月1日前在区政府门户网站公开。",
            "着手收集本年度法治政府建设情况报告素材。",
        ),
        part="报送本单位法治政府建设情况材料{n}份。",
    ),
}

RESPONSIBLE_EXTRA = (
    "",
    "已制定本单位落实措施，明确分管领导和具体责任人。",
    "相关台账和佐证材料已同步报送牵头单位。",
    "下一步将按照时间节点继续推进。",
)
RETURN_COMMENTS = {
    "figures": "未填写量化目标完成数据，请补充本季度完成数据后重新报送。",
    "vague": "进展情况过于笼统，请写明本季度具体完成的工作、数量和时间节点。",
    "files": "缺少佐证材料，请补充会议纪要或工作方案等相关材料。",
}
VAGUE = "本季度按计划推进相关工作，进展顺利。"
ACCEPT_COMMENTS = ("", "", "", "同意。", "请继续按计划推进。", "进展符合时序要求。")


# ---- the text ----------------------------------------------------------------------------------


def plan_year(today: date) -> int:
    """The year the demo's plan begins: at least DAYS_INTO_PLAN days of it have passed."""
    return (today - timedelta(days=DAYS_INTO_PLAN)).year


def plan_text(district: Unit, year: int) -> str:
    """The composed plan for `district`, its years shifted to begin in `year`."""
    text = PLAN_FILE.read_text(encoding="utf-8")
    shift = year - FILE_YEAR
    if shift:
        text = re.sub(r"(?<!\d)(20[2-3]\d)(?=[年—〕])", lambda m: str(int(m[1]) + shift), text)
    name = district.short_name or DISTRICT
    return text if name == DISTRICT else text.replace(DISTRICT, name)


def quarters(year: int, today: date) -> list[tuple[date, date]]:
    """The quarters from the plan's first to the one that contains today."""
    out = []
    start = date(year, 1, 1)
    while start <= today:
        following = add_months(start, 3)
        out.append((start, following - timedelta(days=1)))
        start = following
    return out


# ---- who acts ----------------------------------------------------------------------------------


def _reviewer(district: Unit) -> Post | None:
    """The 法治机构审核人员 who keeps the ledger: in the 司法局's 法治督察科 if it has one."""
    office = Unit.objects.filter(
        path__startswith=district.path, kind=UnitKind.LEGAL_OFFICE, depth=district.depth + 1
    ).first()
    if office is None:
        return None
    posts = list(
        Post.objects.active()
        .filter(role=Role.LEGAL_REVIEWER, unit__path__startswith=office.path)
        .select_related("person", "unit")
        .order_by("unit__path", "pk")
    )
    return next((p for p in posts if p.unit.name == "法治督察科"), posts[0] if posts else None)


def _contacts(units: list[Unit]) -> dict[int, Person]:
    """Who reports for each unit (its liaison for the plan): its first 承办人员 (in district 1
    the persona of the unit, where it has one), else its 单位管理员. A unit with neither does
    not report."""
    posts = (
        Post.objects.active()
        .filter(unit__in=units, role__in=(Role.HANDLER, Role.UNIT_ADMIN))
        .select_related("person")
        .order_by("pk")
    )
    handlers: dict[int, Person] = {}
    admins: dict[int, Person] = {}
    for post in posts:
        (handlers if post.role == Role.HANDLER else admins).setdefault(post.unit_id, post.person)
    return {**admins, **handlers}


# ---- the import --------------------------------------------------------------------------------


def settle(parsed: dict, district: Unit) -> dict:
    """The unit names settled as the office does on the review page (`review.settle`): a fuzzy
    match confirmed, the units of a class the resolver does not know chosen, bodies outside the
    government marked external. Any other open name means the text and the tree disagree: an
    error of the demo."""
    units = {u.name: u for u in Unit.objects.filter(path__startswith=district.path)}
    today = timezone.localdate()
    settled = {}
    for name, entry in parsed["units"].items():
        if review.settled(entry):
            settled[name] = entry
        elif name in EXTERNAL:
            settled[name] = review.settle(entry, external=True)
        elif name in CONFIRM and CONFIRM[name] in units:
            settled[name] = review.settle(entry, unit_ids=[units[CONFIRM[name]].pk], confirm=True)
        elif name in CLASSES:
            ids = [
                u.pk
                for u in sorted(units.values(), key=lambda u: u.path)
                if u.kind == CLASSES[name] and u.is_active_on(today)
            ]
            settled[name] = review.settle(entry, unit_ids=ids, confirm=True)
        else:
            settled[name] = entry
    parsed = {**parsed, "units": settled}
    pending = services.unsettled_names(parsed)
    if pending:
        raise LookupError(
            f"示例规划中的单位名称无法对应到{district.name}的单位：{'、'.join(pending)}"
        )
    return parsed


def import_plan(district: Unit, reviewer: Post, year: int) -> Plan:
    """Upload, check and import the plan (the clock set by the caller)."""
    text = plan_text(district, year)
    name = f"{district.short_name or DISTRICT}法治政府建设实施方案（{year}—{year + 2}年）.txt"
    person = reviewer.person
    draft = services.draft_upload(actor=person, owner=district, name=name, data=text.encode())
    draft = services.draft_save(actor=person, draft=draft, parsed=settle(draft.parsed, district))
    return services.plan_import(actor=person, draft=draft, report_months=3, is_public=True)


# ---- the figures and texts of a report ----------------------------------------------------------


def _pdf(title: str) -> BytesIO:
    body = f"%PDF-1.4\n% {title}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    stream = BytesIO(body.encode())
    stream.name = f"{title[:60]}.pdf"
    return stream


def _q(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def figure(target: Target, index: int, rng: random.Random, done: bool) -> Decimal:
    """A plausible figure for `target` in the report on quarter `index` of the plan."""
    value = float(target.value)
    in_year = index % 4  # the quarter within its year: 0…3
    if target.comparator == Comparator.AT_MOST:
        if value <= 2:
            return _q(rng.choice((value, value, value / 2)))
        return _q(value - rng.randint(1, max(1, int(value // 4))))
    if target.unit_label == "%":
        if target.comparator == Comparator.EQUAL or value >= 100:
            return _q(100 if done or rng.random() < 0.8 else rng.choice((97.5, 98.6, 99.2)))
        if target.period:  # a rate or a weight that holds for the year
            return _q(value + rng.choice((0, 0.5, 1)))
        return _q(min(100, value + rng.uniform(-1.5, 3)))
    if target.period:  # a yearly count: what the year has reached so far
        if target.comparator == Comparator.EQUAL:
            return _q(value if in_year == 3 else 0)
        return _q(math.ceil(value * (in_year + 1) / 4) + rng.choice((0, 0, 1)))
    share = 1.05 if done else min(0.95, 0.55 + 0.15 * index + rng.uniform(0, 0.1))
    return _q(math.ceil(value * share))


def sentence(figures: dict, labels: tuple[str, ...], targets: list[Target]) -> str:
    """The figures as the report's last sentence."""
    parts = []
    for target, label in zip(targets, labels, strict=False):
        value = figures.get(str(target.pk))
        if value is not None:
            parts.append(label.format(f"{Decimal(value).normalize():f}"))
    return f"截至本季度末，{'，'.join(parts)}。" if parts else ""


# ---- a task's story ----------------------------------------------------------------------------


@dataclass
class Act:
    day: date
    hour: int
    run: Callable[[], None]


class TaskStory:
    """One task's reports and reviews, planned at once (every draw of the district's random
    generator in a fixed order) and then taken in time order by `decisions.run`."""

    def __init__(self, task: Task, spec: Spec, reviewer: Post, contacts, rng, periods, today):
        self.task, self.spec, self.reviewer = task, spec, reviewer
        self.contacts, self.rng, self.periods, self.today = contacts, rng, periods, today
        self.targets = list(task.targets.order_by("position"))
        links = task.units.filter(unit__isnull=False).select_related("unit").order_by("position")
        self.units = [u for u in dict.fromkeys(link.unit for link in links) if u.pk in contacts]
        self.lead = task.unit if task.unit.pk in contacts else None
        self.last = max((i for i, (_, end) in enumerate(periods) if end < today), default=-1)
        self.acts: list[Act] = []
        self.reports: dict[tuple[int, int], ProgressReport] = {}
        self.lead_reports = 0
        self.plan()

    # -- the acts -----------------------------------------------------------------------------

    def submit(self, unit: Unit, index: int, text: str, figures: dict, **extra) -> None:
        self.reports[(unit.pk, index)] = services.report_submit(
            actor=self.contacts[unit.pk],
            unit=unit,
            task=self.task,
            period_start=self.periods[index][0],
            text=text,
            figures=figures,
            **extra,
        )

    def accept(self, unit: Unit, index: int, comment: str = "") -> None:
        services.report_accept(
            actor=self.reviewer.person,
            unit=self.reviewer.unit,
            report=self.reports[(unit.pk, index)],
            comment=comment,
        )

    def send_back(self, unit: Unit, index: int, comment: str) -> None:
        services.report_return(
            actor=self.reviewer.person,
            unit=self.reviewer.unit,
            report=self.reports[(unit.pk, index)],
            comment=comment,
        )

    def resubmit(self, unit: Unit, index: int, text: str, figures: dict, **extra) -> None:
        report = ProgressReport.objects.get(pk=self.reports[(unit.pk, index)].pk)
        self.reports[(unit.pk, index)] = services.report_resubmit(
            actor=self.contacts[unit.pk],
            unit=unit,
            report=report,
            text=text,
            figures=figures,
            **extra,
        )

    def add(self, day: date, hour: int, act: Callable[[], None]) -> date:
        self.acts.append(Act(day, hour, act))
        return day

    # -- the plan of acts ---------------------------------------------------------------------

    def plan(self) -> None:
        spec = self.spec
        if spec.silent or self.lead is None:
            return
        for index in range(spec.start, len(self.periods)):
            if spec.done is not None and index >= spec.done:
                if spec.done == index:
                    self._done(index)
                return
            if spec.late_pending:
                if index == self.last:
                    self._late_pending(index)
                continue
            end = self.periods[index][1]
            latest = end
            for unit in self.units:
                if unit == self.lead or not spec.others:
                    continue
                if spec.late_returned and index == self.last and unit == self._late_unit():
                    self._late_returned(unit, index)
                elif self.rng.random() < 0.9:
                    latest = max(latest, self._responsible(unit, index, end))
            self._lead(index, end, latest)

    def _lead_report(self, index: int, done: bool = False) -> tuple[str, dict]:
        spec = self.spec
        figures = {str(t.pk): str(figure(t, index, self.rng, done)) for t in self.targets}
        if done:
            written = spec.done_text
        else:
            written = spec.texts[min(self.lead_reports, len(spec.texts) - 1)]
            self.lead_reports += 1
        return written + sentence(figures, spec.labels, self.targets), figures

    def _kind(self) -> str:
        return self.spec.return_kind or ("figures" if self.targets else "vague")

    def _lead(self, index: int, end: date, latest: date) -> None:
        """The lead unit's quarterly report, accepted after the other units' of the quarter."""
        unit, rng = self.lead, self.rng
        text, figures = self._lead_report(index)
        sent = end + timedelta(days=rng.randint(2, 8))
        returned = index in self.spec.returned or rng.random() < 0.05
        if not returned:
            self.add(sent, 9, lambda: self.submit(unit, index, text, figures))
            reviewed = max(sent + timedelta(days=rng.randint(1, 4)), latest + timedelta(days=1))
            comment = rng.choice(ACCEPT_COMMENTS)
            self.add(reviewed, 16, lambda: self.accept(unit, index, comment))
            return
        back = sent + timedelta(days=rng.randint(1, 3))
        again = back + timedelta(days=rng.randint(1, 3))
        reviewed = max(again + timedelta(days=rng.randint(1, 2)), latest + timedelta(days=1))
        files = [_pdf(f"{self.task.title}工作方案")] if self._kind() == "files" else []
        self._returned_once(unit, index, (sent, back, again, reviewed), text, figures, files=files)

    def _returned_once(self, unit, index, days, text, figures, **extra) -> None:
        """A report returned once (what it lacked depends on the kind), corrected and accepted."""
        sent, back, again, reviewed = days
        kind = self._kind()
        first_text = VAGUE if kind == "vague" else text
        first_figures = {} if kind == "figures" else figures
        first_extra = {k: v for k, v in extra.items() if k != "files"}
        comment = RETURN_COMMENTS[kind]
        self.add(
            sent, 9, lambda: self.submit(unit, index, first_text, first_figures, **first_extra)
        )
        self.add(back, 15, lambda: self.send_back(unit, index, comment))
        self.add(again, 10, lambda: self.resubmit(unit, index, text, figures, **extra))
        self.add(reviewed, 16, lambda: self.accept(unit, index, "已按审核意见修改，同意。"))

    def _done(self, index: int) -> None:
        """The task is finished within the quarter, before the plan's date: the lead unit
        reports it done a few days later and the office accepts it at once (returned once
        first when the spec says so)."""
        unit, rng = self.lead, self.rng
        start, end = self.periods[index]
        due = min(end, self.task.due_on or end)
        completed = max(start, due - timedelta(days=rng.randint(12, 25)))
        text, figures = self._lead_report(index, done=True)
        extra = {
            "claims_done": True,
            "completed_on": completed,
            "files": [_pdf(f"{self.task.title}完成情况")],
        }
        sent = completed + timedelta(days=rng.randint(1, 3))
        if index not in self.spec.returned:
            self.add(sent, 9, lambda: self.submit(unit, index, text, figures, **extra))
            self.add(
                sent + timedelta(days=1), 16, lambda: self.accept(unit, index, "同意确认完成。")
            )
            return
        back = sent + timedelta(days=1)
        again = back + timedelta(days=rng.randint(1, 2))
        self._returned_once(unit, index, (sent, back, again, again + timedelta(1)), text, figures,
                            **extra)  # fmt: skip

    def _responsible(self, unit: Unit, index: int, end: date) -> date:
        """A responsible unit's quarterly report; returns the day of its last act."""
        rng = self.rng
        text = self.spec.part.format(n=rng.randint(1, 12)) or "按照任务分工推进相关工作。"
        text += rng.choice(RESPONSIBLE_EXTRA)
        sent = end + timedelta(days=rng.randint(1, 9))
        reviewed = sent + timedelta(days=rng.randint(1, 4))
        self.add(sent, 10, lambda: self.submit(unit, index, text, {}))
        if rng.random() >= 0.05:
            return self.add(reviewed, 14, lambda: self.accept(unit, index))
        again = reviewed + timedelta(days=rng.randint(1, 4))
        fuller = text + "本季度具体完成情况详见所附工作台账。"
        self.add(reviewed, 14, lambda: self.send_back(unit, index, RETURN_COMMENTS["vague"]))
        self.add(again, 11, lambda: self.resubmit(unit, index, fuller, {}))
        return self.add(again + timedelta(days=2), 15, lambda: self.accept(unit, index))

    def _late_pending(self, index: int) -> None:
        """The lead unit's first report, on the last ended quarter, sent days ago: the office
        has not reviewed it yet."""
        unit = self.lead
        text, figures = self._lead_report(index)
        self.add(
            self.today - timedelta(days=3), 10, lambda: self.submit(unit, index, text, figures)
        )

    def _late_unit(self) -> Unit | None:
        return next((u for u in self.units if u != self.lead), None)

    def _late_returned(self, unit: Unit, index: int) -> None:
        """A unit's late report, returned days ago for more detail and not corrected yet."""
        text = self.spec.part.format(n=self.rng.randint(1, 12))
        comment = RETURN_COMMENTS["vague"]
        self.add(self.today - timedelta(days=9), 10, lambda: self.submit(unit, index, text, {}))
        self.add(self.today - timedelta(days=5), 15, lambda: self.send_back(unit, index, comment))

    def story(self) -> Iterator[datetime]:
        order = sorted(
            range(len(self.acts)), key=lambda i: (self.acts[i].day, self.acts[i].hour, i)
        )
        for i in order:
            act = self.acts[i]
            yield moment(act.day, act.hour)
            act.run()


def sweep_days(plans: list[Plan], periods: list[tuple[date, date]], today: date) -> list[date]:
    """The days the daily sweep has something to do: the day after a reporting period ends
    (report-due periods start) or after a task's date passes (滞后), and today. On the other
    days it changes nothing, so running it on these alone is running it daily."""
    days = {end + timedelta(days=1) for _, end in periods}
    for plan in plans:
        days |= {
            due + timedelta(days=1) for due in plan.tasks.values_list("due_on", flat=True) if due
        }
    first = min(timezone.localdate(plan.imported_at) for plan in plans)
    return sorted(day for day in days | {today} if first < day <= today)


def _sweep(days: list[date]) -> Iterator[datetime]:
    """The daily sweep, early in the morning."""
    for day in days:
        yield moment(day, 7)
        services.tasks_sweep(day)


def build(roots: list[Unit], *, seed: int, today: date | None = None) -> dict:
    """Import the plan of each district (district k of the demo is `roots[k - 1]`) and run its
    progress up to today; return {district id: {"plan": plan id, "tasks": n, "reports": m}}."""
    today = today or timezone.localdate()
    year = plan_year(today)
    imported_on = date(year, *IMPORTED)
    periods = quarters(year, today)
    plans: dict[int, Plan] = {}
    stories: list[Iterator[datetime]] = []
    for district in roots:
        reviewer = _reviewer(district)
        if reviewer is None:
            continue
        rng = random.Random(f"plans:{seed}:{district.name}")
        with clock(moment(imported_on, 11)):
            plan = plans[district.pk] = import_plan(district, reviewer, year)
        units = Unit.objects.filter(
            pk__in=TaskUnit.objects.filter(task__plan=plan, unit__isnull=False).values("unit")
        ).order_by("path")
        contacts = _contacts(list(units))
        for task in plan.tasks.select_related("unit").order_by("position"):
            spec = SPECS.get(task.number)
            if spec is not None:
                story = TaskStory(task, spec, reviewer, contacts, rng, periods, today)
                stories.append(story.story())
    if plans:
        stories.append(_sweep(sweep_days(list(plans.values()), periods, today)))
    run(stories, until=moment(today, 23))
    return {
        pk: {
            "plan": plan.pk,
            "tasks": plan.tasks.count(),
            "reports": ProgressReport.objects.filter(task__plan=plan).count(),
        }
        for pk, plan in plans.items()
    }
