"""Benchmark: the verifiable random draw (fazhi/enforcement/draw.py) over 1,000,000 entities.

Builds a synthetic pool of --n entities (18-character codes like unified social credit codes,
tiers A/B/C/D weighted 1:3:5:1, random module seeded --rng), 300 officers in 6 bodies and 600
exclusions, as canonical files (timed separately). Then times, median of --runs runs:

(a) draw(): about 1,000 targets (ratios A "1/250", B "1/1000", C "1/2500"; D a count of 100),
    2 officers each, from the files' bytes — parsing and validation included;
(b) verify_bundle() of the published bundle (unzip, digests, parsing, re-draw, comparison).

Baseline in the same run: the naive verifiable draw that hashes every entity and sorts —
sha256(seed|code) for each code of a drawn tier, sorted, the first k taken — from the same
bytes (a plain line split for parsing), and, for (b), the same after unzipping the bundle and
checking its digests. Target: under 1 s each.

    .venv/bin/python bench/enforcement_draw.py [--n 1000000] [--runs 5]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import random
import statistics
import sys
import time
import zipfile
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fazhi.enforcement import draw as d  # noqa: E402  (standard library only; no Django)

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # the 31 characters of GB 32100
PARAMS = {
    "ratios": {"A": "1/250", "B": "1/1000", "C": "1/2500"},
    "counts": {"D": 100},
    "officers_per_target": 2,
}


def synthetic(n: int, rng: random.Random):
    codes: set[str] = set()
    while len(codes) < n:
        codes.update("".join(rng.choices(ALPHABET, k=18)) for _ in range(n - len(codes)))
    tiers = rng.choices("ABCD", weights=[1, 3, 5, 1], k=n)
    officers = [(f"ZF{i:05d}", str(1 + i % 6)) for i in range(300)]
    some_codes = rng.sample(sorted(codes), 600)
    exclusions = [(rng.choice(officers)[0], code) for code in some_codes]
    return list(zip(sorted(codes), tiers, strict=True)), officers, exclusions


def naive_draw(targets: bytes, params: dict, seed: str) -> list[str]:
    """Hash every entity of a drawn tier, sort, take the first k."""
    by_tier: dict[str, list[str]] = {}
    for line in targets.decode("utf-8").splitlines():
        code, tier = line.split("\t")
        by_tier.setdefault(tier, []).append(code)
    chosen = []
    rules = {t: Fraction(r) for t, r in params["ratios"].items()} | params["counts"]
    for tier in sorted(rules):
        codes = by_tier.get(tier, [])
        rule = rules[tier]
        k = math.ceil(len(codes) * rule) if isinstance(rule, Fraction) else min(rule, len(codes))
        keyed = sorted((hashlib.sha256(f"{seed}|{c}".encode()).digest(), c) for c in codes)
        chosen += [code for _, code in keyed[:k]]
    return chosen


def naive_verify(bundle: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    plan = json.loads(files["plan.json"])
    for name in ("targets", "officers", "exclusions", "result"):
        assert hashlib.sha256(files[f"{name}.tsv"]).hexdigest() == plan[f"{name}_sha256"]
    return naive_draw(files["targets.tsv"], plan["params"], plan["seed"])


def timed(fn, runs: int) -> tuple[list[float], object]:
    samples, value = [], None
    for _ in range(runs):
        started = time.perf_counter()
        value = fn()
        samples.append(time.perf_counter() - started)
    return samples, value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rng", type=int, default=20260101)
    args = parser.parse_args()

    started = time.perf_counter()
    pool, officers, exclusions = synthetic(args.n, random.Random(args.rng))
    generated = time.perf_counter() - started
    started = time.perf_counter()
    targets_tsv = d.targets_bytes(pool)
    officers_tsv = d.officers_bytes(officers)
    exclusions_tsv = d.exclusions_bytes(exclusions)
    built = time.perf_counter() - started
    seed = hashlib.sha256(b"bench seed").hexdigest()
    lists = (targets_tsv, officers_tsv, exclusions_tsv)

    print(f"Verifiable random draw (fazhi-draw/1) over {args.n:,} entities")
    print(
        f"  synthetic data: {generated:.2f} s; canonical files (sort, build, validate): "
        f"{built:.2f} s; targets.tsv {len(targets_tsv) / 1e6:.1f} MB"
    )
    print(f"  params: {json.dumps(PARAMS)}")

    draws, result = timed(lambda: d.draw(*lists, PARAMS, seed), args.runs)
    bundle = d.bundle_bytes(
        title="bench",
        params=PARAMS,
        targets=targets_tsv,
        officers=officers_tsv,
        exclusions=exclusions_tsv,
        seed_commitment=d.commit(seed),
        seed=seed,
        result=result.data,
    )
    verifies, report = timed(lambda: d.verify_bundle(bundle), args.runs)
    if not report.ok or report.rows != result.rows:
        raise SystemExit(f"verification failed: {report.problems[:5]}")
    base_draws, naive = timed(lambda: naive_draw(targets_tsv, PARAMS, seed), args.runs)
    base_verifies, _ = timed(lambda: naive_verify(bundle), args.runs)

    ours_draw, ours_verify = statistics.median(draws), statistics.median(verifies)
    base_draw, base_verify = statistics.median(base_draws), statistics.median(base_verifies)
    print(f"  drawn: {len(result.rows):,} targets, 2 officers each (baseline draws {len(naive):,})")
    print(f"  bundle: {len(bundle) / 1e6:.1f} MB zip; medians of {args.runs} runs:")
    print(
        f"  (a) draw from the bytes:       {ours_draw:6.3f} s   baseline (hash every entity "
        f"and sort) {base_draw:6.3f} s   ratio {base_draw / ours_draw:5.1f}×"
    )
    print(
        f"  (b) verify_bundle:             {ours_verify:6.3f} s   baseline (unzip, digests, "
        f"hash and sort) {base_verify:6.3f} s   ratio {base_verify / ours_verify:5.1f}×"
    )
    for label, value in (("(a) draw", ours_draw), ("(b) verify", ours_verify)):
        print(f"  target {label} < 1 s: {'met' if value < 1 else 'NOT met'} (median)")


if __name__ == "__main__":
    main()
