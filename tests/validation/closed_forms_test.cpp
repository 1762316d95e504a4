// The validation suite in its quick form: every textbook reduction must agree with the
// simulator. Tolerances come from each estimate's CI (see ValidationCheck::tolerance).

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace inspectsim {
namespace {

void expect_all_pass(ValidationGroup group) {
  ValidationOptions options;
  options.scenario_dir = testing::source_path("scenarios/validation");
  options.quick = true;
  const std::vector<ValidationCheck> checks = run_validation(group, options);
  ASSERT_FALSE(checks.empty());
  for (const ValidationCheck& c : checks)
    EXPECT_TRUE(c.passed()) << c.model << ": " << c.quantity << ": formula " << c.expected << ", simulated "
                            << c.simulated.mean << " [" << c.simulated.ci_low << ", " << c.simulated.ci_high
                            << "], tolerance " << c.tolerance;
}

TEST(ClosedForms, ComplaintQueueIsErlangC) { expect_all_pass(ValidationGroup::queue); }
TEST(ClosedForms, PrevalenceOfTwoStateChain) { expect_all_pass(ValidationGroup::prevalence); }
TEST(ClosedForms, DetectedShareUnderPoissonVisits) { expect_all_pass(ValidationGroup::detection); }
TEST(ClosedForms, CoverageOfTheAnnualPlan) { expect_all_pass(ValidationGroup::coverage); }
TEST(ClosedForms, CommonRandomNumbersCutVariance) { expect_all_pass(ValidationGroup::common_random_numbers); }

TEST(ClosedForms, FormulasMatchTextbookValues) {
  // Erlang C for c = 2, a = 1: 1/3; M/M/1: W_q = rho / (mu - lambda).
  EXPECT_NEAR(closed_form::erlang_c(2, 1.0), 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(closed_form::erlang_c(1, 0.8), 0.8, 1e-12);
  EXPECT_NEAR(closed_form::mmc_mean_wait(1, 0.8, 1.0), 0.8 / 0.2, 1e-9);
  EXPECT_NEAR(closed_form::two_state_prevalence(1.0, 1.0), 0.5, 1e-12);
  EXPECT_NEAR(closed_form::detected_share(1.0, 1.0, 0.0, 1.0), 0.5, 1e-12);
  EXPECT_NEAR(closed_form::coverage_with_replacement(2, 2), 0.75, 1e-12);
  EXPECT_NEAR(closed_form::coverage_distinct(3, 4), 0.75, 1e-12);
}

}  // namespace
}  // namespace inspectsim
