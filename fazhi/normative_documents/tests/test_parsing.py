"""`parsing`: metadata, clause structure and anomalies of normative documents, on the three
real samples in /work/shared/samples (skipped when absent) and on documents composed for the
tests in tests/data (Traditional and full-width, half-width, 联合发文, 章/条, Chinese-numeral
dates, 暂行 with 有效期5年) and built here (.docx, encodings, hard-wrapped text)."""

from __future__ import annotations

import io
import json
import time
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core.docparse import (
    chinese_number,
    normalize_doc_number,
    parse_date,
    parse_text,
    validate_doc_number,
    validity_end,
    working_copy,
)
from fazhi.core.textio import read_text

DATA = Path(__file__).parent / "data"
SAMPLES = Path("/work/shared/samples")
SAMPLE_001 = "001_f0d18a57f46c291c.txt"
SAMPLE_002 = "002_50e18810319d76e2.txt"
SAMPLE_004 = "004_cc94ab4884ef54dc.txt"
INJECTED = "365直播是什么_best365网页登录不上去_bet28365365体育在线"


def sample_text(name: str) -> str:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return read_text(path)


def fixture_text(name: str) -> str:
    return read_text(DATA / name)


def parsed(text: str) -> dict:
    return parse_text(text).as_dict()


def clause_by_number(result: dict, number: str, path: list[str] | None = None) -> dict:
    matches = [
        clause
        for clause in result["clauses"]
        if clause["number"] == number and (path is None or clause["path"] == path)
    ]
    assert len(matches) == 1, matches
    return matches[0]


def anomalies_of(result: dict, kind: str) -> list[dict]:
    return [anomaly for anomaly in result["anomalies"] if anomaly["kind"] == kind]


def assert_offsets_hold(text: str, result: dict) -> None:
    """Every clause starts at its marker as written, the marker reads as the clause's number,
    sub-clauses lie inside their parents, and anomaly text is the text at its offsets."""
    work = working_copy(text)
    spans: dict[tuple[str, ...], tuple[int, int]] = {}
    for clause in result["clauses"]:
        start, end = clause["start"], clause["end"]
        assert 0 <= start < end <= len(text)
        assert text[start:end].startswith(clause["label"])
        digits = clause["number"].strip("（）")
        assert digits in work[start : start + len(clause["label"])] or clause["number"].startswith(
            "第"
        )
        parent = tuple(clause["path"])
        if parent in spans:
            assert spans[parent][0] < start and end <= spans[parent][1]
        spans[(*parent, clause["number"])] = (start, end)
    for anomaly in result["anomalies"]:
        assert text[anomaly["start"] : anomaly["end"]] == anomaly["text"]


# ---------------------------------------------------------------------------------------------
# The real samples


def test_sample_001_has_no_header_and_carries_injected_gambling_text():
    text = sample_text(SAMPLE_001)
    result = parsed(text)
    assert result["title"] == ""
    assert result["issuers"] == []
    assert result["doc_number"] == ""
    assert result["written_on"] is None
    assert result["effective_on"] is None
    injected = anomalies_of(result, "injected")
    assert [anomaly["text"] for anomaly in injected] == [INJECTED, INJECTED]
    assert text[injected[0]["start"] - 1] == "《"
    assert "赌博" in injected[0]["message"]
    assert_offsets_hold(text, result)


def test_sample_001_clauses():
    result = parsed(sample_text(SAMPLE_001))
    numbers = [clause["number"] for clause in result["clauses"]]
    assert numbers.count("一") == 1 and "十" in numbers
    assert len(result["clauses"]) == 10 + 35
    last = clause_by_number(result, "（三十五）")
    assert last["path"] == ["十"]
    assert last["heading"] == "加强理论研究和宣传报道"
    assert clause_by_number(result, "（一）")["heading"] == "指导思想"
    assert clause_by_number(result, "（一）")["label"] == "(一)"


def test_sample_002_notice_wrapping_a_plan():
    text = sample_text(SAMPLE_002)
    result = parsed(text)
    assert result["title"] == (
        "北京市西城区人民政府 关于印发《西城区法治政府建设规划 (2021-2025年)》的通知"
    )
    assert result["wrapped_title"] == "西城区法治政府建设规划 (2021-2025年)"
    assert text[result["wrapped_start"] :].startswith("西城区法治政府建设规划")
    assert result["doc_number"] == "西政发〔2022〕4号"
    assert result["written_on"] == "2022-03-04"
    assert result["issuers"] == ["北京市西城区人民政府"]
    assert result["published_on"] is None
    assert result["effective_on"] is None
    assert result["validity"] == {"years": None, "until": None}


