"""Benchmark: `fazhi ledger verify` over the whole log (default: the 1,000,000+ entries that
bench/ledger_append.py built in var/bench/ledger.sqlite3; run that first).

Signs a checkpoint every --every entries first (as the hourly job would over a busy year: these
are checked against the recomputed roots), then times `verify_ledger()` — every commitment,
leaf, root at each checkpoint, stored node and signature — once.

Baseline in the same run: reading the same entry rows in seq order, as verify reads them, with
no hashing (what any full pass must pay). Target: under 60 s at 1,000,000.

    .venv/bin/python bench/ledger_verify.py [--every 10000]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ledger_append import DEFAULT_DB, setup_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--every", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db} 不存在：请先运行 bench/ledger_append.py")
    setup_django(args.db, fresh=False)

    from django.utils import timezone

    from fazhi.ledger import keys, selectors
    from fazhi.ledger.models import Checkpoint
    from fazhi.ledger.verification import _entry_rows, verify_ledger

    n = selectors.tree_size()
    if not Checkpoint.objects.exists():
        # Checkpoints at every --every entries, signed as checkpoint_sign would have signed them
        # then (roots from the stored nodes).
        key = keys.signing_key()
        public = keys.public_bytes(key)
        stamp = timezone.now().replace(microsecond=0)
        from django.conf import settings

        rows = []
        for size in [*range(args.every, n, args.every), n]:
            root = selectors.tree_root(size)
            message = keys.checkpoint_message(settings.FAZHI_LEDGER_ORIGIN, size, root, stamp)
            rows.append(
                Checkpoint(
                    origin=settings.FAZHI_LEDGER_ORIGIN,
                    size=size,
                    root=root,
                    timestamp=stamp,
                    signature=key.sign(message).hex(),
                    key_id=keys.key_id(public),
                    public_key=public.hex(),
                )
            )
        Checkpoint.objects.bulk_create(rows)
    checkpoints = Checkpoint.objects.count()
    print(f"fazhi ledger verify over {n:,} entries, {checkpoints:,} checkpoints (SQLite)")

    started = time.perf_counter()
    rows = 0
    for _ in _entry_rows(10_000):
        rows += 1
    baseline = time.perf_counter() - started
    print(f"  baseline, read {rows:,} rows in seq order (no hashing):      {baseline:6.1f} s")

    started = time.perf_counter()
    report = verify_ledger()
    elapsed = time.perf_counter() - started
    print(
        f"  verify_ledger():                                        {elapsed:6.1f} s "
        f"({elapsed / max(n, 1) * 1e6:.1f} µs per entry); ratio {elapsed / baseline:.2f}× the read"
    )
    print(f"  findings: {len(report.findings)}")
    for finding in report.findings[:5]:
        print(f"    {finding}")
    print(
        f"RESULT: {elapsed:.1f} s for {n:,} entries "
        f"(target < 60 s at 1,000,000: {'met' if elapsed < 60 and n >= 1_000_000 else 'see size'})"
    )
    if not report.ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
