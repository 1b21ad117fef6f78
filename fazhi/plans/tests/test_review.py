"""The corrections of a parse on the review page, as pure functions (no database)."""

from __future__ import annotations

import copy

import pytest

from fazhi.plans import review


def task(
    number,
    title,
    text="",
    *,
    lead=(),
    responsible=(),
    targets=(),
    deadlines=(),
    due=None,
    period="",
):
    return {
        "number": number,
        "path": ["一"],
        "section": "一、总则",
        "title": title,
        "text": text,
        "lead": list(lead),
        "responsible": [*lead, *responsible],
        "targets": [{"text": t, "value": 1, "unit": "次", "comparator": ">="} for t in targets],
        "deadlines": [{"text": d, "by": by} for d, by in deadlines],
        "due": due,
        "period": period,
    }


TASKS = [
    task(
        "一",
        "健全合法性审核机制",
        "2025年6月底前实现全覆盖。",
        lead=["区司法局"],
        responsible=["区财政局"],
        deadlines=[("2025年6月底前实现全覆盖", "2025-06-30")],
        due="2025-06-30",
    ),
    task(
        "二",
        "加强执法监督",
        "每季度召开一次例会。",
        lead=["区司法局"],
        responsible=["各街道办事处"],
        targets=["每季度召开一次例会"],
        period="每季度",
    ),
    task(
        "三",
        "推进政务公开",
        "2025年年底前完成目录编制。",
        responsible=["区政府办公室"],
        deadlines=[("2025年年底前完成目录编制", "2025-12-31")],
        due="2025-12-31",
    ),
]


def test_delete_removes_one_task_and_leaves_the_input_alone():
    before = copy.deepcopy(TASKS)
    out = review.delete_task(TASKS, 1)
    assert [t["number"] for t in out] == ["一", "三"]
    assert before == TASKS


def test_delete_refuses_the_last_task_and_a_missing_one():
    with pytest.raises(review.ReviewError, match="唯一"):
        review.delete_task(TASKS[:1], 0)
    with pytest.raises(review.ReviewError, match="不存在"):
        review.delete_task(TASKS, 3)
    with pytest.raises(review.ReviewError, match="不存在"):
        review.delete_task(TASKS, -1)


def test_merge_joins_words_units_targets_and_dates():
    out = review.merge_with_previous(TASKS, 2)
    assert len(out) == 2
    merged = out[1]
    assert (merged["number"], merged["title"]) == ("二", "加强执法监督")
    assert merged["text"] == "每季度召开一次例会。\n推进政务公开。2025年年底前完成目录编制。"
    assert merged["lead"] == ["区司法局"]
    assert merged["responsible"] == ["区司法局", "各街道办事处", "区政府办公室"]
    assert [t["text"] for t in merged["targets"]] == ["每季度召开一次例会"]
    assert [d["by"] for d in merged["deadlines"]] == ["2025-12-31"]
    assert (merged["due"], merged["period"]) == ("2025-12-31", "每季度")


def test_merge_keeps_a_title_that_starts_the_text_once():
    tasks = [task("一", "甲", "甲项。"), task("", "补充说明", "补充说明：乙。")]
    out = review.merge_with_previous(tasks, 1)
    assert out[0]["text"] == "甲项。\n补充说明：乙。"


def test_merge_of_the_first_task_is_refused():
    with pytest.raises(review.ReviewError, match="第一项"):
        review.merge_with_previous(TASKS, 0)


def test_a_dashed_line_splits_a_task_with_its_units():
    tasks = copy.deepcopy(TASKS)
    tasks[0]["text"] = "2025年6月底前实现全覆盖。\n---\n建立审核专家库，2025年年底前完成。"
    tasks[0]["deadlines"].append({"text": "2025年年底前完成", "by": "2025-12-31"})
    tasks[0]["targets"] = [
        {"text": "审核率达到100%", "value": 100, "unit": "%", "comparator": ">="}
    ]
    tasks[0]["text"] = (
        "审核率达到100%，2025年6月底前实现全覆盖。\n---\n建立审核专家库，2025年年底前完成。"
    )
    out = review.split_marked(tasks)
    assert len(out) == 4
    first, second = out[0], out[1]
    assert first["text"] == "审核率达到100%，2025年6月底前实现全覆盖。"
    assert (first["number"], first["due"]) == ("一", "2025-06-30")
    assert [d["by"] for d in first["deadlines"]] == ["2025-06-30"]
    assert [t["text"] for t in first["targets"]] == ["审核率达到100%"]
    assert second["number"] == ""
    assert second["title"] == "建立审核专家库，2025年年底前完成"
    assert second["text"] == "建立审核专家库，2025年年底前完成。"
    assert (second["lead"], second["responsible"]) == (first["lead"], first["responsible"])
    assert [d["by"] for d in second["deadlines"]] == ["2025-12-31"]
    assert (second["due"], second["targets"]) == ("2025-12-31", [])
    assert out[2:] == tasks[1:]


