// Loading scenarios: defaults, `extends:` overlays, provenance, --set overrides, the policy
// timeline, and the errors a user sees for bad input.

#include "inspectsim/scenario/loader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "inspectsim/scenario/error.hpp"

namespace inspectsim {
namespace {

namespace fs = std::filesystem;

/// The smallest scenario the loader accepts: one size class, one segment, one violation type.
const std::string minimal_yaml = R"(size_classes:
  - {name: micro}
segments:
  - {name: shops, size_class: micro, entities: 100}
violations:
  - {name: wage_arrears, onset_rate_per_year: 0.1}
)";

/// A fuller base for overlays: two of each named list, a notice map and a timeline.
const std::string base_yaml = R"(name: base
simulation: {years: 4, warmup_years: 2, replications: 5, seed: 7}
size_classes:
  - {name: small, inspection_days: {distribution: gamma, mean: 2, cv: 0.5}}
  - {name: large, inspection_days: {distribution: lognormal, mean: 5, cv: 0.3}}
segments:
  - {name: shops, sector: trade, size_class: small, entities: 3000, workers_per_entity: 5, risk: 1.5}
  - {name: factories, sector: industry, size_class: large, entities: 500, workers_per_entity: 200}
violations:
  - {name: wage_arrears, onset_rate_per_year: 0.2, detection_probability: 0.8}
  - {name: hazard, onset_rate_per_year: 0.1, concealability: 0.9}
inspectorate: {inspectors: 10, working_days_per_year: 220}
policy:
  notice: {complaint: prior, planned: prior, follow_up: prior, days: 15}
  exempt_size_classes: [small]
timeline:
  - {year: 2, inspectors: 20}
)";

