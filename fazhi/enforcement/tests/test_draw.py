"""The verifiable random draw (fazhi/enforcement/draw.py, served as fazhi_draw.py).

No database: draw.py is standard library only.
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import math
import os
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from fazhi.enforcement import draw as d

SEED = "0123456789abcdef" * 4
OTHER_SEED = "fedcba9876543210" * 4
DRAW_PY = Path(d.__file__)


def seeds(count: int) -> list[str]:
    """Fixed, well-spread seeds, so statistical tests cannot flake."""
    return [hashlib.sha256(f"test-seed-{i}".encode()).hexdigest() for i in range(count)]


# --- an independent reference implementation of the published scheme ----------------------


def ref_uniform(seed: str, label: str, m: int, counter: list[int]) -> int:
    while True:
        block = hashlib.sha256(f"{seed}|{label}|{counter[0]}".encode()).digest()
        counter[0] += 1
        x = int.from_bytes(block[:8], "big")
        if x < 2**64 - 2**64 % m:
            return x % m


def ref_choose(seed: str, label: str, items: list[str], k: int) -> list[str]:
    array, counter = list(items), [0]
    for j in range(k):
        r = j + ref_uniform(seed, label, len(array) - j, counter)
        array[j], array[r] = array[r], array[j]
    return array[:k]


def ref_draw(targets, officers, exclusions, ratios, per_target, seed) -> bytes:
    lines = []
    for tier in sorted(ratios):
        codes = [code for code, t in sorted(targets) if t == tier]
        k = math.ceil(len(codes) * Fraction(ratios[tier]))
        for code in ref_choose(seed, f"targets|{tier}", codes, k):
            eligible = [o for o, _ in sorted(officers) if (o, code) not in exclusions]
            picked = ref_choose(seed, f"officers|{code}", eligible, per_target)
            lines.append(f"{len(lines) + 1}\t{code}\t{tier}\t{','.join(picked)}\n")
    return "".join(lines).encode()


# --- fixtures ------------------------------------------------------------------------------

TARGETS = [(f"9133{i:014d}", "ABCD"[i % 4]) for i in range(40)]
OFFICERS = [(f"ZF{i:03d}", str(1 + i % 3)) for i in range(8)]
EXCLUSIONS = [("ZF000", TARGETS[0][0]), ("ZF001", TARGETS[0][0]), ("ZF002", TARGETS[5][0])]
PARAMS = {
    "ratios": {"A": "0.2", "B": "1/3", "C": "1"},
    "counts": {"D": 2},
    "officers_per_target": 2,
}


def files():
    return (
        d.targets_bytes(TARGETS),
        d.officers_bytes(OFFICERS),
        d.exclusions_bytes(EXCLUSIONS),
    )


def run(params=PARAMS, seed=SEED):
    return d.draw(*files(), params, seed)


def make_bundle(seed=SEED, drawn=True) -> bytes:
    targets, officers, exclusions = files()
    result = d.draw(targets, officers, exclusions, PARAMS, seed).data if drawn else None
    return d.bundle_bytes(
        title="2026年第一季度市场监管双随机抽查",
        params=PARAMS,
        targets=targets,
        officers=officers,
        exclusions=exclusions,
        seed_commitment=d.commit(seed),
        seed=seed if drawn else "",
        result=result,
    )


def tamper(bundle: bytes, replace: dict | None = None, plan: dict | None = None) -> bytes:
    """The bundle with some files replaced (None: removed) and plan.json fields changed."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    document = json.loads(contents["plan.json"])
    document.update(plan or {})
    contents["plan.json"] = json.dumps(document, ensure_ascii=False).encode()
    for name, data in (replace or {}).items():
        if data is None:
            contents.pop(name, None)
        else:
            contents[name] = data
    return d.zip_bytes(contents)