def test_marks_of_every_kind_and_empty_parts():
    for mark in ("---", "－－－", "——", "  -----  ", "---\r"):
        out = review.split_marked([task("一", "甲", f"甲项。\n{mark}\n乙项。\n{mark}\n")])
        assert [t["text"] for t in out] == ["甲项。", "乙项。"], mark
    # a dash inside a sentence is not a mark
    out = review.split_marked([task("一", "甲", "甲---乙。")])
    assert [t["text"] for t in out] == ["甲---乙。"]


def test_a_split_part_without_a_date_keeps_the_tasks():
    out = review.split_marked([task("一", "甲", "甲。\n---\n乙。", due="2025-06-30")])
    assert out[1]["due"] == "2025-06-30"


def test_names_typed_in_a_box():
    known = {"地区、街道办事处"}
    assert review.split_names("区司法局、区财政局\n\n 区法院 \n区司法局", known) == [
        "区司法局",
        "区财政局",
        "区法院",
    ]
    assert review.split_names("地区、街道办事处\n区教委，区城管委", known) == [
        "地区、街道办事处",
        "区教委",
        "区城管委",
    ]
    assert review.split_names("") == []


def test_unit_names_in_order_of_use():
    assert review.unit_names(TASKS) == ["区司法局", "区财政局", "各街道办事处", "区政府办公室"]


FUZZY = {"status": "fuzzy", "unit_ids": [4], "confirmed": False, "candidates": [4, 7]}
EXACT = {"status": "short", "unit_ids": [2], "confirmed": True, "candidates": []}
VAGUE = {"status": "class", "unit_ids": [], "confirmed": False, "candidates": [4, 5, 6]}
UNRESOLVED = {"status": "unresolved", "unit_ids": [], "confirmed": False, "candidates": [9]}


def test_a_fuzzy_match_needs_a_confirmation():
    kept = review.settle(FUZZY, unit_ids=[4])
    assert kept == FUZZY and not review.settled(kept)
    confirmed = review.settle(FUZZY, unit_ids=[4], confirm=True)
    assert confirmed["confirmed"] and confirmed["unit_ids"] == [4]
    assert review.settled(confirmed)
    other = review.settle(FUZZY, unit_ids=[7])
    assert review.settled(other) and other["unit_ids"] == [7]
    assert other["candidates"] == [4, 7]


def test_a_settled_name_stays_as_it_was():
    assert review.settle(EXACT, unit_ids=[2]) == EXACT
    changed = review.settle(EXACT, unit_ids=[3])
    assert changed["status"] == "short" and changed["unit_ids"] == [3] and changed["confirmed"]


def test_a_vague_class_is_settled_by_ticking_units():
    assert not review.settled(review.settle(VAGUE))
    ticked = review.settle(VAGUE, unit_ids=[4, 6])
    assert (ticked["status"], ticked["unit_ids"], ticked["confirmed"]) == ("class", [4, 6], True)


def test_unresolved_names_get_a_unit_or_become_external():
    assert not review.settled(review.settle(UNRESOLVED))
    chosen = review.settle(UNRESOLVED, unit_ids=["9"])
    assert review.settled(chosen) and chosen["unit_ids"] == [9]
    external = review.settle(UNRESOLVED, external=True)
    assert external == {"status": "external", "unit_ids": [], "confirmed": True, "candidates": [9]}
    assert review.settled(external)
    # unticking "external" without a unit makes the name unresolved again
    assert review.settle(external)["status"] == "unresolved"
    # emptying a resolved name's unit makes it unresolved, its unit kept as a candidate
    cleared = review.settle(EXACT)
    assert (cleared["status"], cleared["candidates"]) == ("unresolved", [2])