def test_sample_002_clauses_and_page_breaks():
    text = sample_text(SAMPLE_002)
    result = parsed(text)
    assert len(result["clauses"]) == 9 + 30
    assert clause_by_number(result, "（四）")["path"] == ["二"]
    assert clause_by_number(result, "（三十）")["path"] == ["九"]
    assert clause_by_number(result, "（一）")["heading"] == "指导思想"
    last = clause_by_number(result, "（三十）")
    assert text[: last["end"]].endswith("加大法治政府建设成就宣传力度。")  # before 抄送
    assert_offsets_hold(text, result)

    assert anomalies_of(result, "injected") == []
    broken = anomalies_of(result, "broken_sentence")
    assert len(broken) >= 15
    assert all("\n" in anomaly["text"] for anomaly in broken)
    assert any(
        anomaly["text"].startswith("要性") or "的必\n" in anomaly["text"] for anomaly in broken
    )
    doubled = anomalies_of(result, "doubled_text")
    assert [anomaly["text"] for anomaly in doubled] == ["域"]
    assert text[doubled[0]["start"] - 3 : doubled[0]["end"]] == "域\n\n域"


def test_sample_004_metadata_header():
    text = sample_text(SAMPLE_004)
    result = parsed(text)
    assert result["title"] == "密云县人民政府关于印发加强法治政府建设实施意见的通知"
    assert result["wrapped_title"] == "密云县人民政府关于加强法治政府建设的实施意见"
    assert result["doc_number"] == "密政发〔2011〕38号"
    assert result["written_on"] == "2011-11-22"
    assert result["published_on"] == "2011-11-22"
    # The header names the body by its present name (密云 became a district in 2015).
    assert result["issuers"] == ["北京市密云区人民政府"]
    assert result["effective_on"] is None


def test_sample_004_numbered_tasks_and_no_anomalies():
    text = sample_text(SAMPLE_004)
    result = parsed(text)
    items = [clause for clause in result["clauses"] if clause["kind"] == "item"]
    assert [clause["number"] for clause in items] == [str(n) for n in range(1, 30)]
    assert clause_by_number(result, "3")["path"] == ["二"]
    assert clause_by_number(result, "29")["path"] == ["九"]
    assert clause_by_number(result, "3")["heading"] == "健全并落实领导干部学法长效机制"
    # The header's "1. [主题分类]" lines are metadata, not items.
    assert all(clause["start"] > text.index("打印") for clause in result["clauses"])
    assert_offsets_hold(text, result)
    assert result["anomalies"] == []


def test_signature_date_in_chinese_numerals_agrees_with_the_header():
    text = sample_text(SAMPLE_004)
    without_header = "\n".join(line for line in text.split("\n") if "[成文日期]" not in line)
    assert parsed(without_header)["written_on"] == "2011-11-22"  # 二○一一年十一月二十二日


# ---------------------------------------------------------------------------------------------
# Composed documents


def test_traditional_script_with_full_width_punctuation():
    text = fixture_text("traditional_fullwidth.txt")
    result = parsed(text)
    assert result["title"] == (
        "臺山市人民政府關於印發《臺山市法治政府建設實施方案（２０２５—２０２７年）》的通知"
    )
    assert result["wrapped_title"] == "臺山市法治政府建設實施方案（２０２５—２０２７年）"
    assert result["issuers"] == ["臺山市人民政府"]
    assert result["doc_number"] == "臺府發〔2025〕12號"  # 【】 and full-width digits normalized
    assert result["written_on"] == "2025-06-18"
    assert result["effective_on"] == "2025-06-18"  # 自印發之日起施行, no 版记: the 成文日期
    assert clause_by_number(result, "（1）")["path"] == ["二", "（三）", "2"]
    assert clause_by_number(result, "（1）")["label"] == "（１）"
    assert clause_by_number(result, "1", ["二", "（四）"])["kind"] == "item"
    assert clause_by_number(result, "（三）")["heading"] == "健全依法決策機制"
    assert clause_by_number(result, "三")["path"] == []
    assert result["anomalies"] == []  # 責任單位 lines are not broken sentences
    assert_offsets_hold(text, result)