def member(bundle: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        return archive.read(name)


def joined(report) -> str:
    return "\n".join(report.problems)


# --- seed, commitment, stream --------------------------------------------------------------


def test_new_seed_is_64_lowercase_hex_and_fresh():
    first, second = d.new_seed(), d.new_seed()
    assert d.SEED_RE.fullmatch(first) and first != second


def test_commitment_is_sha256_of_the_ascii_seed():
    # echo -n 000…0 | sha256sum
    expected = "60e05bd1b195af2f94112fa7197a5c88289058840ce7c6df9693756bc6250f55"
    assert d.commit("0" * 64) == expected
    assert d.commit(SEED) == hashlib.sha256(SEED.encode()).hexdigest()


@pytest.mark.parametrize("seed", ["", "0" * 63, "A" * 64, "g" * 64, "0" * 65, 123])
def test_malformed_seed_is_refused(seed):
    with pytest.raises(d.DrawError, match="64 位小写十六进制"):
        d.commit(seed)


def test_stream_known_answer():
    values = d.stream(SEED, "targets|A")
    for i in range(3):
        block = hashlib.sha256(f"{SEED}|targets|A|{i}".encode()).digest()
        assert next(values) == int.from_bytes(block[:8], "big")


def test_uniform_rejects_the_biased_tail():
    # 2**64 % 3 == 1, so the limit is 2**64 - 1 and 2**64 - 1 itself is redrawn.
    assert d.uniform(iter([2**64 - 1, 5]), 3) == 2
    assert d.uniform(iter([2**64 - 2, 5]), 3) == (2**64 - 2) % 3
    assert d.uniform(iter([2**64 - 1]), 1) == 0  # m = 1: nothing is ever rejected


def test_choose_is_a_partial_fisher_yates():
    for n, k in [(1, 1), (5, 0), (5, 5), (10, 3), (1000, 7), (10**9, 4)]:
        ours = d.choose(d.stream(SEED, "x"), n, k)
        if n <= 1000:
            reference = ref_choose(SEED, "x", list(range(n)), k)
            assert ours == reference
        assert len(set(ours)) == k and all(0 <= i < n for i in ours)


# --- the draw ------------------------------------------------------------------------------


def test_known_answer():
    targets = d.targets_bytes([("C1", "A"), ("C2", "A"), ("C3", "A"), ("C4", "B"), ("C5", "B")])
    officers = d.officers_bytes([("01", 1), ("02", 1), ("03", 2)])
    exclusions = d.exclusions_bytes([("01", "C2")])
    params = {"ratios": {"A": "1/2"}, "counts": {"B": 1}, "officers_per_target": 2}
    result = d.draw(targets, officers, exclusions, params, SEED)
    assert result.data == b"1\tC2\tA\t03,02\n2\tC3\tA\t03,02\n3\tC5\tB\t03,02\n"
    assert result.digest == hashlib.sha256(result.data).hexdigest()
    assert result.rows[0] == d.Row(1, "C2", "A", ("03", "02"))
    # The first index of tier A by hand: the first 8 bytes of sha256(seed|targets|A|0), mod 3.
    x = int.from_bytes(hashlib.sha256(f"{SEED}|targets|A|0".encode()).digest()[:8], "big")
    assert x < 2**64 - 2**64 % 3
    assert ["C1", "C2", "C3"][x % 3] == "C2"


def test_matches_the_reference_implementation():
    ratios = {"A": "0.2", "B": "1/3", "C": "1", "D": "0.07"}
    params = {"ratios": ratios, "officers_per_target": 3}
    for seed in seeds(20):
        expected = ref_draw(TARGETS, OFFICERS, set(EXCLUSIONS), ratios, 3, seed)
        assert run(params, seed).data == expected


def test_same_inputs_same_result_other_seed_other_result():
    assert run() == run()
    assert run().data != run(seed=OTHER_SEED).data


def test_result_format():
    result = run()
    lines = result.data.decode().splitlines()
    assert [line.split("\t")[0] for line in lines] == [str(i) for i in range(1, len(lines) + 1)]
    assert [row.tier for row in result.rows] == sorted(row.tier for row in result.rows)
    assert all(len(row.officers) == 2 for row in result.rows)
    assert d.result_bytes(result.rows) == result.data


@pytest.mark.parametrize(
    ("n", "ratio", "k"),
    [(100, "0.07", 7), (101, "0.07", 8), (20, "0.05", 1), (21, "0.05", 2), (3, "1/3", 1)],
)
def test_k_is_the_exact_ceiling(n, ratio, k):
    # 100 × 0.07 is 7.000000000000001 in floating point: the ratio must be exact.
    targets = d.targets_bytes((f"C{i:04d}", "A") for i in range(n))
    result = d.draw(targets, b"", b"", {"ratios": {"A": ratio}}, SEED)
    assert len(result.rows) == k


def test_k_per_tier_over_many_sizes():
    for n in range(0, 45, 4):
        pool = [(f"C{i:04d}", "AB"[i % 2]) for i in range(n)]
        result = d.draw(d.targets_bytes(pool), b"", b"", {"ratios": {"A": "0.3"}}, SEED)
        in_a = sum(1 for _, tier in pool if tier == "A")
        assert len(result.rows) == math.ceil(Fraction(in_a) * Fraction("0.3"))
        assert {row.tier for row in result.rows} <= {"A"}


def test_ratio_one_draws_all_and_zero_none():
    result = run({"ratios": {"A": "1", "B": "0", "C": 0}})
    assert sorted(row.code for row in result.rows) == sorted(c for c, t in TARGETS if t == "A")


def test_counts():
    result = run({"counts": {"A": 3, "B": 100, "C": 0}})
    assert Counter(row.tier for row in result.rows) == {"A": 3, "B": 10}


def test_tiers_without_a_rule_or_without_targets():
    result = run({"ratios": {"A": "1", "Z": "1"}, "counts": {"Y": 5}})
    assert {row.tier for row in result.rows} == {"A"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"ratios": {"A": "1.5"}}, "0 到 1"),
        ({"ratios": {"A": "-0.1"}}, "0 到 1"),
        ({"ratios": {"A": "abc"}}, "无法识别"),
        ({"ratios": {"A": "1/0"}}, "无法识别"),
        ({"ratios": {"A": 0.05}}, "字符串"),
        ({"counts": {"A": -1}}, "非负整数"),
        ({"counts": {"A": "3"}}, "非负整数"),
        ({"ratios": {"A": "0.1"}, "counts": {"A": 3}}, "只能规定其一"),
        ({"officers_per_target": -2}, "非负整数"),
        ({"groups_per_target": True}, "无法识别的项"),
        ({"ratios": ["A"]}, "JSON 对象"),
        ([], "JSON 对象"),
    ],
)
def test_invalid_params(params, message):
    with pytest.raises(d.DrawError, match=message):
        run(params)