/// The 1-based line of the first line of `yaml` containing `marker`.
int line_of(const std::string& yaml, const std::string& marker) {
  const std::size_t at = yaml.find(marker);
  if (at == std::string::npos) throw std::logic_error("marker not in the YAML: " + marker);
  return 1 + static_cast<int>(std::count(yaml.begin(), yaml.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

const ViolationType& violation(const Scenario& s, const std::string& name) {
  for (const ViolationType& v : s.violations)
    if (v.name == name) return v;
  throw std::out_of_range("no violation " + name);
}

const Segment& segment(const Scenario& s, const std::string& name) {
  for (const Segment& seg : s.segments)
    if (seg.name == name) return seg;
  throw std::out_of_range("no segment " + name);
}

bool all_modes(const NoticePolicy& n, NoticeMode mode) {
  return n.complaint == mode && n.planned == mode && n.follow_up == mode;
}

/// Each test gets its own temporary directory, so files can extend each other by relative name.
class Loader : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("inspectsim_loader_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& yaml) const {
    const fs::path path = dir_ / name;
    std::ofstream(path) << yaml;
    return path.string();
  }

  /// Loads `yaml` written as `name` and expects a ScenarioError that names the file, the
  /// line (as ":LINE:"), the dotted key and what was expected.
  void expect_error(const std::string& name, const std::string& yaml, int line, const std::string& key,
                    const std::string& also = "") const {
    const std::string path = write(name, yaml);
    expect_error_from([&] { load_scenario(path); }, path, line, key, also);
  }

  static void expect_error_from(const std::function<void()>& load, const std::string& file, int line,
                                const std::string& key, const std::string& also = "") {
    try {
      load();
      ADD_FAILURE() << "no ScenarioError for " << key;
    } catch (const ScenarioError& e) {
      const std::string what = e.what();
      SCOPED_TRACE("what(): " + what);
      EXPECT_NE(what.find(file), std::string::npos) << "the file name is missing";
      EXPECT_NE(what.find(":" + std::to_string(line) + ":"), std::string::npos) << "line " << line << " is missing";
      EXPECT_NE(what.find(key), std::string::npos) << "the key '" << key << "' is missing";
      EXPECT_NE(what.find("expected"), std::string::npos) << "the message does not say what was expected";
      if (!also.empty()) {
        EXPECT_NE(what.find(also), std::string::npos) << "'" << also << "' is missing";
      }
      EXPECT_EQ(e.where().file, file);
      EXPECT_EQ(e.where().line, line);
    }
  }

  fs::path dir_;
};

// ---- defaults -----------------------------------------------------------------------------

TEST_F(Loader, MinimalScenarioLoadsWithDocumentedDefaults) {
  const std::string path = write("tiny-country.yaml", minimal_yaml);
  const Scenario s = load_scenario(path);

  EXPECT_EQ(s.name, "tiny-country") << "the name defaults to the file's stem";
  EXPECT_EQ(s.file, path);
  EXPECT_EQ(s.simulation.years, 5);
  EXPECT_EQ(s.simulation.warmup_years, 1);
  EXPECT_EQ(s.simulation.replications, 20);
  EXPECT_EQ(s.simulation.seed, 1u);
  EXPECT_EQ(s.simulation.threads, 0);

  ASSERT_EQ(s.regions.size(), 1u) << "one national region when none is given";
  EXPECT_EQ(s.regions[0].name, "national");
  EXPECT_EQ(s.regions[0].entity_share, 1.0);
  EXPECT_EQ(s.regions[0].inspector_share, 1.0);

  ASSERT_EQ(s.size_classes.size(), 1u);
  EXPECT_EQ(s.size_classes[0].inspection_days.shape, DurationDistribution::Shape::gamma);
  EXPECT_EQ(s.size_classes[0].inspection_days.mean_days, 1.0);
  EXPECT_EQ(s.size_classes[0].inspection_days.cv, 0.5);

  ASSERT_EQ(s.segments.size(), 1u);
  EXPECT_EQ(s.segments[0].entities, 100);
  EXPECT_EQ(s.segments[0].workers_per_entity, 1.0);
  EXPECT_EQ(s.segments[0].risk, 1.0);
  EXPECT_EQ(s.total_entities(), 100);

  ASSERT_EQ(s.violations.size(), 1u);
  const ViolationType& v = s.violations[0];
  EXPECT_EQ(v.onset_rate_per_year, 0.1);
  EXPECT_EQ(v.mean_duration_days, 365.0);
  EXPECT_EQ(v.exposed_share, 0.0);
  EXPECT_EQ(v.detection_probability, 1.0);
  EXPECT_EQ(v.concealability, 0.0);
  EXPECT_EQ(v.complaint_weight, 1.0);

  EXPECT_EQ(s.base_policy.inspectors, 1);
  EXPECT_EQ(s.inspectorate.working_days_per_year, 230.0);
  EXPECT_EQ(s.inspectorate.inspection_time_share, 1.0);
  EXPECT_EQ(s.inspectorate.travel_days, 0.0);
  EXPECT_EQ(s.complaints.awareness, 0.5);
  EXPECT_EQ(s.complaints.rate_per_exposed_worker_year, 0.0);
  EXPECT_EQ(s.sanctions.order_compliance_probability, 1.0);
  EXPECT_TRUE(s.sanctions.follow_up);
  EXPECT_EQ(s.sanctions.follow_up_days, 60.0);
  EXPECT_EQ(s.sanctions.general_deterrence_elasticity, 0.0) << "general deterrence is off by default";

  const Policy& p = s.base_policy;
  EXPECT_TRUE(all_modes(p.notice, NoticeMode::prior));
  EXPECT_EQ(p.notice.days, 10.0);
  EXPECT_TRUE(p.notice.consent_required);
  EXPECT_EQ(p.notice.remediation_probability, 0.0);
  EXPECT_TRUE(p.exempt_size_classes.empty());
  EXPECT_TRUE(p.complaints_override_exemption);
  EXPECT_FALSE(p.moratorium.active);
  EXPECT_EQ(p.plan.targeting, Targeting::random);
  EXPECT_EQ(p.plan.inspections_per_inspector_per_year, 0.0);
  EXPECT_EQ(p.plan.mode, PlanMode::fixed);  // today's behaviour unless a scenario opts in
  EXPECT_EQ(p.inspectors, 1) << "staffing in force follows inspectorate.inspectors";

  ASSERT_EQ(s.policy_by_year.size(), 5u) << "one policy per measured year";
  for (const Policy& y : s.policy_by_year) {
    EXPECT_TRUE(all_modes(y.notice, NoticeMode::prior));
    EXPECT_EQ(y.inspectors, 1);
  }
}

// ---- extends ------------------------------------------------------------------------------

TEST_F(Loader, ExtendsOverlaysMapsAndNamedListsAndReplacesTheTimeline) {
  write("base.yaml", base_yaml);
  const std::string variant = write("variant.yaml", R"(extends: base.yaml
name: variant
simulation: {years: 6}
segments:
  - {name: shops, entities: 999}
  - {name: mines, sector: mining, size_class: large, entities: 40}
violations:
  - {name: hazard, detection_probability: 0.5}
policy:
  notice: {planned: unannounced}
timeline:
  - {year: 3, policy: {exempt_size_classes: []}}
)");
  const Scenario s = load_scenario(variant);

  EXPECT_EQ(s.name, "variant");
  // Maps merge key by key.
  EXPECT_EQ(s.simulation.years, 6);
  EXPECT_EQ(s.simulation.seed, 7u) << "kept from the base";
  EXPECT_EQ(s.simulation.replications, 5);
  EXPECT_EQ(s.simulation.warmup_years, 2);
  EXPECT_EQ(s.base_policy.inspectors, 10);
  EXPECT_EQ(s.base_policy.notice.planned, NoticeMode::unannounced);
  EXPECT_EQ(s.base_policy.notice.complaint, NoticeMode::prior);
  EXPECT_EQ(s.base_policy.notice.days, 15.0);

  // Named lists merge by name, in the base's order; a new name is appended.
  ASSERT_EQ(s.segments.size(), 3u);
  EXPECT_EQ(s.segments[0].name, "shops");
  EXPECT_EQ(s.segments[1].name, "factories");
  EXPECT_EQ(s.segments[2].name, "mines");
  EXPECT_EQ(s.segments[0].entities, 999);
  EXPECT_EQ(s.segments[0].sector, "trade") << "fields the variant does not name are kept";
  EXPECT_EQ(s.segments[0].workers_per_entity, 5.0);
  EXPECT_EQ(s.segments[0].risk, 1.5);
  EXPECT_EQ(s.segments[2].size_class, "large");
  EXPECT_EQ(s.segments[2].entities, 40);
  ASSERT_EQ(s.violations.size(), 2u);
  EXPECT_EQ(violation(s, "hazard").detection_probability, 0.5);
  EXPECT_EQ(violation(s, "hazard").concealability, 0.9);
  EXPECT_EQ(violation(s, "wage_arrears").detection_probability, 0.8);
  ASSERT_EQ(s.size_classes.size(), 2u);
  EXPECT_EQ(s.size_classes[1].inspection_days.shape, DurationDistribution::Shape::lognormal);

  // The timeline is replaced whole: the base's hiring in year 2 is gone.
  ASSERT_EQ(s.policy_by_year.size(), 6u);
  for (std::size_t y = 0; y < s.policy_by_year.size(); ++y) {
    EXPECT_EQ(s.policy_by_year[y].inspectors, 10) << "year " << y + 1;
    EXPECT_EQ(s.policy_by_year[y].exempt_size_classes.empty(), y >= 2) << "year " << y + 1;
  }

  // Provenance remembers which file set a number last.
  ASSERT_TRUE(s.provenance.count("segments.shops.entities"));
  EXPECT_EQ(s.provenance.at("segments.shops.entities").file, variant);
  ASSERT_TRUE(s.provenance.count("segments.factories.entities"));
  EXPECT_EQ(fs::path(s.provenance.at("segments.factories.entities").file).filename(), "base.yaml");
}

TEST_F(Loader, ExtendsChainsThroughSeveralFiles) {
  write("base.yaml", base_yaml);
  write("middle.yaml", "extends: base.yaml\ninspectorate: {inspectors: 30}\nsimulation: {seed: 8}\n");
  const std::string top = write("top.yaml", "extends: middle.yaml\nsimulation: {seed: 9}\n");
  const Scenario s = load_scenario(top);
  EXPECT_EQ(s.base_policy.inspectors, 30);
  EXPECT_EQ(s.inspectorate.working_days_per_year, 220.0);
  EXPECT_EQ(s.simulation.seed, 9u);
  EXPECT_EQ(s.file, top);
  EXPECT_EQ(s.policy_by_year.at(1).inspectors, 20) << "the base's timeline applies when no file replaces it";
}

TEST_F(Loader, FilesReadOnceGiveTheSameScenarioAfterTheFilesChange) {
  write("base.yaml", base_yaml);
  const std::string middle = write("middle.yaml", "extends: base.yaml\ninspectorate: {inspectors: 30}\n");
  const std::string top = write("top.yaml", "extends: middle.yaml\nsimulation: {seed: 9}\n");
  const ScenarioFiles files(top);
  write("middle.yaml", "extends: base.yaml\ninspectorate: {inspectors: 31}\n");  // edited during a sweep
  for (int i = 0; i < 3; ++i) {  // each load starts from the text as it was read
    const Scenario s = load_scenario(files, {{"simulation.seed", std::to_string(i)}});
    EXPECT_EQ(s.base_policy.inspectors, 30);
    EXPECT_EQ(s.simulation.seed, static_cast<unsigned long long>(i));
    EXPECT_EQ(s.input_files, (std::vector<std::string>{
                                 top, middle, (std::filesystem::path(middle).parent_path() / "base.yaml").string()}));
  }
  EXPECT_EQ(load_scenario(top).base_policy.inspectors, 31) << "a fresh load reads the files again";
}

// ---- provenance ---------------------------------------------------------------------------

TEST_F(Loader, ProvenanceWrappersAreUnwrappedAndRecorded) {
  const std::string path = write("sourced.yaml", minimal_yaml + R"(inspectorate:
  inspectors: {value: 250, source: "Solidarity Center: 250 inspectors"}
  working_days_per_year: {value: 210, assumption: "public holidays and training"}
complaints: {awareness: 0.4}
policy:
  notice: {value: unannounced, source: "ILO C81 art. 12"}
  exempt_size_classes: {value: [micro], source: "small businesses are excluded"}
)");
  const Scenario s = load_scenario(path);
  EXPECT_EQ(s.base_policy.inspectors, 250);
  EXPECT_EQ(s.inspectorate.working_days_per_year, 210.0);
  EXPECT_TRUE(all_modes(s.base_policy.notice, NoticeMode::unannounced)) << "a wrapped scalar notice sets every mode";

  const Provenance& inspectors = s.provenance.at("inspectorate.inspectors");
  EXPECT_EQ(inspectors.kind, Provenance::Kind::source);
  EXPECT_EQ(inspectors.note, "Solidarity Center: 250 inspectors");
  EXPECT_EQ(inspectors.value, "250");
  EXPECT_EQ(inspectors.file, path);

  const Provenance& days = s.provenance.at("inspectorate.working_days_per_year");
  EXPECT_EQ(days.kind, Provenance::Kind::assumption);
  EXPECT_EQ(days.note, "public holidays and training");
  EXPECT_EQ(days.value, "210");

  const Provenance& notice = s.provenance.at("policy.notice");
  EXPECT_EQ(notice.kind, Provenance::Kind::source);
  EXPECT_EQ(notice.value, "unannounced");

  EXPECT_EQ(s.base_policy.exempt_size_classes, std::vector<std::string>{"micro"}) << "lists unwrap too";
  EXPECT_EQ(s.provenance.at("policy.exempt_size_classes").kind, Provenance::Kind::source);

  // Bare numbers are listed as unannotated, so reports can flag them; bare words are not data.
  ASSERT_TRUE(s.provenance.count("complaints.awareness"));
  EXPECT_EQ(s.provenance.at("complaints.awareness").kind, Provenance::Kind::unannotated);
  EXPECT_EQ(s.provenance.at("complaints.awareness").value, "0.4");
  ASSERT_TRUE(s.provenance.count("segments.shops.entities"));
  EXPECT_FALSE(s.provenance.count("segments.shops.size_class"));
}

TEST_F(Loader, ProvenanceOfAKeySetAgainIsReplaced) {
  write("sourced.yaml", minimal_yaml + "inspectorate:\n  inspectors: {value: 250, source: \"a report\"}\n");
  const std::string variant = write("variant.yaml", "extends: sourced.yaml\ninspectorate: {inspectors: 300}\n");
  const Scenario s = load_scenario(variant);
  EXPECT_EQ(s.base_policy.inspectors, 300);
  const Provenance& p = s.provenance.at("inspectorate.inspectors");
  EXPECT_EQ(p.kind, Provenance::Kind::unannotated) << "the base's source does not describe the variant's number";
  EXPECT_TRUE(p.note.empty());
  EXPECT_EQ(p.value, "300");
  EXPECT_EQ(p.file, variant);
}

TEST_F(Loader, ProvenanceFromAnOverrideNamesTheOverride) {
  const std::string path = write("plain.yaml", minimal_yaml);
  const Scenario s = load_scenario(path, {{"inspectors", "{value: 40, assumption: hiring plan}"}});
  EXPECT_EQ(s.base_policy.inspectors, 40);
  ASSERT_TRUE(s.provenance.count("inspectorate.inspectors")) << "the shorthand records the full key";
  const Provenance& p = s.provenance.at("inspectorate.inspectors");
  EXPECT_EQ(p.kind, Provenance::Kind::assumption);
  EXPECT_EQ(p.note, "hiring plan");
  EXPECT_EQ(p.file.rfind("--set inspectors=", 0), 0u) << p.file;
}

// ---- plausible ranges (issue 13) ------------------------------------------------------------

TEST_F(Loader, PlausibleRangesAreStoredWithTheirShape) {
  const std::string path = write("ranged.yaml", minimal_yaml + R"(complaints:
  awareness: {value: 0.4, assumption: "survey proxy", range: [0.2, 0.6]}
  rate_per_exposed_worker_year: {value: 0.02, source: "a report", distribution: {shape: triangular, low: 0.01, mode: 0.02, high: 0.04}}
inspectorate:
  travel_days: {value: 1.0, assumption: "a day", distribution: {shape: lognormal, median: 1.0, p05: 0.5, p95: 2.0}}
  inspection_time_share: {value: 0.8, assumption: "as written", distribution: {shape: uniform, low: 0.6, high: 0.9}}
)");
  const Scenario s = load_scenario(path);
  EXPECT_DOUBLE_EQ(s.complaints.awareness, 0.4) << "a range does not change the value";
  const Provenance& awareness = s.provenance.at("complaints.awareness");
  EXPECT_EQ(awareness.spread, Provenance::Spread::ranged);
  EXPECT_EQ(awareness.range.shape, PlausibleRange::Shape::uniform);
  EXPECT_DOUBLE_EQ(awareness.range.low, 0.2);
  EXPECT_DOUBLE_EQ(awareness.range.high, 0.6);
  const Provenance& rate = s.provenance.at("complaints.rate_per_exposed_worker_year");
  EXPECT_EQ(rate.kind, Provenance::Kind::source) << "a sourced number may carry a sourced range";
  EXPECT_EQ(rate.range.shape, PlausibleRange::Shape::triangular);
  EXPECT_DOUBLE_EQ(rate.range.mode, 0.02);
  EXPECT_DOUBLE_EQ(rate.range.high, 0.04);
  const Provenance& travel = s.provenance.at("inspectorate.travel_days");
  EXPECT_EQ(travel.range.shape, PlausibleRange::Shape::lognormal);
  EXPECT_DOUBLE_EQ(travel.range.median, 1.0);
  EXPECT_DOUBLE_EQ(travel.range.low, 0.5) << "a lognormal's low is its 5th percentile";
  EXPECT_DOUBLE_EQ(travel.range.high, 2.0);
  EXPECT_EQ(s.provenance.at("inspectorate.inspection_time_share").range.shape, PlausibleRange::Shape::uniform);
}

TEST_F(Loader, AnAssumptionWithoutARangeGetsTheDefaultWithinItsKeysValues) {
  const std::string path = write("defaults.yaml", minimal_yaml + R"(complaints:
  awareness: {value: 0.8, assumption: "a guess"}
inspectorate:
  inspectors: {value: 40, assumption: "a guess"}
  travel_days: {value: 1.0, source: "a report"}
simulation:
  years: {value: 3, assumption: "long enough"}
policy:
  notice: {complaint: {value: prior, assumption: "as the law says"}}
)");
  const Scenario s = load_scenario(path);
  const Provenance& awareness = s.provenance.at("complaints.awareness");
  EXPECT_EQ(awareness.spread, Provenance::Spread::defaulted);
  EXPECT_DOUBLE_EQ(awareness.range.low, 0.4);
  EXPECT_DOUBLE_EQ(awareness.range.high, 1.0) << "x1.5 of a probability of 0.8 is clipped to 1";
  const Provenance& inspectors = s.provenance.at("inspectorate.inspectors");
  EXPECT_EQ(inspectors.spread, Provenance::Spread::defaulted);
  EXPECT_DOUBLE_EQ(inspectors.range.low, 20);
  EXPECT_DOUBLE_EQ(inspectors.range.high, 60);
  EXPECT_EQ(s.provenance.at("inspectorate.travel_days").spread, Provenance::Spread::fixed)
      << "a source without a range";
  EXPECT_EQ(s.provenance.at("simulation.years").spread, Provenance::Spread::fixed) << "a run setting is not uncertain";
  EXPECT_EQ(s.provenance.at("policy.notice.complaint").spread, Provenance::Spread::fixed) << "a word has no range";
  EXPECT_EQ(s.provenance.at("segments.shops.entities").spread, Provenance::Spread::fixed) << "a bare number";

  const Scenario::ProvenanceTally tally = s.provenance_tally();
  EXPECT_EQ(tally.ranged, 0);
  EXPECT_EQ(tally.defaulted, 2);
  EXPECT_EQ(tally.fixed, static_cast<int>(s.provenance.size()) - 2);
}

TEST_F(Loader, AVariantsNumberDoesNotKeepItsBasesRange) {
  write("base.yaml", minimal_yaml + "complaints:\n  awareness: {value: 0.4, assumption: a, range: [0.2, 0.6]}\n");
  const std::string variant = write("variant.yaml", "extends: base.yaml\ncomplaints: {awareness: 0.9}\n");
  const Provenance p =
      load_scenario(variant).provenance.at("complaints.awareness");  // a copy: the scenario is a temporary
  EXPECT_EQ(p.spread, Provenance::Spread::fixed) << "0.9 lies outside the base's range, which described 0.4";
}

TEST_F(Loader, ARangeFromAnOverrideIsCheckedLikeOneInAFile) {
  const std::string path = write("plain.yaml", minimal_yaml);
  const Scenario s = load_scenario(path, {{"complaints.awareness", "{value: 0.3, assumption: b, range: [0.1, 0.5]}"}});
  EXPECT_EQ(s.provenance.at("complaints.awareness").spread, Provenance::Spread::ranged);
  EXPECT_THROW(load_scenario(path, {{"complaints.awareness", "{value: 0.3, assumption: b, range: [0.1, 1.5]}"}}),
               ScenarioError);
}

TEST_F(Loader, ProvenanceWithBothSourceAndAssumptionIsAnError) {
  const std::string yaml = minimal_yaml + "complaints:\n  awareness: {value: 0.4, source: a, assumption: b}\n";
  const std::string path = write("both.yaml", yaml);
  try {
    load_scenario(path);
    ADD_FAILURE() << "no ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.key(), "complaints.awareness");
    EXPECT_EQ(e.where().line, line_of(yaml, "awareness: {value"));
    EXPECT_NE(std::string(e.what()).find("not several"), std::string::npos) << e.what();
  }
}

// ---- --set overrides ----------------------------------------------------------------------

TEST_F(Loader, ScalarNoticeOverrideSetsEveryKindOfVisit) {
  const std::string path = write("base.yaml", base_yaml);
  const Scenario before = load_scenario(path);
  ASSERT_TRUE(all_modes(before.base_policy.notice, NoticeMode::prior));
  const Scenario s = load_scenario(path, {{"policy.notice", "unannounced"}});
  EXPECT_TRUE(all_modes(s.base_policy.notice, NoticeMode::unannounced));
  EXPECT_EQ(s.base_policy.notice.days, 15.0) << "the rest of the notice map is kept";
  for (const Policy& y : s.policy_by_year) EXPECT_TRUE(all_modes(y.notice, NoticeMode::unannounced));
}

TEST_F(Loader, NestedNoticeOverrideSetsOneKindOfVisit) {
  const Scenario s = load_scenario(write("base.yaml", base_yaml), {{"policy.notice.complaint", "unannounced"}});
  EXPECT_EQ(s.base_policy.notice.complaint, NoticeMode::unannounced);
  EXPECT_EQ(s.base_policy.notice.planned, NoticeMode::prior);
  EXPECT_EQ(s.base_policy.notice.follow_up, NoticeMode::prior);
}

TEST_F(Loader, SegmentOverrideAddressesTheItemByName) {
  const Scenario s = load_scenario(write("base.yaml", base_yaml), {{"segments.factories.entities", "1234"}});
  ASSERT_EQ(s.segments.size(), 2u);
  EXPECT_EQ(segment(s, "factories").entities, 1234);
  EXPECT_EQ(segment(s, "factories").workers_per_entity, 200.0);
  EXPECT_EQ(segment(s, "shops").entities, 3000);
  EXPECT_EQ(s.total_entities(), 3000 + 1234);
}

TEST_F(Loader, InspectorsShorthandSetsTheInspectorate) {
  const Scenario s = load_scenario(write("base.yaml", base_yaml), {{"inspectors", "37"}});
  EXPECT_EQ(s.base_policy.inspectors, 37);
  EXPECT_EQ(s.base_policy.inspectors, 37);
  EXPECT_EQ(s.policy_by_year.at(0).inspectors, 37);
  EXPECT_EQ(s.policy_by_year.at(1).inspectors, 20) << "the timeline still hires from year 2";
}

TEST_F(Loader, SimulationYearsOverrideResizesThePolicyTimeline) {
  const std::string path = write("base.yaml", base_yaml);
  EXPECT_EQ(load_scenario(path).policy_by_year.size(), 4u);
  const Scenario longer = load_scenario(path, {{"simulation.years", "9"}});
  EXPECT_EQ(longer.simulation.years, 9);
  ASSERT_EQ(longer.policy_by_year.size(), 9u);
  EXPECT_EQ(longer.policy_by_year[0].inspectors, 10);
  for (std::size_t y = 1; y < 9; ++y) EXPECT_EQ(longer.policy_by_year[y].inspectors, 20) << "year " << y + 1;
  EXPECT_EQ(load_scenario(path, {{"simulation.years", "1"}}).policy_by_year.size(), 1u);
}

TEST_F(Loader, OverridesApplyInOrderAfterTheFile) {
  const Scenario s =
      load_scenario(write("base.yaml", base_yaml), {{"inspectors", "12"}, {"inspectorate.inspectors", "14"}});
  EXPECT_EQ(s.base_policy.inspectors, 14);
}

TEST_F(Loader, OverrideWithAnUnknownKeyNamesTheOverride) {
  const std::string path = write("base.yaml", base_yaml);
  try {
    load_scenario(path, {{"policy.notise", "unannounced"}});
    ADD_FAILURE() << "no ScenarioError";
  } catch (const ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("--set policy.notise=unannounced"), std::string::npos) << what;
    EXPECT_NE(what.find("did you mean 'notice'"), std::string::npos) << what;
    EXPECT_EQ(e.key(), "policy.notise");
  }
}

TEST_F(Loader, ParseOverrideSplitsAtTheFirstEquals) {
  const Override o = parse_override("a=b");
  EXPECT_EQ(o.key, "a");
  EXPECT_EQ(o.value, "b");
  const Override nested = parse_override("segments.shops.entities=5=6");
  EXPECT_EQ(nested.key, "segments.shops.entities");
  EXPECT_EQ(nested.value, "5=6");
  EXPECT_EQ(parse_override("policy.notice=").value, "");
}

TEST_F(Loader, ParseOverrideWithoutEqualsIsAnError) {
  for (const std::string text : {"policy.notice", "=unannounced"}) {
    try {
      parse_override(text);
      ADD_FAILURE() << "no ScenarioError for '" << text << "'";
    } catch (const ScenarioError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(text), std::string::npos) << what;
      EXPECT_NE(what.find("expected KEY=VALUE"), std::string::npos) << what;
    }
  }
}

