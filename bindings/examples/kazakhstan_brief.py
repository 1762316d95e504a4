"""Writes the hearing brief for Kazakhstan: today's rules against unannounced inspections and
against putting small firms back in the annual plan.

From the source directory, after `make`:

    PYTHONPATH=build/python /usr/bin/python3 bindings/examples/kazakhstan_brief.py
    PYTHONPATH=build/python /usr/bin/python3 bindings/examples/kazakhstan_brief.py --quick -o /tmp/kz.html

The full run uses the scenarios' own settings (20 replications of 5 measured years after a
warm-up year): a minute or two on two cores. --quick runs 4 replications of 2 years.
Then open the HTML file in a browser, or print it (two A4 pages).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import inspectsim
from inspectsim import brief

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios" / "kazakhstan"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default="kazakhstan-brief.html", help="HTML file to write")
    parser.add_argument("--quick", action="store_true", help="4 replications of 2 measured years, for a first look")
    args = parser.parse_args()

    def load(name: str) -> inspectsim.Scenario:
        return inspectsim.load(os.path.relpath(SCENARIOS / name))  # the brief shows the path

    base = load("baseline.yaml")
    variants = [load("unannounced.yaml"), load("no-exemption.yaml")]
    labels = ["Unannounced inspections", "Planned visits to small firms"]
    settings = {"replications": 4, "years": 2} if args.quick else {}

    start = time.monotonic()

    comparisons = []
    for number, variant in enumerate(variants, 1):
        def progress(done: int, total: int) -> None:
            print(f"\rcomparison {number}/{len(variants)}: {done}/{total} replications "
                  f"({time.monotonic() - start:.0f} s)", end="", file=sys.stderr, flush=True)

        comparisons.append(inspectsim.compare(base, variant, progress=progress, **settings))
    print(file=sys.stderr)
    base_label = "Today's rules"
    html = brief.render_brief(comparisons, labels=labels, base_label=base_label,
                              command="bindings/examples/kazakhstan_brief.py" + (" --quick" if args.quick else ""))
    brief.write_atomically(args.output, html)

    print(f"wrote {args.output}")
    for comparison, label in zip(comparisons, labels):
        for sentence in brief.headlines(comparison, label, brief.headlines_by_relevance(len(comparisons))):
            print(" -", sentence)
    return 0


if __name__ == "__main__":
    sys.exit(main())
