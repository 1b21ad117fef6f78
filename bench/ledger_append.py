"""Benchmark: ledger appends with the Merkle tree kept current, on SQLite, from 0 to --size.

At each --step (0, 100k, …, --size) two windows of --window appends are timed, --batch
entries per transaction, so each figure is the rate at that size (flat rates: O(log n)):

- `services.record`, one call per entry, as every service calls it (lock the head, insert the
  entry, insert the tree nodes it completes, update the head: four statements per entry);
- `services.record_many`, the whole batch in one call (the same four statements per 500
  entries), as a bulk import would.

The way between windows is filled with `record_many`, untimed.

Baseline (the limit): raw SHA-256, in the same run, of the same bytes each entry commits to
(salt ‖ canonical content of the window's entries, read back from the database). The ratio
says how far the recorder is from merely hashing what it records.

The database (--db, default var/bench/ledger.sqlite3) is kept for bench/ledger_proofs.py and
bench/ledger_verify.py. Usage:

    .venv/bin/python bench/ledger_append.py [--size 1000000] [--step 100000] [--window 10000]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = ROOT / "var" / "bench" / "ledger.sqlite3"
BENCH_KEY = bytes(range(32)).hex()


def setup_django(db: Path, *, fresh: bool) -> None:
    """Point Django at a scratch SQLite database (WAL, as in production's embedded mode)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("FAZHI_VAR_DIR", str(db.parent))
    os.environ["FAZHI_LEDGER_SIGNING_KEY"] = BENCH_KEY
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def actors():
    """One unit and one person to act (made through the core services)."""
    from fazhi.core import services as core_services
    from fazhi.core.models import Person, Role, Unit, UnitKind

    unit = Unit.objects.filter(name="基准测试区人民政府").first()
    if unit is None:
        unit = core_services.unit_create(
            actor=None, parent=None, kind=UnitKind.DISTRICT, name="基准测试区人民政府"
        )
    person = Person.objects.filter(username="bench").first()
    if person is None:
        person = core_services.person_create(
            actor=None, unit=unit, username="bench", name="基准测试员", role=Role.HANDLER
        )
    return unit, person


def act(i: int, unit, person) -> dict:
    from fazhi.ledger.events import EventType

    return {
        "event": EventType.PROCEDURE_STEP,
        "actor": person,
        "unit": unit,
        "role": "handler",
        "record_type": "bench.case",
        "record_id": str(i),
        "changes": {"state": ("受理", "审查"), "opinion": (None, "拟同意，报请审核。")},
        "note": "基准测试：办理程序步骤",
    }


def append(count: int, batch: int, unit, person, *, many: bool = False) -> None:
    """`count` entries through the recorder, `batch` per transaction: one `record` call per
    entry, or one `record_many` call per batch."""
    from django.db import transaction

    from fazhi.ledger import services

    done = 0
    while done < count:
        n = min(batch, count - done)
        with transaction.atomic():
            if many:
                services.record_many(act(done + i, unit, person) for i in range(n))
            else:
                for i in range(n):
                    services.record(**act(done + i, unit, person))
        done += n


def sha256_rate(first_seq: int, count: int) -> tuple[float, int]:
    """Raw SHA-256 of salt ‖ canonical content of entries [first_seq, first_seq + count):
    entries per second and bytes per entry."""
    from fazhi.ledger.content import canonical, entry_content
    from fazhi.ledger.models import LedgerEntry

    data = [
        bytes.fromhex(entry.salt) + canonical(entry_content(entry))
        for entry in LedgerEntry.objects.filter(seq__gte=first_seq, seq__lt=first_seq + count)
    ]
    sha256 = hashlib.sha256
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for item in data:
            sha256(item).digest()
        best = min(best, time.perf_counter() - started)
    return len(data) / best, sum(map(len, data)) // max(len(data), 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--step", type=int, default=100_000)
    parser.add_argument("--window", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    args = parser.parse_args()

    setup_django(args.db, fresh=True)
    from fazhi.ledger import selectors
    from fazhi.ledger.verification import verify_ledger

    unit, person = actors()
    print("Ledger appends with the Merkle tree kept current (SQLite, WAL, synchronous=NORMAL)")
    print(f"  {args.batch} entries per transaction; window {args.window:,} at each {args.step:,}")
    rates: dict[str, list[float]] = {"record": [], "record_many": []}
    started_all = time.perf_counter()
    for target in range(0, args.size + 1, args.step):
        fill = target - selectors.tree_size()
        if fill > 0:
            append(fill, args.batch, unit, person, many=True)
        for name in rates:
            first = selectors.tree_size()
            started = time.perf_counter()
            append(args.window, args.batch, unit, person, many=name == "record_many")
            elapsed = time.perf_counter() - started
            rate = args.window / elapsed
            hashed, size = sha256_rate(first, args.window)
            rates[name].append(rate)
            print(
                f"  at {first:>9,} entries, {name + ':':12} {rate:7,.0f} entries/s "
                f"({elapsed / args.window * 1e6:5.1f} µs each); raw SHA-256 of the same "
                f"{size} B/entry {hashed:9,.0f}/s; ratio 1:{hashed / rate:,.0f}",
                flush=True,
            )
    total = time.perf_counter() - started_all
    print(f"  built {selectors.tree_size():,} entries in {total:,.0f} s")
    for name, series in rates.items():
        print(
            f"{name}: last/first window = {series[-1] / series[0]:.2f}; "
            f"min {min(series):,.0f}/s, median {statistics.median(series):,.0f}/s, "
            f"max {max(series):,.0f}/s (target ≥ 2,000/s: "
            f"{'met' if min(series) >= 2000 else 'NOT met'} by the slowest window)"
        )
    if selectors.tree_size() <= 50_000:  # a quick self-check on small runs
        assert verify_ledger().ok


if __name__ == "__main__":
    main()
