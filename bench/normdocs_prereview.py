"""Benchmark: legality pre-review (`prereview.prereview_text`) over a ~5 MB draft.

The draft is built from the labelled clauses (tests/data/prereview_clauses.jsonl), repeated
with structural numbering (第X条 articles, （一） items) until it reaches --mb megabytes of
UTF-8. Times the best and median of --runs runs. Baseline in the same run: one plain OpenCC
t2s conversion of the same text (the normalization every pre-review starts with). Target: at
least 1 MB/s.

    .venv/bin/python bench/normdocs_prereview.py [--mb 5] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Article numbers as drafted (第一百二十三条); thousands fall back to Arabic digits."""
    if n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    text = CHINESE_DIGITS[hundreds] + "百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else CHINESE_DIGITS[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    return text + (CHINESE_DIGITS[ones] if ones else "")


def build_text(target_bytes: int) -> str:
    path = ROOT / "tests" / "data" / "prereview_clauses.jsonl"
    clauses = [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line]
    parts, size, article = [], 0, 0
    while size < target_bytes:
        for start in range(0, len(clauses), 3):
            article += 1
            items = clauses[start : start + 3]
            body = "\n".join(
                f"（{CHINESE_DIGITS[i + 1]}）{clause}" for i, clause in enumerate(items)
            )
            block = f"第{chinese_number(article % 1000 or 1000)}条　本条规定如下：\n{body}\n"
            parts.append(block)
            size += len(block.encode("utf-8"))
            if size >= target_bytes:
                break
    return "".join(parts)


def timed(fn, text: str, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn(text)
        samples.append(time.perf_counter() - started)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import opencc

    from fazhi.normative_documents.prereview import prereview_text

    text = build_text(int(args.mb * 1024 * 1024))
    megabytes = len(text.encode("utf-8")) / 1024 / 1024
    converter = opencc.OpenCC("t2s")
    prereview_text(text[:10000])  # compile the rules outside the timing

    baseline = timed(converter.convert, text, args.runs)
    review = timed(prereview_text, text, args.runs)
    flags = len(prereview_text(text))

    best, median = min(review), statistics.median(review)
    base_best = min(baseline)
    print(f"Pre-review of {megabytes:.2f} MB ({len(text):,} characters, {flags:,} flags)")
    print(f"  prereview_text: best {best:.3f} s, median {median:.3f} s")
    print(
        f"  throughput:     best {megabytes / best:.2f} MB/s, median {megabytes / median:.2f} MB/s"
    )
    print(
        f"  baseline (OpenCC t2s pass): best {base_best:.3f} s ({megabytes / base_best:.1f} MB/s)"
    )
    print(f"  pre-review is {best / base_best:.1f}x the time of a t2s pass (best vs best)")
    print(f"  target >= 1 MB/s: {'met' if megabytes / median >= 1 else 'NOT met'} (median)")


if __name__ == "__main__":
    main()
