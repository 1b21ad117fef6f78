#!/usr/bin/env python3
"""fazhi verifiable random draw (fazhi-draw/1) — 双随机、一公开抽查与案卷评查抽样的可验证随机抽取.

This file uses nothing but the Python standard library (tested with 3.11). The portal serves it
for download as ``fazhi_draw.py``; anyone can re-run a published draw with

    python fazhi_draw.py verify 数据包.zip      # exit 0: reproducible, 1: problems found
    python fazhi_draw.py commit SEED            # print the commitment of a seed

The scheme, precisely enough to re-implement it:

Seed and commitment
    The seed is 32 random bytes written as 64 lowercase hex characters. Before the draw only
    its commitment is published: the lowercase hex SHA-256 of the seed's 64 ASCII characters
    (``echo -n SEED | sha256sum``). The seed is revealed after the draw.

Canonical files (UTF-8, no BOM, no header, every line ended by "\\n", exactly two non-empty
fields separated by one tab, no control characters other than the tab and the line end)
    targets.tsv     ``code<TAB>tier`` — the pool of inspection targets (a unified social credit
                    code, a case number …) with its tier (a short string such as A/B/C/D);
                    sorted by code, codes unique.
    officers.tsv    ``officer_id<TAB>group`` — the pool of enforcement officers and their body;
                    sorted by officer_id, ids unique, no comma in an officer_id.
    exclusions.tsv  ``officer_id<TAB>code`` — an officer who must not inspect a target
                    (conflict of interest, the previous inspector …); sorted by
                    (officer_id, code), no duplicate line.
    "Sorted" means by Unicode code point, which is also the order of the UTF-8 bytes (and not
    the UTF-16 order of Java or JavaScript strings for characters beyond U+FFFF). A file's
    digest is the lowercase hex SHA-256 of its bytes.

Deterministic randomness
    stream(seed, label) is the sequence x_0, x_1, … where x_i is the first 8 bytes, read as a
    big-endian unsigned integer, of SHA-256 of the UTF-8 string "{seed}|{label}|{i}" (i in
    decimal, from 0).
    uniform(stream, m), an integer in [0, m): take the next x; while x >= 2**64 - (2**64 mod m)
    take the next one; return x mod m (rejection sampling, so the result is exactly uniform).
    choose(stream, n, k), k distinct indices of range(n) in random order: a partial
    Fisher–Yates shuffle of the virtual array a = [0, 1, …, n-1]: for j = 0 … k-1:
    r = j + uniform(stream, n - j); swap a[j] and a[r]; output a[j]. (The array is kept as a
    dict of the positions that moved, so the cost is O(k) whatever n is.)

The draw (params: "ratios" {tier: ratio}, "counts" {tier: count}, "officers_per_target")
    Tiers named in ratios or counts (a tier may appear in only one of them) are drawn in sorted
    order; other tiers are not drawn. For a tier with n codes (in file order): k = ceil(n × ratio)
    computed exactly — the ratio is a string such as "0.05" or "1/20" (or the integer 0 or 1)
    read as a fraction — or k = min(count, n) for a count. The tier's chosen codes are
    choose(stream(seed, "targets|" + tier), n, k), appended to the result in the order drawn.
    Then, if officers_per_target = p > 0, for each drawn target in result order: the eligible
    officers are officers.tsv in file order less those excluded for that code, and the
    target's officers are choose(stream(seed, "officers|" + code), len(eligible), p), in the
    order drawn; fewer than p eligible officers is an error.
    Result (result.tsv): one line per drawn target, ``order<TAB>code<TAB>tier<TAB>ids\\n``,
    order counting from 1, ids the officer ids joined by "," (empty when p = 0).

The bundle (数据包), a zip
    plan.json       {"format": "fazhi-draw/1", "title", "params", "targets_sha256",
                    "officers_sha256", "exclusions_sha256", "seed_commitment",
                    "seed" ("" before the draw), "result_sha256" ("" before the draw)}
    targets.tsv, officers.tsv, exclusions.tsv, and result.tsv (after the draw).
    Verification: every file's SHA-256 equals plan.json's; the seed's SHA-256 equals the
    commitment; re-running the draw gives result.tsv byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import itertools
import json
import math
import operator
import re
import secrets
import sys
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

FORMAT = "fazhi-draw/1"
SPAN = 2**64
SEED_RE = re.compile(r"[0-9a-f]{64}")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])  # all but tab and \n
PARAM_KEYS = frozenset({"ratios", "counts", "officers_per_target"})
MAX_LINE_PROBLEMS = 50

PLAN = "plan.json"
TARGETS = "targets.tsv"
OFFICERS = "officers.tsv"
EXCLUSIONS = "exclusions.tsv"
RESULT = "result.tsv"
LISTS = (  # file, plan.json key, Chinese name
    (TARGETS, "targets_sha256", "检查对象名录"),
    (OFFICERS, "officers_sha256", "执法人员名录"),
    (EXCLUSIONS, "exclusions_sha256", "回避名单"),
)
PLAN_FIELDS = (
    "format",
    "title",
    "params",
    "targets_sha256",
    "officers_sha256",
    "exclusions_sha256",
    "seed_commitment",
    "seed",
    "result_sha256",
)


class DrawError(ValueError):
    """Invalid input to the draw; the message is in Chinese, for the user."""


# --- seed, commitment, digests ------------------------------------------------------------


def new_seed() -> str:
    """32 random bytes from the operating system, as 64 lowercase hex characters."""
    return secrets.token_hex(32)


def check_seed(seed: object) -> str:
    if not isinstance(seed, str) or not SEED_RE.fullmatch(seed):
        raise DrawError("随机种子应为 64 位小写十六进制字符（0-9、a-f）")
    return seed


def commit(seed: str) -> str:
    """The published commitment: SHA-256 hex of the seed's ASCII text."""
    return hashlib.sha256(check_seed(seed).encode("ascii")).hexdigest()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- deterministic uniform choice ---------------------------------------------------------