def test_half_width_punctuation_and_header_fields():
    text = fixture_text("halfwidth.txt")
    result = parsed(text)
    assert result["title"] == "北京市海淀区司法局关于规范行政执法公示工作的通知"
    assert result["wrapped_title"] == ""
    assert result["doc_number"] == "京海司发〔2026〕7号"
    assert result["written_on"] == "2026-03-04"
    assert result["published_on"] == "2026-03-10"
    assert result["effective_on"] == "2026-04-01"
    assert result["valid_until"] == "2028-03-31"
    assert result["validity"] == {"years": None, "until": "2028-03-31"}
    assert result["issuers"] == ["北京市海淀区司法局"]
    kinds = [(clause["number"], clause["kind"]) for clause in result["clauses"]]
    assert kinds[:6] == [
        ("一", "section"),
        ("（一）", "subsection"),
        ("1", "item"),
        ("2", "item"),
        ("（1）", "subitem"),
        ("（2）", "subitem"),
    ]
    assert clause_by_number(result, "（2）")["path"] == ["一", "（一）", "2"]
    assert clause_by_number(result, "（二）")["path"] == ["一"]
    assert result["anomalies"] == []
    assert_offsets_hold(text, result)


def test_joint_issuers_from_the_signature_block():
    text = fixture_text("joint.txt")
    result = parsed(text)
    assert result["issuers"] == ["北京市司法局", "北京市财政局"]
    assert result["doc_number"] == "京司发〔2026〕15号"
    assert result["wrapped_title"] == "北京市公共法律服务经费管理办法"
    assert result["written_on"] == "2026-02-28"
    assert result["effective_on"] == "2026-02-28"  # 自发布之日起, no 发布日期: the 成文日期
    assert [clause["number"] for clause in result["clauses"]] == ["一", "二", "三"]


def test_joint_issuers_on_separate_lines_and_from_the_title():
    signed = (
        "关于做好2026年普法工作的通知\n\n各区：\n\n请认真落实。\n\n"
        "北京市司法局\n\n北京市普法办公室\n\n2026年1月5日\n"
    )
    assert parsed(signed)["issuers"] == ["北京市司法局", "北京市普法办公室"]
    unsigned = "北京市司法局 北京市财政局关于做好经费保障工作的通知\n\n各区：\n\n请认真落实。\n"
    assert parsed(unsigned)["issuers"] == ["北京市司法局", "北京市财政局"]


def test_chapters_sections_and_articles():
    text = fixture_text("articles.txt")
    result = parsed(text)
    assert result["doc_number"] == "海政发〔2026〕3号"
    assert result["issuers"] == ["北京市海淀区人民政府"]
    assert result["written_on"] == "2026-03-04"
    assert result["effective_on"] == "2026-05-01"
    assert result["valid_until"] == "2028-12-31"
    chapter = clause_by_number(result, "第二章")
    assert (chapter["kind"], chapter["heading"]) == ("section", "制定程序")
    assert clause_by_number(result, "第一节")["kind"] == "subsection"
    assert clause_by_number(result, "第四条")["path"] == ["第二章", "第一节"]
    assert clause_by_number(result, "（二）")["path"] == ["第二章", "第一节", "第四条"]
    assert clause_by_number(result, "第二条")["heading"] == "适用范围"
    assert clause_by_number(result, "第一条")["heading"] == ""
    assert clause_by_number(result, "第六条")["path"] == ["第三章"]
    last = clause_by_number(result, "第六条")
    assert text[: last["end"]].endswith("2028年12月31日。")  # not the 版记 印发 line
    # The sentence of 第五条 runs over a page number.
    assert [anomaly["text"] for anomaly in anomalies_of(result, "page_break")] == ["— 2 —"]
    assert anomalies_of(result, "broken_sentence")[0]["text"].startswith("长不超过15个工")
    assert_offsets_hold(text, result)


def test_chinese_numeral_dates():
    result = parsed(fixture_text("chinese_dates.txt"))
    assert result["title"] == "北京市密云区人民政府关于进一步加强行政执法监督工作的意见"
    assert result["issuers"] == ["北京市密云区人民政府"]
    assert result["written_on"] == "2026-03-15"
    assert result["effective_on"] == "2026-04-01"
    assert result["doc_number"] == ""


def test_provisional_measures_valid_for_five_years():
    result = parsed(fixture_text("provisional.txt"))
    assert "暂行办法" in result["title"]
    assert result["wrapped_title"] == "朝阳区共享单车停放管理暂行办法"
    assert result["doc_number"] == "朝管委发〔2026〕21号"
    assert result["issuers"] == ["北京市朝阳区城市管理委员会"]
    assert result["effective_on"] == "2026-05-01"
    assert result["validity"] == {"years": 5, "until": "2031-04-30"}
    assert result["valid_until"] == "2031-04-30"
    assert [clause["kind"] for clause in result["clauses"]] == ["article"] * 3


