"""The documents of a reconsideration case: each exists once the case has reached its point,
carries the parties' data it is served with, and cites the articles that govern it; the
decision tells of the right to sue within 15 days (行政诉讼法第四十五条); the layout names the
Chinese fonts for East Asian text (python-docx sets only the Latin ones by itself).

复议法 = 中华人民共和国行政复议法（2023年修订）."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from fazhi.reconsideration import documents, services
from fazhi.reconsideration.models import Hearing

from .conftest import APPLICANT_ID, at

pytestmark = pytest.mark.django_db


def paragraphs(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def rendered(case, kind: str, **kwargs) -> str:
    title, data = documents.render(case, kind, **kwargs)
    assert title == documents.KINDS[kind]
    return paragraphs(data)


def kinds(case, **kwargs) -> list[str]:
    return [d.kind for d in documents.available(case, **kwargs)]


def accepted(world, case=None):
    case = world.accept(case or world.register(), number="甲府复〔2026〕5号")
    with at(date(2026, 3, 4)):
        return services.copy_send(
            actor=world.clerk, case=case, sent_on=date(2026, 3, 4), received_on=date(2026, 3, 4)
        )


def decide(world, case, **extra):
    with at(date(2026, 3, 10)):
        services.reply_submit(actor=world.respondent, case=case, text="原处罚事实清楚。")
        services.activity_record(
            actor=world.clerk, case=case, kind="views", on=date(2026, 3, 10), summary="听取意见"
        )
    values = {
        "kind": "revoke",
        "text": "撤销甲卫罚〔2026〕7号行政处罚决定。",
        "reasons": "被申请人认定申请人无证经营的证据不足。",
        "approval": "head",
        "approver": "区政府王副区长",
    }
    values.update(extra)
    with at(date(2026, 3, 20)):
        return services.case_decide(actor=world.head, case=case, **values)


def test_nothing_before_acceptance_and_each_document_at_its_point(world):
    case = world.register()
    assert kinds(case) == []
    with pytest.raises(documents.NotAvailable, match="尚未受理"):
        documents.render(case, "acceptance")
    with pytest.raises(documents.NotAvailable, match="没有这种"):
        documents.render(case, "nonsense")
    case = accepted(world, case)
    assert kinds(case) == ["acceptance", "reply_notice"]
    assert kinds(case, respondent=True) == ["reply_notice"]
    case = decide(world, case)
    assert kinds(case) == ["acceptance", "reply_notice", "decision"]
    assert kinds(case, respondent=True) == ["reply_notice", "decision"]


def test_acceptance_notice_gives_the_decision_period_and_its_article(world):
    case = accepted(world)
    text = rendered(case, "acceptance")
    assert "甲区人民政府" in text and "甲府复〔2026〕5号" in text
    assert text.startswith("甲区人民政府\n行政复议受理通知书")
    assert "张三丰：" in text and case.receipt_number in text
    assert "第三十条第一款" in text and "2026年3月3日起受理" in text
    # 第六十二条第一款: 60 days from 3-3 → 5-2 in the 劳动节 holiday → 5-6.
    assert "六十日内作出行政复议决定（《中华人民共和国行政复议法》第六十二条第一款）" in text
    assert "2026年5月6日前" in text and "最多不得超过三十日" in text
    assert "第四十七条" in text and "第二十九条" in text


def test_supplement_notice_lists_every_item_and_the_ten_days(world):
    case = world.register()
    with at(date(2026, 3, 3)):
        case = services.supplement_request(
            actor=world.clerk,
            case=case,
            items="处罚决定书复印件\n申请人身份证明",
            served_on=date(2026, 3, 3),
        )
    assert kinds(case) == ["supplement"]
    text = rendered(case, "supplement")
    assert "一、处罚决定书复印件" in text and "二、申请人身份证明" in text
    assert "第三十一条第一款" in text and "十日内" in text and "第三十一条第二款" in text
    assert "2026年3月17日前" in text  # 10 working days from 3-3
    assert "视为放弃行政复议申请" in text


def test_refusal_gives_reasons_the_competent_body_and_the_way_to_court(world):
    case = world.register()
    with at(date(2026, 3, 4)):
        case = services.case_refuse(
            actor=world.clerk,
            case=case,
            reason="not_competent",
            text="被申请人为甲区人民政府，应向上一级人民政府申请。",
            competent_body="北京市人民政府",
        )
    text = rendered(case, "refusal")
    assert "申请人：张三丰" in text and f"公民身份号码：{APPLICANT_ID}" in text
    assert "被申请人：甲区卫健委" in text
    assert "第三十条第二款" in text and "本机关决定不予受理" in text
    assert "向北京市人民政府申请行政复议" in text
    assert "十五日内" in text and "第三十四条" in text
    assert text.rstrip().endswith("2026年3月4日")


def test_reply_notice_sends_the_copy_with_the_reply_period_and_article_70(world):
    case = accepted(world)
    text = rendered(case, "reply_notice")
    assert "\n甲区卫健委：\n" in text
    assert "第四十八条" in text and "十日内" in text
    assert "2026年3月4日签收，答复期限至2026年3月18日届满" in text
    assert "视为该行政行为没有证据、依据" in text and "第七十条" in text
    assert "第四十六条第一款" in text
    # The copy of the application, with the applicant's data it is served with.
    copy = text.split("附件：行政复议申请书副本")[1]
    # The copy for the respondent: the name and address, a masked number and no telephone.
    assert "张三丰" in copy and "甲区某街道1号" in copy
    assert APPLICANT_ID not in copy and "13800138000" not in copy
    assert "撤销甲卫罚〔2026〕7号行政处罚决定。" in copy and "认定事实不清，证据不足。" in copy


def test_reply_notice_under_the_simplified_procedure_cites_article_54(world):
    case = world.accept(world.register(amount="200"), simplified=True, number="甲府复〔2026〕6号")
    with at(date(2026, 3, 4)):
        case = services.copy_send(
            actor=world.clerk, case=case, sent_on=date(2026, 3, 4), received_on=date(2026, 3, 4)
        )
    text = rendered(case, "reply_notice")
    assert "第五十四条第一款" in text and "五日内" in text and "适用简易程序" in text


def test_hearing_notice_gives_time_place_issues_and_the_heads_duty(world):
    case = accepted(world)
    with at(date(2026, 3, 10)):
        hearing = services.hearing_schedule(
            actor=world.clerk,
            case=case,
            scheduled_on=date(2026, 3, 20),
            place="甲区司法局听证室",
            issues="处罚认定的事实是否清楚",
            notified_on=date(2026, 3, 10),
        )
    assert [d.sub for d in documents.available(case) if d.kind == "hearing"] == [hearing.pk]
    text = rendered(case, "hearing", sub=hearing.pk)
    assert "申请人张三丰、被申请人甲区卫健委：" in text
    assert "一、听证时间：2026年3月20日" in text and "二、听证地点：甲区司法局听证室" in text
    assert "三、拟听证事项：处罚认定的事实是否清楚" in text
    assert "第五十条" in text and "第五十一条第一款" in text and "第五十一条第三款" in text
    with pytest.raises(documents.NotAvailable):
        documents.render(case, "hearing", sub=hearing.pk + 1)
    assert Hearing.objects.count() == 1


def test_decision_states_the_case_the_article_and_the_right_to_sue_in_15_days(world):
    case = decide(world, accepted(world), perform_within_days=None)
    text = rendered(case, "decision")
    assert text.startswith("甲区人民政府\n行政复议决定书\n甲府复〔2026〕5号")
    assert "申请人：张三丰" in text and APPLICANT_ID in text and "甲区某街道1号" in text
    assert "被申请人：甲区卫健委" in text
    assert "2026年3月2日向本机关申请行政复议" in text and "2026年3月3日依法受理" in text
    assert "被申请人于2026年3月10日提出书面答复" in text and "原处罚事实清楚。" in text
    assert "申请人请求：撤销甲卫罚〔2026〕7号行政处罚决定。" in text
    assert "被申请人认定申请人无证经营的证据不足。" in text
    assert "根据《中华人民共和国行政复议法》第六十四条的规定，本机关决定如下：" in text
    assert "第七十五条第二款" in text
    assert "自收到本决定书之日起十五日内" in text
    assert "《中华人民共和国行政诉讼法》第四十五条" in text
    assert "甲区人民政府（行政复议专用章）" in text and text.rstrip().endswith("2026年3月20日")


def test_decision_to_perform_gives_the_period(world):
    case = decide(
        world,
        accepted(world),
        kind="perform",
        text="责令被申请人依法答复申请人。",
        perform_within_days=15,
    )
    text = rendered(case, "decision")
    assert "第六十六条" in text and "自收到本决定书之日起15日内履行" in text


def test_mediation_document_carries_the_agreement_and_article_73(world):
    case = accepted(world)
    with at(date(2026, 3, 12)):
        case = services.case_mediate(
            actor=world.clerk,
            case=case,
            agreement="被申请人将罚款数额变更为500元。\n申请人不再就此提出异议。",
            signed_on=date(2026, 3, 12),
        )
    assert "mediation" in kinds(case, respondent=True)
    text = rendered(case, "mediation")
    assert "被申请人将罚款数额变更为500元。" in text and "申请人不再就此提出异议。" in text
    assert "第七十三条第一款" in text and "即具有法律效力" in text
    assert "申请人（签字或者签章）：" in text


def test_layout_names_the_chinese_fonts_and_official_margins(world):
    _, data = documents.render(accepted(world), "acceptance")
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]  # GB/T 9704
    runs = [run for p in doc.paragraphs for run in p.runs]
    east_asian = {run._element.rPr.rFonts.get(qn("w:eastAsia")) for run in runs}
    assert {"方正小标宋简体", "仿宋_GB2312"} <= east_asian
    assert any('w:instr="PAGE"' in p._p.xml for p in section.footer.paragraphs)
