"""The services around the procedure: the catalog, public comment, hearings, the expert pool,
risk assessment, execution, evaluation and files — each refusal with its reason and nothing
saved half-way."""

from __future__ import annotations

import inspect
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from fazhi.core.models import TodoItem
from fazhi.ledger.models import LedgerEntry
from fazhi.major_decisions import selectors, services
from fazhi.major_decisions.models import (
    Attachment,
    Catalog,
    CatalogItem,
    Category,
    Comment,
    CommentPeriod,
    Expert,
    ExpertOpinion,
    Hearing,
)

from .conftest import at


def message(excinfo) -> str:
    return str(excinfo.value)


# ---- the catalog (第三条第三款) --------------------------------------------------------------


def _catalog(world, year=2026) -> Catalog:
    return services.catalog_create(actor=world.clerk, unit=world.east.district, year=year)


def _propose(world, catalog, title="老旧小区综合整治三年计划") -> CatalogItem:
    return services.item_propose(
        actor=world.drafter,
        catalog=catalog,
        proposed_by=world.east.dept_a,
        title=title,
        category=Category.PLAN,
        reason="涉及群众切身利益，投资大。",
        lead_unit=world.east.dept_a,
        planned="2026年第三季度",
    )


def test_a_catalog_is_drawn_up_agreed_by_the_party_committee_and_published(world):
    with at(date(2026, 1, 10)):
        catalog = _catalog(world)
        kept, dropped = _propose(world, catalog), _propose(world, catalog, "另一个事项")
        step = {"actor": world.clerk, "unit": world.east.district, "catalog": catalog}
        with pytest.raises(Exception) as excinfo:
            services.catalog_step(step_code="submit", **step)
        assert "目录中还没有列入任何决策事项" in message(excinfo)
        services.item_decide(actor=world.clerk, item=kept, include=True)
        with pytest.raises(ValidationError):
            services.item_decide(actor=world.clerk, item=dropped, include=False)  # no reason
        services.item_decide(actor=world.clerk, item=dropped, include=False, reason="属部门职责")
        services.catalog_step(step_code="submit", **step)
        with pytest.raises(Exception) as excinfo:
            services.catalog_step(step_code="agree", data={"agreed_on": date(2026, 1, 10)}, **step)
        assert "党委同意的文件或会议" in message(excinfo)
        assert "第三条第三款" in message(excinfo)
        services.catalog_step(
            step_code="agree",
            data={"agreed_on": date(2026, 1, 10), "party_agreement": "区委常委会2026年第2次会议"},
            **step,
        )
        services.catalog_step(step_code="publish", data={"published_on": date(2026, 1, 10)}, **step)
    catalog.refresh_from_db()
    assert (catalog.state, catalog.party_agreed_on) == ("published", date(2026, 1, 10))
    assert list(selectors.public_catalogs()) == [catalog]
    kept.refresh_from_db()
    assert kept.position == 1


def test_a_published_catalog_changes_only_by_a_recorded_adjustment(world):
    with at(date(2026, 1, 10)):
        catalog = _catalog(world)
        item = _propose(world, catalog)
        services.item_decide(actor=world.clerk, item=item, include=True)
        step = {"actor": world.clerk, "unit": world.east.district, "catalog": catalog}
        services.catalog_step(step_code="submit", **step)
        services.catalog_step(
            step_code="agree",
            data={"agreed_on": date(2026, 1, 10), "party_agreement": "区委常委会"},
            **step,
        )
        services.catalog_step(step_code="publish", data={"published_on": date(2026, 1, 10)}, **step)
    with at(date(2026, 6, 1)):
        late = _propose(world, catalog, "年中新增事项")
        with pytest.raises(ValidationError):
            services.item_decide(actor=world.clerk, item=late, include=True)
        with pytest.raises(ValidationError) as excinfo:
            services.catalog_adjust(
                actor=world.clerk, catalog=catalog, reason="", published_on=date(2026, 6, 1)
            )
        assert "调整理由" in message(excinfo)
        adjustment = services.catalog_adjust(
            actor=world.clerk,
            catalog=catalog,
            reason="根据区委部署增列",
            published_on=date(2026, 6, 1),
            add=[late.pk],
            remove=[item.pk],
        )
    late.refresh_from_db()
    item.refresh_from_db()
    assert (late.state, late.added_by, late.position) == ("included", adjustment, 2)
    assert (item.state, item.removed_by) == ("removed", adjustment)