// ---- timeline -----------------------------------------------------------------------------

TEST_F(Loader, TimelineChangesApplyFromTheirYearOn) {
  const Scenario s = load_scenario(
      write("timeline.yaml", base_yaml + R"(  - {year: 3, policy: {notice: unannounced, exempt_size_classes: []}}
)"));
  ASSERT_EQ(s.policy_by_year.size(), 4u);
  for (std::size_t y = 0; y < 2; ++y) {
    EXPECT_TRUE(all_modes(s.policy_by_year[y].notice, NoticeMode::prior)) << "year " << y + 1;
    EXPECT_EQ(s.policy_by_year[y].exempt_size_classes, std::vector<std::string>{"small"}) << "year " << y + 1;
  }
  for (std::size_t y = 2; y < 4; ++y) {
    EXPECT_TRUE(all_modes(s.policy_by_year[y].notice, NoticeMode::unannounced)) << "year " << y + 1;
    EXPECT_TRUE(s.policy_by_year[y].exempt_size_classes.empty()) << "year " << y + 1;
    EXPECT_EQ(s.policy_by_year[y].notice.days, 15.0) << "fields the change does not name carry over";
  }
  // Inspectors in the timeline: 10, then 20 from year 2.
  EXPECT_EQ(s.policy_by_year[0].inspectors, 10);
  for (std::size_t y = 1; y < 4; ++y) EXPECT_EQ(s.policy_by_year[y].inspectors, 20) << "year " << y + 1;
  // The base policy is what the warm-up years use.
  EXPECT_TRUE(all_modes(s.base_policy.notice, NoticeMode::prior));
  EXPECT_EQ(s.base_policy.inspectors, 10);
  const int warmup = s.simulation.warmup_years;
  EXPECT_EQ(&s.policy_for(0), &s.base_policy);
  EXPECT_EQ(&s.policy_for(warmup - 1), &s.base_policy);
  EXPECT_EQ(&s.policy_for(warmup + 2), &s.policy_by_year[2]);
}

TEST_F(Loader, TimelineEntriesApplyInYearOrderWhateverTheFileOrder) {
  const Scenario s = load_scenario(write("unsorted.yaml", minimal_yaml + R"(simulation: {years: 5}
inspectorate: {inspectors: 10}
timeline:
  - {year: 4, inspectors: 25}
  - {year: 2, inspectors: 15, policy: {plan: {targeting: risk}}}
)"));
  const std::vector<int> expected{10, 15, 15, 25, 25};
  for (std::size_t y = 0; y < 5; ++y) EXPECT_EQ(s.policy_by_year[y].inspectors, expected[y]) << "year " << y + 1;
  EXPECT_EQ(s.policy_by_year[0].plan.targeting, Targeting::random);
  EXPECT_EQ(s.policy_by_year[4].plan.targeting, Targeting::risk);
}

TEST_F(Loader, TimelineOverrideReplacesTheFilesTimeline) {
  const Scenario s =
      load_scenario(write("base.yaml", base_yaml),
                    {{"timeline", "[{year: 3, inspectors: 60}, {year: 4, policy: {notice: unannounced}}]"}});
  const std::vector<int> expected{10, 10, 60, 60};  // the file's hiring in year 2 is gone
  for (std::size_t y = 0; y < 4; ++y) EXPECT_EQ(s.policy_by_year[y].inspectors, expected[y]) << "year " << y + 1;
  EXPECT_TRUE(all_modes(s.policy_by_year[2].notice, NoticeMode::prior));
  EXPECT_TRUE(all_modes(s.policy_by_year[3].notice, NoticeMode::unannounced));
}

TEST_F(Loader, TimelinePolicyOnTopOfAnOverride) {
  const Scenario s =
      load_scenario(write("timeline.yaml", base_yaml + "  - {year: 3, policy: {notice: {planned: prior}}}\n"),
                    {{"policy.notice", "unannounced"}});
  EXPECT_EQ(s.policy_by_year[1].notice.planned, NoticeMode::unannounced);
  EXPECT_EQ(s.policy_by_year[2].notice.planned, NoticeMode::prior);
  EXPECT_EQ(s.policy_by_year[2].notice.complaint, NoticeMode::unannounced);
}

// ---- errors: each names file, line, key and what was expected ----------------------------

TEST_F(Loader, ErrorYamlSyntax) {
  const std::string yaml = minimal_yaml + "inspectorate: {inspectors: 5\ncomplaints: {awareness: 0.5}\n";
  const std::string path = write("syntax.yaml", yaml);
  try {
    load_scenario(path);
    ADD_FAILURE() << "no ScenarioError";
  } catch (const ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find("syntax"), std::string::npos) << what;
    // yaml-cpp reports where it gave up: at or after the unclosed brace, never before it.
    EXPECT_GE(e.where().line, line_of(yaml, "inspectorate: {")) << what;
    EXPECT_NE(what.find(":" + std::to_string(e.where().line) + ":"), std::string::npos) << what;
    EXPECT_NE(what.find("expected"), std::string::npos) << "the message does not say what was expected: " << what;
  }
}

TEST_F(Loader, ErrorTextForANumber) {
  const std::string yaml = minimal_yaml + "simulation:\n  years: five\n";
  expect_error("type.yaml", yaml, line_of(yaml, "years: five"), "simulation.years", "'five'");
}

TEST_F(Loader, ErrorTextForARate) {
  const std::string yaml = R"(size_classes: [{name: micro}]
segments: [{name: shops, size_class: micro, entities: 10}]
violations:
  - name: wage_arrears
    onset_rate_per_year: often
)";
  expect_error("rate_type.yaml", yaml, line_of(yaml, "often"), "violations.wage_arrears.onset_rate_per_year",
               "'often'");
}