def test_uniformity():
    n, k, trials = 6, 2, 3000
    chosen, first = Counter(), Counter()
    for seed in seeds(trials):
        picked = d.choose(d.stream(seed, "targets|A"), n, k)
        chosen.update(picked)
        first[picked[0]] += 1
    # Expected 1000 (sd ≈ 26) and 500 (sd ≈ 20) per index.
    assert all(850 < chosen[i] < 1150 for i in range(n)), chosen
    assert all(400 < first[i] < 600 for i in range(n)), first


def test_every_subset_is_possible_through_draw():
    targets = d.targets_bytes((f"C{i}", "A") for i in range(4))
    subsets = Counter()
    for seed in seeds(600):
        result = d.draw(targets, b"", b"", {"ratios": {"A": "1/2"}}, seed)
        subsets[frozenset(row.code for row in result.rows)] += 1
    assert len(subsets) == 6 and all(60 < count < 140 for count in subsets.values()), subsets


# --- officers and exclusions ---------------------------------------------------------------


def test_exclusions_are_respected():
    officers = d.officers_bytes([("A1", 1), ("A2", 1), ("A3", 2), ("A4", 2)])
    targets = d.targets_bytes([("X", "A"), ("Y", "A")])
    exclusions = d.exclusions_bytes([("A1", "X"), ("A3", "X")])
    params = {"ratios": {"A": "1"}, "officers_per_target": 2}
    seen_on_y = set()
    for seed in seeds(50):
        rows = {row.code: row for row in d.draw(targets, officers, exclusions, params, seed).rows}
        assert sorted(rows["X"].officers) == ["A2", "A4"]
        seen_on_y.update(rows["Y"].officers)
    assert seen_on_y == {"A1", "A2", "A3", "A4"}


def test_too_few_eligible_officers_names_the_code():
    officers = d.officers_bytes([("A1", 1), ("A2", 1), ("A3", 2)])
    targets = d.targets_bytes([("91330000MA0001", "A")])
    exclusions = d.exclusions_bytes([("A1", "91330000MA0001"), ("A3", "91330000MA0001")])
    params = {"ratios": {"A": "1"}, "officers_per_target": 2}
    with pytest.raises(d.DrawError, match=r"91330000MA0001 可选执法人员只有 1 名"):
        d.draw(targets, officers, exclusions, params, SEED)


