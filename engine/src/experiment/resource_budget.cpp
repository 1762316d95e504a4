#include "inspectsim/experiment/resource_budget.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "inspectsim/metrics/metrics.hpp"
#include "inspectsim/metrics/yearly_sums.hpp"
#include "inspectsim/scenario/error.hpp"
#include "inspectsim/simulation/footprint.hpp"

namespace inspectsim {

namespace {

/// Bytes as gigabytes, with the digits that matter: "0.46", "52000".
std::string gigabytes(double bytes) {
  const double gb = bytes / 1e9;
  return gb >= 100 ? fmt::format("{:.0f}", gb) : fmt::format("{:.2f}", gb);
}

/// A cgroup memory limit file's value in bytes, or 0 when it sets none ("max", absent, or huge).
double cgroup_limit_file(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text == "max") return 0;
  try {
    const double bytes = std::stod(text);
    return bytes > 0 && bytes < 1e18 ? bytes : 0;  // v1 writes about 9.2e18 for "no limit"
  } catch (const std::exception&) {
    return 0;
  }
}

/// The smallest limit set on this process's cgroup or any cgroup above it, or 0 for none.
double cgroup_limit() {
  std::ifstream cgroups("/proc/self/cgroup");
  double smallest = 0;
  const auto consider = [&smallest](double bytes) {
    if (bytes > 0 && (smallest == 0 || bytes < smallest)) smallest = bytes;
  };
  for (std::string line; std::getline(cgroups, line);) {
    // "0::/path" (v2) or "4:memory:/path" (v1).
    const std::size_t first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    std::string path = line.substr(second + 1);
    const bool v2 = controllers.empty();
    if (!v2 && controllers.find("memory") == std::string::npos) continue;
    const std::string root = v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/memory";
    const std::string file = v2 ? "/memory.max" : "/memory.limit_in_bytes";
    for (;;) {  // this cgroup and every one above it
      consider(cgroup_limit_file(root + (path == "/" ? "" : path) + file));
      if (path.empty() || path == "/") break;
      path = path.substr(0, path.find_last_of('/'));
      if (path.empty()) path = "/";
    }
  }
  return smallest;
}

/// The address space this process maps already (its program, libraries, thread stacks).
double mapped_bytes() {
  std::ifstream statm("/proc/self/statm");
  double pages = 0;
  statm >> pages;
  return pages * static_cast<double>(sysconf(_SC_PAGE_SIZE));
}

/// One replication's yearly metrics: [measured year][metric].
double yearly_bytes(const Scenario& s) {
  constexpr double vector_bytes = 40;
  return s.simulation.years * (8 * static_cast<double>(yearly_metrics().size()) + vector_bytes);
}

/// One replication's metrics but the yearly ones.
double replication_metrics_bytes(const Scenario& s) {
  constexpr double vector_bytes = 40;
  const double types = static_cast<double>(s.violations.size()),
               size_classes = static_cast<double>(s.size_classes.size());
  return 8 * (static_cast<double>(global_metrics().size()) + types * static_cast<double>(violation_metrics().size()) +
              size_classes * static_cast<double>(size_class_metrics().size())) +
         vector_bytes * (4 + types + size_classes);
}

/// The results a run of `s` keeps until it is summarised, copied once while summarised (a comparison
/// aligns the variant's): every replication's metrics, with their yearly ones when the run keeps them
/// (metrics/yearly_sums.hpp); else one block's yearly metrics and the running sums (five numbers a
/// metric-year, a pair's differences counted with the variant), the yearly metrics of the blocks
/// folded at once on `threads` threads.
double results_bytes(const Scenario& s, int threads) {
  const double replications = s.simulation.replications;
  if (keeps_yearly_detail(s)) return 2 * replications * (replication_metrics_bytes(s) + yearly_bytes(s));
  const double sums = 2 * s.simulation.years * static_cast<double>(yearly_metrics().size()) * sizeof(RunningMoments);
  return 2 * replications * replication_metrics_bytes(s) + replications_folded_at_once(threads) * yearly_bytes(s) +
         sums;
}

SourceLocation location_of(const Scenario& s, const std::string& key) {
  if (const auto p = s.provenance.find(key); p != s.provenance.end())
    return {p->second.file, p->second.line, p->second.column};
  return {s.file, 0, 0};
}

const Segment* largest_segment(const Scenario& s) {
  const auto largest = std::max_element(s.segments.begin(), s.segments.end(),
                                        [](const Segment& a, const Segment& b) { return a.entities < b.entities; });
  return largest == s.segments.end() ? nullptr : &*largest;
}

[[noreturn]] void refuse_events(const Scenario& s, const Footprint& f) {
  const Segment& seg = s.segments[static_cast<std::size_t>(f.largest_entity_events_segment)];
  const std::string key = "segments." + seg.name + ".entities";
  throw ScenarioError(
      location_of(s, key), key,
      fmt::format("found {} entities of {:.4g} workers each: a replication would handle about {:.2g} events over its "
                  "{} simulated years, most of them looks at this segment's entities for complaints and onsets "
                  "(they grow with its entities, its workers and the complaint and onset rates); expected at most "
                  "{:.0g} events a replication (about three hours at ten million events a second)",
                  seg.entities, seg.workers_per_entity, f.events_per_replication,
                  s.simulation.warmup_years + s.simulation.years, max_events_per_replication));
}

/// The key a user would change to fit (the term that weighs most), where it is set, and what it says.
struct DecidingKey {
  std::string key;
  SourceLocation where;
  std::string found;
};

DecidingKey deciding_key(const Scenario& s, const ResourceEstimate& e, const Footprint& f) {
  const double held = e.replications_at_once * e.replication_bytes;
  const auto at = [&s](const std::string& key, const std::string& found) {
    return DecidingKey{key, location_of(s, key), found};
  };
  if (e.results_bytes > held && e.results_bytes > e.model_bytes)
    return at("simulation.replications",
              fmt::format("found {} replications of {} years: ", s.simulation.replications, s.simulation.years));
  if (f.region_bytes > 0.5 * f.replication_bytes)
    return at("regions", fmt::format("found {} regions: ", s.regions.size()));
  const Segment* largest = largest_segment(s);
  if (!largest) return at("segments", "");
  return at("segments." + largest->name + ".entities", fmt::format("found {} here: ", largest->entities));
}

}  // namespace

