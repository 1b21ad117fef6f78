"""Unit names as a plan writes them, resolved against the organization tree under the plan's
owner (the government that issued it).

A plan names units loosely: "区财政局" for 示范区财政局, "县司法局" for a district that was a
county when the plan was written, "各街道办事处" for every street, "区政府相关部门" for some
departments the plan does not name, "区法院" for a body outside the government. Each name is
resolved to one of:

- ``exact``: the full name of an active unit in the owner's subtree — confirmed;
- ``short``: its short name, or the name with the level prefix written differently ("区司法局",
  "县司法局" and "示范县司法局" for 示范区司法局; "区政府" for the owner) — confirmed;
- ``former``: a name the unit bore before a rename or merge (UnitSuccession) — confirmed;
- ``class``: "各…" names (各街道办事处, 县政府各部门…) expand to every active unit of the kind —
  confirmed; "有关/相关…" names (区政府相关部门) are not: ``candidates`` lists the units a person
  picks from. Only the owner's own classes: 市政府各部门, 省政府各部门 or 市各街道办事处 in a
  district's plan (another government's units) are ``unresolved``;
- ``fuzzy``: the closest name (difflib ratio ≥ 0.7) — not confirmed; a person confirms it;
- ``unresolved``: nothing found; a person picks a unit or marks the name ``external`` (a body
  outside the tree, such as 区法院 or 市司法局).

Names are compared after OpenCC t2s and half-width normalization (core.docparse.working_copy),
without spaces, with "人民政府" read as "政府". The fuzzy ratio is the mean of the ratio over the
whole names (a bare level prefix expanded to the owner's name) and the ratio over the names
without the owner's prefix: a shared "示范区" alone must not make "区法院" look like
"示范区司法局".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

from django.db.models import Q
from django.utils import timezone

from fazhi.core.docparse import working_copy
from fazhi.core.models import SuccessionKind, Unit, UnitKind, UnitSuccession

FUZZY_MIN = 0.7
HINT_MIN = 0.5
MAX_CANDIDATES = 8

STATUSES = ("exact", "short", "former", "fuzzy", "class", "external", "unresolved")
CONFIRMED_STATUSES = ("exact", "short", "former", "class", "external")

_DEPARTMENTS = (UnitKind.DEPARTMENT, UnitKind.LEGAL_OFFICE)
_STREETS = (UnitKind.STREET,)
_TOWNSHIPS = (UnitKind.TOWNSHIP,)
_LOCAL = (UnitKind.STREET, UnitKind.TOWNSHIP)

# What a class name (without 各/有关/相关 and the government's prefix) stands for.
_CLASS_WORDS: dict[str, tuple[str, ...]] = {
    "部门": _DEPARTMENTS,
    "委办局": _DEPARTMENTS,
    "委办": _DEPARTMENTS,
    "职能部门": _DEPARTMENTS,
    "工作部门": _DEPARTMENTS,
    "行政机关": _DEPARTMENTS,
    "行政执法部门": _DEPARTMENTS,
    "行政执法机关": _DEPARTMENTS,
    "执法部门": _DEPARTMENTS,
    "单位": (*_DEPARTMENTS, *_LOCAL),
    "街道办事处": _STREETS,
    "街道": _STREETS,
    "街道办": _STREETS,
    "乡镇政府": _TOWNSHIPS,
    "镇政府": _TOWNSHIPS,
    "镇人民政府": _TOWNSHIPS,
    "乡镇人民政府": _TOWNSHIPS,
    "乡镇": _TOWNSHIPS,
    "乡、镇政府": _TOWNSHIPS,
    "乡镇办事处": _TOWNSHIPS,
    "地区办事处": _TOWNSHIPS,
    "地区": _TOWNSHIPS,
    "镇": _TOWNSHIPS,
    "乡": _TOWNSHIPS,
    "街乡镇": _LOCAL,
    "街镇": _LOCAL,
    "街乡": _LOCAL,
    "街道乡镇": _LOCAL,
    "街道(乡镇)": _LOCAL,
    "乡镇(街道)": _LOCAL,
    "乡镇街道": _LOCAL,
    "司法所": (UnitKind.JUSTICE_STATION,),
    "区政府": (UnitKind.DISTRICT,),
    "区": (UnitKind.DISTRICT,),
    "县政府": (UnitKind.DISTRICT,),
    "县": (UnitKind.DISTRICT,),
}
# Words a joined name ("地区、街道办事处") shares at its end.
_SHARED_ENDINGS = ("办事处", "政府", "部门")
# "各区政府": the districts under a city.
_GOVERNMENTS = ("区政府", "县政府", "区", "县")
# Names that are a class even without 各 (as parts of a joined name: "地区、街道办事处").
_UNMARKED = frozenset(
    word
    for word, kinds in _CLASS_WORDS.items()
    if set(kinds) <= {*_LOCAL, UnitKind.JUSTICE_STATION}
)
# Class words a name may end with after a government's name, longest first.
_CLASS_ENDINGS = tuple(sorted((w for w in _CLASS_WORDS if len(w) > 1), key=len, reverse=True))
_JOINERS = re.compile(r"[、，,和及与/]")
_VAGUE = re.compile(r"有关|相关")


def normalize(name: str) -> str:
    """Simplified script, half-width forms, no spaces; 人民政府 read as 政府."""
    text = working_copy(str(name or ""))
    text = re.sub(r"\s+", "", text)
    return text.replace("人民政府", "政府")


@dataclass
class _Entry:
    unit: Unit
    name: str  # normalized full name
    core: str  # without the owner's prefix
    short: str  # normalized short name, or ""
    core_short: str


@dataclass
class Tree:
    """The active units under an owner, loaded once for many names."""

    owner: Unit
    today: date
    entries: list[_Entry] = field(default_factory=list)
    former: dict[str, list[int]] = field(default_factory=dict)  # normalized former name → ids
    prefixes: tuple[str, ...] = ()
    foreign_levels: str = ""  # level characters of other governments: 省、市 for a district

    # ---- building ---------------------------------------------------------------------------

    @classmethod
    def load(cls, owner: Unit, today: date | None = None) -> Tree:
        today = today or timezone.localdate()
        tree = cls(owner=owner, today=today)
        tree.prefixes = _prefixes(owner)
        tree.foreign_levels = "省市" if owner.kind == UnitKind.DISTRICT else "省"
        units = Unit.objects.filter(path__startswith=owner.path).order_by("path")
        active = {}
        for unit in units:
            if unit.is_active_on(today):
                active[unit.pk] = unit
                tree.entries.append(
                    _Entry(
                        unit,
                        normalize(unit.name),
                        tree.core(unit.name),
                        normalize(unit.short_name) if unit.short_name else "",
                        tree.core(unit.short_name) if unit.short_name else "",
                    )
                )
        successions = UnitSuccession.objects.filter(
            kind__in=(SuccessionKind.RENAME, SuccessionKind.MERGE)
        ).filter(
            Q(successor__path__startswith=owner.path) | Q(predecessor__path__startswith=owner.path)
        )
        successor: dict[int, int] = {}
        names: dict[int, list[str]] = {}
        for row in successions.select_related("predecessor"):
            successor[row.predecessor_id] = row.successor_id
            pred = row.predecessor
            names[pred.pk] = [pred.name] + ([pred.short_name] if pred.short_name else [])
        for pred_id, written in names.items():
            target, seen = successor.get(pred_id), {pred_id}
            while target is not None and target not in active and target not in seen:
                seen.add(target)
                target = successor.get(target)
            if target is None or target not in active:
                continue
            for name in written:
                for key in {normalize(name), tree.core(name)}:
                    ids = tree.former.setdefault(key, [])
                    if target not in ids:
                        ids.append(target)
        return tree

    def core(self, name: str) -> str:
        """The name without the owner's own name or a bare level prefix: "示范区司法局",
        "区司法局", "县司法局" → "司法局"."""
        text = normalize(name)
        for prefix in self.prefixes:
            if text.startswith(prefix) and len(text) > len(prefix):
                return text[len(prefix) :]
        return text

    def expand(self, name: str) -> str:
        """A bare level prefix replaced by the owner's own name: "区财政局" → "示范区财政局"."""
        text = normalize(name)
        own = self.prefixes[0] if self.prefixes else ""
        for prefix in self.prefixes:
            if text.startswith(prefix) and len(text) > len(prefix):
                return own + text[len(prefix) :]
        return text

    # ---- queries ----------------------------------------------------------------------------

    def of_kinds(self, kinds: Iterable[str]) -> list[int]:
        kinds = set(kinds)
        return [
            e.unit.pk for e in self.entries if e.unit.kind in kinds and e.unit.pk != self.owner.pk
        ]

    def resolve(self, name: str) -> dict:
        text = normalize(name)
        if not text:
            return _result("unresolved")
        found = self._plain(text)
        if found is not None:
            return found
        found = self._class(text)
        if found is not None:
            return found
        found = self._joined(text)
        if found is not None:
            return found
        if text[:1] in self.foreign_levels and self._plain(text[1:]) is not None:
            # "市司法局" in a district's plan: the city's bureau, not the district's
            return _result("unresolved")
        return self._fuzzy(text)

    def _plain(self, text: str) -> dict | None:
        core = self.core(text)
        for status, matches in (
            ("exact", [e for e in self.entries if e.name == text]),
            ("short", [e for e in self.entries if e.short and e.short == text]),
            (
                "short",
                [
                    e
                    for e in self.entries
                    if e.core in (core, text) or (e.short and e.core_short in (core, text))
                ],
            ),
        ):
            if matches:
                ids = list(dict.fromkeys(e.unit.pk for e in matches))
                return _single(status, ids)
        ids = self.former.get(text) or self.former.get(core)
        if ids:
            return _single("former", ids)
        return None

    def _class(self, text: str) -> dict | None:
        vague = bool(_VAGUE.search(text))
        marked = vague or "各" in text
        word = re.sub(r"^(所属|所辖)", "", _VAGUE.sub("", text).replace("各", ""))
        government = ""  # whose units: "县" in 县政府各部门, "市" in 市各街道办事处
        if not (marked and word in _GOVERNMENTS):
            # "县政府各部门", "市政府有关部门": the government's name before the class
            match = re.fullmatch(r"(.{0,8}?)政府(?:所属|所辖|直属)?(.+)", word)
            if match:
                government, word = match[1], match[2]
            elif marked and word not in _CLASS_WORDS and not _JOINERS.search(word):
                # "区直各部门", "市各街道办事处", "国务院各部门": a name before the class
                ending = next((w for w in _CLASS_ENDINGS if word.endswith(w) and word != w), "")
                if ending:
                    government, word = word[: -len(ending)], ending
        kinds = _CLASS_WORDS.get(word)
        if kinds is None or (not marked and word not in _UNMARKED):
            return None
        if government and re.sub(r"(直属|直|属|级)$", "", government) not in self.prefixes:
            # another government's units (市政府各部门 in a district's plan): a person decides
            return _result("unresolved")
        ids = self.of_kinds(kinds)
        if not ids:
            return _result("unresolved")
        if vague:
            return _result("class", confirmed=False, candidates=ids)
        return _result("class", unit_ids=ids)

    def _joined(self, text: str) -> dict | None:
        parts = [p for p in _JOINERS.split(text) if p]
        if len(parts) < 2:
            return None
        last = parts[-1]
        ending = next((e for e in _SHARED_ENDINGS if last.endswith(e)), "")
        results = []
        for part in parts:
            found = self._plain(part) or self._class(part)
            if found is None and ending and not part.endswith(ending):
                found = self._plain(part + ending) or self._class(part + ending)
            if found is None or found["status"] == "unresolved":
                return None
            results.append(found)
        order = {entry.unit.pk: n for n, entry in enumerate(self.entries)}  # tree order
        ids = sorted({i for r in results for i in r["unit_ids"]}, key=order.__getitem__)
        candidates = sorted({i for r in results for i in r["candidates"]}, key=order.__getitem__)
        confirmed = all(r["confirmed"] for r in results)
        statuses = [r["status"] for r in results]
        status = "class" if "class" in statuses else statuses[0]
        return _result(status, unit_ids=ids, confirmed=confirmed, candidates=candidates)

    def _fuzzy(self, text: str) -> dict:
        expanded, core = self.expand(text), self.core(text)
        scored = []
        for entry in self.entries:
            if entry.unit.kind == UnitKind.DIVISION:
                continue
            whole = SequenceMatcher(None, expanded, entry.name).ratio()
            part = SequenceMatcher(None, core, entry.core).ratio()
            score = (whole + part) / 2
            if entry.short:
                short = SequenceMatcher(None, expanded, self.expand(entry.short)).ratio()
                score = max(
                    score, (short + SequenceMatcher(None, core, entry.core_short).ratio()) / 2
                )
            scored.append((score, entry.unit.path, entry.unit.pk))
        scored.sort(key=lambda item: (-item[0], item[1]))
        if scored and scored[0][0] >= FUZZY_MIN:
            candidates = [pk for score, _, pk in scored if score >= FUZZY_MIN][:MAX_CANDIDATES]
            return _result("fuzzy", unit_ids=[scored[0][2]], confirmed=False, candidates=candidates)
        hints = [pk for score, _, pk in scored if score >= HINT_MIN][:MAX_CANDIDATES]
        return _result("unresolved", candidates=hints)