def test_a_decision_from_the_catalog(world):
    with at(date(2026, 1, 10)):
        catalog = _catalog(world)
        item = _propose(world, catalog)
        with pytest.raises(ValidationError):  # not yet published
            world.start(catalog_item=item, outside_catalog_reason="")
        services.item_decide(actor=world.clerk, item=item, include=True)
        step = {"actor": world.clerk, "unit": world.east.district, "catalog": catalog}
        services.catalog_step(step_code="submit", **step)
        services.catalog_step(
            step_code="agree",
            data={"agreed_on": date(2026, 1, 10), "party_agreement": "区委"},
            **step,
        )
        services.catalog_step(step_code="publish", data={"published_on": date(2026, 1, 10)}, **step)
        decision = world.start(
            catalog_item=item, outside_catalog_reason="", started_on=date(2026, 1, 10)
        )
        with pytest.raises(ValidationError) as excinfo:
            world.start(catalog_item=item, outside_catalog_reason="", started_on=date(2026, 1, 10))
    assert "已经启动" in message(excinfo)
    assert decision.catalog_item == item


def test_proposals_only_from_units_under_the_body(world):
    with at(date(2026, 1, 10)):
        catalog = _catalog(world)
        with pytest.raises(PermissionDenied):
            services.item_propose(
                actor=world.outsider,
                catalog=catalog,
                proposed_by=world.east.dept_a,
                title="x",
                category=Category.PLAN,
                reason="x",
                lead_unit=world.east.dept_a,
                planned="x",
            )
    assert not CatalogItem.objects.exists()


# ---- public comment (第十五、十八条) -----------------------------------------------------------


def _period(world, decision, opens=date(2026, 1, 6), closes=date(2026, 2, 10), **kw):
    with at(opens):
        return services.comment_period_open(
            actor=world.drafter, decision=decision, opens_on=opens, closes_on=closes, **kw
        )


def test_the_comment_period_is_at_least_30_days_unless_the_reason_is_stated(world):
    decision = world.start()
    world.fill(decision)
    with pytest.raises(ValidationError) as excinfo:
        _period(world, decision, closes=date(2026, 1, 20))
    assert "一般不少于30日" in message(excinfo) and "第十五条第一款" in message(excinfo)
    assert "2026年2月5日" in message(excinfo)  # 1月6日 + 30 days
    assert not CommentPeriod.objects.exists()
    period = _period(world, decision, closes=date(2026, 1, 20), shortened_reason="防汛工作紧急")
    assert period.shortened_reason == "防汛工作紧急"


def test_the_comment_period_needs_the_draft_and_its_explanation(world):
    decision = world.start()
    with pytest.raises(ValidationError) as excinfo:
        _period(world, decision)
    assert "决策草案及其说明" in message(excinfo)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", "请填写意见内容"), ("   ", "请填写意见内容"), ("长" * 3001, "不能超过3000字")],
)
def test_a_bad_comment_is_refused_and_nothing_saved(world, text, expected):
    decision = world.start()
    world.fill(decision)
    period = _period(world, decision)
    with at(date(2026, 1, 7)), pytest.raises(ValidationError) as excinfo:
        services.comment_submit(period=period, text=text, client="10.0.0.1")
    assert expected in message(excinfo)
    assert not Comment.objects.exists()


@override_settings(FAZHI_DECISION_COMMENTS_PER_HOUR=2)
def test_comments_are_rate_limited_per_client(world):
    decision = world.start()
    world.fill(decision)
    period = _period(world, decision)
    with at(date(2026, 1, 7)):
        for _ in range(2):
            services.comment_submit(period=period, text="意见", client="10.0.0.1")
        with pytest.raises(services.CommentRefused) as excinfo:
            services.comment_submit(period=period, text="意见", client="10.0.0.1")
        services.comment_submit(period=period, text="意见", client="10.0.0.2")
    assert "过于频繁" in message(excinfo)
    assert Comment.objects.count() == 3


