#!/usr/bin/python3
"""Peak memory of a large model against the threads (`make bench`).

Runs scenarios/scale/ten_million.yaml (10^7 entities in 16 regions) for one measured year and
two replications on 1, 2 and 4 threads and prints each run's peak resident memory (the child's
ru_maxrss), in MB and in bytes per entity. A model whose replication state is large runs one
replication at a time with its regions sharing the threads (experiment/resource_budget.hpp), so
the peak should not grow with threads. It is not part of `make test`: it times things.

Usage: bench/peak_memory.py build/engine/inspectsim [SCENARIO]
"""

import os
import resource
import subprocess
import sys
import time

THREADS = (1, 2, 4)


def entities_of(binary, scenario):
    """The scenario's entity count, from `inspectsim validate`."""
    out = subprocess.run([binary, "validate", scenario], capture_output=True, text=True, check=True).stdout
    words = out.split(": ", 1)[1].split(" entities", 1)[0]
    return int(words.replace(",", ""))


def peak_of_run(binary, scenario, threads):
    """Peak resident bytes and wall seconds of one run in a fresh process."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)  # e.g. TBB saying -j is more than the cores
        os.execv(binary, [binary, "run", scenario, "-r", "2", "--years", "1", "-j", str(threads)])
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"peak_memory: {binary} run {scenario} -j {threads} failed")
    return usage.ru_maxrss * 1024, seconds


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    scenario = sys.argv[2] if len(sys.argv) > 2 else "scenarios/scale/ten_million.yaml"
    entities = entities_of(binary, scenario)
    print(f"peak memory of {scenario} ({entities:,} entities), 2 replications of 1 year:")
    for threads in THREADS:
        peak, seconds = peak_of_run(binary, scenario, threads)
        print(f"  -j {threads}: {peak / 1e6:7.0f} MB, {peak / entities:5.1f} bytes/entity, {seconds:5.1f} s")


if __name__ == "__main__":
    main()
