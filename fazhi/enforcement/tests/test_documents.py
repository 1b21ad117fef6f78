"""The generated documents: the 行政处罚决定书 carries what 处罚法第五十九条 requires, the three
documents of 一案三书 come only from a decision not to punish under a list entry, and the layout
names the Chinese fonts for East Asian text (python-docx sets only the Latin ones by itself)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from fazhi.enforcement import documents, services
from fazhi.enforcement.models import Exemption

from .conftest import at

pytestmark = pytest.mark.django_db


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def decided(world, **propose):
    case = world.open(party_address="甲区某路1号")
    world.investigate(case)
    world.propose(case, **propose)
    world.notify(case, waived=True)
    with at(date(2026, 3, 6)):
        services.case_ready(actor=world.lead, case=case)
    return world.decide(case)


def test_decision_has_the_contents_of_article_59(world):
    case = decided(world, discretion_reasoning="经营时间不满三个月，按一般处罚裁量。")
    title, data = documents.render(case, "decision")
    assert title == "行政处罚决定书"
    text = "\n".join(paragraphs(data))
    # 当事人的姓名或者名称、地址
    assert "当事人：甲区某某餐饮有限公司" in text and "甲区某路1号" in text
    assert "统一社会信用代码：91110108MA01ABCD2X" in text
    # 违反法律、法规、规章的事实和证据
    assert "未取得卫生许可证擅自营业。" in text and "现场照片（照片，2026年3月3日取得" in text
    assert "2026年3月5日告知" in text and "明确放弃陈述、申辩" in text
    # 行政处罚的种类和依据（with the benchmark applied）
    assert "《公共场所卫生管理条例》第十四条第一款第四项" in text
    assert "一、罚款人民币5,000.00元" in text and "经营时间不满三个月" in text
    assert "裁量说明：经营时间不满三个月" in text
    # 行政处罚的履行方式和期限
    assert "自收到本决定书之日起十五日内" in text and "百分之三加处罚款" in text
    # 申请行政复议、提起行政诉讼的途径和期限
    assert "六十日内向甲区人民政府申请行政复议" in text and "六个月内" in text
    # 作出决定的行政机关名称和作出决定的日期
    assert text.rstrip().endswith("2026年3月9日")
    assert f"{world.body.unit.name}（印章）" in text and case.decision_number in text


def test_layout_names_the_chinese_fonts_and_official_margins(world):
    _, data = documents.render(decided(world), "decision")
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]  # GB/T 9704
    fonts = {
        run._element.rPr.rFonts.get(qn("w:eastAsia"))
        for paragraph in document.paragraphs
        for run in paragraph.runs
    }
    assert {"仿宋_GB2312", "方正小标宋简体", "黑体"} <= fonts
    assert "PAGE" in section.footer._element.xml


def test_one_case_three_documents(world):
    case = world.open()
    world.investigate(case)
    exemption = Exemption.objects.get(item=world.item)
    with at(date(2026, 3, 4)):
        services.case_propose(actor=world.lead, case=case, penalty_kinds=[], exemption=exemption)
    with pytest.raises(documents.NotAvailable, match="一案三书"):
        documents.render(case, "advice")
    case = world.decide(case, outcome="no_penalty", decision_number="甲卫不罚〔2026〕1号")
    text = "\n".join(paragraphs(documents.render(case, "no_penalty")[1]))
    assert "不予行政处罚决定书" in text and "第三十三条第一款后段" in text
    assert "初次违法、危害后果轻微并及时改正" in text and "甲区卫健委首违不罚清单（2025）" in text
    assert "第三十三条第三款" in text and "六十日内" in text
    advice = "\n".join(paragraphs(documents.render(case, "advice")[1]))
    assert advice.count("甲区某某餐饮有限公司") >= 1 and "甲卫不罚〔2026〕1号" in advice
    assert "建议" in advice
    pledge = "\n".join(paragraphs(documents.render(case, "pledge")[1]))
    assert "承诺人：甲区某某餐饮有限公司" in pledge and "信用记录" in pledge
    with pytest.raises(documents.NotAvailable, match="尚未作出行政处罚决定"):
        documents.render(case, "decision")


def test_a_natural_persons_decision(world):
    case = world.open(party_kind="person", party_name="张三", party_code="110101199001011234")
    world.investigate(case)
    world.propose(case)
    world.notify(case, waived=True)
    with at(date(2026, 3, 6)):
        services.case_ready(actor=world.lead, case=case)
    case = world.decide(case)
    text = "\n".join(paragraphs(documents.render(case, "decision")[1]))
    assert "当事人：张三" in text and "身份证件号码：110101199001011234" in text
    assert "你的上述行为" in text and "你单位" not in text