def test_comments_only_in_the_period_and_replies_before_feedback(world):
    decision = world.start()
    world.fill(decision)
    period = _period(world, decision)
    with at(date(2026, 2, 11)), pytest.raises(services.CommentRefused) as excinfo:
        services.comment_submit(period=period, text="迟到的意见", client="10.0.0.1")
    assert "现在不能提交意见" in message(excinfo)
    with at(date(2026, 1, 7)):
        comment = services.comment_submit(
            period=period, text="意见", name="李四", contact="13800000000", client="10.0.0.1"
        )
        with pytest.raises(ValidationError) as excinfo:
            services.feedback_publish(actor=world.drafter, period=period, feedback="汇总")
        assert "期满后" in message(excinfo)
    with at(date(2026, 2, 11)):
        with pytest.raises(ValidationError) as excinfo:
            services.feedback_publish(actor=world.drafter, period=period, feedback="汇总")
        assert "尚有1条意见未答复" in message(excinfo)
        with pytest.raises(ValidationError) as excinfo:
            services.comment_reply(actor=world.drafter, comment=comment, reply="not_adopted")
        assert "理由" in message(excinfo)
        services.comment_reply(
            actor=world.drafter, comment=comment, reply="not_adopted", reason="超出本决策范围"
        )
        services.feedback_publish(actor=world.drafter, period=period, feedback="收到1条，未采纳。")
        with pytest.raises(ValidationError):
            services.comment_reply(actor=world.drafter, comment=comment, reply="adopted")
    period.refresh_from_db()
    assert list(selectors.public_comments(period)) == [comment]
    entries = " ".join(f"{e.changes}{e.note}" for e in LedgerEntry.objects.all())
    assert "李四" not in entries and "13800000000" not in entries


def test_staff_enter_comments_from_other_channels(world):
    decision = world.start()
    world.fill(decision)
    period = _period(world, decision)
    with at(date(2026, 1, 8)):
        with pytest.raises(PermissionDenied):
            services.comment_submit(period=period, text="座谈会意见", channel="meeting")
        services.comment_submit(
            period=period, text="座谈会意见", channel="meeting", actor=world.drafter
        )
        with pytest.raises(PermissionDenied):
            services.comment_submit(period=period, text="x", channel="letter", actor=world.outsider)
    assert Comment.objects.get().channel == "meeting"


# ---- hearings (第十六–十七条) ----------------------------------------------------------------


def _hearing(world, decision, held_on=date(2026, 2, 2)) -> Hearing:
    return services.hearing_announce(
        actor=world.drafter,
        decision=decision,
        held_on=held_on,
        time="9:30",
        place="区政府第一会议室",
        selection_method="自愿报名、随机抽取，利益相关各方均有代表。",
    )


def test_a_hearing_too_soon_for_the_seven_day_rule_is_refused(world):
    decision = world.start()
    world.fill(decision)
    with at(date(2026, 1, 26)), pytest.raises(ValidationError) as excinfo:
        _hearing(world, decision, held_on=date(2026, 2, 1))
    assert "7日前送达" in message(excinfo) and "第十六条第三款" in message(excinfo)
    assert not Hearing.objects.exists()


def test_a_hearing_is_held_after_the_list_and_the_materials(world):
    decision = world.start()
    world.fill(decision)
    with at(date(2026, 1, 12)):
        hearing = _hearing(world, decision, held_on=date(2026, 2, 2))
        services.hearing_participants_publish(
            actor=world.drafter,
            hearing=hearing,
            participants=[
                {"name": "居民代表甲", "side": "居民"},
                {"name": "企业代表乙", "side": "企业"},
            ],
        )
    with at(date(2026, 1, 28)), pytest.raises(ValidationError) as excinfo:
        services.hearing_materials_deliver(
            actor=world.drafter, hearing=hearing, delivered_on=date(2026, 1, 28)
        )
    assert "不足7日" in message(excinfo)
    with at(date(2026, 1, 20)):
        services.hearing_materials_deliver(
            actor=world.drafter, hearing=hearing, delivered_on=date(2026, 1, 20)
        )
    with at(date(2026, 2, 2)):
        with pytest.raises(ValidationError) as excinfo:
            services.hearing_hold(
                actor=world.drafter, hearing=hearing, record="记录", record_signed=False
            )
        assert "确认听证会记录并签字" in message(excinfo)
        services.hearing_hold(
            actor=world.drafter, hearing=hearing, record="听证记录全文", record_signed=True
        )
    hearing.refresh_from_db()
    assert hearing.state == "held"
    assert selectors.checklist(decision)[1] == ("听证会", [])


