"""Server-side layout of a flowchart, drawn by the theme as inline SVG.

A page must show the diagram without JavaScript, so the geometry is computed
here: steps are ranked top to bottom by their longest path from the first
step, laid out side by side within a rank, joined by arrows along `next`.
Arrows that go back up (补正 → 受理) are routed along the right edge so they
never cross boxes. Each branch arrow carries its target's `when` as a label.

Chinese text has no layout engine here, so widths are estimated (a CJK
character is one em, other characters about 0.6 em) and lines are wrapped
to fit the box. The text equivalent (the ordered list of steps) is made by
the template from the same steps.

A branch label sits beside the arrow it names, never on it: each arrow is
also kept as a polyline (`Edge.points`), and a label goes on the first side
of its arrow where its box touches no line (tests check every demo chart).
"""

from __future__ import annotations

from dataclasses import dataclass, field

FONT = 14  # px, box text
LABEL_FONT = 12  # px, branch labels
LINE = 20  # px between baselines in a box
LABEL_LINE = 15
PAD = 10
BOX_W = 200
H_GAP = 36
V_GAP = 64
MARGIN = 12
ROUTE_GAP = 16
DUMMY_W = 16
DUMMY_GAP = 20


@dataclass(slots=True)
class Text:
    x: str  # coordinates are formatted once, here, so the SVG is stable and compact
    y: str
    text: str
    cls: str = ""


@dataclass(slots=True)
class Box:
    id: str
    x: str
    y: str
    w: str
    h: str
    lines: list[Text]
    terminal: bool


@dataclass(slots=True)
class Edge:
    d: str  # SVG path
    back: bool  # goes back up, drawn dashed along the right
    points: list[tuple[float, float]] = field(default_factory=list)  # the same line as a polyline, for placing labels


@dataclass(slots=True)
class Layout:
    width: int
    height: int
    boxes: list[Box] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    labels: list[list[Text]] = field(default_factory=list)  # one per branch step, beside its arrow
    label_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # (x0, y0, x1, y1) of each label


