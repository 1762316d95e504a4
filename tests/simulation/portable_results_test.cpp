// The simulation's results are the same bits on every machine: its draws and expectations use
// portable_math.hpp instead of libm, whose variants differ by CPU (glibc picks an FMA or an SSE2
// variant of exp, log, expm1, pow at load time), and the engine is compiled without FMA
// contraction. Short runs of every shipped country and of a scenario that uses every
// transcendental draw are pinned to checksums recorded once. ctest runs this file twice: as is,
// and with glibc told to use its variants for CPUs without AVX2 and FMA
// (simulation.portable_results_without_fma in tests/CMakeLists.txt), which must give the same.
//
// A checksum changes when the model changes on purpose: then record the new ones (the failure
// prints them) and say why in the commit. If it changes otherwise, results now depend on the
// machine or the compiler.

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#include "test_support.hpp"

namespace inspectsim {
namespace {

/// FNV-1a over the bits of every metric of a replication, in order.
void fold(std::uint64_t& hash, const std::vector<double>& values) {
  for (const double v : values) {
    hash ^= std::bit_cast<std::uint64_t>(v);
    hash *= 1099511628211ull;
  }
}

std::uint64_t checksum(const Scenario& s) {
  const Model model = build_model(s);
  std::uint64_t hash = 14695981039346656037ull;
  for (int r = 0; r < s.simulation.replications; ++r) {
    const Metrics m = compute_metrics(model, simulate_replication(model, s.simulation.seed, r));
    fold(hash, m.global);
    for (const auto* table : {&m.by_violation, &m.yearly, &m.by_size_class})
      for (const auto& row : *table) fold(hash, row);
  }
  return hash;
}

std::string hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%016llxull", static_cast<unsigned long long>(value));
  return text;
}

Scenario shipped(const std::string& country) {
  return load_scenario(testing::source_path("scenarios/" + country + "/baseline.yaml"),
                       {{"simulation.replications", "2"}, {"simulation.years", "3"}});
}

/// Every draw that calls a transcendental function: log-normal and gamma visit lengths (shape
/// below and above 1), Poisson breaches, the yearly powers of general deterrence and complaint
/// credibility, inspector fatigue, exponential order deadlines and the weighted plan.
Scenario every_draw() {
  return testing::small_with(R"(
size_classes:
  - name: small
    inspection_days: {distribution: lognormal, mean: 0.4, cv: 0.8}
  - name: large
    inspection_days: {distribution: gamma, mean: 3, cv: 1.5}
)",
                             {{"sanctions.general_deterrence.elasticity", "0.5"},
                              {"complaints.credibility_elasticity", "1"},
                              {"inspectorate.fatigue_per_earlier_visit", "0.05"},
                              {"policy.exempt_size_classes", "[]"},
                              {"policy.plan.targeting", "risk"},
                              {"violations.wage_arrears.breaches_per_find", "3"},
                              {"simulation.replications", "2"}});
}

TEST(PortableResults, ShortRunsGiveTheRecordedChecksums) {
  const struct {
    const char* name;
    std::function<Scenario()> scenario;
    std::uint64_t recorded;
  } cases[] = {
      {"kazakhstan", [] { return shipped("kazakhstan"); }, 0x25647336cc2732d6ull},
      {"kyrgyzstan", [] { return shipped("kyrgyzstan"); }, 0x644e3395e9a35221ull},
      {"uzbekistan", [] { return shipped("uzbekistan"); }, 0x43c979e763816b42ull},
      {"every draw", every_draw, 0x3dd6489f3a232ca6ull},
  };
  for (const auto& c : cases) EXPECT_EQ(hex(checksum(c.scenario())), hex(c.recorded)) << c.name;
}

}  // namespace
}  // namespace inspectsim