def test_no_officers_requested():
    result = run({"ratios": {"A": "1"}})
    assert all(row.officers == () for row in result.rows)
    assert result.data.splitlines()[0].endswith(b"\tA\t")


# --- canonical files -----------------------------------------------------------------------


def test_builders_sort_and_round_trip():
    data = d.targets_bytes([("B2", "A"), ("A1", "C"), ("B10", "B")])
    assert data == b"A1\tC\nB10\tB\nB2\tA\n"
    table = d.parse_targets(data)
    assert list(table.rows()) == [("A1", "C"), ("B10", "B"), ("B2", "A")]
    assert d.exclusions_bytes([("2", "X"), ("10", "Y"), ("1", "Z")]) == b"1\tZ\n10\tY\n2\tX\n"
    assert d.officers_bytes([("07", 12)]) == b"07\t12\n"
    assert len(d.parse_targets(b"")) == 0


def test_builder_refuses_duplicates():
    with pytest.raises(d.DrawError, match="第2行：与第1行重复"):
        d.targets_bytes([("A1", "A"), ("A1", "B")])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"A1\tA\nA3\tB\nA2\tC\n", "第3行：未按代码排序"),
        (b"A1\tA\nA1\tA\n", "第2行：与第1行重复"),
        (b"A1\tA\nA2\tB\tX\n", "第2行：应为两列.*实际为 3 列"),
        (b"A1\tA\nA2 B\n", "第2行：应为两列.*实际为 1 列"),
        (b"A1\tA\n\tB\n", "第2行：代码为空"),
        (b"A1\t\n", "第1行：层级为空"),
        (b"A1\tA\n\n", "第2行：应为两列"),
        (b"A1\tA\nA2\tB", "第2行：文件应以换行符结尾"),
        (b"A1\tA\r\nA2\tB\r\n", "第1行：含有回车符"),
        (b"A1\tA\nA2\x07\tB\n", "第2行：含有控制字符"),
        (b"A1\tA\nA2\t\xff\n", "第2行：不是有效的 UTF-8"),
        ("\ufeffA1\tA\n".encode(), "第1行：文件以 BOM 开头"),
    ],
)
def test_malformed_targets(data, message):
    with pytest.raises(d.DrawError, match=f"检查对象名录{message}"):
        d.parse_targets(data)


def test_malformed_officers_and_exclusions():
    with pytest.raises(d.DrawError, match="执法人员名录第1行：人员编号不得含有逗号"):
        d.parse_officers(b"A,1\t1\n")
    with pytest.raises(d.DrawError, match="回避名单第2行：未按人员编号、代码排序"):
        d.parse_exclusions(b"A2\tX\nA1\tY\n")
    assert len(d.parse_exclusions(b"A1\tX\nA1\tY\nA2\tX\n")) == 3  # the same officer twice


def test_large_file_round_trip():
    pool = [(f"{i:018d}", "ABCD"[i % 4]) for i in range(100_000)]
    table = d.parse_targets(d.targets_bytes(pool))
    assert table.first[:2] == ["000000000000000000", "000000000000000001"]
    assert len(table) == 100_000


# --- the bundle ----------------------------------------------------------------------------


def test_bundle_is_deterministic_and_complete():
    bundle = make_bundle()
    assert bundle == make_bundle()
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        assert archive.namelist() == sorted(archive.namelist())
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    plan = json.loads(member(bundle, "plan.json"))
    assert plan["format"] == "fazhi-draw/1"
    assert plan["seed_commitment"] == d.commit(SEED) and plan["seed"] == SEED
    assert plan["targets_sha256"] == hashlib.sha256(member(bundle, "targets.tsv")).hexdigest()
    assert plan["result_sha256"] == hashlib.sha256(member(bundle, "result.tsv")).hexdigest()