def test_docx_built_with_python_docx(tmp_path):
    path = docx_document(tmp_path)
    text = read_text(path)
    result = parsed(text)
    assert result["title"] == "北京市海淀区人民政府关于加强行政规范性文件管理的通知"
    assert result["doc_number"] == "海政发〔2026〕9号"
    assert result["issuers"] == ["北京市海淀区人民政府"]
    assert result["written_on"] == "2026-03-20"
    assert result["effective_on"] == "2026-04-01"
    assert result["validity"] == {"years": 3, "until": "2029-03-31"}
    assert clause_by_number(result, "（一）")["path"] == ["一"]
    assert_offsets_hold(text, result)


def docx_document(folder: Path) -> Path:
    from docx import Document

    document = Document()
    for paragraph in (
        "北京市海淀区人民政府文件",
        "海政发[2026]9号",
        "北京市海淀区人民政府关于加强行政规范性文件管理的通知",
        "各街道办事处，区政府各委、办、局：",
        "一、严格制定程序",
        "（一）起草行政规范性文件，应当进行调查研究。",
        "（二）行政规范性文件应当经过合法性审核。",
        "二、本通知自2026年4月1日起施行，有效期为三年。",
        "北京市海淀区人民政府",
        "2026年3月20日",
    ):
        document.add_paragraph(paragraph)
    path = folder / "通知.docx"
    document.save(path)
    return path


# ---------------------------------------------------------------------------------------------
# Effective dates, validity, dates


@pytest.mark.parametrize(
    ("text", "effective", "until", "years"),
    [
        ("本办法自2026年5月1日起施行。", "2026-05-01", None, None),
        ("本办法自2026年5月1日起施行，有效期5年。", "2026-05-01", "2031-04-30", 5),
        ("本办法自2026年5月1日起施行，有效期为三年。", "2026-05-01", "2029-04-30", 3),
        ("本办法自2026年5月1日起施行，有效期至2028年12月31日。", "2026-05-01", "2028-12-31", None),
        ("本办法有效期自2026年1月1日至2027年12月31日。", "2026-01-01", "2027-12-31", None),
        ("本意见自二〇二六年四月一日起实施。", "2026-04-01", None, None),
        ("本规定自2026-05-01起施行。", "2026-05-01", None, None),
        ("《条例》自2020年1月1日起施行以来，成效明显。", None, None, None),
        ("有效期5年。", None, None, 5),
    ],
)
def test_effective_date_and_validity_phrases(text, effective, until, years):
    result = parsed(text)
    assert result["effective_on"] == effective
    assert result["validity"] == {"years": years, "until": until}
    assert result["valid_until"] == until


def test_effective_on_publication_or_printing():
    published = "发布日期：2026年3月10日\n成文日期：2026年3月4日\n\n本通知自发布之日起施行。\n"
    assert parsed(published)["effective_on"] == "2026-03-10"
    printed = (
        "关于规范执法的通知\n\n本通知自印发之日起施行。\n\n北京市司法局\n\n2026年3月4日\n\n"
        "北京市司法局办公室　　2026年3月6日印发\n"
    )
    result = parsed(printed)
    assert (result["written_on"], result["effective_on"]) == ("2026-03-04", "2026-03-06")


def test_the_last_effective_phrase_wins():
    text = (
        "本通知自印发之日起施行。\n\n北京市司法局\n\n2026年3月4日\n\n"
        "第九条　本办法自2026年6月1日起施行。\n"
    )
    assert parsed(text)["effective_on"] == "2026-06-01"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2026年3月4日", date(2026, 3, 4)),
        ("2026 年 3 月 4 日", date(2026, 3, 4)),
        ("２０２６年３月４日", date(2026, 3, 4)),
        ("2026-03-04", date(2026, 3, 4)),
        ("2026/3/4", date(2026, 3, 4)),
        ("2026.03.04", date(2026, 3, 4)),
        ("二〇二六年三月四日", date(2026, 3, 4)),
        ("二○一一年十一月二十二日", date(2011, 11, 22)),
        ("二零二六年十二月三十一日", date(2026, 12, 31)),
        ("二〇二六年十月十日", date(2026, 10, 10)),
        ("2026年2月30日", None),
        ("2026-13-01", None),
        ("2026年3月", None),
        ("三月四日", None),
        ("", None),
    ],
)
def test_parse_date_in_every_form(written, expected):
    assert parse_date(written) == expected


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("三", 3), ("十", 10), ("十一", 11), ("二十二", 22), ("三十五", 35), ("一百零二", 102)],
)
def test_chinese_numbers(numeral, value):
    assert chinese_number(numeral) == value


