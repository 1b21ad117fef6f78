"""Parser cases from review: half-width full stops, idioms that look like figures, a 完成时限
line that decides the time limit, counted targets, and a long run-on sentence."""

from __future__ import annotations

from fazhi.plans.parsing import parse_plan

HALF_WIDTH = """示范区2025年法治政府建设工作要点
一、完善制度
1. 完善审核机制. 2025年6月底前实现审核全覆盖,审核时限不超过5个工作日.
2. 推进普法. 实现法治宣传进千家万户,每季度召开一次联席会议.
3. 深化执法改革. 力争到2025年培训覆盖率达到100%.
完成时限：长期坚持
"""


def test_half_width_full_stop_ends_the_title():
    first = parse_plan(HALF_WIDTH)["tasks"][0]
    assert first["title"] == "完善审核机制"
    assert first["due"] == "2025-06-30"
    assert [(t["value"], t["unit"], t["comparator"]) for t in first["targets"]] == [
        (5, "个工作日", "<=")
    ]
    assert first["targets"][0]["text"] == "审核时限不超过5个工作日"


def test_idioms_are_no_figures_and_counted_targets_are_minimums():
    second = parse_plan(HALF_WIDTH)["tasks"][1]
    assert [(t["value"], t["unit"], t["comparator"], t["period"]) for t in second["targets"]] == [
        (1, "次", ">=", "每季度")
    ]


def test_a_time_limit_line_decides_the_due_date():
    third = parse_plan(HALF_WIDTH)["tasks"][2]
    assert third["due"] is None
    assert third["period"] == "长期坚持"
    assert third["targets"][0]["by"] == "2025-12-31"  # the text's date stays on its target


def test_a_run_on_sentence_of_many_figures_is_read_in_one_pass():
    clause = "每年开展培训不少于4次,每季度召开会议至少1次"
    text = "一、任务\n1. 加强学习. " + ",".join([clause] * 3000) + "。\n"
    (task,) = parse_plan(text)["tasks"]
    assert len(task["targets"]) == 6000