def stream(seed: str, label: str) -> Iterator[int]:
    """x_i = first 8 bytes (big-endian) of SHA-256("{seed}|{label}|{i}"), i = 0, 1, 2, …"""
    prefix = f"{seed}|{label}|"
    for i in itertools.count():
        block = hashlib.sha256(f"{prefix}{i}".encode()).digest()
        yield int.from_bytes(block[:8], "big")


def uniform(source: Iterator[int], m: int) -> int:
    """An integer in [0, m), exactly uniform, by rejection sampling."""
    if m < 1:
        raise ValueError("m must be positive")
    limit = SPAN - SPAN % m
    x = next(source)
    while x >= limit:
        x = next(source)
    return x % m


def choose(source: Iterator[int], n: int, k: int) -> list[int]:
    """k distinct indices of range(n), in the order drawn (sparse partial Fisher–Yates)."""
    if not 0 <= k <= n:
        raise ValueError("need 0 <= k <= n")
    moved: dict[int, int] = {}  # position -> value, for positions that no longer hold themselves
    chosen = []
    for j in range(k):
        r = j + uniform(source, n - j)
        chosen.append(moved.get(r, r))  # swap a[j] and a[r]; a[j] is output and never read again
        moved[r] = moved.get(j, j)
    return chosen


# --- canonical files ----------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A parsed canonical file: its two columns, in file order."""

    first: list[str]
    second: list[str]

    def __len__(self) -> int:
        return len(self.first)

    def rows(self) -> Iterator[tuple[str, str]]:
        return zip(self.first, self.second, strict=True)


def parse_targets(data: bytes) -> Table:
    """targets.tsv → Table(codes, tiers)."""
    return _parse(data, "检查对象名录", ("代码", "层级"), by_line=False, comma_free=False)


def parse_officers(data: bytes) -> Table:
    """officers.tsv → Table(officer ids, groups)."""
    return _parse(data, "执法人员名录", ("人员编号", "所属单位"), by_line=False, comma_free=True)


def parse_exclusions(data: bytes) -> Table:
    """exclusions.tsv → Table(officer ids, codes)."""
    return _parse(data, "回避名单", ("人员编号", "代码"), by_line=True, comma_free=False)


def targets_bytes(rows: Iterable[tuple[str, str]]) -> bytes:
    """Canonical targets.tsv from (code, tier) pairs in any order."""
    return _build(rows, parse_targets)


def officers_bytes(rows: Iterable[tuple[str, object]]) -> bytes:
    """Canonical officers.tsv from (officer_id, group) pairs in any order."""
    return _build(rows, parse_officers)


def exclusions_bytes(rows: Iterable[tuple[str, str]]) -> bytes:
    """Canonical exclusions.tsv from (officer_id, code) pairs in any order."""
    return _build(rows, parse_exclusions)