TEST_F(Loader, ErrorUnknownKeySuggestsTheNearestKey) {
  const std::string yaml = minimal_yaml + "inspectorate:\n  inspector: 5\n";
  expect_error("unknown.yaml", yaml, line_of(yaml, "inspector: 5"), "inspectorate.inspector",
               "did you mean 'inspectors'");
}

TEST_F(Loader, ErrorNegativeRate) {
  const std::string yaml = R"(size_classes: [{name: micro}]
segments: [{name: shops, size_class: micro, entities: 10}]
violations:
  - {name: wage_arrears, onset_rate_per_year: -0.5}
)";
  expect_error("negative.yaml", yaml, line_of(yaml, "-0.5"), "violations.wage_arrears.onset_rate_per_year", "-0.5");
}

TEST_F(Loader, ErrorNanRate) {
  const std::string yaml = R"(size_classes: [{name: micro}]
segments: [{name: shops, size_class: micro, entities: 10}]
violations:
  - name: wage_arrears
    onset_rate_per_year: .nan
)";
  expect_error("nan.yaml", yaml, line_of(yaml, ".nan"), "violations.wage_arrears.onset_rate_per_year", ".nan");
}

TEST_F(Loader, ErrorProbabilityAboveOne) {
  const std::string yaml = R"(size_classes: [{name: micro}]
segments: [{name: shops, size_class: micro, entities: 10}]
violations:
  - name: wage_arrears
    onset_rate_per_year: 0.1
    detection_probability: 1.5
)";
  expect_error("probability.yaml", yaml, line_of(yaml, "1.5"), "violations.wage_arrears.detection_probability",
               "[0, 1]");
}

