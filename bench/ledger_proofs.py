"""Benchmark: inclusion and consistency proofs at n = --size entries (default 1,000,000).

Uses the database bench/ledger_append.py built (--db, default var/bench/ledger.sqlite3); run
that first. Measures, over --samples random cases (seed 20260301), median and p95 of:

1. generation: `selectors.inclusion_proof(seq, n)` and `selectors.consistency_proof(m, n)`
   (two queries: the tree's size, then the O(log n) stored nodes);
2. verification: `merkle.verify_inclusion` / `merkle.verify_consistency` (pure hashing).

Baselines in the same run: for generation, fetching one entry by its seq through the ORM
(`LedgerEntry.objects.get(seq=…)`, an indexed single-row read); for verification, as many raw
SHA-256 calls over 65 bytes as the proof has hashes. Target: each under 5 ms.

    .venv/bin/python bench/ledger_proofs.py [--size 1000000] [--samples 2000]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import time
from pathlib import Path

from ledger_append import DEFAULT_DB, setup_django


def timed(fn, cases) -> tuple[list[float], list]:
    samples, results = [], []
    for case in cases:
        started = time.perf_counter()
        results.append(fn(*case))
        samples.append((time.perf_counter() - started) * 1000)
    return samples, results


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"median {statistics.median(ordered):.3f} ms, p95 {p95:.3f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=2_000)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db} 不存在：请先运行 bench/ledger_append.py")
    setup_django(args.db, fresh=False)

    from fazhi.ledger import merkle, selectors
    from fazhi.ledger.models import LedgerEntry

    available = selectors.tree_size()
    n = min(args.size, available)
    if n < args.size:
        print(f"NOTE: the database holds {available:,} entries; measuring at n = {n:,}")
    rng = random.Random(20260301)
    seqs = [rng.randrange(n) for _ in range(args.samples)]
    olds = [rng.randrange(1, n) for _ in range(args.samples)]
    leaves = {
        seq: merkle.leaf_hash(bytes.fromhex(c))
        for seq, c in LedgerEntry.objects.filter(seq__in=set(seqs)).values_list("seq", "commitment")
    }
    root = bytes.fromhex(selectors.tree_root(n))
    old_roots = {m: bytes.fromhex(selectors.tree_root(m)) for m in set(olds)}

    print(f"Ledger proofs at n = {n:,} ({args.samples:,} random cases each, seed 20260301)")
    for _ in range(50):  # warm the page cache and the code paths
        selectors.inclusion_proof(seqs[_], n)
    base_gen, _ = timed(lambda s: LedgerEntry.objects.get(seq=s), [(s,) for s in seqs])
    inc_gen, inc = timed(lambda s: selectors.inclusion_proof(s, n), [(s,) for s in seqs])
    con_gen, con = timed(lambda m: selectors.consistency_proof(m, n), [(m,) for m in olds])
    inc_bytes = [[bytes.fromhex(h) for h in proof] for proof in inc]
    con_bytes = [[bytes.fromhex(h) for h in proof] for proof in con]
    inc_ver, ok_inc = timed(
        lambda s, p: merkle.verify_inclusion(s, n, leaves[s], p, root),
        list(zip(seqs, inc_bytes, strict=True)),
    )
    con_ver, ok_con = timed(
        lambda m, p: merkle.verify_consistency(m, n, old_roots[m], root, p),
        list(zip(olds, con_bytes, strict=True)),
    )
    if not (all(ok_inc) and all(ok_con)):
        raise SystemExit("FAILED: a generated proof did not verify")
    lengths = [len(p) for p in inc_bytes] + [len(p) for p in con_bytes]
    block = b"\x01" + bytes(64)

    def raw_hashes(k: int) -> None:
        for _ in range(k):
            hashlib.sha256(block).digest()

    base_ver, _ = timed(raw_hashes, [(len(p),) for p in inc_bytes])
    print(f"  proof length: {min(lengths)}–{max(lengths)} hashes")
    print(f"  baseline, ORM get one entry by seq:   {summary(base_gen)}")
    print(f"  inclusion proof generation:           {summary(inc_gen)}")
    print(f"  consistency proof generation:         {summary(con_gen)}")
    print(f"  baseline, raw SHA-256 × proof length: {summary(base_ver)}")
    print(f"  inclusion proof verification:         {summary(inc_ver)}")
    print(f"  consistency proof verification:       {summary(con_ver)}")
    b_gen, b_ver = statistics.median(base_gen), statistics.median(base_ver)
    print(
        "  ratios (median): inclusion generation "
        f"{statistics.median(inc_gen) / b_gen:.1f}× and consistency generation "
        f"{statistics.median(con_gen) / b_gen:.1f}× one-row read; verification "
        f"{statistics.median(inc_ver) / b_ver:.1f}× / {statistics.median(con_ver) / b_ver:.1f}× "
        "raw hashing"
    )
    worst = max(sorted(s)[int(len(s) * 0.95) - 1] for s in (inc_gen, con_gen, inc_ver, con_ver))
    print(f"RESULT: worst p95 {worst:.3f} ms (target < 5 ms: {'met' if worst < 5 else 'NOT met'})")


if __name__ == "__main__":
    main()