def test_bundle_refuses_inconsistent_input():
    targets, officers, exclusions = files()
    common = dict(title="t", params=PARAMS, targets=targets, officers=officers)
    with pytest.raises(d.DrawError, match="承诺值不符"):
        d.bundle_bytes(
            **common,
            exclusions=exclusions,
            seed_commitment=d.commit(OTHER_SEED),
            seed=SEED,
            result=b"",
        )
    with pytest.raises(d.DrawError, match="同时公布"):
        d.bundle_bytes(**common, exclusions=exclusions, seed_commitment=d.commit(SEED), seed=SEED)


def test_verify_intact_bundle():
    report = d.verify_bundle(make_bundle())
    assert report.ok and report.drawn and report.problems == []
    assert report.rows == run().rows


def test_verify_bundle_before_the_draw():
    report = d.verify_bundle(make_bundle(drawn=False))
    assert report.ok and not report.drawn and report.rows == []


def test_verify_reports_a_removed_target():
    bundle = make_bundle()
    lines = member(bundle, "targets.tsv").splitlines(keepends=True)
    report = d.verify_bundle(tamper(bundle, {"targets.tsv": b"".join(lines[:3] + lines[4:])}))
    assert not report.ok
    assert "检查对象名录（targets.tsv）的 SHA-256 与公布值不符" in joined(report)
    assert "名录被改动" in joined(report)


def test_verify_reports_a_changed_tier():
    bundle = make_bundle()
    changed = member(bundle, "targets.tsv").replace(b"\tA\n", b"\tB\n", 1)
    report = d.verify_bundle(tamper(bundle, {"targets.tsv": changed}))
    assert "名录被改动" in joined(report)


def test_verify_reports_a_changed_exclusion_list():
    bundle = make_bundle()
    report = d.verify_bundle(tamper(bundle, {"exclusions.tsv": b""}))
    assert "回避名单（exclusions.tsv）的 SHA-256 与公布值不符" in joined(report)


def test_verify_reports_a_seed_that_does_not_match_the_commitment():
    report = d.verify_bundle(tamper(make_bundle(), plan={"seed": OTHER_SEED}))
    assert not report.ok
    assert f"随机种子与事先公布的承诺值不符：承诺 {d.commit(SEED)}" in joined(report)


def test_verify_reports_a_changed_result_line_by_line():
    bundle = make_bundle()
    lines = member(bundle, "result.tsv").decode().splitlines(keepends=True)
    original = lines[1]
    lines[1] = original.rsplit("\t", 1)[0] + "\tZF999,ZF998\n"
    result = "".join(lines).encode()
    # Consistently tampered: the digest in plan.json is updated too.
    report = d.verify_bundle(
        tamper(bundle, {"result.tsv": result}, {"result_sha256": d.digest(result)})
    )
    assert report.problems == [
        f"第2行：公布结果为 {d._show(lines[1][:-1])}，重新抽取为 {d._show(original[:-1])}"
    ]
    # Only the file changed: the digest is reported too.
    report = d.verify_bundle(tamper(bundle, {"result.tsv": result}))
    assert "抽取结果（result.tsv）的 SHA-256 与公布值不符" in joined(report)
    assert "第2行：公布结果为" in joined(report)


def test_verify_reports_a_shortened_result():
    bundle = make_bundle()
    result = b"".join(member(bundle, "result.tsv").splitlines(keepends=True)[:-1])
    report = d.verify_bundle(
        tamper(bundle, {"result.tsv": result}, {"result_sha256": d.digest(result)})
    )
    count = len(run().rows)
    assert f"公布结果有 {count - 1} 行，重新抽取得到 {count} 行" in joined(report)
    assert f"第{count}行：公布结果为 （无此行）" in joined(report)