def test_a_cancelled_hearing_needs_a_reason_and_leaves_the_portal(world):
    decision = world.start()
    world.fill(decision)
    with at(date(2026, 1, 12)):
        hearing = _hearing(world, decision)
        assert list(selectors.public_hearings()) == [hearing]
        with pytest.raises(ValidationError):
            services.hearing_cancel(actor=world.drafter, hearing=hearing, reason=" ")
        services.hearing_cancel(actor=world.drafter, hearing=hearing, reason="场地调整")
        with pytest.raises(ValidationError) as excinfo:
            services.hearing_cancel(actor=world.drafter, hearing=hearing, reason="再次取消")
    assert "已取消" in message(excinfo)
    assert list(selectors.public_hearings()) == []


def test_a_hearing_without_the_published_list_cannot_be_held(world):
    decision = world.start()
    world.fill(decision)
    with at(date(2026, 1, 12)):
        hearing = _hearing(world, decision)
        services.hearing_materials_deliver(
            actor=world.drafter, hearing=hearing, delivered_on=date(2026, 1, 12)
        )
    with at(date(2026, 2, 2)), pytest.raises(ValidationError) as excinfo:
        services.hearing_hold(actor=world.drafter, hearing=hearing, record="x", record_signed=True)
    assert "名单未提前向社会公布" in message(excinfo)


# ---- the expert pool (第十九–二十一条) --------------------------------------------------------


def _pool(world) -> list[Expert]:
    return [
        services.expert_save(
            actor=world.reviewer,
            unit=world.east.legal_office,
            name=name,
            specialties=fields,
            affiliation="某大学",
        )
        for name, fields in (
            ("交通专家甲", "交通规划、城市管理"),
            ("交通专家乙", "交通规划"),
            ("法律专家丙", "行政法"),
        )
    ]


def test_a_conflicted_expert_is_never_chosen(world):
    decision = world.start()
    world.fill(decision)
    first, second, lawyer = _pool(world)
    services.conflict_declare(
        actor=world.reviewer, expert=first, description="其配偶在教育局任职", unit=world.east.dept_a
    )
    with at(date(2026, 1, 10)):
        review = services.expert_review_start(
            actor=world.drafter, decision=decision, method="meeting"
        )
        with pytest.raises(ValidationError) as excinfo:
            services.expert_select(actor=world.drafter, review=review, expert=first)
        assert "利害关系" in message(excinfo) and "第二十条" in message(excinfo)
        with pytest.raises(ValidationError) as excinfo:
            services.experts_draw(actor=world.drafter, review=review, specialty="交通规划", count=2)
        assert "只有1人" in message(excinfo)
        drawn = services.experts_draw(
            actor=world.drafter, review=review, specialty="交通规划", count=1
        )
    assert [o.expert for o in drawn] == [second]
    assert list(selectors.eligible_experts(decision)) == [second, lawyer]


def test_expert_opinions_are_signed_and_their_use_recorded(world):
    decision = world.start()
    world.fill(decision)
    _, second, _ = _pool(world)
    with at(date(2026, 1, 10)):
        review = services.expert_review_start(
            actor=world.drafter, decision=decision, method="written"
        )
        opinion = services.expert_select(actor=world.drafter, review=review, expert=second)
        with pytest.raises(ValidationError) as excinfo:
            services.expert_review_conclude(actor=world.drafter, review=review, adoption="采纳")
        assert "署名" in message(excinfo)
        with pytest.raises(ValidationError) as excinfo:
            services.expert_opinion_record(
                actor=world.drafter,
                opinion=opinion,
                text="可行",
                signed=False,
                submitted_on=date(2026, 1, 10),
            )
        assert "第十九条第二款" in message(excinfo)
        services.expert_opinion_record(
            actor=world.drafter,
            opinion=opinion,
            text="方案可行。",
            signed=True,
            submitted_on=date(2026, 1, 10),
        )
        services.expert_review_conclude(actor=world.drafter, review=review, adoption="已采纳。")
    assert selectors.checklist(decision)[2] == ("专家论证", [])


def test_only_the_legal_affairs_office_keeps_the_pool(world):
    with pytest.raises(PermissionDenied):
        services.expert_save(
            actor=world.drafter,
            unit=world.east.legal_office,
            name="x",
            specialties="x",
            affiliation="x",
        )
    assert not Expert.objects.exists()


