"""A procedure drawn as an inline SVG, generated from its definition on the server.

No JavaScript and nothing fetched: government intranets are offline, and the staff manual
prints the page. The layout is layered: states are boxes placed row by row in breadth-first
order from the initial state. A step to the next row is an arrow downwards; a step between
neighbours in one row is a short arrow across; any other step (skipping rows, going back,
staying in its state) arcs through a lane on the nearer side, dashed when it goes back. Each
arrow carries the step's label and, beneath it, the roles that take it, placed along the
arrow where it overlaps no box and no other label when such a place exists.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .definitions import Procedure, State, Step

FONT = 14
SMALL = 12
BOX_H = 44
BOX_PAD = 16
MIN_BOX_W = 96
ROW_GAP = 120
COL_GAP = 72
MARGIN = 24
LANE = 28  # distance between successive arcs on one side
LABEL_H = FONT + SMALL + 10

Rect = tuple[float, float, float, float]  # x, y, width, height
Curve = tuple[tuple[float, float], ...]  # the four points of a cubic Bézier
Edge = tuple[Step, str]  # a step and one of its source states


def text_width(text: str, size: int = FONT) -> float:
    """An estimate of the rendered width: CJK and full-width characters are one em wide."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.6 for ch in text)


@dataclass
class Box:
    state: State
    x: float
    y: float
    w: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + BOX_H / 2

    @property
    def bottom(self) -> float:
        return self.y + BOX_H

    @property
    def rect(self) -> Rect:
        return (self.x, self.y, self.w, BOX_H)


def _role_text(roles: tuple[str, ...]) -> str:
    from fazhi.core.models import Role

    return "、".join(Role(role).label if role in Role.values else role for role in roles)


def _point(curve: Curve, t: float) -> tuple[float, float]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    u = 1 - t
    a, b, c, d = u**3, 3 * u * u * t, 3 * u * t * t, t**3
    return a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3


def _overlaps(rect: Rect, others: list[Rect]) -> bool:
    x, y, w, h = rect
    return any(
        x < ox + ow and ox < x + w and y < oy + oh and oy < y + h for ox, oy, ow, oh in others
    )


# Where along an arrow its label may sit (fraction of the way), and how far sideways (in
# label half-widths): on the arrow first, then beside it.
_T = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)


_FARTHER = tuple(s for k in range(2, 13) for s in (k, -k))  # when the near places are taken


def _place_label(curve: Curve, width: float, taken: list[Rect], shifts: tuple[int, ...]) -> Rect:
    first = None
    for shift in (*shifts, *(s for s in _FARTHER if s not in shifts)):
        for t in _T:
            x, y = _point(curve, t)
            x += shift * (width / 2 + 6)
            rect = (x - width / 2, y - LABEL_H / 2, width, LABEL_H)
            if not _overlaps(rect, taken):
                return rect
            first = first or rect
    return first


def _label(rect: Rect, title: str, roles: str) -> str:
    x, y, w, h = rect
    cx, baseline = x + w / 2, y + FONT + 2
    return (
        f'<g class="step-label">'
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h}" rx="3" '
        f'fill="#fff" fill-opacity="0.92"/>'
        f'<text x="{cx:.1f}" y="{baseline:.1f}" text-anchor="middle" font-size="{FONT}" '
        f'fill="#1f2d3d">{escape(title)}</text>'
        f'<text x="{cx:.1f}" y="{baseline + SMALL + 3:.1f}" text-anchor="middle" '
        f'font-size="{SMALL}" fill="#5a6b7b">{escape(roles)}</text></g>'
    )


def _box(box: Box, initial: bool) -> str:
    state = box.state
    fill = "#eef7ee" if state.terminal else "#e8f0fb"
    stroke = "#2e7d32" if state.terminal else "#2c5a8c"
    inner = (
        f'<rect x="{box.x + 4:.1f}" y="{box.y + 4:.1f}" width="{box.w - 8:.1f}" '
        f'height="{BOX_H - 8}" rx="6" fill="none" stroke="{stroke}" stroke-width="1"/>'
        if state.terminal
        else ""
    )
    return (
        f'<g class="state" data-state="{escape(state.code)}">'
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{BOX_H}" rx="8" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{2.5 if initial else 1.5}"/>{inner}'
        f'<text x="{box.cx:.1f}" y="{box.cy + FONT / 2 - 2:.1f}" text-anchor="middle" '
        f'font-size="{FONT}" fill="#1f2d3d">{escape(state.label)}</text></g>'
    )


def _spread(box: Box, index: int, count: int) -> float:
    return box.x + box.w * (index + 1) / (count + 1)


