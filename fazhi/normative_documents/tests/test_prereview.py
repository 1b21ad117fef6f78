"""合法性审核辅助: rules per category, lawful near misses, offsets, the labelled-set evaluation,
政出多门 conflicts, and the `fazhi normdocs prereview` command."""

from __future__ import annotations

import io
import json
import re

import opencc
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core.textio import read_text
from fazhi.normative_documents import prereview
from fazhi.normative_documents.prereview import conflicts, evaluate, prereview_text

S2T = opencc.OpenCC("s2t")

TYPICAL = {
    "power": ("区市场监管局有权随时进入企业生产经营场所查阅财务账簿。", "二（六）"),
    "licence": (
        "在本区开展户外促销活动的，须经街道办事处批准。",
        "行政许可法》（2019年修正）第十七条",
    ),
    "penalty": (
        "违反本办法规定的，处五百元以上一千元以下罚款。",
        "行政处罚法》（2021年修订）第十六条",
    ),
    "coercion": ("对占道经营的物品，执法人员可以当场扣押。", "行政强制法》（2011年）第十条"),
    "fee": ("办理登记的，应当缴纳工本费五十元。", "优化营商环境条例》（2019年）第二十五条"),
    "certificate": ("申请补贴的，应当提交无犯罪记录证明。", "第四十四条"),
    "obligation": ("拖欠物业费的业主，其子女不予办理入学手续。", "二（六）"),
    "competition": (
        "政府投资项目应当优先采购本地企业生产的产品。",
        "公平竞争审查条例》（2024年）第九条",
    ),
    "minutes": ("对违法建设的认定，以区政府专题会议纪要为依据。", "115号）二（三）"),
}

LAWFUL = (
    "违反本办法规定的，由有关部门依照《中华人民共和国大气污染防治法》的规定予以处罚。",
    "行政机关实施行政许可，不得收取任何费用。",
    "各部门不得要求申请人提供无犯罪记录证明等法律、法规未规定的证明材料。",
    "本办法经区政府第十五次常务会议审议通过，自发布之日起施行。",
    "鼓励企业自愿加入行业协会，任何单位不得强制企业入会。",
    "当事人逾期不履行行政处罚决定的，行政机关可以依法申请人民法院强制执行。",
    "对外地企业和本地企业一视同仁，不得设置歧视性条件。",
    "从事食品经营活动，应当依法取得食品经营许可。",
    "各级行政机关不得将会议纪要作为对外管理的依据。",
    "申请人可以通过告知承诺方式代替提交证明材料。",
)


def document(clause: str) -> str:
    return (
        f"第一条　为了规范管理，制定本办法。\n第二条　{clause}\n第三条　本办法自发布之日起施行。\n"
    )


@pytest.mark.parametrize("script", ["s", "t"])
@pytest.mark.parametrize("category", sorted(TYPICAL))
def test_each_category_flags_a_typical_clause(category, script):
    clause, article = TYPICAL[category]
    if script == "t":
        clause = S2T.convert(clause)
        assert clause != TYPICAL[category][0]
    text = document(clause)
    flags = [flag for flag in prereview_text(text) if flag.category == category]
    assert len(flags) == 1
    flag = flags[0]
    assert text[flag.start : flag.end] == flag.clause
    assert flag.clause.endswith(clause)
    assert article in flag.basis
    assert flag.reason and flag.where == "第二条"


@pytest.mark.parametrize("clause", LAWFUL)
def test_lawful_near_misses_are_not_flagged(clause):
    assert prereview_text(document(clause)) == []
    assert prereview_text(S2T.convert(document(clause))) == []


def test_half_width_punctuation():
    text = "一、总则\n(一)违反本办法规定的,处五百元罚款;(二)对占道经营的物品,可以当场扣押."
    flags = prereview_text(text)
    assert [flag.category for flag in flags] == ["penalty", "coercion"]
    for flag in flags:
        assert text[flag.start : flag.end] == flag.clause
    assert flags[0].clause == "(一)违反本办法规定的,处五百元罚款;"


def test_full_width_digits_and_items_after_a_colon():
    text = "第五条　有下列情形之一的：（一）处５００元罚款；（二）没收其工具。"
    flags = prereview_text(text)
    assert [f.clause for f in flags] == ["（一）处５００元罚款；", "（二）没收其工具。"]
    assert all(text[f.start : f.end] == f.clause for f in flags)


def test_flags_come_in_text_order_with_dict_and_description():
    text = document(TYPICAL["fee"][0]) + document(TYPICAL["penalty"][0])
    flags = prereview_text(text)
    assert [flag.start for flag in flags] == sorted(flag.start for flag in flags)
    assert set(flags[0].as_dict()) == {"category", "clause", "start", "end", "reason", "basis"}
    line = flags[0].describe()
    assert line.startswith("第二条（") and "[收费]" in line and "依据：" in line


