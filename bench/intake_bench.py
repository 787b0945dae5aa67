"""How long the claim spotter takes on a 5,000-character article.

Offline, on the CPU: no model is downloaded. Run it with
``python -m bench.intake_bench``; ``run()`` returns the rows for a summary.
"""

from __future__ import annotations

import statistics
import time
from datetime import date
from pathlib import Path

ARTICLE = Path(__file__).resolve().parent.parent / "tests/intake/data/article_000.txt"
LENGTH = 5_000
REFERENCE_SECONDS = 1.0  # the bound for one article
ROUNDS = 5


def _article() -> str:
    text = ARTICLE.read_text("utf-8")
    while len(text) < LENGTH:
        text += "\n" + text
    return text[:LENGTH]


def run() -> list[dict]:
    from intake import deadlines, spotter

    text = _article()
    started = time.perf_counter()
    deadlines.jionlp()
    import_seconds = time.perf_counter() - started
    started = time.perf_counter()
    spotter.top_candidates(text, written_on=date(2023, 8, 17))
    cold_seconds = time.perf_counter() - started
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        found = spotter.top_candidates(text, written_on=date(2023, 8, 17))
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    return [
        {
            "figure": f"suggestions for a {len(text):,}-character article, seconds "
            f"(median of {ROUNDS}; {len(found)} candidates)",
            "value": round(median, 3),
            "reference": REFERENCE_SECONDS,
            "ratio": round(median / REFERENCE_SECONDS, 3),
        },
        {
            "figure": "the same, first run in a process (JioNLP loads its tables)",
            "value": round(cold_seconds, 3),
            "reference": REFERENCE_SECONDS,
            "ratio": round(cold_seconds / REFERENCE_SECONDS, 3),
        },
        {
            "figure": "JioNLP import, seconds (once per process)",
            "value": round(import_seconds, 3),
            "reference": None,
            "ratio": None,
        },
    ]


def main() -> None:
    for row in run():
        ratio = ""
        if row["ratio"] is not None:
            ratio = f"  ({row['ratio']:.0%} of {row['reference']} s)"
        print(f"{row['figure']}: {row['value']}{ratio}")


if __name__ == "__main__":
    main()