def test_verify_reports_a_missing_result_and_a_result_without_seed():
    bundle = make_bundle()
    assert "缺少 result.tsv" in joined(d.verify_bundle(tamper(bundle, {"result.tsv": None})))
    report = d.verify_bundle(tamper(bundle, plan={"seed": ""}))
    assert "没有公布随机种子" in joined(report)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("targets.tsv", b"B\tA\nA\tA\n", "targets.tsv 格式错误：检查对象名录第2行：未按代码排序"),
        ("targets.tsv", b"A\tA\nA\tB\n", "targets.tsv 格式错误：检查对象名录第2行：与第1行重复"),
        ("targets.tsv", b"A\tA\tX\n", "检查对象名录第1行：应为两列"),
        ("officers.tsv", b"\xff\xfe\t1\n", "执法人员名录第1行：不是有效的 UTF-8"),
        ("exclusions.tsv", b"A\tX\nA\tX\n", "回避名单第2行：与第1行重复"),
    ],
)
def test_verify_reports_malformed_lists(name, data, message):
    # The digest in plan.json matches the malformed file: only the format is wrong.
    key = name.replace(".tsv", "_sha256")
    report = d.verify_bundle(tamper(make_bundle(), {name: data}, {key: d.digest(data)}))
    assert not report.ok and message in joined(report)


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda bundle: b"not a zip at all", "不是有效的 zip 文件"),
        (lambda bundle: b"", "不是有效的 zip 文件"),
        (lambda bundle: bundle[: len(bundle) // 2], "不是有效的 zip 文件"),
        (lambda bundle: tamper(bundle, {"plan.json": None}), "缺少 plan.json"),
        (lambda bundle: tamper(bundle, {"plan.json": b"{oops"}), "plan.json 不是有效的"),
        (lambda bundle: tamper(bundle, {"plan.json": b"[]"}), "plan.json 应为 JSON 对象"),
        (lambda bundle: tamper(bundle, {"plan.json": b"{}"}), "plan.json 缺少字段"),
        (lambda bundle: tamper(bundle, plan={"format": "other/2"}), "只核验 fazhi-draw/1"),
        (lambda bundle: tamper(bundle, plan={"seed": "xyz"}), "64 位小写十六进制"),
        (lambda bundle: tamper(bundle, plan={"seed": None}), "64 位小写十六进制"),
        (lambda bundle: tamper(bundle, plan={"params": {"ratios": 1}}), "无法重新抽取"),
        (lambda bundle: tamper(bundle, {"officers.tsv": None}), "缺少 officers.tsv"),
    ],
)
def test_verify_reports_a_malformed_bundle(mangle, message):
    report = d.verify_bundle(mangle(make_bundle()))
    assert not report.ok and message in joined(report), report.problems


def test_verify_reports_a_damaged_member():
    bundle = bytearray(make_bundle())
    start = bundle.index(b"targets.tsv") + len(b"targets.tsv")  # inside its compressed data
    bundle[start + 5 : start + 25] = bytes(20)
    report = d.verify_bundle(bytes(bundle))
    assert not report.ok


# --- command line --------------------------------------------------------------------------


def cli(tmp_path, *args):
    """Run the file as a citizen would: a copy named fazhi_draw.py, isolated from the project."""
    script = tmp_path / "fazhi_draw.py"
    shutil.copy(DRAW_PY, script)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-I", str(script), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=env,
        timeout=60,
    )


def test_cli_verify_ok(tmp_path):
    (tmp_path / "数据包.zip").write_bytes(make_bundle())
    done = cli(tmp_path, "verify", "数据包.zip")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "抽取可复现" in done.stdout


def test_cli_verify_problems(tmp_path):
    bundle = tamper(make_bundle(), plan={"seed": OTHER_SEED})
    (tmp_path / "数据包.zip").write_bytes(bundle)
    done = cli(tmp_path, "verify", "数据包.zip")
    assert done.returncode == 1
    assert "随机种子与事先公布的承诺值不符" in done.stdout and "核验未通过" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_cli_verify_not_a_zip_and_missing_file(tmp_path):
    (tmp_path / "x.zip").write_bytes(b"hello")
    done = cli(tmp_path, "verify", "x.zip")
    assert done.returncode == 1 and "不是有效的 zip 文件" in done.stdout
    done = cli(tmp_path, "verify", "missing.zip")
    assert done.returncode == 2 and "无法读取数据包" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_commit(tmp_path):
    done = cli(tmp_path, "commit", SEED)
    assert done.returncode == 0 and done.stdout.strip() == d.commit(SEED)
    done = cli(tmp_path, "commit", "nothex")
    assert done.returncode == 2 and "64 位小写十六进制" in done.stderr


def test_standard_library_only():
    tree = ast.parse(DRAW_PY.read_text("utf-8"))
    modules = {
        alias.name.split(".")[0]
        for n in ast.walk(tree)
        if isinstance(n, ast.Import)
        for alias in n.names
    }
    modules |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert modules <= set(sys.stdlib_module_names) | {"__future__"}, modules
