#!/usr/bin/python3
"""The simulation's complaint queue against SimPy, on the same M/M/10 queue (`make bench`).

BM_ComplaintQueueEvents (bench/scenario_bench.cpp) runs the complaint queue of
scenarios/validation/mmc_queue.yaml as M/M/10 at load 0.9 for 100 years: 9 complaints a day,
exponential one-day visits, 10 inspectors. This script builds the same queue in SimPy (2.3 from
Debian's python3-simpy, or SimPy 4 where installed), runs it for the same 100 years, and prints
complaints handled per second by each and their ratio, reading inspectsim's time per replication
from the benchmark's JSON. It is not part of `make test`: it times things.

Usage: bench/simpy_mmc.py build/bench-scenario.json
"""

import json
import random
import sys
import time

ARRIVALS_PER_DAY = 9.0
VISIT_MEAN_DAYS = 1.0
INSPECTORS = 10
DAYS = 100 * 365.0


def simpy2_queue(rng):
    """The queue in SimPy 2's object-oriented API; returns the complaints visited."""
    from SimPy.Simulation import Process, Resource, Simulation, hold, release, request

    sim = Simulation()
    sim.initialize()
    inspectors = Resource(capacity=INSPECTORS, sim=sim)
    visited = [0]

    class Complaint(Process):
        def visit(self):
            yield request, self, inspectors
            yield hold, self, rng.expovariate(1.0 / VISIT_MEAN_DAYS)
            yield release, self, inspectors
            visited[0] += 1

    class Source(Process):
        def complaints(self):
            while True:
                yield hold, self, rng.expovariate(ARRIVALS_PER_DAY)
                c = Complaint(sim=sim)
                sim.activate(c, c.visit())

    source = Source(sim=sim)
    sim.activate(source, source.complaints())
    sim.simulate(until=DAYS)
    return visited[0]


def simpy4_queue(rng):
    """The same queue in SimPy 3/4's environment API."""
    import simpy

    env = simpy.Environment()
    inspectors = simpy.Resource(env, capacity=INSPECTORS)
    visited = [0]

    def visit():
        with inspectors.request() as req:
            yield req
            yield env.timeout(rng.expovariate(1.0 / VISIT_MEAN_DAYS))
        visited[0] += 1

    def complaints():
        while True:
            yield env.timeout(rng.expovariate(ARRIVALS_PER_DAY))
            env.process(visit())

    env.process(complaints())
    env.run(until=DAYS)
    return visited[0]


def simpy_runner():
    """(name, function) of the SimPy found, or None."""
    try:
        import simpy

        return f"SimPy {simpy.__version__}", simpy4_queue
    except ImportError:
        pass
    try:
        import SimPy

        return f"SimPy {SimPy.__version__}", simpy2_queue
    except ImportError:
        return None


def inspectsim_seconds_per_replication(bench_json):
    with open(bench_json, encoding="utf-8") as f:
        runs = json.load(f)["benchmarks"]
    # The median where the benchmark was repeated (--benchmark_repetitions), else the one run.
    for run in sorted(runs, key=lambda r: not r["name"].endswith("_median")):
        if run["name"].startswith("BM_ComplaintQueueEvents"):
            scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[run.get("time_unit", "ns")]
            return run["real_time"] * scale
    raise SystemExit(f"{bench_json}: no BM_ComplaintQueueEvents result (run bench/scenario_bench first)")


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    runner = simpy_runner()
    if runner is None:
        print("SimPy comparison skipped: SimPy is not installed (apt-get install python3-simpy)")
        return
    name, queue = runner
    ours = inspectsim_seconds_per_replication(sys.argv[1])
    start = time.perf_counter()
    visited = queue(random.Random(1))
    theirs = time.perf_counter() - start
    complaints = ARRIVALS_PER_DAY * DAYS  # expected; both handle about this many
    print(f"M/M/10 at load 0.9, 100 years ({visited:,} complaints visited in {name}):")
    print(f"  inspectsim {ours:8.3f} s  {complaints / ours / 1e6:6.2f} M complaints/s")
    print(f"  {name:<10} {theirs:8.3f} s  {complaints / theirs / 1e6:6.2f} M complaints/s")
    print(f"  inspectsim is {theirs / ours:.0f} times faster")


if __name__ == "__main__":
    main()
