"""python3 -m inspectsim brief BASE VARIANT [VARIANT...] -o brief.html
python3 -m inspectsim plot RESULT -o chart.png [--metrics M,M...] [--x KEY]
python3 -m inspectsim serve SCENARIO... [--port P] [-r N] [-j T]

Exit codes as the inspectsim command: 0 success, 1 internal error, 2 bad usage or a bad
scenario (with the same "error: FILE:LINE:COL: KEY: PROBLEM" message), 130 interrupted.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from typing import Optional, Sequence

EXIT_INTERNAL_ERROR = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python3 -m inspectsim", description="inspectsim for Python: the hearing brief and charts of sweeps and staffing searches.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="{brief,plot,serve}")
    brief = commands.add_parser(
        "brief",
        help="a two-page HTML brief comparing a base scenario with one or more variants",
        description="Runs BASE against each VARIANT on common random numbers and writes a self-contained, "
        "printable HTML brief: the question, the headline differences with 95% CIs, the country's facts "
        "with their sources, the assumptions, and charts.",
    )
    brief.add_argument("base", help="base scenario YAML file (the status quo)")
    brief.add_argument("variants", nargs="+", metavar="variant", help="variant scenario YAML file(s)")
    brief.add_argument("-o", "--output", required=True, help="the HTML file to write (whole or not at all)")
    brief.add_argument("-l", "--label", action="append", default=[],
                       help="name of a variant in the headlines, e.g. 'Unannounced inspections' (repeat, in the order of the variants)")
    brief.add_argument("--base-label", help="name of the base policy (default: 'Status quo' or from its title)")
    brief.add_argument("-q", "--question", help="the question the brief answers (default: made from the labels)")
    brief.add_argument("-r", "--replications", type=int, help="replications (overrides simulation.replications)")
    brief.add_argument("--seed", type=int, help="random seed (overrides simulation.seed)")
    brief.add_argument("--years", type=int, help="measured years (overrides simulation.years)")
    brief.add_argument("-j", "--threads", type=int, default=0, help="worker threads (0: all cores); results do not depend on it")
    brief.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                       help="override a scenario key in every scenario, as inspectsim --set (repeatable)")
    brief.add_argument("--uncertainty", metavar="CSV",
                       help="the table of `inspectsim uncertainty BASE VARIANT -f csv`: adds how far the answer moves "
                       "over plausible assumptions")
    brief.add_argument("--sensitivity", metavar="CSV",
                       help="the table of `inspectsim sensitivity BASE VARIANT --metric M -f csv`: adds a tornado and "
                       "the five assumptions that decide the answer, in words")
    plot = commands.add_parser(
        "plot",
        help="chart a sweep's or staffing search's result: each metric against the varied key, with 95% bands",
        description="Reads a result written by inspectsim sweep (JSON Lines or CSV) or inspectsim staff (JSON or "
        "CSV) and writes a chart (SVG, PNG or PDF, by the file's extension): each metric against the varied key "
        "with its 95% confidence band; for staff, the target line and the answer.",
    )
    plot.add_argument("result", help="sweep .jsonl/.csv or staff .json/.csv file")
    plot.add_argument("-o", "--output", required=True, help="the chart to write: FILE.svg, FILE.png or FILE.pdf")
    plot.add_argument("--metrics", help="metrics to chart, comma-separated (default: the sweep table's default "
                      "columns; staff: its targets)")
    plot.add_argument("--x", help="the varied key on the horizontal axis (default: the first numeric one)")
    serve = commands.add_parser(
        "serve",
        help="a local page (127.0.0.1 only) to move the levers of a scenario and compare two settings",
        description="Serves a page on http://127.0.0.1:PORT/ where sliders and switches set inspectors, notice, "
        "the small-business exemption, a moratorium, the plan and the most influential assumptions for two "
        "settings, A and B, of one of the SCENARIO files; each move reruns A against B on common random numbers "
        "(a few replications while dragging, the scenario's own on release) and redraws the key numbers with "
        "their 95%% confidence intervals and the charts; the brief and a spreadsheet of what is on screen can "
        "be downloaded. Prints the URL; Ctrl-C stops it.",
    )
    serve.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario YAML file(s) to offer")
    serve.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (default 8765; 0: any free port)")
    serve.add_argument("-r", "--replications", type=int,
                       help="replications of a full answer (default: the scenario's simulation.replications)")
    serve.add_argument("-j", "--threads", type=int, default=0, help="worker threads per run (0: all cores)")
    return parser


def _serve(args: argparse.Namespace) -> int:
    import inspectsim

    if not 0 <= args.port <= 65535:
        print(f"error: --port: expected 0 to 65535, found {args.port}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        from inspectsim import serve
    except ImportError as e:
        print(f"error: inspectsim serve needs Flask: apt-get install python3-flask ({e})", file=sys.stderr)
        return EXIT_INTERNAL_ERROR
    try:
        return serve.serve(args.scenarios, port=args.port, threads=args.threads, replications=args.replications)
    except inspectsim.ScenarioError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as e:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {e.strerror or e}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _plot(args: argparse.Namespace) -> int:
    import inspectsim
    from inspectsim import plot

    metrics = [m for m in (args.metrics or "").split(",") if m]
    try:
        plot.write_plot(args.result, args.output, metrics=metrics, x=args.x)
    except plot.PlotInputError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except inspectsim.OutputPathError as e:
        print(f"error: --output {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except inspectsim.OutputWriteError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_INTERNAL_ERROR
    except OSError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


class _Progress:
    """A one-line progress report on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.start = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.start
        left = elapsed / done * (total - done) if done else 0
        sys.stderr.write(f"\r{done}/{total} replications, ~{left:.0f} s left   ")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    import inspectsim
    from inspectsim import brief

    if args.version:
        print(f"inspectsim {inspectsim.__version__}")
        return 0
    if args.command == "plot":
        return _plot(args)
    if args.command == "serve":
        return _serve(args)
    if args.command != "brief":
        _parser().print_usage(sys.stderr)
        return EXIT_BAD_INPUT
    if len(args.label) > len(args.variants):
        print(f"error: {len(args.label)} labels for {len(args.variants)} variants", file=sys.stderr)
        return EXIT_BAD_INPUT
    command = "python3 -m inspectsim " + " ".join(shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv))
    from inspectsim import over_assumptions

    try:
        # The tables first: a wrong file is refused before anything runs.
        sensitivity = over_assumptions.read_table(args.sensitivity, over_assumptions.SENSITIVITY_COLUMNS, "sensitivity")
        uncertainty = over_assumptions.read_table(args.uncertainty, over_assumptions.UNCERTAINTY_COLUMNS, "uncertainty")
        base = inspectsim.load(args.base, args.set)
        variants = [inspectsim.load(v, args.set) for v in args.variants]
        brief.write_brief(
            args.output, base, variants, labels=args.label, question=args.question, base_label=args.base_label,
            replications=args.replications, seed=args.seed, years=args.years, threads=args.threads,
            progress=_Progress(), command=command, sensitivity=sensitivity, uncertainty=uncertainty,
        )
    except (inspectsim.ScenarioError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except inspectsim.OutputPathError as e:
        print(f"error: --output {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except inspectsim.OutputWriteError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_INTERNAL_ERROR
    except KeyboardInterrupt:
        print("\ninterrupted: no brief written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