TEST_F(Loader, ErrorZeroMeanDuration) {
  const std::string yaml = R"(size_classes: [{name: micro}]
segments: [{name: shops, size_class: micro, entities: 10}]
violations:
  - {name: wage_arrears, onset_rate_per_year: 0.1,
     mean_duration_days: 0}
)";
  expect_error("duration.yaml", yaml, line_of(yaml, "mean_duration_days: 0"),
               "violations.wage_arrears.mean_duration_days", "days in (0, 36500]");
}

TEST_F(Loader, ErrorMissingExtendsTarget) {
  const std::string yaml = "name: orphan\nextends: no-such-base.yaml\n";
  expect_error("orphan.yaml", yaml, line_of(yaml, "extends:"), "extends", "no-such-base.yaml");
}

TEST_F(Loader, ErrorMissingFile) {
  // Nothing was read, so there is no line to name; the message must still name the file.
  const std::string path = (dir_ / "does-not-exist.yaml").string();
  try {
    load_scenario(path);
    ADD_FAILURE() << "no ScenarioError";
  } catch (const ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_EQ(e.where().file, path) << what;
    EXPECT_EQ(what.rfind(path, 0), 0u) << "the message should start with the file: " << what;
  }
}

TEST_F(Loader, ErrorExtendsCycle) {
  const std::string a = "extends: b.yaml\nname: a\n";
  const std::string b = "name: b\nextends: a.yaml\n";
  const std::string a_path = write("a.yaml", a);
  const std::string b_path = write("b.yaml", b);
  // a -> b -> a: the cycle closes at b's `extends:` line.
  expect_error_from([&] { load_scenario(a_path); }, b_path, line_of(b, "extends:"), "extends", "cycle");
}

