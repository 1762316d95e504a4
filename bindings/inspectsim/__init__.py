"""inspectsim: simulate labour inspectorates and compare inspection policies.

The C++ engine of the ``inspectsim`` command, for Python: the same library functions, the
same numbers, with pandas DataFrames for results.

    >>> import inspectsim
    >>> base = inspectsim.load("scenarios/kazakhstan/baseline.yaml")
    >>> variant = inspectsim.load("scenarios/kazakhstan/baseline.yaml", policy__notice="unannounced")
    >>> r = inspectsim.run(base, replications=10, years=2)
    >>> r.summary()              # metric, mean, ci_low, ci_high, unit
    >>> d = inspectsim.compare(base, variant, replications=10, years=2)
    >>> d[d.metric == "detections"]   # base, variant, difference and its 95% CI

Functions: :func:`load`, :func:`run`, :func:`compare`, :func:`uncertainty`,
:func:`sensitivity`, :func:`metrics`,
:func:`format_number`. Classes: :class:`Scenario`, :class:`Result`, :class:`Comparison`,
:class:`ScenarioError`. The hearing brief (HTML with charts) is :mod:`inspectsim.brief`,
also ``python3 -m inspectsim brief BASE VARIANT... -o brief.html``; charts of a sweep's or
staffing search's saved result are :mod:`inspectsim.plot`, also
``python3 -m inspectsim plot RESULT -o chart.png``. The page to explore two settings of a
scenario is :mod:`inspectsim.serve` (Flask; ``python3 -m inspectsim serve SCENARIO...``) over
:mod:`inspectsim.explore` (its levers and answers).

Built into ``build/python`` by ``make``; import it with
``PYTHONPATH=build/python /usr/bin/python3`` (Debian's Python, which has numpy, pandas and
matplotlib).
"""

import atexit

from ._core import OutputPathError, OutputWriteError, ScenarioError, __version__
from .api import (
    Comparison,
    ProgressCallback,
    Result,
    Scenario,
    calibrate,
    compare,
    format_number,
    load,
    metrics,
    metrics_markdown,
    run,
    sensitivity,
    staff,
    sweep,
    uncertainty,
)

ScenarioError.__module__ = "inspectsim"
ScenarioError.__doc__ = """A bad scenario file or override.

str(error) is the message the command line prints after "error: ", naming the file, line,
column, key and what was expected, e.g.
"scenarios/x.yaml:14:12: policy.notice.days: expected a number >= 0, found '-3'".
The parts are also attributes: file, line, column (0 when unknown) and key.
"""

__all__ = [
    "Comparison",
    "ProgressCallback",
    "Result",
    "Scenario",
    "OutputPathError",
    "OutputWriteError",
    "ScenarioError",
    "__version__",
    "calibrate",
    "compare",
    "format_number",
    "load",
    "metrics",
    "metrics_markdown",
    "run",
    "sensitivity",
    "staff",
    "sweep",
    "uncertainty",
]

OutputPathError.__module__ = "inspectsim"
OutputWriteError.__module__ = "inspectsim"


def _cancel_runs_at_exit() -> None:
    """At interpreter exit, after the non-daemon threads are joined: a run still working (in a
    daemon thread, or left by Ctrl-C) is cancelled and waited for, so that its C++ thread
    never outlives the interpreter (which would abort the process)."""
    from . import _core

    _core._cancel_runs()


atexit.register(_cancel_runs_at_exit)
