"""Benchmark: full-text search over published normative documents (规范性文件统一公开查询).

Corpus: --documents published versions (default 100,000) of about --chars characters each
(default 5,000), built by the demo generator into an empty database: `fazhi demo --bulk --scale
S --documents N/S --chars C` (S = --scale districts, default 10; the texts are
`fazhi.demo.corpus.document(i)`: articles 第一条, 第二条, … of sentences drawn, Zipf-weighted,
from a vocabulary of administrative phrases, place names and programmes, 5% in Traditional
characters; written by bulk inserts and indexed by `search.index_versions` in batches of 1,000),
then `search.optimize()`. The database is DATABASE_URL if set (PostgreSQL allowed), otherwise
var/bench/normdocs_search.sqlite3; one that already holds published versions is reused.

Measured: --queries queries (default 200, seed 20260316: 2–6 character terms from the
vocabulary and from the texts, some Traditional, some two-term, some one-character, some with no
hit), each through `search(Version.objects.published(), q)`: the first page of 20 and the
count, timed together; median and p95, also per kind of query.

Baseline in the same run: `Version.objects.published().filter(text__contains=q)` (a LIKE
'%q%' scan), first page + count, for --baseline-queries of the same queries (default 20).
Target: p95 < 50 ms on SQLite.

    .venv/bin/python bench/normdocs_search.py [--documents 100000] [--queries 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fazhi_bench_search \\
        .venv/bin/python bench/normdocs_search.py --documents 20000 --scale 2
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from fazhi.demo.corpus import (  # noqa: E402  (the vocabulary: standard library only)
    ACTORS,
    ALL_TOPICS,
    MISSING,
    OBJECTS,
    PLACES,
    PROGRAMS,
    SEED,
    VERBS,
    document,
)

DEFAULT_DB = ROOT / "var" / "bench" / "normdocs_search.sqlite3"

# --- setup and corpus -----------------------------------------------------------------------


def setup_django() -> str:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_DB}")
    if os.environ["DATABASE_URL"].startswith("sqlite"):
        DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("FAZHI_VAR_DIR", str(DEFAULT_DB.parent))
    os.environ.setdefault("FAZHI_LEDGER_SIGNING_KEY", bytes(range(32)).hex())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"]


def build(n: int, scale: int, chars: int) -> None:
    """An empty database gets the corpus from the demo generator: `fazhi demo --bulk
    --scale S --documents n/S --chars C` (S districts of n/S documents each)."""
    from django.core.management import call_command

    from fazhi.normative_documents import search
    from fazhi.normative_documents.models import Version

    have = Version.objects.published().count()
    if have:
        print(f"  corpus: reusing {have:,} published versions")
        return
    started = time.perf_counter()
    call_command(
        "demo", scale=scale, documents=n // scale, bulk=True, chars=chars, no_progress=True
    )
    built = time.perf_counter() - started
    search.optimize()
    print(
        f"  corpus: built by `fazhi demo --bulk --scale {scale} --documents {n // scale} "
        f"--chars {chars}` in {built:.0f} s, optimize {time.perf_counter() - started - built:.0f} s"
    )


def sizes(vendor: str) -> tuple[int, int]:
    """(bytes of version text, bytes of the search index) in the database."""
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute(
                "SELECT SUM(length(CAST(text AS BLOB))) FROM normative_documents_version"
            )
            text = cursor.fetchone()[0] or 0
            index = 0
            for table, column in [
                ("normdoc_search_text_data", "block"),
                ("normdoc_search_title_data", "block"),
                ("normdoc_search_text_idx", "term"),
                ("normdoc_search_title_idx", "term"),
                ("normative_documents_searchentry", "body"),
            ]:
                cursor.execute(f"SELECT SUM(length({column})) FROM {table}")
                index += cursor.fetchone()[0] or 0
        else:
            cursor.execute("SELECT SUM(octet_length(text)) FROM normative_documents_version")
            text = cursor.fetchone()[0] or 0
            cursor.execute(
                "SELECT pg_total_relation_size('normdoc_search') "
                "+ pg_total_relation_size('normative_documents_searchentry')"
            )
            index = cursor.fetchone()[0]
    return text, index


# --- queries --------------------------------------------------------------------------------


def queries(count: int, n: int, chars: int) -> list[tuple[str, str]]:
    """(kind, query) pairs: the mix described in the module docstring."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    rng = random.Random(SEED + 1)
    vocabulary = ALL_TOPICS + OBJECTS + VERBS + ACTORS + PLACES + PROGRAMS

    def vocab_term() -> str:
        word = rng.choice(vocabulary)
        length = min(len(word), rng.randint(2, 6))
        start = rng.randrange(len(word) - length + 1)
        return word[start : start + length]

    def text_term() -> str:
        text = document(rng.randrange(n), chars)["text"]
        while True:
            length = rng.randint(2, 6)
            start = rng.randrange(len(text) - length)
            term = text[start : start + length]
            if all("\u4e00" <= c <= "\u9fff" for c in term):
                return term

    kinds = (
        ["vocabulary"] * 60 + ["text"] * 60 + ["traditional"] * 20
        + ["two terms"] * 30 + ["one char"] * 15 + ["no hit"] * 15
    )  # fmt: skip
    out = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        if kind == "vocabulary":
            q = vocab_term()
        elif kind == "text":
            q = text_term()
        elif kind == "traditional":
            q = s2t.convert(rng.choice([vocab_term, text_term])())
        elif kind == "two terms":
            q = f"{vocab_term()} {text_term()}"
        elif kind == "one char":
            q = rng.choice(document(rng.randrange(n), chars)["title"])
        else:
            q = rng.choice(MISSING) + rng.choice(["", " " + vocab_term()])
        out.append((kind, q))
    rng.shuffle(out)
    return out


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def summary(samples: list[float]) -> str:
    return f"median {statistics.median(samples):7.2f} ms, p95 {p95(samples):7.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--scale", type=int, default=10, help="districts (demo --scale)")
    parser.add_argument("--chars", type=int, default=5_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--baseline-queries", type=int, default=20)
    args = parser.parse_args()

    url = setup_django()
    from django.db import connection

    from fazhi.normative_documents.models import Version
    from fazhi.normative_documents.search import search

    vendor = connection.vendor
    print(f"Normative-document search, {vendor}: {url}")
    build(args.documents, args.scale, args.chars)
    n = Version.objects.published().count()
    text_bytes, index_bytes = sizes(vendor)
    print(
        f"  corpus: {n:,} published versions, text {text_bytes / 2**20:,.0f} MiB, "
        f"index {index_bytes / 2**20:,.0f} MiB ({index_bytes / max(text_bytes, 1):.2f}× text)"
    )

    cases = queries(args.queries, min(n, args.documents), args.chars)
    published = Version.objects.published()

    def run(q: str) -> tuple[float, int]:
        started = time.perf_counter()
        results = search(published, q)
        page = list(results[:20])
        total = results.count()
        elapsed = (time.perf_counter() - started) * 1000
        assert len(page) == min(20, total)
        return elapsed, total

    for _, q in cases[:20]:  # warm the caches and the code paths
        run(q)
    timings: dict[str, list[float]] = {}
    hits: list[int] = []
    every: list[float] = []
    slowest: list[tuple[float, str, int]] = []
    for kind, q in cases:
        elapsed, total = run(q)
        timings.setdefault(kind, []).append(elapsed)
        every.append(elapsed)
        hits.append(total)
        slowest.append((elapsed, q, total))

    def like(q: str) -> float:
        started = time.perf_counter()
        results = published.filter(text__contains=q)
        list(results[:20])
        results.count()
        return (time.perf_counter() - started) * 1000

    single = [q for kind, q in cases if kind in ("vocabulary", "text")][: args.baseline_queries]
    base = [like(q) for q in single]
    mine = [run(q)[0] for q in single]

    print(f"  {len(cases)} queries, first page of 20 + count (hits: median "
          f"{statistics.median(hits):,.0f}, max {max(hits):,}, zero {hits.count(0)})")  # fmt: skip
    for kind, samples in timings.items():
        print(f"    {kind:<12} ({len(samples):3d}): {summary(samples)}")
    for label, keep in [
        ("≤ 1,000 hits", lambda t: t <= 1000),
        ("> 1,000 hits", lambda t: t > 1000),
    ]:
        part = [ms for ms, _, t in slowest if keep(t)]
        if part:
            print(f"    {label} ({len(part):3d}): {summary(part)}")
    print(f"  search, all queries:            {summary(every)}")
    print("  slowest:", ", ".join(f"{q!r} {ms:.0f} ms ({t:,} hits)" for ms, q, t in
                                  sorted(slowest, reverse=True)[:5]))  # fmt: skip
    print(f"  baseline LIKE '%q%' ({len(single)} queries): {summary(base)}")
    print(f"  search, the same {len(single)} queries:   {summary(mine)}")
    ratio = statistics.median(base) / statistics.median(mine)
    print(f"  ratio (median): search is {ratio:,.0f}× faster than the LIKE scan")
    worst = p95(every)
    target = "met" if worst < 50 else "NOT met"
    print(f"RESULT: p95 {worst:.1f} ms over {n:,} documents (target < 50 ms on SQLite: {target})")


if __name__ == "__main__":
    main()