def test_validity_end_is_the_day_before_the_anniversary():
    assert validity_end(date(2026, 5, 1), 5) == date(2031, 4, 30)
    assert validity_end(date(2026, 1, 1), 2) == date(2027, 12, 31)
    assert validity_end(date(2024, 2, 29), 1) == date(2025, 2, 28)


# ---------------------------------------------------------------------------------------------
# 发文字号


@pytest.mark.parametrize(
    "number",
    ["海政发〔2026〕3号", "西政发〔2022〕4号", "京司发〔2026〕115号", "臺府發〔2025〕12號"],
)
def test_official_doc_numbers_pass(number):
    assert validate_doc_number(number) is None


@pytest.mark.parametrize(
    ("number", "complaint"),
    [
        ("海政发〔26〕3号", "四位"),
        ("海政发〔2026〕第3号", "第"),
        ("海政发〔2026〕03号", "前导"),
        ("海政发(2026)3号", "六角括号"),
        ("海政发[2026]3号", "六角括号"),
        ("海政发【2026】3号", "六角括号"),
        ("〔2026〕3号", "机关代字"),
        ("海政发〔2026〕3", "形式"),
        ("海政发 〔2026〕3号", "空格"),
        ("", "为空"),
    ],
)
def test_bad_doc_numbers_are_explained(number, complaint):
    message = validate_doc_number(number)
    assert message is not None and complaint in message


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("海政发(2026)3号", "海政发〔2026〕3号"),
        ("海政发（2026）3号", "海政发〔2026〕3号"),
        ("海政发[2026]3号", "海政发〔2026〕3号"),
        ("海政发【２０２６】３号", "海政发〔2026〕3号"),
        ("海政发 ﹝2026﹞ 3号", "海政发〔2026〕3号"),
        ("海政发〔2026〕第03号", "海政发〔2026〕第03号"),  # kept, for validation to report
    ],
)
def test_normalize_doc_number_fixes_brackets_only(written, normalized):
    assert normalize_doc_number(written) == normalized


def test_normalized_brackets_then_validate():
    assert validate_doc_number(normalize_doc_number("海政发(2026)3号")) is None
    assert validate_doc_number(normalize_doc_number("海政发(26)3号")) is not None


def test_doc_number_cited_in_the_body_is_not_the_documents_own():
    text = (
        "关于贯彻落实的通知\n\n"
        "为贯彻落实《国务院关于加强法治政府建设的意见》(国发〔2010〕33号)，现通知如下。\n"
    )
    assert parsed(text)["doc_number"] == ""


# ---------------------------------------------------------------------------------------------
# Anomalies


def test_injected_lines_urls_and_words():
    text = (
        "关于加强体育彩票销售管理的通知\n\n"
        "（一）规范体育彩票销售网点。\n"
        "澳门博彩娱乐城 官方网址\n"
        "（二）推进政务服务在线办理，详见https://www.beijing.gov.cn/zhengce。\n"
        "（三）严格执法。更多精彩请访问 www.bet365-vip.com 立即开户\n"
        "棋牌游戏下载\n"
    )
    result = parsed(text)
    injected = [anomaly["text"] for anomaly in anomalies_of(result, "injected")]
    assert "澳门博彩娱乐城 官方网址" in injected
    assert "更多精彩请访问 www.bet365-vip.com 立即开户" in injected  # the whole clause
    assert "棋牌游戏下载" in injected
    assert not any("gov.cn" in found or "体育彩票" in found for found in injected)
    assert_offsets_hold(text, result)


def test_form_feeds_and_page_numbers_are_page_breaks():
    text = (
        "第一条　行政机关应当依法履行职责，不得\f\n超越法定权限。\n\n- 3 -\n\n"
        "第二条　本办法自公布之日起施行。\n"
    )
    result = parsed(text)
    marks = anomalies_of(result, "page_break")
    assert [mark["text"] for mark in marks] == ["\f", "- 3 -"]
    assert len(anomalies_of(result, "broken_sentence")) == 1


def test_doubled_text_across_a_break():
    text = (
        "（一）加强监督。各单位要加强行政执法监督，完善行政执法\n\n执法监督制度，定期开展评查。\n"
    )
    doubled = anomalies_of(parsed(text), "doubled_text")
    assert [anomaly["text"] for anomaly in doubled] == ["执法"]


