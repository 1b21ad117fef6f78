"""The corrections a person makes to a parsed plan on the review page, as pure functions over
the parse's task list (`parsed["tasks"]`, see parsing.py) and its unit resolutions
(`parsed["units"]`, see resolve.py). No database, no request: the view applies them to what was
posted and hands the result to `services.draft_save`, which checks it.

- `delete_task`: an item the parser took for a task that is not one (a heading, a sentence);
- `merge_with_previous`: an item the parser cut off from the task before it;
- `split_marked`: a task that is two — a line "---" in its text marks where the second one
  starts; the part after it becomes a new task with the same units;
- `split_names`: the unit names typed into a box, one per line or separated by "、";
- `settle`: what the person chose for a unit name (confirm, another unit, several units, or an
  external body).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable

# A line of three or more dashes (ASCII, full-width, or the em dashes of a Chinese IME).
SPLIT_MARK = re.compile(r"^[ \t\u3000]*(?:-{3,}|－{3,}|—{2,}|─{3,})[ \t\u3000\r]*$", re.MULTILINE)
NAME_SEPARATORS = re.compile(r"[、，,；;]")
SENTENCE_END = re.compile(r"[。；;！？!?]")
TITLE_MAX = 60

# Statuses a name keeps when the person confirms or changes its units.
KEEPING = ("exact", "short", "former", "class")
# The status a fuzzy or unresolved name takes once the person chose its unit(s): a name counts
# as settled (`services.unsettled_names`) only with a status of `resolve.CONFIRMED_STATUSES`
# and `confirmed`, so a name the person confirmed counts as read exactly (several units: as a
# class).
CHOSEN = "exact"
CHOSEN_MANY = "class"


class ReviewError(ValueError):
    """A correction that cannot be made (the message says why, in Chinese)."""


def _check_index(tasks: list[dict], index: int) -> None:
    if not 0 <= index < len(tasks):
        raise ReviewError("该任务已不存在，请刷新页面后重试。")


def delete_task(tasks: list[dict], index: int) -> list[dict]:
    """The tasks without the one at `index` (it is not a task). The last task cannot go: a
    plan without tasks cannot be imported."""
    _check_index(tasks, index)
    if len(tasks) == 1:
        raise ReviewError("这是唯一的一项任务，不能删除；没有任务的规划不能导入。")
    return [copy.deepcopy(t) for i, t in enumerate(tasks) if i != index]


def _union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def _latest(*days: str | None) -> str | None:
    given = [d for d in days if d]
    return max(given) if given else None


def _joined_text(task: dict) -> str:
    """A task's words as one text: its title first when the text does not start with it (the
    title was the heading)."""
    title = (task.get("title") or "").strip()
    text = (task.get("text") or "").strip()
    if not title or text.startswith(title):
        return text
    if not text:
        return title
    end = "" if SENTENCE_END.match(title[-1]) else "。"
    return f"{title}{end}{text}"


def merge_with_previous(tasks: list[dict], index: int) -> list[dict]:
    """The task at `index` joined to the one before it: the earlier keeps its number and
    title, takes the later one's words after its own, and the union of both tasks' units,
    targets and deadlines; the due date is the later of the two."""
    _check_index(tasks, index)
    if index == 0:
        raise ReviewError("第一项任务之前没有任务，不能与上一项合并。")
    out = [copy.deepcopy(t) for t in tasks]
    earlier, later = out[index - 1], out.pop(index)
    text = (earlier.get("text") or "").strip()
    addition = _joined_text(later)
    earlier["text"] = f"{text}\n{addition}" if text and addition else (text or addition)
    earlier["lead"] = _union(earlier.get("lead") or [], later.get("lead") or [])
    earlier["responsible"] = _union(
        earlier["lead"], _union(earlier.get("responsible") or [], later.get("responsible") or [])
    )
    earlier["targets"] = [*(earlier.get("targets") or []), *(later.get("targets") or [])]
    earlier["deadlines"] = [*(earlier.get("deadlines") or []), *(later.get("deadlines") or [])]
    earlier["due"] = _latest(earlier.get("due"), later.get("due"))
    earlier["period"] = earlier.get("period") or later.get("period") or ""
    return out


def first_sentence(text: str) -> str:
    """The first sentence of `text` (without its closing mark), at most TITLE_MAX characters:
    the title of a task split off from another."""
    text = " ".join((text or "").split())
    match = SENTENCE_END.search(text)
    sentence = text[: match.start()] if match else text
    return sentence[:TITLE_MAX].strip()


def has_mark(text: str) -> bool:
    return bool(SPLIT_MARK.search(text or ""))


def _split_one(task: dict) -> list[dict]:
    parts = [p.strip() for p in SPLIT_MARK.split(task.get("text") or "")]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        clean = copy.deepcopy(task)
        clean["text"] = parts[0] if parts else ""
        return [clean]
    targets = list(task.get("targets") or [])
    deadlines = list(task.get("deadlines") or [])
    out = []
    for position, part in enumerate(parts):
        piece = copy.deepcopy(task)
        piece["text"] = part
        if position == 0:
            # the first part stays the task as it was: its number, title and dates
            later = "\n".join(parts[1:])
            piece["targets"] = [t for t in targets if not _within(t, later, part)]
            piece["deadlines"] = [d for d in deadlines if not _within(d, later, part)]
        else:
            piece["number"] = ""
            piece["title"] = first_sentence(part) or task.get("title", "")
            piece["targets"] = [t for t in targets if _within(t, part, parts[0])]
            piece["deadlines"] = [d for d in deadlines if _within(d, part, parts[0])]
            piece["due"] = _latest(*(d.get("by") for d in piece["deadlines"])) or task.get("due")
        out.append(piece)
    return out


def _within(item: dict, part: str, other: str) -> bool:
    """Whether a target's or deadline's words are in `part` (and not also in `other`)."""
    words = (item.get("text") or "").strip()
    return bool(words) and words in part and words not in other


def split_marked(tasks: list[dict]) -> list[dict]:
    """Every task whose text holds a line "---" split there: the part after the line becomes
    a new task (no number; its first sentence as title) with the same units and period, the
    targets and deadlines whose words are in it, and their latest date as its due date (else
    the task's). Empty parts are dropped."""
    out: list[dict] = []
    for task in tasks:
        out.extend(_split_one(task))
    return out


def split_names(value: str, known: Iterable[str] = ()) -> list[str]:
    """Unit names typed in a box: one per line; a line that is not a name as the plan wrote it
    (`known`: "地区、街道办事处" is one name) is further split at "、" "，" "；". Order kept,
    repeats dropped."""
    known = set(known)
    names: list[str] = []
    for line in (value or "").splitlines():
        line = line.strip()
        if not line:
            continue
        parts = [line] if line in known else NAME_SEPARATORS.split(line)
        for part in parts:
            part = part.strip()
            if part and part not in names:
                names.append(part)
    return names


def unit_names(tasks: Iterable[dict]) -> list[str]:
    """The unit names the tasks use, in the order they first appear (leads first)."""
    names: dict[str, None] = {}
    for task in tasks:
        for name in [*(task.get("lead") or []), *(task.get("responsible") or [])]:
            names.setdefault(name, None)
    return list(names)


def settle(
    entry: dict | None,
    *,
    unit_ids: Iterable[int] = (),
    confirm: bool = False,
    external: bool = False,
) -> dict:
    """A name's resolution after the person's choice on the review page.

    - `external`: the body is outside the organization tree (区法院, 市司法局);
    - no unit chosen: the name is unresolved (a class name: not yet settled);
    - the units the resolver gave, unchanged: settled if it had settled them, else once the
      person confirms (a fuzzy match, an "有关/相关" class, a name several units answer to);
    - other units chosen: settled, as the person chose them.
    The units the resolver offered stay as `candidates`."""
    entry = copy.deepcopy(entry) if entry else {}
    status = entry.get("status") or "unresolved"
    before = [int(i) for i in entry.get("unit_ids") or []]
    ids = list(dict.fromkeys(int(i) for i in unit_ids))
    candidates = [int(i) for i in entry.get("candidates") or []]
    if external:
        return _entry("external", [], True, candidates or before)
    if not ids:
        status = "class" if status == "class" else "unresolved"
        return _entry(status, [], False, candidates or before)
    kept = status if status in KEEPING else (CHOSEN_MANY if len(ids) > 1 else CHOSEN)
    if ids == before:
        return _entry(
            kept if confirm else status, ids, bool(entry.get("confirmed")) or confirm, candidates
        )
    return _entry(kept, ids, True, candidates)


def _entry(status: str, ids: list[int], confirmed: bool, candidates: list[int]) -> dict:
    return {"status": status, "unit_ids": ids, "confirmed": confirmed, "candidates": candidates}


def settled(entry: dict | None) -> bool:
    """Whether the name needs nothing more from the person (as `services.unsettled_names`
    reads it)."""
    if not entry or not entry.get("confirmed"):
        return False
    if entry.get("status") == "external":
        return True
    return entry.get("status") in KEEPING and bool(entry.get("unit_ids"))