TEST_F(Loader, ErrorUnknownSizeClassInExemptions) {
  const std::string yaml = minimal_yaml + "policy:\n  exempt_size_classes: [micro, tiny]\n";
  expect_error("exempt.yaml", yaml, line_of(yaml, "exempt_size_classes"), "policy.exempt_size_classes", "'tiny'");
}

TEST_F(Loader, ErrorInABaseFileNamesTheBaseFile) {
  // The bad name is in the base; the variant only extends it.
  const std::string base = minimal_yaml + "policy:\n  exempt_size_classes: [tiny]\n";
  const std::string base_path = write("base.yaml", base);
  const std::string variant_path = write("variant.yaml", "extends: base.yaml\nname: variant\n");
  expect_error_from([&] { load_scenario(variant_path); }, base_path, line_of(base, "exempt_size_classes"),
                    "policy.exempt_size_classes", "'tiny'");
}

TEST_F(Loader, ErrorRegionSharesNotSummingToOne) {
  const std::string yaml = minimal_yaml + R"(regions:
  - {name: north, entity_share: 0.5, inspector_share: 0.5}
  - {name: south, entity_share: 0.4, inspector_share: 0.5}
)";
  expect_error("regions.yaml", yaml, line_of(yaml, "- {name: north"), "entity_share", "sum to 1");
}

TEST_F(Loader, ErrorSegmentWithoutSizeClass) {
  const std::string yaml = R"(size_classes: [{name: micro}]
segments:
  - {name: shops, size_class: micro, entities: 10}
  - {name: farms, entities: 20}
violations: [{name: wage_arrears, onset_rate_per_year: 0.1}]
)";
  expect_error("segment.yaml", yaml, line_of(yaml, "name: farms"), "segments.farms.size_class");
}

}  // namespace
}  // namespace inspectsim
