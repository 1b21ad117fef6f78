"""The checklist of 公平竞争审查条例 (2024) 第八条至第十一条: four categories, nineteen items.

Each item is answered: does the draft contain it (`breach`), with a note where it does or where
the answer needs explaining.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CATEGORIES = {
    "access": "限制市场准入和退出（第八条）",
    "flow": "限制商品、要素自由流动（第九条）",
    "cost": "影响生产经营成本（第十条）",
    "conduct": "影响生产经营行为（第十一条）",
}

# code → (category, article, text)
ITEMS: dict[str, tuple[str, str, str]] = {
    "8.1": ("access", "第八条第一项", "对市场准入负面清单以外的行业、领域、业务等违法设置审批程序"),
    "8.2": ("access", "第八条第二项", "违法设置或者授予特许经营权"),
    "8.3": ("access", "第八条第三项", "限定经营、购买或者使用特定经营者提供的商品或者服务"),
    "8.4": ("access", "第八条第四项", "设置不合理或者歧视性的准入、退出条件"),
    "8.5": ("access", "第八条第五项", "其他限制或者变相限制市场准入和退出的内容"),
    "9.1": (
        "flow",
        "第九条第一项",
        "限制外地或者进口商品、要素进入本地市场，或者阻碍本地经营者迁出，商品、要素输出",
    ),
    "9.2": (
        "flow",
        "第九条第二项",
        "排斥、限制、强制或者变相强制外地经营者在本地投资经营或者设立分支机构",
    ),
    "9.3": ("flow", "第九条第三项", "排斥、限制或者变相限制外地经营者参加本地政府采购、招标投标"),
    "9.4": (
        "flow",
        "第九条第四项",
        "对外地或者进口商品、要素设置歧视性收费项目、收费标准、价格或者补贴",
    ),
    "9.5": (
        "flow",
        "第九条第五项",
        "在资质标准、监管执法等方面对外地经营者在本地投资经营设置歧视性要求",
    ),
    "9.6": ("flow", "第九条第六项", "其他限制商品、要素自由流动的内容"),
    "10.1": ("cost", "第十条第一项", "给予特定经营者税收优惠"),
    "10.2": ("cost", "第十条第二项", "给予特定经营者选择性、差异化的财政奖励或者补贴"),
    "10.3": (
        "cost",
        "第十条第三项",
        "给予特定经营者要素获取、行政事业性收费、政府性基金、社会保险费等方面的优惠",
    ),
    "10.4": ("cost", "第十条第四项", "其他影响生产经营成本的内容"),
    "11.1": (
        "conduct",
        "第十一条第一项",
        "强制或者变相强制经营者实施垄断行为，或者为经营者实施垄断行为提供便利条件",
    ),
    "11.2": (
        "conduct",
        "第十一条第二项",
        "超越法定权限制定政府指导价、政府定价，为特定经营者提供优惠价格",
    ),
    "11.3": ("conduct", "第十一条第三项", "违法干预实行市场调节价的商品、要素的价格水平"),
    "11.4": ("conduct", "第十一条第四项", "其他影响生产经营行为的内容"),
}


def check_findings(findings: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """What is wrong with a filled checklist: each of the 19 items answered, a note for each
    item found in the draft; empty when the checklist is complete."""
    problems = []
    missing = [code for code in ITEMS if code not in findings]
    if missing:
        problems.append(f"公平竞争审查须逐项作出判断，尚有{len(missing)}项未填写。")
    unknown = sorted(set(findings) - set(ITEMS))
    if unknown:
        problems.append(f"不存在的审查事项：{'、'.join(unknown)}。")
    for code, answer in findings.items():
        if code in ITEMS and answer.get("breach") and not str(answer.get("note", "")).strip():
            problems.append(f"{ITEMS[code][1]}：存在该情形的，须写明具体条款和情况。")
    return problems


def blank_findings() -> dict[str, dict[str, Any]]:
    return {code: {"breach": False, "note": ""} for code in ITEMS}