def _build(rows: Iterable[tuple[object, object]], parse) -> bytes:
    # Sorting the lines sorts by (first, second): the tab sorts before every allowed character.
    lines = sorted([f"{a}\t{b}\n" for a, b in rows])
    data = "".join(lines).encode("utf-8")
    parse(data)  # the same rules as for a published file: fields, order, duplicates
    return data


def _parse(data: bytes, name: str, columns: tuple[str, str], *, by_line: bool, comma_free: bool):
    """Fast checks in C over the whole file; on any failure, a line-by-line pass names the line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DrawError(f"{name}第{line}行：不是有效的 UTF-8 文本") from None
    if not text:
        return Table([], [])
    lines = text.split("\n")
    tail = lines.pop()
    flat = text[:-1].replace("\n", "\t").split("\t")
    first, second = flat[0::2], flat[1::2]
    keys = lines if by_line else first
    if (
        tail
        or text[0] == "\ufeff"
        or len(data.translate(None, CONTROL_BYTES)) != len(data)  # ASCII is ASCII in UTF-8
        or text.count("\t") != len(lines)
        or not all(map(operator.contains, lines, itertools.repeat("\t")))
        or "" in flat
        or not all(map(operator.lt, keys, itertools.islice(keys, 1, None)))
        or (comma_free and any(map(operator.contains, first, itertools.repeat(","))))
    ):
        _raise_first_problem(text, name, columns, by_line=by_line, comma_free=comma_free)
    return Table(first, second)


def _raise_first_problem(text: str, name: str, columns, *, by_line: bool, comma_free: bool):
    if text[0] == "\ufeff":
        raise DrawError(f"{name}第1行：文件以 BOM 开头，应为不带 BOM 的 UTF-8")
    lines = text.split("\n")
    if lines[-1]:
        raise DrawError(f"{name}第{len(lines)}行：文件应以换行符结尾")
    order = "、".join(columns) if by_line else columns[0]
    previous = None
    for number, line in enumerate(lines[:-1], 1):
        where = f"{name}第{number}行："
        _check_line(line, where, columns, comma_free)
        key = line if by_line else line.split("\t")[0]
        if previous is not None and key == previous:
            raise DrawError(f"{where}与第{number - 1}行重复（{_show(key)}）")
        if previous is not None and key < previous:
            raise DrawError(
                f"{where}未按{order}排序：{_show(key)} 应排在第{number - 1}行的 "
                f"{_show(previous)} 之前"
            )
        previous = key
    raise DrawError(f"{name}格式错误")  # not reached: the fast checks and this pass agree


def _check_line(line: str, where: str, columns, comma_free: bool) -> None:
    if "\r" in line:
        raise DrawError(f"{where}含有回车符，应只用换行符（\\n）分行")
    if CONTROL_RE.search(line):
        raise DrawError(f"{where}含有控制字符")
    fields = line.split("\t")
    if len(fields) != 2:
        raise DrawError(f"{where}应为两列、以一个制表符分隔，实际为 {len(fields)} 列")
    for column, value in zip(columns, fields, strict=True):
        if not value:
            raise DrawError(f"{where}{column}为空")
    if comma_free and "," in fields[0]:
        raise DrawError(f"{where}{columns[0]}不得含有逗号（{_show(fields[0])}）")


def _show(value: str) -> str:
    return "「" + value.replace("\t", " | ") + "」"


# --- the draw -----------------------------------------------------------------------------


class Row(NamedTuple):
    """One drawn target: order (from 1), code, tier and officer ids in the order drawn."""

    order: int
    code: str
    tier: str
    officers: tuple[str, ...] = ()

    def line(self) -> str:
        return f"{self.order}\t{self.code}\t{self.tier}\t{','.join(self.officers)}\n"


@dataclass(frozen=True)
class Draw:
    rows: list[Row]
    data: bytes  # result.tsv
    digest: str  # its SHA-256


@dataclass(frozen=True)
class Params:
    quotas: dict[str, Fraction | int]  # tier -> ratio (Fraction) or count (int)
    officers_per_target: int


def read_params(params: object) -> Params:
    """Validate the params of plan.json; the quota of each tier is a Fraction or an int."""
    if not isinstance(params, dict):
        raise DrawError("抽取参数应为 JSON 对象")
    unknown = sorted(set(params) - PARAM_KEYS)
    if unknown:
        raise DrawError(f"抽取参数中有无法识别的项：{'、'.join(map(str, unknown))}")
    ratios = _mapping(params.get("ratios", {}), "ratios（抽查比例）")
    counts = _mapping(params.get("counts", {}), "counts（抽取数量）")
    both = sorted(set(ratios) & set(counts))
    if both:
        raise DrawError(f"层级 {'、'.join(both)} 同时规定了抽查比例和抽取数量，只能规定其一")
    quotas: dict[str, Fraction | int] = {t: _ratio(t, v) for t, v in ratios.items()}
    quotas.update({t: _count(f"层级 {t} 的抽取数量", v) for t, v in counts.items()})
    per_target = _count(
        "每个检查对象的执法人员数（officers_per_target）", params.get("officers_per_target", 0)
    )
    return Params(quotas, per_target)


def _mapping(value: object, what: str) -> dict:
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        raise DrawError(f"抽取参数 {what} 应为以层级为键的 JSON 对象")
    return value


def _ratio(tier: str, value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DrawError(f'层级 {tier} 的抽查比例应写成字符串，如 "0.05" 或 "1/20"')
    try:
        ratio = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise DrawError(f"层级 {tier} 的抽查比例无法识别：{value}") from None
    if not 0 <= ratio <= 1:
        raise DrawError(f"层级 {tier} 的抽查比例应在 0 到 1 之间，实际为 {value}")
    return ratio


def _count(what: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DrawError(f"{what}应为非负整数，实际为 {value!r}")
    return value


def quota(n: int, rule: Fraction | int) -> int:
    """How many of a tier's n codes are drawn: ceil(n × ratio) exactly, or min(count, n)."""
    if isinstance(rule, Fraction):
        return math.ceil(n * rule)
    return min(rule, n)


