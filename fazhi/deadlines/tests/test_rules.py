"""The period rules: every required id exists and says what its article says."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from fazhi.deadlines.calendar import StatutoryCalendar
from fazhi.deadlines.compute import compute
from fazhi.deadlines.rules import (
    RULES,
    DayType,
    PeriodKind,
    Rule,
    UnknownRuleError,
    effective_length,
    get_rule,
)

N, W, M, H = DayType.NATURAL, DayType.WORKING, DayType.MONTH, DayType.HOUR
WITHIN, NOT_LESS, BEFORE = PeriodKind.WITHIN, PeriodKind.NOT_LESS_THAN, PeriodKind.BEFORE

FUYI = "中华人民共和国行政复议法"
CHUFA = "中华人民共和国行政处罚法"
XUKE = "中华人民共和国行政许可法"
QIANGZHI = "中华人民共和国行政强制法"
SUSONG = "中华人民共和国行政诉讼法"
GONGKAI = "中华人民共和国政府信息公开条例"
JUECE = "重大行政决策程序暂行条例"
XINFANG = "信访工作条例"
GUOBAN_118 = (
    "国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见"
)
GUOBAN_115 = "国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见"

# (id, law, article, length, day type, kind, max extension, verified).
# Each row quotes the words of the article (shared/laws/) that fix the figures; the day type of
# 复议法 periods follows 第八十八条第二款 ("三日""五日""七日""十日"…是指工作日), of 处罚法 periods
# 第八十五条 ("二日""三日""五日""七日"…是指工作日), of 许可法 periods 第八十二条.
# fmt: off
EXPECTED = [
    # 第二十条第一款 "自知道或者应当知道该行政行为之日起六十日内提出行政复议申请"
    ("reconsideration.application", FUYI, "第二十条第一款", 60, N, WITHIN, None, True),
    # 第三十条第一款 "行政复议机关收到行政复议申请后，应当在五日内进行审查"
    ("reconsideration.acceptance_review", FUYI, "第三十条第一款", 5, W, WITHIN, None, True),
    # 第三十一条第一款 "应当自收到申请之日起五日内书面通知申请人补正"
    ("reconsideration.supplement_notice", FUYI, "第三十一条第一款", 5, W, WITHIN, None, True),
    # 第三十一条第二款 "申请人应当自收到补正通知之日起十日内提交补正材料"
    ("reconsideration.supplement_by_applicant", FUYI,
     "第三十一条第二款", 10, W, WITHIN, None, True),
    # 第四十八条 "应当自行政复议申请受理之日起七日内，将行政复议申请书副本…发送被申请人"
    ("reconsideration.copy_to_respondent", FUYI, "第四十八条", 7, W, WITHIN, None, True),
    # 第五十四条第一款 "应当自受理行政复议申请之日起三日内，将行政复议申请书副本…发送被申请人"
    ("reconsideration.copy_to_respondent_simplified", FUYI,
     "第五十四条第一款", 3, W, WITHIN, None, True),
    # 第四十八条 "被申请人应当自收到行政复议申请书副本…之日起十日内，提出书面答复"
    ("reconsideration.respondent_reply", FUYI, "第四十八条", 10, W, WITHIN, None, True),
    # 第五十四条第一款 "被申请人应当自收到…之日起五日内，提出书面答复"
    ("reconsideration.respondent_reply_simplified", FUYI,
     "第五十四条第一款", 5, W, WITHIN, None, True),
    # 第五十一条第一款 "应当于举行听证的五日前将听证的时间、地点和拟听证事项书面通知当事人"
    ("reconsideration.hearing_notice", FUYI, "第五十一条第一款", 5, W, BEFORE, None, True),
    # 第六十二条第一款 "自受理申请之日起六十日内作出行政复议决定…延长期限最多不得超过三十日"
    ("reconsideration.decision", FUYI, "第六十二条第一款", 60, N, WITHIN, 30, True),
    # 第六十二条第二款 "适用简易程序…应当自受理申请之日起三十日内作出行政复议决定"
    ("reconsideration.decision_simplified", FUYI, "第六十二条第二款", 30, N, WITHIN, None, True),
    # 第七十六条 "应当自收到行政复议意见书之日起六十日内，将纠正…的情况报送行政复议机关"
    ("reconsideration.opinion_reply", FUYI, "第七十六条", 60, N, WITHIN, None, True),
    # 第六十条 "应当自行政处罚案件立案之日起九十日内作出行政处罚决定。法律、法规、规章另有规定的，
    # 从其规定" (so it has a setting, but the figure is verified)
    ("penalty.decision", CHUFA, "第六十条", 90, N, WITHIN, None, True),
    # 第六十四条第一项 "当事人要求听证的，应当在行政机关告知后五日内提出"
    ("penalty.hearing_request", CHUFA, "第六十四条第一项", 5, W, WITHIN, None, True),
    # 第六十四条第二项 "行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点"
    ("penalty.hearing_notice", CHUFA, "第六十四条第二项", 7, W, BEFORE, None, True),
    # 第六十七条第三款 "当事人应当自收到行政处罚决定书之日起十五日内…缴纳罚款" (15: calendar)
    ("penalty.fine_payment", CHUFA, "第六十七条第三款", 15, N, WITHIN, None, True),
    # 118号 二（六） "行政许可、行政处罚的执法决定信息要在执法决定作出之日起7个工作日内公开"
    ("penalty.disclosure", GUOBAN_118, "二（六）", 7, W, WITHIN, None, True),
    # 第四十八条第二款 "行政机关应当在三日内撤回行政处罚决定信息并公开说明理由"
    ("penalty.disclosure_withdrawal", CHUFA, "第四十八条第二款", 3, W, WITHIN, None, True),
    # 118号 二（六） "行政执法机关要在执法决定作出之日起20个工作日内，向社会公布…"
    ("enforcement.disclosure", GUOBAN_118, "二（六）", 20, W, WITHIN, None, True),
    # 37号（五）"期限一般不少于7个工作日": PERIODS.md UNVERIFIED (SEC only)
    ("normdoc.public_comment", "国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知",
     "（五）", 7, W, NOT_LESS, None, False),
    # 优化营商环境条例 第六十二条第二款 "向社会公开征求意见的期限一般不少于30日"
    ("normdoc.business_comment", "优化营商环境条例",
     "第六十二条第二款", 30, N, NOT_LESS, None, True),
    # 115号 二（五） "合法性审核时间一般不少于5个工作日，最长不超过15个工作日"
    ("normdoc.legality_review", GUOBAN_115, "二（五）", 15, W, WITHIN, None, True),
    # 北京备案审查条例 第十一条第一款 "规范性文件应当自公布之日起三十日内报送备案"
    ("normdoc.filing_congress", "北京市各级人民代表大会常务委员会规范性文件备案审查条例",
     "第十一条第一款", 30, N, WITHIN, None, True),
    # 第十五条第一款 "公开征求意见的期限一般不少于30日"
    ("decision.public_comment", JUECE, "第十五条第一款", 30, N, NOT_LESS, None, True),
    # 第二十六条第二款 "送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日"
    ("decision.legality_review", JUECE, "第二十六条第二款", 7, W, NOT_LESS, None, True),
    # 第十六条第三款 "听证会材料应当于召开听证会7日前送达听证参加人" (no 工作日 rule: calendar)
    ("decision.hearing_materials", JUECE, "第十六条第三款", 7, N, BEFORE, None, True),
    # 第三十三条第二款 "应当自收到申请之日起20个工作日内予以答复…延长的期限最长不得超过20个工作日"
    ("disclosure.reply", GONGKAI, "第三十三条第二款", 20, W, WITHIN, 20, True),
    # 第三十条 "自收到申请之日起7个工作日内一次性告知申请人作出补正"
    ("disclosure.supplement_notice", GONGKAI, "第三十条", 7, W, WITHIN, None, True),
    # 第三十二条 "第三方应当自收到征求意见书之日起15个工作日内提出意见"
    ("disclosure.third_party", GONGKAI, "第三十二条", 15, W, WITHIN, None, True),
    # 第二十六条 "应当自该政府信息形成或者变更之日起20个工作日内及时公开"
    ("disclosure.proactive", GONGKAI, "第二十六条", 20, W, WITHIN, None, True),
    # 第二十三条第二款 "应当自收到信访事项之日起15日内书面告知信访人"
    ("petition.notice", XINFANG, "第二十三条第二款", 15, N, WITHIN, None, True),
    # 第三十四条 "应当自受理之日起60日内办结…延长期限不得超过30日"
    ("petition.conclusion", XINFANG, "第三十四条", 60, N, WITHIN, 30, True),
    # 行政诉讼法 第六十七条第一款 "被告应当在收到起诉状副本之日起十五日内…提出答辩状"
    ("litigation.answer", SUSONG, "第六十七条第一款", 15, N, WITHIN, None, True),
    # 行政诉讼法 第八十五条 "有权在判决书送达之日起十五日内向上一级人民法院提起上诉"
    ("litigation.appeal", SUSONG, "第八十五条", 15, N, WITHIN, None, True),
    # 代表法 第五十一条第二款 "自交办之日起三个月内答复…应当自交办之日起六个月内答复"
    ("suggestion.reply", "中华人民共和国全国人民代表大会和地方各级人民代表大会代表法",
     "第五十一条第二款", 3, M, WITHIN, 3, True),
    # 行政许可法 第四十二条第一款 "自受理行政许可申请之日起二十日内…可以延长十日"
    ("licence.decision", XUKE, "第四十二条第一款", 20, W, WITHIN, 10, True),
    # 行政许可法 第四十八条第一款第一项 "于举行听证的七日前将举行听证的时间、地点通知…"
    ("licence.hearing_notice", XUKE, "第四十八条第一款第一项", 7, W, BEFORE, None, True),
    # 行政强制法 第五十四条 "催告书送达十日后当事人仍未履行义务的…可以…申请强制执行"
    ("enforcement.demand_wait", QIANGZHI, "第五十四条", 10, W, NOT_LESS, None, True),
]

REQUIRED_IDS = [
    "reconsideration.application", "reconsideration.acceptance_review",
    "reconsideration.supplement_notice", "reconsideration.supplement_by_applicant",
    "reconsideration.copy_to_respondent", "reconsideration.copy_to_respondent_simplified",
    "reconsideration.respondent_reply", "reconsideration.respondent_reply_simplified",
    "reconsideration.hearing_notice", "reconsideration.decision",
    "reconsideration.decision_simplified", "reconsideration.opinion_reply", "penalty.decision",
    "penalty.hearing_request", "penalty.hearing_notice", "penalty.fine_payment",
    "penalty.disclosure", "penalty.disclosure_withdrawal", "enforcement.disclosure",
    "normdoc.public_comment", "normdoc.business_comment", "normdoc.legality_review",
    "normdoc.filing_congress", "decision.public_comment", "decision.legality_review",
    "decision.hearing_materials", "disclosure.reply", "disclosure.supplement_notice",
    "disclosure.third_party", "disclosure.proactive", "petition.notice", "petition.conclusion",
    "litigation.answer", "suggestion.reply",
]
# fmt: on

ARTICLE = re.compile(
    r"^(第[一二三四五六七八九十百零]+条(第[一二三四五六七八九十]+款)?(第[一二三四五六七八九十]+项)?"
    r"|[一二三四五六七八九十]+（[一二三四五六七八九十]+）|（[一二三四五六七八九十]+）)$"
)
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_every_required_rule_exists():
    assert set(REQUIRED_IDS) <= {row[0] for row in EXPECTED}  # each is checked below
    missing = [rule_id for rule_id in REQUIRED_IDS if rule_id not in RULES]
    assert not missing


@pytest.mark.parametrize(
    ("rule_id", "law", "article", "length", "day_type", "kind", "max_extension", "verified"),
    EXPECTED,
    ids=[row[0] for row in EXPECTED],
)
def test_rule_matches_its_article(
    rule_id, law, article, length, day_type, kind, max_extension, verified
):
    rule = get_rule(rule_id)
    assert (rule.law, rule.article, rule.length, rule.day_type, rule.kind) == (
        law,
        article,
        length,
        day_type,
        kind,
    )
    assert rule.max_extension == max_extension
    assert rule.verified is verified
    if max_extension is not None:
        assert rule.extension_basis


@pytest.mark.parametrize("rule", list(RULES.values()), ids=list(RULES))
def test_every_rule_is_fully_documented(rule: Rule):
    assert rule.id.count(".") == 1 and rule.id == rule.id.lower()
    for text in (rule.title, rule.law, rule.version, rule.explanation):
        assert text.strip() and CHINESE.search(text)
    if rule.day_type is DayType.DATE:  # a document's date: no article, no length
        assert rule.length == 0 and not rule.setting and rule.max_extension is None
        assert "法律条文" in rule.explanation  # it says that no statute sets it
    else:
        assert ARTICLE.match(rule.article), rule.article
        assert rule.length >= 1
    assert rule.basis == f"《{rule.law}》（{rule.version}）{rule.article}"
    # The explanation says why the day type is what it is.
    assert any(word in rule.explanation for word in ("工作日", "自然日", "按月", "按年", "小时"))


def test_basis_is_the_citation_string():
    assert get_rule("reconsideration.acceptance_review").basis == (
        "《中华人民共和国行政复议法》（2023年修订）第三十条第一款"
    )


def test_roll_forward_defaults():
    # WITHIN and NOT_LESS_THAN calendar-day periods roll forward; BEFORE natural periods move
    # back (the same flag); working-day and hour periods never roll.
    assert get_rule("reconsideration.decision").roll_forward is True
    assert get_rule("suggestion.reply").roll_forward is True
    assert get_rule("decision.public_comment").roll_forward is True
    assert get_rule("decision.hearing_materials").roll_forward is True
    assert get_rule("disclosure.reply").roll_forward is False
    assert get_rule("hotline.urgent_feedback").roll_forward is False


def test_unknown_rule_is_a_key_error_with_a_chinese_message():
    with pytest.raises(KeyError) as excinfo:
        get_rule("reconsideration.nonexistent")
    assert isinstance(excinfo.value, UnknownRuleError)
    message = str(excinfo.value)
    assert "reconsideration.nonexistent" in message and "--list" in message
    assert CHINESE.search(message)


def test_a_rule_must_be_consistent():
    with pytest.raises(ValueError, match="必须指定可调整的设置项"):
        Rule("x.y", "测试", "法", "版本", "第一条", 5, W, WITHIN, "说明工作日", verified=False)
    with pytest.raises(ValueError, match="延长的依据"):
        Rule("x.y", "测试", "法", "版本", "第一条", 5, W, WITHIN, "说明", max_extension=5)
    with pytest.raises(ValueError, match="正整数"):
        Rule("x.y", "测试", "法", "版本", "第一条", 0, W, WITHIN, "说明")


UNVERIFIED = [rule for rule in RULES.values() if not rule.verified]
WITH_SETTING = [rule for rule in RULES.values() if rule.setting]


def test_unverified_rules_are_the_ones_periods_md_flags():
    assert {rule.id for rule in UNVERIFIED} >= {
        "normdoc.public_comment",  # UNVERIFIED / SEC
        "normdoc.filing_government",  # SEC
        "hotline.urgent_feedback",  # SEC draft
    }


@pytest.mark.parametrize("rule", UNVERIFIED, ids=[rule.id for rule in UNVERIFIED])
def test_every_unverified_rule_has_a_setting(rule: Rule):
    assert rule.setting and rule.setting.startswith("FAZHI_PERIOD_")


@pytest.mark.parametrize("rule", WITH_SETTING, ids=[rule.id for rule in WITH_SETTING])
def test_the_setting_overrides_the_length(rule: Rule, settings):
    assert effective_length(rule) == rule.length  # default: the documented value
    setattr(settings, rule.setting, rule.length + 3)
    assert effective_length(rule) == rule.length + 3


def test_settings_module_defaults_are_the_documented_values():
    from config.settings import deadlines as deadline_settings

    for rule in WITH_SETTING:
        assert getattr(deadline_settings, rule.setting) == rule.length, rule.setting


def test_an_overridden_length_is_used_and_explained(settings):
    settings.FAZHI_PERIOD_NORMDOC_PUBLIC_COMMENT_WORKDAYS = 10
    result = compute("normdoc.public_comment", date(2026, 3, 2), calendar=StatutoryCalendar())
    # 10 working days after Monday 2026-03-02: 03-03 … 03-06 (4), 03-09 … 03-13 (9), 03-16 (10).
    assert result.due == date(2026, 3, 16)
    assert any("FAZHI_PERIOD_NORMDOC_PUBLIC_COMMENT_WORKDAYS" in step for step in result.steps)


@pytest.mark.parametrize("value", [0, -1, "7", True])
def test_a_bad_setting_value_is_refused_by_name(settings, value):
    settings.FAZHI_PERIOD_PENALTY_DECISION_DAYS = value
    with pytest.raises(ImproperlyConfigured, match="FAZHI_PERIOD_PENALTY_DECISION_DAYS"):
        effective_length(get_rule("penalty.decision"))


def test_period_words():
    assert get_rule("reconsideration.decision").period == "60日"
    assert get_rule("disclosure.reply").period == "20个工作日"
    assert get_rule("suggestion.reply").period == "3个月"
    assert DayType.YEAR.describe(1) == "1年"
    assert get_rule("hotline.urgent_feedback").period == "2小时"
    assert [kind.label for kind in PeriodKind] == ["最长期限", "最短期限", "倒计期限"]
    assert [t.label for t in DayType] == ["日", "工作日", "月", "年", "小时", "日期由文件确定"]
    assert get_rule("plans.task_due").period == "文件确定的日期"