def _prefixes(owner: Unit) -> tuple[str, ...]:
    """The ways a plan writes its government's name before a unit's: the owner's own name
    ("示范区"), for a district with the other level character ("示范县": it was a county), then
    a bare level character ("区", "县" for a district; "市" for a city). Never another level's
    name: "示范市" or "南昌市" is the city above a district, not the district."""
    own = re.sub(r"政府$", "", normalize(owner.name))
    district = owner.kind == UnitKind.DISTRICT
    out: list[str] = []
    if len(own) > 1:
        out.append(own)
        if district and own[-1] in "区县":
            out += [own[:-1] + level for level in "区县"]
    bare = ("区", "县") if district else ("市",)
    if owner.kind in (UnitKind.DISTRICT, UnitKind.CITY):
        out += bare
    return tuple(dict.fromkeys(p for p in out if p))


def _result(
    status: str,
    *,
    unit_ids: list[int] | None = None,
    confirmed: bool | None = None,
    candidates: list[int] | None = None,
) -> dict:
    if confirmed is None:
        confirmed = status in CONFIRMED_STATUSES
    return {
        "status": status,
        "unit_ids": list(unit_ids or []),
        "confirmed": confirmed,
        "candidates": list(candidates or []),
    }


def _single(status: str, ids: list[int]) -> dict:
    """One unit: confirmed; several units answering the name: a person picks."""
    if len(ids) == 1:
        return _result(status, unit_ids=ids)
    return _result(status, unit_ids=ids[:1], confirmed=False, candidates=ids)


def resolve_name(name: str, owner: Unit) -> dict:
    """How `name` (as the plan writes it) resolves under `owner`: {"status", "unit_ids",
    "confirmed", "candidates"}."""
    return Tree.load(owner).resolve(name)


def resolve_names(names: Iterable[str], owner: Unit) -> dict[str, dict]:
    """`resolve_name` for many names, loading the owner's subtree once (two queries)."""
    tree = Tree.load(owner)
    return {name: tree.resolve(name) for name in dict.fromkeys(names)}