def draw(targets: bytes, officers: bytes, exclusions: bytes, params: dict, seed: str) -> Draw:
    """Run the draw on the canonical files' bytes; raises DrawError on invalid input."""
    check_seed(seed)
    rules = read_params(params)
    pool = parse_targets(targets)
    staff = parse_officers(officers)
    conflicts = parse_exclusions(exclusions)
    drawn = draw_targets(pool, rules.quotas, seed)
    rows = assign_officers(drawn, staff, conflicts, rules.officers_per_target, seed)
    data = result_bytes(rows)
    return Draw(rows, data, digest(data))


def draw_targets(pool: Table, quotas: dict, seed: str) -> list[tuple[str, str]]:
    """(code, tier) of the drawn targets: tiers in sorted order, each in the order drawn."""
    by_tier: dict[str, list[str]] = {tier: [] for tier in quotas}
    for code, tier in pool.rows():
        codes = by_tier.get(tier)
        if codes is not None:
            codes.append(code)
    drawn = []
    for tier in sorted(quotas):
        codes = by_tier[tier]
        k = quota(len(codes), quotas[tier])
        drawn += [(codes[i], tier) for i in choose(stream(seed, f"targets|{tier}"), len(codes), k)]
    return drawn


def assign_officers(
    drawn: list[tuple[str, str]], staff: Table, conflicts: Table, per_target: int, seed: str
) -> list[Row]:
    """Rows of the result: per_target distinct eligible officers for each drawn target."""
    if not per_target:
        return [Row(order, code, tier) for order, (code, tier) in enumerate(drawn, 1)]
    excluded: dict[str, set[str]] = {}
    for officer, code in conflicts.rows():
        excluded.setdefault(code, set()).add(officer)
    rows = []
    for order, (code, tier) in enumerate(drawn, 1):
        barred = excluded.get(code, ())
        eligible = [o for o in staff.first if o not in barred] if barred else staff.first
        if len(eligible) < per_target:
            raise DrawError(
                f"检查对象 {code} 可选执法人员只有 {len(eligible)} 名（已除去回避人员），"
                f"少于每个检查对象所需的 {per_target} 名"
            )
        picked = choose(stream(seed, f"officers|{code}"), len(eligible), per_target)
        rows.append(Row(order, code, tier, tuple(eligible[i] for i in picked)))
    return rows


def result_bytes(rows: Iterable[Row]) -> bytes:
    return "".join(row.line() for row in rows).encode("utf-8")


# --- the bundle ---------------------------------------------------------------------------


