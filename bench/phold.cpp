// build/bench/phold: PHOLD on inspectsim's kernel as a standalone program, so it can be run
// side by side with other engines' PHOLD. The last line is "events=N seconds=S events_per_second=R".

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <ctime>
#include <exception>

#include "phold/phold.hpp"

int main(int argc, char** argv) {
  inspectsim::PholdConfig c;
  unsigned threads = 1;
  unsigned partitions = 0;
  bool sequential = false;
  CLI::App app{"PHOLD on inspectsim's event kernel"};
  app.add_option("--lps", c.processes, "logical processes")->check(CLI::Range(1u, 100'000'000u));
  app.add_option("--events", c.initial_events_per_process, "initial events per process");
  app.add_option("--remote", c.remote, "probability an event goes to a random process")->check(CLI::Range(0.0, 1.0));
  app.add_option("--lookahead", c.lookahead, "minimum delay");
  app.add_option("--mean", c.mean_delay, "mean delay, lookahead included");
  app.add_option("--end", c.end_time, "end time");
  app.add_option("--seed", c.seed, "random seed");
  app.add_option("--threads", threads, "threads running the time-window kernel")->check(CLI::Range(1u, 256u));
  app.add_option(
      "--partitions", partitions,
      "blocks of processes (default: 1 with one thread, 4 per thread otherwise); results do not depend on it");
  app.add_flag("--sequential", sequential, "run the reference instead: one priority queue, no windows");
  CLI11_PARSE(app, argc, argv);
  if (c.mean_delay <= c.lookahead) {
    fmt::print(stderr, "error: --mean must exceed --lookahead\n");
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  inspectsim::PholdResult r;
  try {
    r = sequential ? inspectsim::run_phold(c) : inspectsim::run_phold_windowed(c, threads, partitions);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // CPU time of all threads: on a loaded machine it shows what the wall time cannot.
  const double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  fmt::print(
      "lps={} initial_events={} remote={} lookahead={} mean={} end={} threads={} remote_events={} last_time={:.6f} "
      "checksum={:016x} cpu_seconds={:.3f}\n",
      c.processes, c.initial_events_per_process, c.remote, c.lookahead, c.mean_delay, c.end_time, threads,
      r.remote_events, r.last_time, r.checksum, cpu_seconds);
  fmt::print("events={} seconds={:.3f} events_per_second={:.0f}\n", r.events, seconds,
             static_cast<double>(r.events) / seconds);
  return 0;
}
