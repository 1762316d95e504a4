#pragma once
// Helpers shared by the tests: paths to the source tree and a small scenario to vary.

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "inspectsim/inspectsim.hpp"

namespace inspectsim::testing {

inline std::string source_path(const std::string& relative) {
  return std::string(INSPECTSIM_SOURCE_DIR) + "/" + relative;
}

/// The whole content of a file ("" if it cannot be read).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Every shipped scenario file, relative to the source tree, sorted.
inline std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(source_path("scenarios")))
    if (entry.path().extension() == ".yaml")
      files.push_back(std::filesystem::relative(entry.path(), source_path("")).string());
  std::sort(files.begin(), files.end());
  return files;
}

/// tests/data/small.yaml with overrides: 3,500 entities, 10 inspectors, two regions.
inline Scenario small_scenario(const std::vector<Override>& overrides = {}) {
  return load_scenario(source_path("tests/data/small.yaml"), overrides);
}

/// Writes `yaml` to a fresh temporary file and returns its path. The file may `extends:` a
/// path given by source_path().
/// The files are removed when the test program exits.
inline std::string write_temp_yaml(const std::string& yaml) {
  struct Directory {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("inspectsim_test_" + std::to_string(::getpid()));
    Directory() { std::filesystem::create_directories(path); }
    ~Directory() { std::filesystem::remove_all(path); }
  };
  static Directory directory;
  static std::atomic<int> counter{0};
  const auto path = directory.path / ("scenario_" + std::to_string(counter++) + ".yaml");
  std::ofstream(path) << yaml;
  return path.string();
}

/// A scenario made of small.yaml plus the YAML text given (merged as `extends:` does).
inline Scenario small_with(const std::string& yaml, const std::vector<Override>& overrides = {}) {
  return load_scenario(write_temp_yaml("extends: " + source_path("tests/data/small.yaml") + "\n" + yaml), overrides);
}

/// A count over the whole run from its per-year mean: mean x measured years x replications.
inline double run_total(const Estimate& per_year, const Scenario& s) {
  return per_year.mean * s.simulation.years * s.simulation.replications;
}

inline const Estimate& global(const Summary& s, const std::string& name) {
  return s.global[metric_index(global_metrics(), name)];
}
inline const Estimate& of_violation(const Summary& s, std::size_t type, const std::string& name) {
  return s.by_violation[type][metric_index(violation_metrics(), name)];
}
inline const Estimate& of_size_class(const Summary& s, std::size_t size_class, const std::string& name) {
  return s.by_size_class[size_class][metric_index(size_class_metrics(), name)];
}
inline const Estimate& of_year(const Summary& s, std::size_t year, const std::string& name) {
  return s.yearly[year][metric_index(yearly_metrics(), name)];
}

/// Run options with a fixed thread count.
inline RunOptions with_threads(int threads) {
  RunOptions options;
  options.threads = threads;
  return options;
}

/// In-process stand-in for MPI: `size` threads, each a rank, meeting at each all_gather.
class ThreadCluster {
 public:
  explicit ThreadCluster(int size) : size_(size), inbox_(static_cast<std::size_t>(size)) {}

  Cluster rank(int r) {
    return {r, size_, [this, r](const std::vector<double>& mine) { return gather(r, mine); }};
  }

 private:
  std::vector<std::vector<double>> gather(int r, const std::vector<double>& mine) {
    std::unique_lock<std::mutex> lock(mutex_);
    const long round = round_;
    inbox_[static_cast<std::size_t>(r)] = mine;
    if (++arrived_ == size_) {
      result_ = inbox_;
      arrived_ = 0;
      ++round_;
      ready_.notify_all();
    } else {
      ready_.wait(lock, [&] { return round_ != round; });
    }
    return result_;
  }

  int size_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<std::vector<double>> inbox_, result_;
  int arrived_ = 0;
  long round_ = 0;
};

/// Runs `body(cluster, rank)` on `ranks` threads, each a rank of one ThreadCluster.
template <typename Body>
void run_as_cluster(int ranks, Body body) {
  ThreadCluster cluster(ranks);
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r)
    threads.emplace_back([&, r] {
      const Cluster c = cluster.rank(r);
      body(c, r);
    });
  for (std::thread& t : threads) t.join();
}

}  // namespace inspectsim::testing