def test_a_commissioned_review_names_its_institution(world):
    decision = world.start()
    with at(date(2026, 1, 10)), pytest.raises(ValidationError):
        services.expert_review_start(actor=world.drafter, decision=decision, method="commissioned")
    assert not ExpertOpinion.objects.exists()


# ---- risk assessment (第二十二–二十四条) -----------------------------------------------------


def test_a_risk_report_covers_its_dimensions(world):
    decision = world.start()
    base = {
        "actor": world.drafter,
        "decision": decision,
        "assessor": "第三方评估机构",
        "methods": "问卷调查",
        "level": "low",
        "controllable": True,
        "measures": "m",
        "contingency": "c",
        "departments_heard": "d",
        "reported_on": date(2026, 1, 10),
    }
    with at(date(2026, 1, 10)):
        for dims, expected in (
            ({}, "至少涵盖一个评估维度"),
            ({"weather": {"level": "low"}}, "未知的评估维度"),
            ({"social_stability": {"level": "extreme"}}, "请为“社会稳定”选择风险等级"),
        ):
            with pytest.raises(ValidationError) as excinfo:
                services.risk_assess(dimensions=dims, **base)
            assert expected in message(excinfo)
        services.risk_assess(dimensions={"public_safety": {"level": "low", "points": "无"}}, **base)
    assert decision.risk_assessments.count() == 1


# ---- execution and evaluation (第三十四–三十六条) -------------------------------------------


def test_overdue_tasks_and_problems_reach_the_workspace(world):
    decision = world.start()
    world.to_executing(decision)
    with at(date(2026, 3, 20)):
        task = services.task_create(
            actor=world.clerk,
            decision=decision,
            unit=world.east.dept_b,
            target="完成选址",
            due_on=date(2026, 5, 31),
            report_every_days=30,
        )
    with at(date(2026, 4, 25)):
        assert services.tasks_remind() == 1  # the monthly report is late
        assert services.tasks_remind() == 0  # once per due date
        services.task_report(
            actor=world.executor,
            task=task,
            progress="选址受阻",
            problem=True,
            problem_text="地块权属争议",
        )
    assert TodoItem.objects.filter(assignee=world.chief, module="major_decisions").exists()
    with at(date(2026, 6, 2)):
        assert services.tasks_remind() == 1  # the task itself is overdue
    with pytest.raises(PermissionDenied):
        services.task_report(actor=world.outsider, task=task, progress="x")


def test_the_evaluator_did_not_do_the_pre_decision_work(world):
    decision = world.start()
    world.fill(decision)
    world.waive_all(decision)
    with at(date(2026, 1, 10)):
        services.decision_update(actor=world.drafter, decision=decision, risk_waiver="")
        services.risk_assess(
            actor=world.drafter,
            decision=decision,
            assessor="某评估公司",
            methods="会商",
            dimensions={"economy": {"level": "low", "points": ""}},
            level="low",
            controllable=True,
            measures="m",
            contingency="c",
            departments_heard="d",
            reported_on=date(2026, 1, 10),
        )
    world.to_executing(decision)
    with at(date(2026, 9, 1)):
        for kwargs in ({"evaluator_unit": world.east.dept_a}, {"third_party": "某评估公司"}):
            with pytest.raises(ValidationError) as excinfo:
                services.evaluation_start(
                    actor=world.clerk,
                    decision=decision,
                    trigger="many_comments",
                    trigger_note="收到较多意见",
                    **kwargs,
                )
            assert "第三十六条第二款" in message(excinfo)
        evaluation = services.evaluation_start(
            actor=world.clerk,
            decision=decision,
            trigger="many_comments",
            trigger_note="收到较多意见",
            third_party="某大学公共管理学院",
        )
        evaluation = services.evaluation_record(
            actor=world.clerk,
            evaluation=evaluation,
            report="评估报告",
            conclusion="adjust",
            follow_up="启动调整程序",
        )
    assert evaluation.conclusion == "adjust"


# ---- files -----------------------------------------------------------------------------------


def test_an_unaccepted_file_is_refused_and_nothing_saved(world):
    decision = world.start()
    bad = SimpleUploadedFile("run.exe", b"MZ\x90\x00" + b"\x00" * 100)
    with at(date(2026, 1, 10)), pytest.raises(ValidationError) as excinfo:
        services.attachment_add(
            actor=world.drafter, decision=decision, kind="草案", title="草案", upload=bad
        )
    assert "未保存" in message(excinfo)
    assert not Attachment.objects.exists()
    good = SimpleUploadedFile("草案说明.txt", "起草说明全文".encode())
    with at(date(2026, 1, 10)):
        attachment = services.attachment_add(
            actor=world.drafter, decision=decision, kind="草案", title="草案说明", upload=good
        )
    entry = LedgerEntry.objects.filter(record_id=str(decision.pk)).order_by("-seq").first()
    assert entry.files == [attachment.stored_file.sha256]