def text_width(text: str, size: float) -> float:
    return sum(size if ord(c) >= 0x2E80 else size * 0.6 for c in text)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy character wrap (Chinese has no spaces to break at)."""
    lines: list[str] = []
    current = ""
    for c in text:
        if current and text_width(current + c, size) > width:
            lines.append(current)
            current = c
        else:
            current += c
    if current or not lines:
        lines.append(current)
    return lines


def _targets(steps: list[dict]) -> dict[str, list[str]]:
    known = {s["id"] for s in steps}
    return {s["id"]: [n for n in (s.get("next") or []) if n in known and n != s["id"]] for s in steps}


def ranks(steps: list[dict]) -> tuple[dict[str, int], set[tuple[str, str]]]:
    """Rank of every step (longest path from the start) and the edges that point back."""
    nexts = _targets(steps)
    visited: set[str] = set()
    on_stack: set[str] = set()
    back: set[tuple[str, str]] = set()
    postorder: list[str] = []
    for root in nexts:
        if root in visited:
            continue
        visited.add(root)
        on_stack.add(root)
        stack = [(root, iter(nexts[root]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                on_stack.discard(node)
                postorder.append(node)
            elif child in on_stack:
                back.add((node, child))
            elif child not in visited:
                visited.add(child)
                on_stack.add(child)
                stack.append((child, iter(nexts[child])))
    rank = {s: 0 for s in nexts}
    for node in reversed(postorder):
        for child in nexts[node]:
            if (node, child) not in back:
                rank[child] = max(rank[child], rank[node] + 1)
    return rank, back


@dataclass(slots=True)
class _Slot:
    """A box, or the place where an edge that skips ranks crosses a row (a 'dummy' node)."""

    key: str
    width: float
    order: int  # step order (dummies: the order of the edge's target)
    box: bool
    preds: list[str] = field(default_factory=list)
    x: float = 0.0  # left edge


def layout(steps: list[dict], indent: float = MARGIN) -> Layout:
    """Boxes in rows by rank; within a row, each box sits below the boxes that lead to it.

    `indent` is the left margin; when a label has to go left of the leftmost
    arrow, the layout is made again with room for it.
    """
    rank, back = ranks(steps)
    nexts = _targets(steps)
    order = {s["id"]: i for i, s in enumerate(steps)}
    inner = BOX_W - 2 * PAD
    contents: dict[str, list[tuple[str, str]]] = {}
    for s in steps:
        lines = [(t, "fc-name") for t in wrap(s["name"], inner, FONT)]
        lines += [(t, "fc-meta") for t in wrap(f"承办：{s['actor']}", inner, FONT)]
        lines += [(t, "fc-meta") for t in wrap(f"时限：{s['time_limit']}", inner, FONT)]
        contents[s["id"]] = lines
    labels = {s["id"]: wrap(s["when"], LABEL_W, LABEL_FONT) if s.get("when") else [] for s in steps}

    # rows of slots; an edge over several ranks gets a slot in every row it crosses
    rows: dict[int, list[_Slot]] = {}
    slots: dict[str, _Slot] = {}
    for s in steps:
        slot = _Slot(s["id"], BOX_W, order[s["id"]], True)
        slots[s["id"]] = slot
        rows.setdefault(rank[s["id"]], []).append(slot)
    chains: list[tuple[str, list[str], str]] = []  # (source, dummy keys, target) of forward edges
    for s in steps:
        u = s["id"]
        for v in nexts[u]:
            if (u, v) in back:
                continue
            prev, dummies = u, []
            for r in range(rank[u] + 1, rank[v]):
                key = f"{u}>{v}@{r}"
                slot = _Slot(key, DUMMY_W, order[v], False, [prev])
                slots[key] = slot
                rows[r].append(slot)
                dummies.append(key)
                prev = key
            slots[v].preds.append(prev)
            chains.append((u, dummies, v))

    for r in sorted(rows):
        _place_row(rows[r], slots)
    left = min(slot.x for slot in slots.values())
    for slot in slots.values():
        slot.x += indent - left
    content_right = max(slot.x + slot.width for slot in slots.values())

    # vertical positions: boxes top-aligned in their row, room above each row for branch labels
    tops: dict[int, float] = {}
    heights: dict[int, float] = {}
    y = MARGIN
    for r in sorted(rows):
        label_h = max((len(labels[sl.key]) for sl in rows[r] if sl.box), default=0) * LABEL_LINE
        y += label_h + 10 if r == 0 else max(V_GAP, label_h + 40)
        tops[r] = y
        heights[r] = max(2 * PAD + len(contents[sl.key]) * LINE for sl in rows[r] if sl.box)
        y += heights[r]

    out = Layout(0, 0)
    for s in steps:
        i = s["id"]
        x, top, h = slots[i].x, tops[rank[i]], 2 * PAD + len(contents[i]) * LINE
        texts = [Text(_n(x + BOX_W / 2), _n(top + PAD + (k + 1) * LINE - 5), t, cls) for k, (t, cls) in enumerate(contents[i])]
        out.boxes.append(Box(i, _n(x), _n(top), _n(BOX_W), _n(h), texts, not nexts[i]))

    def centre(key: str) -> float:
        return slots[key].x + slots[key].width / 2

    def bottom(key: str) -> float:
        r = rank[key] if key in rank else int(key.rsplit("@", 1)[1])
        return tops[r] + (2 * PAD + len(contents[key]) * LINE if key in contents else heights[r])

    def top_of(key: str) -> float:
        return tops[rank[key] if key in rank else int(key.rsplit("@", 1)[1])]

    for u, dummies, v in chains:
        x0, y0 = centre(u), bottom(u)
        d = f"M{_n(x0)} {_n(y0)}"
        points = [(x0, y0)]
        for key in [*dummies, v]:
            x1, y1 = centre(key), top_of(key) - (2 if key == v else 0)
            mid = (y0 + y1) / 2
            d += f" C{_n(x0)} {_n(mid)} {_n(x1)} {_n(mid)} {_n(x1)} {_n(y1)}"
            points += _cubic((x0, y0), (x0, mid), (x1, mid), (x1, y1))
            if key != v:  # straight down through the row it crosses
                y1 = bottom(key)
                d += f" V{_n(y1)}"
                points.append((x1, y1))
            x0, y0 = x1, y1
        out.edges.append(Edge(d, False, points))

    # each branch's condition once, just above the step it leads to, beside the arrow into it
    lines_of = [_dense(e.points) for e in out.edges]
    solid = [(float(b.x), float(b.y), float(b.x) + BOX_W, float(b.y) + float(b.h)) for b in out.boxes]
    label_right = content_right
    for s in steps:
        lines = labels[s["id"]]
        if not lines or not any(s["id"] in nexts[u] for u in nexts):
            continue
        cx, top = centre(s["id"]), top_of(s["id"])
        first = top - 18 - (len(lines) - 1) * LABEL_LINE  # clear of the arrowhead
        wide = max(text_width(t, LABEL_FONT) for t in lines)
        y0, y1 = first - LABEL_FONT, first + (len(lines) - 1) * LABEL_LINE + 4
        # beside the arrow on the right, else on the left, else a little further out, alternating
        sides = [
            (anchor, x0, x0 + wide)
            for off in range(0, LABEL_REACH, 4)
            for anchor, x0 in (("start", cx + LABEL_GAP + off), ("end", cx - LABEL_GAP - off - wide))
        ]
        anchor, x0, x1 = next(  # the first place where the label touches no line, box or other label
            (
                side
                for side in sides
                if not any(_touches(side[1], y0, side[2], y1, ln) for ln in lines_of)
                and not any(_overlap((side[1], y0, side[2], y1), other) for other in (*out.label_boxes, *solid))
            ),
            sides[0],
        )
        x = x0 if anchor == "start" else x1
        texts = [Text(_n(x), _n(first + k * LABEL_LINE), t, f"fc-label fc-label-{anchor}") for k, t in enumerate(lines)]
        out.labels.append(texts)
        out.label_boxes.append((x0, y0, x1, y1))
        label_right = max(label_right, x1)

    # edges back up (补正 → 受理): out of the right side, along a lane right of everything, into the right side
    route_x = label_right + ROUTE_GAP  # right of the labels too: they are placed first
    for s in steps:
        u = s["id"]
        for v in nexts[u]:
            if (u, v) not in back:
                continue
            x1, y1 = slots[u].x + BOX_W, top_of(u) + (2 * PAD + len(contents[u]) * LINE) / 2
            x2, y2 = slots[v].x + BOX_W, top_of(v) + (2 * PAD + len(contents[v]) * LINE) / 2 + 6
            corners = [(x1, y1), (route_x, y1), (route_x, y2), (x2 + 2, y2)]
            out.edges.append(Edge(f"M{_n(x1)} {_n(y1)} H{_n(route_x)} V{_n(y2)} H{_n(x2 + 2)}", True, corners))
            route_x += ROUTE_GAP

    right = route_x if back else label_right + MARGIN
    overhang = MARGIN - min((box[0] for box in out.label_boxes), default=MARGIN)
    if overhang > 0:
        return layout(steps, indent + overhang)
    out.width = int(right + 0.999)
    out.height = int(y + MARGIN + 0.999)
    return out


LABEL_GAP = 6  # px between an arrow and the label beside it
LABEL_W = 150  # px a label wraps at: narrower than the space between two arrows into one row
LABEL_REACH = 240  # px a label may move sideways from its arrow to find a free place


def _cubic(p0: tuple[float, float], p1: tuple[float, float], p2: tuple[float, float], p3: tuple[float, float],
           steps: int = 24) -> list[tuple[float, float]]:
    """Points along a cubic Bézier curve (without its start)."""
    out = []
    for k in range(1, steps + 1):
        t = k / steps
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t**3
        out.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return out


def _dense(points: list[tuple[float, float]], step: float = 2.0) -> list[tuple[float, float]]:
    """The polyline with a point at least every `step` px, so testing points against a box tests the line."""
    out = points[:1]
    for (xa, ya), (xb, yb) in zip(points, points[1:], strict=False):
        n = max(1, int(max(abs(xb - xa), abs(yb - ya)) / step))
        out += [(xa + (xb - xa) * k / n, ya + (yb - ya) * k / n) for k in range(1, n + 1)]
    return out


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _touches(x0: float, y0: float, x1: float, y1: float, points: list[tuple[float, float]], pad: float = 2.0) -> bool:
    return any(x0 - pad <= x <= x1 + pad and y0 - pad <= y <= y1 + pad for x, y in points)


def _place_row(row: list[_Slot], slots: dict[str, _Slot]) -> None:
    """Order a row by where its slots' predecessors are, then space it out around those places."""
    desired: dict[str, float | None] = {}
    for slot in row:
        xs = [slots[p].x + slots[p].width / 2 for p in slot.preds]
        desired[slot.key] = sum(xs) / len(xs) if xs else None
    known = [slot for slot in row if desired[slot.key] is not None]
    groups: dict[float, list[_Slot]] = {}
    for slot in known:
        groups.setdefault(round(desired[slot.key], 1), []).append(slot)  # type: ignore[arg-type]
    ordered: list[_Slot] = []
    for key in sorted(groups):
        boxes = sorted((sl for sl in groups[key] if sl.box), key=lambda sl: sl.order)
        dummies = sorted((sl for sl in groups[key] if not sl.box), key=lambda sl: sl.order)
        half = len(boxes) // 2  # an edge passing through goes down the middle of its siblings
        ordered += boxes[:half] + dummies + boxes[half:]
    ordered += sorted((sl for sl in row if desired[sl.key] is None), key=lambda sl: sl.order)
    targets = []
    x = None
    for slot in ordered:
        want = desired[slot.key]
        want_left = (want - slot.width / 2) if want is not None else (x if x is not None else 0.0)
        gap = H_GAP if slot.box else DUMMY_GAP
        slot.x = want_left if x is None else max(want_left, x + gap)
        x = slot.x + slot.width
        if want is not None:
            targets.append(want - (slot.x + slot.width / 2))
    if targets:  # slide the row so that, on average, slots sit under their predecessors
        shift = sum(targets) / len(targets)
        for slot in ordered:
            slot.x += shift
    row[:] = ordered


def _n(value: float) -> str:
    """Coordinates rounded to 0.5 px and printed without trailing zeros: stable, compact SVG."""
    v = round(value * 2) / 2
    return str(int(v)) if v == int(v) else f"{v:.1f}"
