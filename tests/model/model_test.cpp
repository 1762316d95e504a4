// Building the model: entities split over regions, staffing per year, and the memory guard.

#include <gtest/gtest.h>

#include <numeric>

#include "test_support.hpp"

namespace inspectsim {
namespace {

TEST(Model, SplitBySharesKeepsTheTotalAndRoundsByLargestRemainder) {
  EXPECT_EQ(split_by_shares(28, {0.5, 0.321429, 0.142857, 0.035714}), (std::vector<long long>{14, 9, 4, 1}));
  EXPECT_EQ(split_by_shares(10, {1.0, 1.0, 1.0}), (std::vector<long long>{4, 3, 3}));
  for (long long total : {0LL, 1LL, 7LL, 1001LL}) {
    const auto parts = split_by_shares(total, {0.2, 0.3, 0.5});
    EXPECT_EQ(std::accumulate(parts.begin(), parts.end(), 0LL), total);
  }
}

TEST(Model, EntitiesAreSplitOverRegionsBySegment) {
  const Scenario s = testing::small_scenario();
  const Model m = build_model(s);
  EXPECT_EQ(m.entity_count(), s.total_entities());
  ASSERT_EQ(m.region_count(), 2);
  EXPECT_EQ(m.region_entities[0].size() + m.region_entities[1].size(), m.entity_count());
  for (int r = 0; r < m.region_count(); ++r)
    for (std::uint32_t e : m.region_entities[r]) EXPECT_EQ(m.entity_region[e], r);
  // Each segment is split half and half.
  std::vector<long long> per_segment_north(s.segments.size(), 0);
  for (std::uint32_t e : m.region_entities[0]) ++per_segment_north[m.entity_segment[e]];
  for (std::size_t g = 0; g < s.segments.size(); ++g) EXPECT_EQ(per_segment_north[g], s.segments[g].entities / 2);
}

TEST(Model, RatesAreConvertedToPerDay) {
  const Scenario s = testing::small_scenario();
  const Model m = build_model(s);
  const SegmentParams& factories = m.segments[1];
  // factories: risk 2, hidden_hazard multiplier 2, base rate 0.1 per year
  EXPECT_DOUBLE_EQ(factories.onset_rate_per_day[1], 0.1 * 2 * 2 / days_per_year);
  EXPECT_DOUBLE_EQ(factories.exposed_workers[0], 200 * 0.5);
  const double expected_complaints =
      s.complaints.rate_per_exposed_worker_year * s.complaints.awareness * 200 * 0.5 / days_per_year;
  EXPECT_DOUBLE_EQ(factories.complaint_rate_per_day[0], expected_complaints);
}

TEST(Model, StaffingFollowsTheTimeline) {
  const Scenario s = testing::small_with("timeline:\n  - {year: 2, inspectors: 21}\n");
  const Model m = build_model(s);
  ASSERT_EQ(m.years.size(), 4u);  // one warm-up year and three measured
  EXPECT_EQ(m.years[0].inspectors_by_region, (std::vector<int>{5, 5}));
  EXPECT_EQ(m.years[1].inspectors_by_region, (std::vector<int>{5, 5}));
  EXPECT_EQ(m.years[2].inspectors_by_region, (std::vector<int>{11, 10}));
  EXPECT_EQ(m.years[3].inspectors_by_region, (std::vector<int>{11, 10}));
}

TEST(Model, ExemptSizeClassesAreNotPlannable) {
  const Model m = build_model(testing::small_scenario());
  EXPECT_FALSE(m.years[0].plannable[0]);  // shops are small, and small is exempt in small.yaml
  EXPECT_TRUE(m.years[0].plannable[1]);   // factories are large
}

TEST(Model, ExemptSectorsAreNotPlannableWhateverTheirSize) {
  const Model m = build_model(
      testing::small_scenario({{"policy.exempt_size_classes", "[]"}, {"policy.exempt_sectors", "[industry]"}}));
  EXPECT_TRUE(m.years[0].plannable[0]);   // shops: trade
  EXPECT_FALSE(m.years[0].plannable[1]);  // factories: industry
  EXPECT_FALSE(m.years[0].complaints_blocked[1]);
}

TEST(Model, AMoratoriumCoversTheSegmentsInBothItsClassesAndItsSectors) {
  const auto rules = [](const char* moratorium) {
    return build_model(
               testing::small_scenario({{"policy.exempt_size_classes", "[]"}, {"policy.moratorium", moratorium}}))
        .years[0];
  };
  const YearRules by_sector = rules("{active: true, sectors: [industry], complaints_override: false}");
  EXPECT_EQ(by_sector.plannable, (std::vector<std::uint8_t>{1, 0}));
  EXPECT_EQ(by_sector.complaints_blocked, (std::vector<std::uint8_t>{0, 1}));
  const YearRules both = rules("{active: true, sectors: [industry], size_classes: [small]}");
  EXPECT_EQ(both.plannable, (std::vector<std::uint8_t>{1, 1}));  // no segment is small and industry
  const YearRules every = rules("{active: true}");
  EXPECT_EQ(every.plannable, (std::vector<std::uint8_t>{0, 0}));
}

}  // namespace
}  // namespace inspectsim

namespace inspectsim {
namespace {

TEST(Model, AScenarioInTheFormatBeforeIssue12KeepsItsMeaning) {
  // tests/data/small.yaml names none of issue 12's keys: every new lever is off or as before.
  const Scenario s = testing::small_scenario();
  const Model m = build_model(s);
  EXPECT_EQ(m.complaints.triage_share, 0.0);
  EXPECT_FALSE(m.complaints.scoped);
  EXPECT_EQ(m.complaints.visit_length_factor, 1.0);
  for (const ViolationParams& v : m.violations) {
    EXPECT_EQ(v.extra_breaches_mean, 0.0);                                              // one breach a find
    EXPECT_EQ(v.deterred_onset_factor, 1 - s.sanctions.specific_deterrence_reduction);  // the scenario's
  }
  EXPECT_EQ(s.sanctions.fine_basis, FineBasis::find);
  EXPECT_EQ(s.sanctions.specific_deterrence_after, DeterrenceTrigger::detection);
  EXPECT_TRUE(s.sanctions.general_deterrence_reference.empty());  // the run's own first year
  EXPECT_EQ(s.sanctions.unreported_find_probability, 0.0);
  EXPECT_EQ(s.sanctions.publicity_visits_per_fine, 0.0);
  EXPECT_EQ(s.complaints.credibility_elasticity, 0.0);
  EXPECT_EQ(m.union_visits.rate_per_entity_day, 0.0);
  for (const double spoken : m.years[0].complaint_spoken) EXPECT_EQ(spoken, 1.0);  // no fear
  EXPECT_TRUE(s.calibration.empty());
}

}  // namespace
}  // namespace inspectsim
