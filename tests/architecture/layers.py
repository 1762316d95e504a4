#!/usr/bin/env python3
"""Checks that each engine folder includes only the folders below it (docs/ARCHITECTURE.md),
and that the simulation reads the compiled Model, never the Scenario it was built from.

The engine's modules follow the data flow: load (scenario) -> compile (model) -> simulate
(simulation) -> summarise (metrics) -> experiments -> report. A module may include itself and
the modules it is allowed below; an include that points up or sideways fails this check.

usage: layers.py ENGINE_DIR          check the engine, list every include that breaks a rule
       layers.py --self-test         check that a forbidden include is caught
"""
import pathlib
import re
import sys
import tempfile

# Which module may include which (besides itself). The order is the data flow.
ALLOWED = {
    "kernel": set(),
    "stats": {"kernel"},
    "scenario": set(),
    "model": {"scenario", "kernel"},
    "simulation": {"model", "scenario", "kernel", "stats"},
    "metrics": {"simulation", "model", "scenario", "stats", "kernel"},
    "experiment": {"metrics", "simulation", "model", "scenario", "stats", "kernel"},
    "report": {"experiment", "metrics", "simulation", "model", "scenario", "stats", "kernel"},
}
# The event loop reads only the Model (model/model.hpp). footprint.* estimates a run from the
# scenario before anything is built, so it may read it.
SCENARIO_READ = re.compile(r"\bscenario\s*(?:->|\.)|\bScenario\b|\bPolicy\b")
READS_SCENARIO = {"footprint"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"(?:inspectsim/)?([a-z_]+)/[^"]+"', re.MULTILINE)


def module_of(path, engine):
    """The module a file belongs to: its folder under include/inspectsim/ or src/."""
    parts = path.relative_to(engine).parts
    if parts[0] == "include" and len(parts) > 3:
        return parts[2]
    if parts[0] == "src" and len(parts) > 2:
        return parts[1]
    return None


def code_of(text):
    """The text with comments and #include lines blanked (same length, so line numbers hold)."""
    return re.sub(r"//[^\n]*|^\s*#\s*include[^\n]*", lambda m: " " * len(m.group(0)), text, flags=re.MULTILINE)


def violations(engine):
    engine = pathlib.Path(engine)
    found = []
    for path in sorted(engine.rglob("*")):
        if path.suffix not in (".hpp", ".cpp"):
            continue
        module = module_of(path, engine)
        if module is None:
            continue
        if module not in ALLOWED:
            found.append(f"{path}: folder '{module}' has no rule: add it to ALLOWED and docs/ARCHITECTURE.md")
            continue
        text = path.read_text()
        if module == "simulation" and path.stem not in READS_SCENARIO:
            for match in SCENARIO_READ.finditer(code_of(text)):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path}:{line}: simulation/ reads the scenario ('{match.group(0)}'): compile it into the Model")
        for match in INCLUDE.finditer(text):
            target = match.group(1)
            if target == module or target not in ALLOWED:
                continue
            if target not in ALLOWED[module]:
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path}:{line}: {module}/ includes {target}/ (allowed: {', '.join(sorted(ALLOWED[module])) or 'nothing'})")
    return found


def self_test():
    with tempfile.TemporaryDirectory() as tmp:
        engine = pathlib.Path(tmp)
        (engine / "src/model").mkdir(parents=True)
        (engine / "src/model/model.cpp").write_text('#include "inspectsim/scenario/scenario.hpp"\n')
        assert violations(engine) == [], "an allowed include was reported"
        (engine / "src/model/bad.cpp").write_text('#include <vector>\n#include "inspectsim/report/report.hpp"\n')
        found = violations(engine)
        assert len(found) == 1 and "bad.cpp:2: model/ includes report/" in found[0], found
        (engine / "src/simulation").mkdir(parents=True)
        (engine / "src/simulation/loop.cpp").write_text("// reads the scenario's rates\nint x = model.rate;\n")
        assert len(violations(engine)) == 1, "a comment was taken for a read of the scenario"
        (engine / "src/simulation/loop.cpp").write_text("int x = model.rate;\nint y = model.scenario->years;\n")
        found = violations(engine)
        assert len(found) == 2 and "loop.cpp:2: simulation/ reads the scenario" in found[1], found
    print("2 passed, 0 failed")


def main():
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        return 0
    found = violations(sys.argv[1])
    for line in found:
        print(line)
    print(f"{0 if found else 1} passed, {1 if found else 0} failed")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