# ---- every service records ---------------------------------------------------------------------


def test_every_public_service_is_exercised_here():
    """A new service must get a test above (and record in the ledger, as each does)."""
    names = {
        name
        for name, fn in inspect.getmembers(services, inspect.isfunction)
        if fn.__module__ == services.__name__ and not name.startswith("_")
    }
    tested = set()
    for path in ("test_services.py", "test_procedure.py"):
        source = inspect.getfile(test_every_public_service_is_exercised_here).rsplit("/", 1)[0]
        with open(f"{source}/{path}", encoding="utf-8") as handle:
            text = handle.read()
        tested |= {name for name in names if f"services.{name}(" in text}
    with open(inspect.getfile(at), encoding="utf-8") as handle:  # the world's helpers
        text = handle.read()
    tested |= {name for name in names if f"services.{name}(" in text}
    assert names - tested - {"is_conflicted"} == set()


def test_a_department_sees_the_catalog_being_drawn_up_above_it(world):
    with at(date(2026, 1, 10)):
        catalog = _catalog(world)
    assert selectors.catalogs_for(world.drafter).filter(pk=catalog.pk).exists()
    assert not selectors.catalogs_for(world.outsider).filter(pk=catalog.pk).exists()


def test_a_conflict_declared_late_disqualifies_the_opinion(world):
    decision = world.start()
    world.fill(decision)
    _, second, _ = _pool(world)
    with at(date(2026, 1, 10)):
        review = services.expert_review_start(
            actor=world.drafter, decision=decision, method="written"
        )
        opinion = services.expert_select(actor=world.drafter, review=review, expert=second)
        services.expert_opinion_record(
            actor=world.drafter,
            opinion=opinion,
            text="可行。",
            signed=True,
            submitted_on=date(2026, 1, 10),
        )
        services.expert_review_conclude(actor=world.drafter, review=review, adoption="采纳。")
        services.conflict_declare(
            actor=world.reviewer, expert=second, description="受聘于承办单位", decision=decision
        )
    assert "交通专家乙与决策事项有利害关系" in " ".join(selectors.checklist(decision)[2][1])
    with at(date(2026, 1, 11)):
        with pytest.raises(ValidationError):
            services.expert_review_cancel(actor=world.drafter, review=review, reason="")
        services.expert_review_cancel(actor=world.drafter, review=review, reason="专家有利害关系")
        with pytest.raises(ValidationError) as excinfo:
            services.expert_select(actor=world.drafter, review=review, expert=second)
    assert "已经撤销" in message(excinfo)
    assert selectors.checklist(decision)[2][1] == ["尚未组织专家论证（不组织的，须记录理由）"]


def test_another_districts_legal_office_cannot_touch_the_pool(world):
    from fazhi.core.models import Role, Unit
    from fazhi.core.tests.factories import PersonFactory

    expert = _pool(world)[0]
    west_office = Unit.objects.get(name="乙区司法局")
    with at(date(2026, 1, 5)):
        stranger = PersonFactory(unit=west_office, role=Role.LEGAL_REVIEWER, name="乙区审查人")
    with pytest.raises(PermissionDenied):
        services.expert_save(
            actor=stranger,
            unit=west_office,
            expert=expert,
            name="改名",
            specialties="x",
            affiliation="x",
        )
    with pytest.raises(PermissionDenied):
        services.conflict_declare(actor=stranger, expert=expert, description="x", unit=west_office)
    expert.refresh_from_db()
    assert expert.name == "交通专家甲" and not expert.conflicts.exists()


def test_no_comment_after_the_feedback_is_published(world):
    decision = world.start()
    world.fill(decision)
    period = world.comment_round(decision)
    with at(date(2026, 2, 20)), pytest.raises(services.CommentRefused) as excinfo:
        services.comment_submit(
            period=period, text="补录的信函意见", channel="letter", actor=world.drafter
        )
    assert "已经公布" in message(excinfo)
