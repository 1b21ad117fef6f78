"""Who did what in one decision, with dates and opinions, in one view: the basis of lifelong
accountability (决策责任终身追究, 条例第三十八条, and the archive of 第三十三条).

Read from the procedure's step records (who took each step, in which unit and role, when)
and the module's records (the reviewer's opinion, the experts' opinions, each member's view at
the collective discussion, the execution reports…). Texts the services keep internal appear in
step records only as digests; they are read from the records that hold them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Prefetch
from django.utils import timezone

from fazhi.core.models import Role
from fazhi.ledger import selectors as ledger_selectors
from fazhi.procedures import selectors as procedure_selectors
from fazhi.procedures.models import StepRecord

from .events import DecisionEvent
from .models import (
    Comment,
    Decision,
    ExecutionTask,
    ExpertReview,
    MeetingKind,
)
from .procedures import VIEWS

OBSERVER_KINDS = {
    "stakeholder": "利益相关方",
    "expert": "专家",
    "media": "媒体",
    "deputy": "人大代表、政协委员",
    "other": "其他",
}
# Step data shown as recorded (the rest is internal and shown from the module's records).
DATA_LABELS = {
    "reported_on": "报告日期",
    "published_on": "公布日期",
    "held_on": "会议日期",
    "meeting": "会议",
    "channels": "公布渠道",
    "kind": "会议类型",
}


@dataclass
class Act:
    """One act of one person: what, when, who (name, unit, role), and what they said."""

    what: str
    when: date | datetime | None = None
    who: str = ""
    unit: str = ""
    role: str = ""
    details: list[tuple[str, str]] = field(default_factory=list)

    @property
    def day(self) -> date | None:
        if isinstance(self.when, datetime):
            return timezone.localdate(self.when)
        return self.when


@dataclass
class Section:
    key: str
    title: str
    article: str
    acts: list[Act] = field(default_factory=list)


def _observer_kind(observer: dict) -> str:
    kind = observer.get("kind") or observer.get("view") or ""
    return OBSERVER_KINDS.get(kind, "列席")


def _role(role: str) -> str:
    return Role(role).label if role in Role.values else role


def _step_act(record: StepRecord, what: str | None = None) -> Act:
    details = [
        (label, str(record.data[key]))
        for key, label in DATA_LABELS.items()
        if record.data.get(key) not in (None, "", [])
        and not str(record.data[key]).startswith("sha256:")
    ]
    if "kind" in record.data:
        details = [
            (k, dict(MeetingKind.choices).get(v, v) if k == "会议类型" else v) for k, v in details
        ]
    if record.data.get("reason") or record.data.get("situation"):
        details.append(("理由", "已记录（内部材料，见决策档案）"))
    return Act(
        what=what or record.step_label,
        when=record.occurred_at,
        who=record.actor.name,
        unit=record.unit.name,
        role=_role(record.role),
        details=details,
    )


def _load(decision: Decision) -> Decision:
    return (
        Decision.objects.select_related(
            "body",
            "unit",
            "created_by",
            "catalog_item__catalog",
            "catalog_item__proposer",
            "catalog_item__proposed_by",
            "catalog_item__lead_unit",
        )
        .prefetch_related(
            "co_units",
            Prefetch(
                "comment_periods__comments",
                queryset=Comment.objects.select_related("replied_by").only(
                    "pk", "period_id", "reply", "replied_by__name", "replied_at"
                ),
            ),
            "comment_periods__opened_by",
            "hearings__created_by",
            Prefetch(
                "expert_reviews",
                queryset=ExpertReview.objects.select_related("created_by").prefetch_related(
                    "opinions__expert"
                ),
            ),
            "risk_assessments__created_by",
            "legality_reviews__reviewer",
            "legality_reviews__reviewing_unit",
            "discussions",
            Prefetch(
                "tasks",
                queryset=ExecutionTask.objects.select_related(
                    "unit", "created_by"
                ).prefetch_related("reports__reporter"),
            ),
            "evaluations__evaluator_unit",
            "evaluations__created_by",
            "local_steps__recorded_by",
            "attachments__added_by",
        )
        .get(pk=decision.pk)
    )


def accountability(decision: Decision) -> list[Section]:
    """The decision's acts by stage, each with who did it and what they said. The caller has
    checked that the person may see the decision."""
    d = _load(decision)
    steps = list(procedure_selectors.history(d))
    by_code: dict[str, list[StepRecord]] = {}
    for record in steps:
        by_code.setdefault(record.step, []).append(record)
    entries = list(
        ledger_selectors.entries_for(d)
        .filter(event__in=(DecisionEvent.DECISION_START.value, DecisionEvent.DECISION_UPDATE.value))
        .only("event", "occurred_at", "actor_name", "unit_name", "role", "changes")
    )

    sections: list[Section] = []

    # 决策事项的提出 (第三条第三款、第十条)
    proposal = Section("propose", "决策事项的提出", "第三条第三款、第十条")
    item = d.catalog_item
    if item is not None:
        proposal.acts.append(
            Act(
                "申报决策事项",
                item.proposed_at,
                item.proposer.name,
                item.proposed_by.name,
                details=[
                    ("目录", f"{item.catalog}（{item.catalog.year}年度）"),
                    ("列为重大行政决策的理由", item.reason),
                    ("申报的承办单位", item.lead_unit.name),
                    ("计划完成时间", item.planned),
                ],
            )
        )
    else:
        proposal.acts.append(
            Act("目录外事项", details=[("作为重大行政决策办理的理由", d.outside_catalog_reason)])
        )
    for entry in entries:
        if entry.event == DecisionEvent.DECISION_START.value:
            proposal.acts.append(
                Act(
                    "决定启动决策程序",
                    d.started_on,
                    entry.actor_name,
                    entry.unit_name,
                    _role(entry.role),
                    [("决策机关", d.body.name), ("启动依据", d.start_basis)],
                )
            )
    sections.append(proposal)

    # 决策草案的拟订 (第十一条至第十三条)
    drafting = Section("draft", "决策草案的拟订", "第十一条至第十三条")
    co_units = "、".join(u.name for u in d.co_units.all())
    drafting.acts.append(
        Act(
            "决策承办单位",
            who=d.created_by.name,
            unit=d.unit.name,
            role="登记人",
            details=[("协办单位", co_units)] if co_units else [],
        )
    )
    for entry in entries:
        if entry.event == DecisionEvent.DECISION_UPDATE.value:
            changed = "、".join(_field_label(name) for name in sorted(entry.changes or {}))
            drafting.acts.append(
                Act(
                    "修改决策草案",
                    entry.occurred_at,
                    entry.actor_name,
                    entry.unit_name,
                    _role(entry.role),
                    [("修改内容", changed)] if changed else [],
                )
            )
    for label, reason in (
        ("不召开听证会的理由", d.hearing_waiver),
        ("不组织专家论证的理由", d.expert_waiver),
        ("不开展风险评估的理由", d.risk_waiver),
        ("依法不予公开的理由", d.not_public_reason),
    ):
        if reason.strip():
            drafting.acts.append(Act(label, details=[("理由", reason)]))
    for local in d.local_steps.all():
        drafting.acts.append(
            Act(
                f"{local.label}（第{local.round}轮）",
                local.done_on,
                local.recorded_by.name,
                details=[("办理情况", local.note)],
            )
        )
    sections.append(drafting)

    # 公众参与 (第十四条至第十八条)
    participation = Section("participation", "公众参与", "第十四条至第十八条")
    for period in sorted(d.comment_periods.all(), key=lambda p: (p.opens_on, p.pk)):
        comments = list(period.comments.all())
        repliers = sorted({c.replied_by.name for c in comments if c.replied_by})
        details = [
            ("征求意见期间", f"{period.opens_on} 至 {period.closes_on}"),
            ("收到意见", f"{len(comments)}条，已答复{sum(1 for c in comments if c.reply)}条"),
        ]
        if period.shortened_reason:
            details.append(("缩短期限的理由", period.shortened_reason))
        if repliers:
            details.append(("答复人", "、".join(repliers)))
        if period.feedback_published_on:
            details.append(("采纳情况公布日期", str(period.feedback_published_on)))
            details.append(("采纳情况", period.feedback))
        participation.acts.append(
            Act(
                f"公开征求意见（第{period.round}轮）",
                period.opens_on,
                period.opened_by.name,
                details=details,
            )
        )
    for hearing in sorted(d.hearings.all(), key=lambda h: (h.held_on, h.pk)):
        details = [
            ("时间地点", f"{hearing.held_on} {hearing.time}，{hearing.place}"),
            ("状态", hearing.get_state_display()),
            (
                "听证参加人",
                "、".join(
                    f"{p.get('name', '')}（{p.get('side', '')}）" for p in hearing.participants
                ),
            ),
        ]
        if hearing.materials_delivered_on:
            details.append(("材料送达日期", str(hearing.materials_delivered_on)))
        if hearing.state == "held":
            details.append(("听证会记录", hearing.record))
            details.append(("参加人确认签字", "是" if hearing.record_signed else "否"))
        if hearing.cancel_reason:
            details.append(("取消理由", hearing.cancel_reason))
        participation.acts.append(
            Act(
                f"听证会（第{hearing.round}轮）",
                hearing.held_on,
                hearing.created_by.name,
                role="组织人",
                details=details,
            )
        )
    sections.append(participation)

    # 专家论证 (第十九条至第二十一条)
    experts = Section("expert", "专家论证", "第十九条至第二十一条")
    for review in sorted(d.expert_reviews.all(), key=lambda r: r.pk):
        details = [("论证方式", review.get_method_display())]
        if review.institution:
            details.append(("受托专业机构", review.institution))
        if review.adoption:
            details.append(("研究采纳情况", review.adoption))
        experts.acts.append(
            Act(
                f"组织专家论证（第{review.round}轮）",
                review.held_on,
                review.created_by.name,
                role="组织人",
                details=details,
            )
        )
        for opinion in review.opinions.all():
            expert = opinion.expert
            experts.acts.append(
                Act(
                    "专家论证意见",
                    opinion.submitted_on,
                    expert.name,
                    expert.affiliation,
                    expert.title or "论证专家",
                    [
                        ("专业领域", expert.specialties),
                        ("论证意见", opinion.opinion or "（尚未提交）"),
                        ("署名", "已署名" if opinion.signed else "未署名"),
                    ],
                )
            )
    sections.append(experts)

    # 风险评估 (第二十二条至第二十四条)
    risk = Section("risk", "风险评估", "第二十二条至第二十四条")
    for assessment in sorted(d.risk_assessments.all(), key=lambda r: (r.reported_on, r.pk)):
        risk.acts.append(
            Act(
                f"风险评估报告（第{assessment.round}轮）",
                assessment.reported_on,
                assessment.created_by.name,
                assessment.assessor,
                "登记人；评估单位见左",
                [
                    ("评估方式", assessment.methods),
                    ("风险等级", assessment.get_level_display()),
                    ("风险可控", "是" if assessment.controllable else "否"),
                    ("防范措施", assessment.measures),
                    ("听取有关部门意见", assessment.departments_heard),
                ],
            )
        )
    sections.append(risk)

    # 合法性审查 (第二十五条至第二十八条)
    legality = Section("legality", "合法性审查", "第二十五条至第二十八条")
    submissions = by_code.get("submit_review", [])
    for index, review in enumerate(
        sorted(d.legality_reviews.all(), key=lambda r: (r.submitted_on, r.pk))
    ):
        if index < len(submissions):
            legality.acts.append(
                _step_act(submissions[index], f"送请合法性审查（第{review.round}轮）")
            )
        details = [("审查部门", review.reviewing_unit.name)]
        if review.urgent_reason:
            details.append(("审查时间少于7个工作日的理由", review.urgent_reason))
        if review.opinion:
            details += [
                ("审查意见", review.get_opinion_display()),
                ("合法性审查意见书", review.opinion_text),
                ("法律顾问意见", review.adviser_opinion),
                ("公职律师意见", review.lawyer_opinion),
            ]
        if review.response:
            details.append(("承办单位调整或补充情况", review.response))
        legality.acts.append(
            Act(
                "出具合法性审查意见" if review.opinion else "审查中",
                review.reviewed_on,
                review.reviewer.name if review.reviewer else "",
                review.reviewing_unit.name,
                "审查人" if review.reviewer else "",
                [(k, v) for k, v in details if v],
            )
        )
    sections.append(legality)

    # 集体讨论决定 (第二十九条至第三十一条)
    discussion = Section("discussion", "集体讨论决定", "第三十条、第三十一条")
    recorded = [r for r in steps if r.step in ("adopt", "defer", "reject")]
    for index, meeting in enumerate(sorted(d.discussions.all(), key=lambda m: (m.held_on, m.pk))):
        by = recorded[index] if index < len(recorded) else None
        details = [
            ("会议", f"{meeting.meeting}（{meeting.get_kind_display()}）"),
            ("决定", meeting.get_outcome_display()),
            ("行政首长", meeting.chair),
            ("行政首长意见", meeting.chair_view),
        ]
        if meeting.differs_explanation:
            details.append(("与多数意见不一致的理由", meeting.differs_explanation))
        for view in meeting.views:
            text = VIEWS.get(view.get("view"), view.get("view", ""))
            if view.get("text"):
                text += f"：{view['text']}"
            details.append((f"组成人员 {view.get('name', '')}", text))
        if meeting.observers:
            details.append(
                (
                    "列席人员",
                    "、".join(
                        f"{o.get('name', '')}（{_observer_kind(o)}）" for o in meeting.observers
                    ),
                )
            )
        if meeting.dissent:
            details.append(("不同意见", meeting.dissent))
        details.append(("会议记录", meeting.minutes))
        discussion.acts.append(
            Act(
                f"集体讨论（第{meeting.round}轮）",
                meeting.held_on,
                by.actor.name if by else "",
                by.unit.name if by else "",
                f"记录人（{_role(by.role)}）" if by else "",
                details,
            )
        )
    for code in ("report_party", "report_npc"):
        for record in by_code.get(code, []):
            discussion.acts.append(_step_act(record))
    sections.append(discussion)

    # 决策公布 (第三十二条)
    publication = Section("publish", "决策公布", "第三十二条")
    for code in ("publish", "execute_unpublished"):
        for record in by_code.get(code, []):
            act = _step_act(record)
            if code == "publish" and d.adoption_note:
                act.details.append(("意见采纳情况说明", d.adoption_note))
            publication.acts.append(act)
    sections.append(publication)

    # 决策执行和调整 (第三十四条至第三十七条)
    execution = Section("execute", "决策执行和调整", "第三十四条至第三十七条")
    for task in d.tasks.all():
        details = [("执行目标", task.target), ("完成时限", str(task.due_on))]
        if task.done_on:
            details.append(("完成日期", str(task.done_on)))
        execution.acts.append(
            Act(
                "明确执行任务",
                task.created_at,
                task.created_by.name,
                task.unit.name,
                "分解人",
                details,
            )
        )
        for report in sorted(task.reports.all(), key=lambda r: (r.reported_on, r.pk)):
            details = [("执行情况", report.progress)]
            if report.problem:
                details.append(("第三十五条所列情形", report.problem_text))
            if report.done:
                details.append(("任务完成", "是"))
            execution.acts.append(
                Act(
                    "报告执行情况",
                    report.reported_on,
                    report.reporter.name,
                    task.unit.name,
                    "报告人",
                    details,
                )
            )
    for record in steps:
        if record.step in ("suspend", "resume", "revise", "stop", "complete", "withdraw"):
            execution.acts.append(_step_act(record))
    sections.append(execution)

    # 决策后评估 (第三十六条)
    evaluation = Section("evaluate", "决策后评估", "第三十六条")
    for item_ in sorted(d.evaluations.all(), key=lambda e: (e.started_on, e.pk)):
        details = [
            ("启动情形", item_.get_trigger_display()),
            ("情形说明", item_.trigger_note),
            ("评估单位", item_.evaluator),
        ]
        if item_.conclusion:
            details += [
                ("评估结论", item_.get_conclusion_display()),
                ("评估报告", item_.report),
                ("听取社会公众意见", item_.public_heard),
                ("后续处理", item_.follow_up),
            ]
        evaluation.acts.append(
            Act(
                "决策后评估" + ("（已完成）" if item_.done_on else "（进行中）"),
                item_.done_on or item_.started_on,
                item_.created_by.name,
                item_.evaluator,
                "登记人",
                [(k, v) for k, v in details if v],
            )
        )
    sections.append(evaluation)

    # 材料 (第三十三条)
    materials = Section("materials", "决策材料", "第三十三条")
    for attachment in d.attachments.all():
        materials.acts.append(
            Act(
                f"{attachment.kind}：{attachment.title}",
                attachment.added_at,
                attachment.added_by.name,
                role="上传人",
                details=[("向社会公开", "是" if attachment.public else "否")],
            )
        )
    sections.append(materials)
    return sections


def people(sections: list[Section]) -> list[tuple[str, list[str]]]:
    """Everyone named in the view, with the stages they acted in (for the summary table)."""
    seen: dict[str, list[str]] = {}
    for section in sections:
        for act in section.acts:
            if act.who and section.title not in seen.setdefault(act.who, []):
                seen[act.who].append(section.title)
    return list(seen.items())


_FIELD_LABELS = {
    f.name: str(f.verbose_name) for f in Decision._meta.get_fields() if hasattr(f, "verbose_name")
}


def _field_label(name: str) -> str:
    return _FIELD_LABELS.get(name, name)
