// compare pairs violation types and size classes by name, never by position.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::of_violation;

/// tests/data/small.yaml with its two violation types (two lines each) listed the other way round.
Scenario small_with_types_swapped() {
  std::string text = testing::read_file(testing::source_path("tests/data/small.yaml"));
  const std::size_t wage = text.find("  - {name: wage_arrears");
  const std::size_t hazard = text.find("  - {name: hidden_hazard");
  const std::size_t end = text.find("inspectorate:", hazard);
  EXPECT_TRUE(wage < hazard && hazard < end);
  const std::string swapped = text.substr(hazard, end - hazard) + text.substr(wage, hazard - wage);
  text.replace(wage, end - wage, swapped);
  return load_scenario(testing::write_temp_yaml(text));
}

TEST(Compare, ViolationTypesListedInAnotherOrderArePairedByName) {
  const Scenario base = testing::small_scenario({{"simulation.replications", "12"}});
  const Scenario swapped = small_with_types_swapped();
  ASSERT_EQ(swapped.violations.front().name, "hidden_hazard");
  const CompareResult c = compare_experiments(base, swapped);
  for (std::size_t k = 0; k < base.violations.size(); ++k) {
    const std::string& name = base.violations[k].name;
    const double b = of_violation(c.base.summary, k, "worker_exposure").mean;
    const double v = of_violation(c.variant_as_base, k, "worker_exposure").mean;
    // The same model: exposures agree within a few percent (different random streams per
    // type index, so not exactly); by position they differ severalfold (exposed shares 0.5 and 0.2).
    EXPECT_NEAR(v / b, 1.0, 0.1) << name;
    const Estimate& d = of_violation(c.difference, k, "worker_exposure");
    EXPECT_LT(std::abs(d.mean), 0.1 * b) << name;
  }
  // The variant's own summary keeps its own order.
  EXPECT_NEAR(of_violation(c.variant.summary, 0, "worker_exposure").mean,
              of_violation(c.variant_as_base, 1, "worker_exposure").mean, 0.0);
}

TEST(Compare, ATypeTheVariantLacksIsNotPairedWithAnother) {
  const Scenario base = testing::small_scenario({{"simulation.replications", "4"}});
  std::string text = testing::read_file(testing::source_path("tests/data/small.yaml"));
  const std::size_t wage = text.find("  - {name: wage_arrears");
  const std::size_t hazard = text.find("  - {name: hidden_hazard");
  text.erase(wage, hazard - wage);  // the variant knows only hidden_hazard
  const std::size_t multiplier = text.find("onset_multiplier: {hidden_hazard: 2.0}");
  ASSERT_NE(multiplier, std::string::npos);
  const Scenario variant = load_scenario(testing::write_temp_yaml(text));
  ASSERT_EQ(variant.violations.size(), 1u);
  const CompareResult c = compare_experiments(base, variant);
  EXPECT_TRUE(std::isnan(of_violation(c.difference, 0, "detections").mean)) << "wage_arrears has no partner";
  EXPECT_FALSE(std::isnan(of_violation(c.difference, 1, "detections").mean)) << "hidden_hazard is paired";
}

}  // namespace
}  // namespace inspectsim