def test_hard_wrapped_text_is_not_a_flood_of_broken_sentences():
    paragraph = "行政机关应当依法全面履行职责，严格执行行政规范性文件合法性审核制度，" * 30 + "。"
    wrapped = "\n".join(paragraph[i : i + 24] for i in range(0, len(paragraph), 24))
    assert anomalies_of(parsed(wrapped), "broken_sentence") == []


# ---------------------------------------------------------------------------------------------
# Robustness and speed


def test_empty_text_gives_empty_fields():
    result = parsed("")
    assert result["title"] == "" and result["issuers"] == [] and result["doc_number"] == ""
    assert result["written_on"] is None and result["clauses"] == [] and result["anomalies"] == []
    assert "未识别" in parse_text("").describe()


def test_fifty_thousand_characters_in_well_under_a_second():
    text = fixture_text("articles.txt")
    body = text[text.index("第一章") :]
    document = text + body * (50_000 // len(body) + 1)
    started = time.perf_counter()
    result = parse_text(document)
    assert time.perf_counter() - started < 1.0
    assert len(document) > 50_000 and len(result.clauses) > 100


@pytest.mark.parametrize(
    "head", ["海政发〔2026〕", "有效期", "附件", "第1页", "x", "关于印发", "本办法自", "www."]
)
def test_long_runs_of_spaces_do_not_make_patterns_backtrack(head):
    document = head + "\u3000" * 50_000 + "年"
    started = time.perf_counter()
    parse_text(document)
    assert time.perf_counter() - started < 1.0


def test_offsets_survive_conversions_that_change_length(monkeypatch):
    class LengthChanging:
        def convert(self, text: str) -> str:
            return text.replace("於", "于于") if len(text) > 1 else text.replace("於", "于")

    from fazhi.core import docparse as parsing

    monkeypatch.setattr(parsing, "_t2s", LengthChanging)
    text = "關於印發的通知\n\n第一條 本辦法自印發之日起施行。\n"
    assert working_copy(text) == "關于印發的通知\n\n第一條 本辦法自印發之日起施行。\n"
    assert parse_date("二〇二六年三月四日\ud800") is None  # a lone surrogate is no crash


def test_describe_is_chinese_and_complete():
    summary = parse_text(fixture_text("articles.txt")).describe()
    assert "发文字号：海政发〔2026〕3号" in summary
    assert "施行日期：2026年5月1日" in summary
    assert "有效期：至2028年12月31日" in summary
    assert "      第三条" in summary  # nested under 第二章 and 第一节
    assert "[分页痕迹]" in summary


# ---------------------------------------------------------------------------------------------
# The command


def run_parse(*args: str) -> str:
    out = io.StringIO()
    call_command("normdocs", "parse", *args, stdout=out)
    return out.getvalue()


def test_command_json_on_txt():
    data = json.loads(run_parse(str(DATA / "provisional.txt"), "--json"))
    assert data["validity"] == {"years": 5, "until": "2031-04-30"}
    assert data["clauses"][0]["number"] == "第一条"


def test_command_json_on_docx(tmp_path):
    data = json.loads(run_parse(str(docx_document(tmp_path)), "--json"))
    assert data["doc_number"] == "海政发〔2026〕9号"
    assert data["effective_on"] == "2026-04-01"


def test_command_summary_on_an_encoded_txt(tmp_path):
    path = tmp_path / "gb.txt"
    path.write_bytes(fixture_text("halfwidth.txt").encode("gb18030"))
    summary = run_parse(str(path))
    assert "标题：北京市海淀区司法局关于规范行政执法公示工作的通知" in summary
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(fixture_text("traditional_fullwidth.txt").encode("utf-16"))
    assert "臺府發〔2025〕12號" in run_parse(str(utf16))


def test_command_on_an_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    data = json.loads(run_parse(str(path), "--json"))
    assert data["title"] == "" and data["clauses"] == [] and data["written_on"] is None


@pytest.mark.parametrize(
    ("name", "content", "complaint"),
    [
        ("junk.txt", bytes(range(1, 256)) * 3, "不是可识别的文本文件"),
        ("junk.docx", b"PK\x03\x04 not a zip", "不是有效的 .docx 文件"),
        ("scan.pdf", b"%PDF-1.4", "格式不受支持"),
    ],
)
def test_command_on_unreadable_files(tmp_path, name, content, complaint):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=complaint):
        run_parse(str(path), "--json")
