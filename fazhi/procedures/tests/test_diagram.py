"""The SVG diagram: well-formed, every state and step drawn, labels kept apart."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from fazhi.procedures.definitions import Procedure, State, Step, all_procedures
from fazhi.procedures.diagram import procedure_svg

SVG = "{http://www.w3.org/2000/svg}"

# Every kind of arrow: down, across a row, skipping rows, back, and staying in a state.
BUSY = Procedure(
    id="test.busy",
    title="规范性文件（示意）",
    initial="draft",
    states=(
        State("draft", "起草"),
        State("comment", "征求意见"),
        State("review", "合法性审核"),
        State("hold", "暂缓"),
        State("meeting", "集体审议"),
        State("published", "公布", terminal=True),
        State("dropped", "终止", terminal=True),
    ),
    steps=(
        Step("consult", "征求意见", "draft", "comment", "handler"),
        Step("submit", "送审", "comment", "review", "handler"),
        Step("skip", "直接送审", "draft", "review", "handler"),
        Step("approve", "审核通过", "review", "meeting", "legal_reviewer"),
        Step("return", "退回修改", ("review", "meeting"), "draft", "legal_reviewer"),
        Step("explain", "补充说明", "review", "review", "handler"),
        Step("pause", "暂缓", "review", "hold", "leader"),
        Step("resume", "恢复审核", "hold", "review", "leader"),
        Step("publish", "公布", "meeting", "published", "leader"),
        Step("drop", "终止起草", ("draft", "hold"), "dropped", "leader"),
        Step("fast", "直接公布", "draft", "published", "leader"),
    ),
)


def parse(procedure: Procedure) -> ET.Element:
    return ET.fromstring(str(procedure_svg(procedure)))


@pytest.mark.parametrize("procedure", [*all_procedures(), BUSY], ids=lambda p: p.id)
def test_every_state_and_step_is_drawn(procedure):
    root = parse(procedure)
    assert root.tag == f"{SVG}svg"
    states = {g.get("data-state") for g in root.iter(f"{SVG}g") if g.get("data-state")}
    assert states == {state.code for state in procedure.states}
    arrows = [p.get("data-step") for p in root.iter(f"{SVG}path") if p.get("data-step")]
    assert sorted(arrows) == sorted(step.code for step in procedure.steps for _ in step.source)
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert {step.label for step in procedure.steps} <= texts


def rects(root: ET.Element, cls: str) -> list[tuple[float, float, float, float]]:
    found = []
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == cls:
            r = group.find(f"{SVG}rect")
            found.append(tuple(float(r.get(k)) for k in ("x", "y", "width", "height")))
    return found


@pytest.mark.parametrize("procedure", [*all_procedures(), BUSY], ids=lambda p: p.id)
def test_labels_overlap_neither_boxes_nor_each_other(procedure):
    root = parse(procedure)
    boxes, labels = rects(root, "state"), rects(root, "step-label")

    def overlap(a, b) -> bool:
        return (
            a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
        )

    for i, label in enumerate(labels):
        assert not any(overlap(label, box) for box in boxes)
        assert not any(overlap(label, other) for other in labels[i + 1 :])


def test_the_diagram_escapes_text():
    p = Procedure(
        id="test.escape",
        title="<b>标题</b>",
        initial="a",
        states=(State("a", "甲 & 乙"), State("z", "<终>", terminal=True)),
        steps=(Step("go", "办理<script>", "a", "z", "handler"),),
    )
    svg = str(procedure_svg(p))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)