def _layers(procedure: Procedure) -> list[list[State]]:
    """Rows of states: each state one row below the deepest state a forward step comes from
    (the longest path from the initial state, once the steps that go back — found depth-first
    — are set aside), so that the ends of the procedure sit at the bottom; within a row, in
    the order of the row above (barycentre), ties in breadth-first order."""
    bfs = [state.code for row in procedure.layers() for state in row]
    rank = {code: i for i, code in enumerate(bfs)}
    successors: dict[str, list[str]] = {code: [] for code in bfs}
    for step in procedure.steps:
        for source in step.source:
            if step.target not in successors[source]:
                successors[source].append(step.target)
    back: set[tuple[str, str]] = set()
    on_path: set[str] = set()
    finished: list[str] = []

    def visit(code: str) -> None:
        on_path.add(code)
        for nxt in successors[code]:
            if nxt in on_path:
                back.add((code, nxt))
            elif nxt not in finished:
                visit(nxt)
        on_path.discard(code)
        finished.append(code)

    visit(procedure.initial)
    depth = dict.fromkeys(bfs, 0)
    for code in reversed(finished):  # topological order of the forward steps
        for nxt in successors[code]:
            if (code, nxt) not in back and nxt != code:
                depth[nxt] = max(depth[nxt], depth[code] + 1)
    rows: list[list[str]] = [[] for _ in range(max(depth.values()) + 1)]
    for code in bfs:
        rows[depth[code]].append(code)
    position: dict[str, float] = {}
    for row in rows:

        def barycentre(code: str) -> tuple[float, int]:
            above = [position[s] for s in bfs if code in successors[s] and s in position]
            return (sum(above) / len(above) if above else rank[code], rank[code])

        row.sort(key=barycentre)
        position.update({code: i for i, code in enumerate(row)})
    return [[procedure.state(code) for code in row] for row in rows]


def _layout(layers: list[list[State]]) -> dict[str, Box]:
    widths = [[max(MIN_BOX_W, text_width(s.label) + 2 * BOX_PAD) for s in row] for row in layers]
    content_w = max(sum(row) + COL_GAP * (len(row) - 1) for row in widths)
    boxes: dict[str, Box] = {}
    for depth, (row, row_w) in enumerate(zip(layers, widths, strict=True)):
        x = (content_w - sum(row_w) - COL_GAP * (len(row) - 1)) / 2
        for state, w in zip(row, row_w, strict=True):
            boxes[state.code] = Box(state, x, depth * (BOX_H + ROW_GAP), w)
            x += w + COL_GAP
    return boxes


@dataclass
class Arrow:
    edge: Edge
    d: str  # the SVG path
    track: Curve  # where along the arrow the label may sit
    dashed: bool = False
    shifts: tuple[int, ...] = (0, 1, -1)  # the label's sideways shifts to try, in half-widths
    points: tuple[tuple[float, float], ...] = ()


def _bezier_d(curve: Curve) -> str:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    return f"M{x0:.1f},{y0:.1f} C{x1:.1f},{y1:.1f} {x2:.1f},{y2:.1f} {x3:.1f},{y3:.1f}"


def _line(x0: float, y0: float, x1: float, y1: float) -> Curve:
    return (
        (x0, y0),
        ((2 * x0 + x1) / 3, (2 * y0 + y1) / 3),
        ((x0 + 2 * x1) / 3, (y0 + 2 * y1) / 3),
        (x1, y1),
    )