int replications_at_once(double replication_bytes, int regions, int threads, int replications) {
  int at_once = threads;
  if (replication_bytes > large_replication_bytes) at_once = (threads + regions - 1) / std::max(1, regions);
  return std::max(1, std::min(at_once, replications));
}

MemoryLimit memory_limit() {
  MemoryLimit limit{static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE)),
                    "physical memory"};
  if (const double cgroup = cgroup_limit(); cgroup > 0 && cgroup < limit.bytes)
    limit = {cgroup, "the memory limit of this process's cgroup"};
  rlimit as{};
  if (getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY) {
    const double left = std::max(0.0, static_cast<double>(as.rlim_cur) - mapped_bytes());
    if (left < limit.bytes) limit = {left, "the address space RLIMIT_AS leaves (ulimit -v)"};
  }
  return limit;
}

namespace {

/// The estimate from each scenario's footprint (computed once by the caller).
ResourceEstimate estimate_from(const std::vector<Scenario>& scenarios, const std::vector<Footprint>& footprints,
                               int threads) {
  ResourceEstimate e;
  int replications = 0, regions = 1;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const Scenario& s = scenarios[i];
    const Footprint& f = footprints[i];
    e.model_bytes += f.model_bytes;
    e.replication_bytes = std::max(e.replication_bytes, f.replication_bytes);
    e.events_per_replication = std::max(e.events_per_replication, f.events_per_replication);
    e.results_bytes += results_bytes(s, threads);
    replications += s.simulation.replications;
    if (f.replication_bytes == e.replication_bytes) regions = std::max<int>(1, static_cast<int>(s.regions.size()));
  }
  e.replications_at_once = replications_at_once(e.replication_bytes, regions, threads, replications);
  return e;
}

std::vector<Footprint> footprints_of(const std::vector<Scenario>& scenarios) {
  std::vector<Footprint> out;
  for (const Scenario& s : scenarios) out.push_back(estimate_footprint(s));
  return out;
}

}  // namespace

ResourceEstimate estimate_resources(const std::vector<Scenario>& scenarios, int threads) {
  return estimate_from(scenarios, footprints_of(scenarios), threads);
}

void check_resources(const std::vector<Scenario>& scenarios, int threads, const MemoryLimit& limit) {
  if (scenarios.empty()) return;
  const std::vector<Footprint> footprints = footprints_of(scenarios);
  const ResourceEstimate e = estimate_from(scenarios, footprints, threads);
  if (e.total_bytes() <= usable_memory_share * limit.bytes) {
    for (std::size_t i = 0; i < scenarios.size(); ++i)
      if (footprints[i].events_per_replication > max_events_per_replication &&
          footprints[i].largest_entity_events_segment >= 0)
        refuse_events(scenarios[i], footprints[i]);
    return;
  }
  // Name the key of the scenario that weighs most.
  const auto heaviest_at = std::max_element(
      footprints.begin(), footprints.end(),
      [](const Footprint& a, const Footprint& b) { return a.replication_bytes < b.replication_bytes; });
  const Footprint& f = *heaviest_at;
  const Scenario* heaviest = &scenarios[static_cast<std::size_t>(heaviest_at - footprints.begin())];
  const DecidingKey decides = deciding_key(*heaviest, e, f);
  int replications = 0;
  for (const Scenario& s : scenarios) replications += s.simulation.replications;
  const bool shared = e.replication_bytes > large_replication_bytes;  // regions share the threads
  std::string held =
      fmt::format("{} replication{} held at once ({}) of {} GB each", e.replications_at_once,
                  e.replications_at_once == 1 ? "" : "s",
                  shared ? "large: its regions share the threads" : "one per thread", gigabytes(e.replication_bytes));
  if (f.region_bytes > 0.1 * f.replication_bytes)
    held += fmt::format(" ({} GB of it for {} regions)", gigabytes(f.region_bytes), heaviest->regions.size());
  throw ScenarioError(
      decides.where, decides.key,
      fmt::format("{}the run would need about {} GB: models {} GB ({:.4g} entities), {}, and the results of {} "
                  "replications {} GB; expected at most {:.0f}% of the {} GB this process may use ({}). "
                  "{}replications, regions or entities fit",
                  decides.found, gigabytes(e.total_bytes()), gigabytes(e.model_bytes),
                  static_cast<double>(heaviest->total_entities()), held, replications, gigabytes(e.results_bytes),
                  100 * usable_memory_share, gigabytes(limit.bytes), limit.what,
                  e.replications_at_once > 1 ? "Fewer threads (-j), " : "Fewer "));
}

}  // namespace inspectsim