def test_empty_text_gives_no_flags():
    assert prereview_text("") == []
    assert prereview_text(" \n\n　") == []


def test_very_long_text_without_markers():
    text = "本区加强日常管理工作并做好服务保障" * 60_000 + "对违规者处五百元罚款"
    flags = prereview_text(text)
    assert len(flags) == 1 and flags[0].category == "penalty"
    assert (flags[0].start, flags[0].end) == (0, len(text))


def test_clause_by_clause_when_t2s_changes_the_length(monkeypatch):
    text = document(TYPICAL["coercion"][0])
    expected = prereview_text(text)
    real = prereview.normalize
    monkeypatch.setattr(prereview, "normalize", lambda s: real(s) + "·" if s == text else real(s))
    assert prereview_text(text) == expected


def test_every_rule_match_contains_one_of_its_anchor_words():
    # The whole-text scan looks only for anchor words; a rule whose action can match without
    # one would silently never fire.
    for record in prereview._load(prereview.DEFAULT_DATA):
        clause = prereview.normalize(record["text"])
        for rule in prereview.RULES:
            if re.search(prereview._expand(rule.action), clause):
                assert re.search(rule.anchor, clause), (rule.action, clause)


def test_evaluation_on_the_labelled_set_meets_the_targets():
    report = evaluate()
    assert report.clauses >= 300
    assert report.overall.precision >= 0.85, report.table()
    assert report.overall.recall >= 0.80, report.table()
    table = report.table()
    assert "总体" in table and "holdout" in table


def test_labelled_set_covers_every_category_and_both_scripts():
    records = list(prereview._load(prereview.DEFAULT_DATA))
    for category in prereview.CATEGORIES:
        assert sum(category in r["categories"] for r in records) >= 25, category
    assert sum(not r["categories"] for r in records) >= 120
    assert sum(r["script"] == "t" for r in records) * 4 >= len(records)
    assert len({r["id"] for r in records}) == len(records)


IN_FORCE = (
    "第八条　申请人应当自收到补正通知之日起三十日内提交补正材料。\n"
    "第九条　区财政局负责专项资金的预算安排。\n"
)


def test_conflicts_finds_a_different_period():
    draft = (
        "第三条　申请人应当自收到补正通知之日起十五日内提交補正材料。\n"
        "第四条　本办法由区商务局负责解释。"
    )
    found = conflicts(draft, [("doc-7", "关于专项资金管理的办法", IN_FORCE)])
    assert len(found) == 1
    conflict = found[0]
    assert draft[conflict.start : conflict.end] == conflict.clause
    assert conflict.other_key == "doc-7" and "三十日" in conflict.other_clause
    assert "15日" in conflict.reason and "30日" in conflict.reason


def test_conflicts_finds_opposite_modality_and_ignores_unrelated_clauses():
    others = [("a", "甲办法", "第五条　经营者可以在门前区域设置临时促销摊位。")]
    draft = (
        "第二条　经营者不得在门前区域设置临时促销摊位。\n第三条　区财政局负责专项资金的预算安排。"
    )
    found = conflicts(draft, others)
    assert [c.other_key for c in found] == ["a"]
    assert "相反" in found[0].reason
    assert conflicts("第三条　本办法由区商务局负责解释。", [("x", "乙", IN_FORCE)]) == []
    assert conflicts(draft, []) == []


def run_command(*args: str) -> str:
    buf = io.StringIO()
    call_command("normdocs", *args, stdout=buf)
    return buf.getvalue()


def test_command_on_a_txt_file(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_bytes(document(TYPICAL["penalty"][0]).replace("\n", "\r\n").encode("gb18030"))
    data = json.loads(run_command("prereview", str(path), "--json"))
    text = read_text(path)
    assert [flag["category"] for flag in data["flags"]] == ["penalty"]
    for flag in data["flags"]:
        assert text[flag["start"] : flag["end"]] == flag["clause"]
    assert "[处罚]" in run_command("prereview", str(path))


def test_command_on_a_docx_file(tmp_path):
    from docx import Document

    word = Document()
    word.add_paragraph("关于加强市容管理的通知")
    word.add_paragraph("一、" + TYPICAL["licence"][0])
    table = word.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "收费"
    table.cell(0, 1).text = TYPICAL["fee"][0]
    path = tmp_path / "draft.docx"
    word.save(path)
    data = json.loads(run_command("prereview", str(path), "--json"))
    text = read_text(path)
    assert {flag["category"] for flag in data["flags"]} == {"licence", "fee"}
    for flag in data["flags"]:
        assert text[flag["start"] : flag["end"]] == flag["clause"]


def test_command_rejects_an_unsupported_file(tmp_path):
    path = tmp_path / "draft.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match="格式不受支持"):
        run_command("prereview", str(path))


def test_command_prints_the_evaluation():
    assert "总体" in run_command("prereview-eval")