def procedure_svg(procedure: Procedure) -> SafeString:
    """The procedure as an `<svg>` element, sized to its content and scaled to its container."""
    layers = _layers(procedure)
    depth = {state.code: d for d, row in enumerate(layers) for state in row}
    column = {state.code: i for row in layers for i, state in enumerate(row)}
    boxes = _layout(layers)
    left = min(box.x for box in boxes.values())
    right = max(box.x + box.w for box in boxes.values())
    centre = (left + right) / 2
    roles = {step.code: _role_text(step.roles) for step in procedure.steps}
    label_w = {
        step.code: max(text_width(step.label), text_width(roles[step.code], SMALL)) + 8
        for step in procedure.steps
    }

    down: list[Edge] = []
    across: list[Edge] = []
    lanes: list[tuple[Edge, int]] = []  # with the side of the lane: -1 left, 1 right
    for step in procedure.steps:
        for source in step.source:
            a, b = boxes[source], boxes[step.target]
            if depth[step.target] == depth[source] + 1:
                down.append((step, source))
            elif (
                depth[step.target] == depth[source]
                and abs(column[step.target] - column[source]) == 1
            ):
                across.append((step, source))
            else:
                # The nearer side; in the middle, forward steps on the left, the rest right.
                off = (a.cx + b.cx) / 2 - centre
                forward = depth[step.target] > depth[source]
                side = (-1 if off < 0 else 1) if abs(off) > 1 else (-1 if forward else 1)
                lanes.append(((step, source), side))
    # Shorter arcs in the lanes nearest the boxes, so that lanes nest rather than cross.
    lanes.sort(key=lambda item: abs(depth[item[0][0].target] - depth[item[0][1]]))

    # Arrows leave a box at its bottom and enter the next at its top, spread along the edge
    # in the order of where their other end is, so that they do not cross each other.
    outs: dict[str, list[tuple[float, Edge]]] = {}
    ins: dict[str, list[tuple[float, Edge]]] = {}
    far = 10 * (right - left + 1)
    for edge in down:
        outs.setdefault(edge[1], []).append((boxes[edge[0].target].cx, edge))
        ins.setdefault(edge[0].target, []).append((boxes[edge[1]].cx, edge))
    # Lane k of a side (1 nearest the boxes); an outer lane leaves and enters further out.
    lane_of: dict[Edge, int] = {}
    count = {-1: 0, 1: 0}
    for edge, side in lanes:
        count[side] += 1
        lane_of[edge] = count[side]
        outs.setdefault(edge[1], []).append((side * far * lane_of[edge], edge))
        ins.setdefault(edge[0].target, []).append((side * far * lane_of[edge], edge))

    def exit_x(edge: Edge) -> float:
        group = sorted(outs[edge[1]], key=lambda item: item[0])
        return _spread(boxes[edge[1]], [e for _, e in group].index(edge), len(group))

    def entry_x(edge: Edge) -> float:
        group = sorted(ins[edge[0].target], key=lambda item: item[0])
        return _spread(boxes[edge[0].target], [e for _, e in group].index(edge), len(group))

    arrows: list[Arrow] = []
    for edge in down:
        a, b = boxes[edge[1]], boxes[edge[0].target]
        x1, x2 = exit_x(edge), entry_x(edge)
        mid = (a.bottom + b.y) / 2
        curve = ((x1, a.bottom), (x1, mid), (x2, mid), (x2, b.y))
        arrows.append(Arrow(edge, _bezier_d(curve), curve, points=curve))

    # Between neighbours in a row: straight across; the label above the row for a step to
    # the right, below it for one to the left.
    for edge in across:
        a, b = boxes[edge[1]], boxes[edge[0].target]
        rightwards = b.x > a.x
        y = a.cy + (-6 if rightwards else 6)
        x1, x2 = (a.x + a.w, b.x) if rightwards else (a.x, b.x + b.w)
        offset = (BOX_H + LABEL_H) / 2 + 4
        track = _line(
            x1,
            y - offset if rightwards else y + offset,
            x2,
            y - offset if rightwards else y + offset,
        )
        arrows.append(Arrow(edge, _bezier_d(_line(x1, y, x2, y)), track, points=((x1, y), (x2, y))))

    # Everything else runs orthogonally through the gaps between rows (where no box is) and a
    # lane beside the boxes: down from the source, out to the lane, along it, in above the
    # target, down into it. Each arrow has its own lane and its own height in the gaps.
    # An outer lane turns nearer the boxes, so that it passes the inner lanes' turns.
    for edge, side in lanes:
        step, source = edge
        a, b = boxes[source], boxes[step.target]
        k = lane_of[edge]
        lane = (left - 16 - LANE * k) if side < 0 else (right + 16 + LANE * k)
        x1, x2 = exit_x(edge), entry_x(edge)
        y1 = a.bottom + 10 + 6 * (count[side] - k)
        y2 = b.y - 10 - 6 * (count[side] - k)
        d = f"M{x1:.1f},{a.bottom:.1f} V{y1:.1f} H{lane:.1f} V{y2:.1f} H{x2:.1f} V{b.y:.1f}"
        backward = depth[step.target] <= depth[source]
        arrows.append(
            Arrow(
                edge,
                d,
                _line(lane, y1, lane, y2),
                dashed=backward,
                shifts=(side, 3 * side),
                points=((x1, a.bottom), (lane, y1), (lane, y2), (x2, b.y)),
            )
        )

    marker = f"arrow-{procedure.id.replace('.', '-')}"
    taken: list[Rect] = [box.rect for box in boxes.values()]
    extent = list(taken)
    paths: list[str] = []
    labels: list[str] = []
    for arrow in arrows:
        step = arrow.edge[0]
        dash = ' stroke-dasharray="6 4"' if arrow.dashed else ""
        paths.append(
            f'<path d="{arrow.d}" fill="none" stroke="#34495e" stroke-width="1.5" '
            f'stroke-linejoin="round"{dash} marker-end="url(#{marker})" '
            f'data-step="{escape(step.code)}"/>'
        )
        rect = _place_label(arrow.track, label_w[step.code], taken, arrow.shifts)
        taken.append(rect)
        labels.append(_label(rect, step.label, roles[step.code]))
        extent += [rect, *((x, y, 0, 0) for x, y in arrow.points)]

    min_x = min(x for x, _, _, _ in extent) - MARGIN
    min_y = min(y for _, y, _, _ in extent) - MARGIN
    width = max(x + w for x, _, w, _ in extent) + MARGIN - min_x
    height = max(y + h for _, y, _, h in extent) + MARGIN - min_y
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="procedure-diagram" role="img" '
        f'viewBox="{min_x:.0f} {min_y:.0f} {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'style="max-width:100%;height:auto" aria-labelledby="{marker}-title" '
        f"font-family=\"system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', "
        f"'Noto Sans CJK SC', sans-serif\">",
        f'<title id="{marker}-title">{escape(procedure.title)}：办理流程图</title>',
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" '
        f'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="#34495e"/></marker></defs>',
        *(_box(box, initial=code == procedure.initial) for code, box in boxes.items()),
        *paths,
        *labels,
        "</svg>",
    ]
    return mark_safe("".join(parts))