def bundle_bytes(
    *,
    title: str,
    params: dict,
    targets: bytes,
    officers: bytes,
    exclusions: bytes,
    seed_commitment: str,
    seed: str = "",
    result: bytes | None = None,
) -> bytes:
    """The published zip: before the draw (no seed, no result) or after it (both)."""
    read_params(params)
    if bool(seed) != (result is not None):
        raise DrawError("种子与抽取结果须同时公布（抽取前两者都不公布）")
    if seed and commit(seed) != seed_commitment:
        raise DrawError("随机种子与事先公布的承诺值不符")
    plan = {
        "format": FORMAT,
        "title": title,
        "params": params,
        "targets_sha256": digest(targets),
        "officers_sha256": digest(officers),
        "exclusions_sha256": digest(exclusions),
        "seed_commitment": seed_commitment,
        "seed": seed,
        "result_sha256": digest(result) if result is not None else "",
    }
    files = {PLAN: plan_bytes(plan), TARGETS: targets, OFFICERS: officers, EXCLUSIONS: exclusions}
    if result is not None:
        files[RESULT] = result
    return zip_bytes(files)


def plan_bytes(plan: dict) -> bytes:
    return (json.dumps(plan, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A deterministic zip: sorted names, fixed timestamps and attributes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    plan: dict = field(default_factory=dict)
    drawn: bool = False  # the seed and the result are published

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_bundle(data: bytes) -> Report:
    """Check a published bundle; every discrepancy is listed in report.problems (Chinese)."""
    report = Report()
    files = _open_bundle(data, report)
    plan = _read_plan(files, report) if files is not None else None
    if plan is None:
        return report
    report.plan = plan
    tables = _check_lists(plan, files, report)
    seed = _check_seed(plan, files, report)
    if seed:
        report.drawn = True
        _check_result(plan, files, tables, seed, report)
    return report


def _open_bundle(data: bytes, report: Report) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            wanted = {PLAN, RESULT, *(name for name, _, _ in LISTS)}
            repeated = sorted({n for n in names if n in wanted and names.count(n) > 1})
            report.problems += [f"数据包中 {name} 出现不止一次" for name in repeated]
            return {name: archive.read(name) for name in set(names) & wanted}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError):
        report.problems.append("数据包不是有效的 zip 文件，或已损坏")
    except Exception as exc:  # zlib.error and the like, from a damaged member
        report.problems.append(f"数据包无法读取（{type(exc).__name__}）")
    return None


def _read_plan(files: dict[str, bytes], report: Report) -> dict | None:
    if PLAN not in files:
        report.problems.append("数据包缺少 plan.json（抽取方案）")
        return None
    try:
        plan = json.loads(files[PLAN].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        report.problems.append("plan.json 不是有效的 UTF-8 JSON")
        return None
    if not isinstance(plan, dict):
        report.problems.append("plan.json 应为 JSON 对象")
        return None
    missing = [key for key in PLAN_FIELDS if key not in plan]
    if missing:
        report.problems.append(f"plan.json 缺少字段：{'、'.join(missing)}")
        return None
    if plan["format"] != FORMAT:
        report.problems.append(f"plan.json 的格式为 {plan['format']!r}，本工具只核验 {FORMAT}")
        return None
    return plan


def _check_lists(plan: dict, files: dict[str, bytes], report: Report) -> dict[str, Table] | None:
    """Each list's digest against plan.json, then its format. None if any cannot be used."""
    tables = {}
    parsers = {TARGETS: parse_targets, OFFICERS: parse_officers, EXCLUSIONS: parse_exclusions}
    for name, key, label in LISTS:
        if name not in files:
            report.problems.append(f"数据包缺少 {name}（{label}）")
            continue
        actual = digest(files[name])
        if actual != plan[key]:
            report.problems.append(
                f"{label}（{name}）的 SHA-256 与公布值不符：公布 {plan[key]}，实际 {actual}"
                "——名录被改动"
            )
        try:
            tables[name] = parsers[name](files[name])
        except DrawError as exc:
            report.problems.append(f"{name} 格式错误：{exc}")
    return tables if len(tables) == len(LISTS) else None


def _check_seed(plan: dict, files: dict[str, bytes], report: Report) -> str:
    """The seed if it is published and well formed, else ""."""
    seed = plan["seed"]
    if seed == "":
        if RESULT in files or plan["result_sha256"]:
            report.problems.append("数据包含有抽取结果，但没有公布随机种子")
        return ""
    try:
        actual = commit(seed)
    except DrawError as exc:
        report.problems.append(f"plan.json 中的{exc}")
        return ""
    if actual != plan["seed_commitment"]:
        report.problems.append(
            f"随机种子与事先公布的承诺值不符：承诺 {plan['seed_commitment']}，"
            f"种子的 SHA-256 为 {actual}"
        )
    return seed


def _check_result(plan: dict, files, tables: dict[str, Table] | None, seed: str, report: Report):
    published = files.get(RESULT)
    if published is None:
        report.problems.append(f"数据包缺少 {RESULT}（抽取结果）")
    elif digest(published) != plan["result_sha256"]:
        report.problems.append(
            f"抽取结果（{RESULT}）的 SHA-256 与公布值不符：公布 {plan['result_sha256']}，"
            f"实际 {digest(published)}"
        )
    if tables is None:
        return
    try:
        rules = read_params(plan["params"])
        drawn = draw_targets(tables[TARGETS], rules.quotas, seed)
        rows = assign_officers(
            drawn, tables[OFFICERS], tables[EXCLUSIONS], rules.officers_per_target, seed
        )
    except DrawError as exc:
        report.problems.append(f"无法重新抽取：{exc}")
        return
    report.rows = rows
    if published is not None:
        report.problems += compare_results(published, result_bytes(rows))


def compare_results(published: bytes, redrawn: bytes) -> list[str]:
    """Line-level differences between the published result and the re-drawn one."""
    if published == redrawn:
        return []
    theirs = published.decode("utf-8", errors="replace").split("\n")
    ours = redrawn.decode("utf-8").split("\n")
    problems = []
    if len(theirs) != len(ours):
        problems.append(f"公布结果有 {len(theirs) - 1} 行，重新抽取得到 {len(ours) - 1} 行")
    pairs = itertools.zip_longest(theirs, ours)
    differing = [(n, a, b) for n, (a, b) in enumerate(pairs, 1) if a != b]
    for number, theirs_line, ours_line in differing[:MAX_LINE_PROBLEMS]:
        problems.append(
            f"第{number}行：公布结果为 {_line(theirs_line)}，重新抽取为 {_line(ours_line)}"
        )
    if len(differing) > MAX_LINE_PROBLEMS:
        problems.append(f"另有 {len(differing) - MAX_LINE_PROBLEMS} 行不一致，未逐行列出")
    if not differing:  # same lines, different bytes: a missing final newline and the like
        problems.append("公布结果与重新抽取的结果在行尾或换行符上不一致")
    return problems


def _line(line: str | None) -> str:
    return "（无此行）" if not line else _show(line)


# --- command line -------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="fazhi 随机抽取的核验（fazhi-draw/1）")
    sub = parser.add_subparsers(dest="command", required=True)
    verify = sub.add_parser("verify", help="核验公布的数据包（zip）能否复现抽取结果")
    verify.add_argument("path", help="数据包.zip")
    commitment = sub.add_parser("commit", help="计算随机种子的承诺值（SHA-256）")
    commitment.add_argument("seed", help="64 位小写十六进制随机种子")
    args = parser.parse_args(argv)
    for output in (sys.stdout, sys.stderr):
        if hasattr(output, "reconfigure"):  # a console that cannot show Chinese
            output.reconfigure(errors="backslashreplace")
    if args.command == "commit":
        return _commit_command(args.seed)
    return _verify_command(args.path)


def _commit_command(seed: str) -> int:
    try:
        print(commit(seed))
    except DrawError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    return 0


def _verify_command(path: str) -> int:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        print(f"错误：无法读取数据包 {path}：{exc.strerror or exc}", file=sys.stderr)
        return 2
    report = verify_bundle(data)
    for line in _summary(report):
        print(line)
    if report.problems:
        print(f"发现 {len(report.problems)} 处问题：")
        for number, problem in enumerate(report.problems, 1):
            print(f"  {number}. {problem}")
        print("结论：核验未通过")
        return 1
    if report.drawn:
        print("结论：抽取可复现——名录、随机种子与抽取结果均与公布值一致")
    else:
        print("结论：名录与公布值一致；抽取尚未进行（种子尚未公布），抽取后请再次核验")
    return 0


def _summary(report: Report) -> list[str]:
    plan = report.plan
    if not plan:
        return []
    lines = [f"抽取事项：{plan.get('title', '')}", f"种子承诺：{plan.get('seed_commitment', '')}"]
    if plan.get("seed"):
        lines.append(f"随机种子：{plan['seed']}")
    if report.rows:
        lines.append(f"重新抽取：{len(report.rows)} 个检查对象")
    return lines


if __name__ == "__main__":
    sys.exit(main())
