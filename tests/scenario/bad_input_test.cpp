// Bad input, case by case (issue 7): every malformed or out-of-range scenario is refused with
// a ScenarioError naming the file, the line and column, the key, the value found and what is
// allowed. loader_test.cpp checks one example of most kinds; this table adds the rest and holds
// every message to the same standard, including the exact column.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace inspectsim {
namespace {

namespace fs = std::filesystem;

/// One bad scenario: YAML on top of tests/data/small.yaml (unless `standalone`), where the
/// error must point, and what the message must say.
struct BadInput {
  const char* name;
  std::string yaml;
  const char* marker;   ///< text at the reported line and column (first occurrence in `yaml`)
  const char* key;      ///< the dotted key named in the message
  const char* found;    ///< the value found, as the message quotes it
  const char* allowed;  ///< what the message says is allowed
  bool standalone = false;
};

std::ostream& operator<<(std::ostream& out, const BadInput& c) { return out << c.name; }

const std::string small = testing::source_path("tests/data/small.yaml");

BadInput on_small(const char* name, const std::string& yaml, const char* marker, const char* key, const char* found,
                  const char* allowed) {
  return {name, "extends: " + small + "\n" + yaml, marker, key, found, allowed};
}

BadInput standalone(const char* name, const std::string& yaml, const char* marker, const char* key, const char* found,
                    const char* allowed) {
  return {name, yaml, marker, key, found, allowed, true};
}

/// A scenario complete but for what a case leaves out.
const std::string minimal = R"(size_classes: [{name: micro}]
segments: [{name: shops, size_class: micro, entities: 10}]
violations: [{name: wage_arrears, onset_rate_per_year: 0.1}]
)";

const std::vector<BadInput> cases = {
    // YAML syntax errors
    standalone("IllegalMapValue", minimal + "country: Testland: north\n", ": north", "", "illegal map value",
               "expected valid YAML"),
    standalone("UnclosedFlowList", "size_classes: [{name: micro}\nsegments: []\n", "", "",
               "end of sequence flow not found", "expected valid YAML"),
    standalone("TabIndentation", minimal + "inspectorate:\n\tinspectors: 3\n", "", "", "YAML syntax error",
               "expected valid YAML"),
    standalone("UndefinedAlias", minimal + "country: *homeland\n", "*homeland", "", "anchor is not defined",
               "expected valid YAML"),
    standalone("DuplicateKey", minimal + "inspectorate:\n  inspectors: 3\n  travel_days: 1\n  inspectors: 30\n",
               "inspectors: 30", "inspectorate.inspectors", "duplicate key 'inspectors' (first at line 5)",
               "expected each key once"),
    standalone("NotAMap", "- just\n- a list\n", "- just", "", "a list", "expected a scenario: a map of keys"),
    // wrong types
    on_small("ListForANumber", "inspectorate:\n  inspectors: [3, 4]\n", "[3, 4]", "inspectorate.inspectors", "a list",
             "a whole number in [0, 10000000]"),
    on_small("WordForABoolean", "sanctions:\n  follow_up: maybe\n", "maybe", "sanctions.follow_up", "'maybe'",
             "true or false"),
    on_small("FractionForAWholeNumber", "simulation:\n  replications: 2.5\n", "2.5", "simulation.replications", "'2.5'",
             "a whole number in [2, 1000000]"),
    on_small("NumberForAMap", "complaints: 0.5\n", "0.5", "complaints", "'0.5'", "expected a map of keys"),
    on_small("MapForAList", "segments: {shops: 3}\n", "{shops", "segments", "a map", "expected a list of items"),
    on_small("WordForAList", "policy:\n  exempt_size_classes: large\n", "large", "policy.exempt_size_classes",
             "'large'", "expected a list of names"),
    on_small("ListAsAKey", "policy:\n  [notice]: unannounced\n", "[notice]", "policy", "a list", "expected a key name"),
    on_small("ListAsAKeyInATimelinePolicy", "timeline:\n  - {year: 2, policy: {[notice]: prior}}\n", "[notice]",
             "timeline(year 2).policy", "a list", "expected a key name"),  // was an internal error (exit 1)
    on_small("UnknownPlanMode", "policy:\n  plan: {mode: sometimes}\n", "sometimes", "policy.plan.mode", "'sometimes'",
             "expected 'fixed' or 'capacity'"),
    on_small("EvenPacingOfACapacityPlan", "policy:\n  plan: {mode: capacity, pacing: even}\n", "even}",
             "policy.plan.pacing", "found pacing: even", "expected pacing: asap with mode: capacity"),
    on_small("EvenPacingOfACapacityPlanInTheTimeline",
             "timeline:\n  - {year: 2, policy: {plan: {mode: capacity, pacing: even}}}\n", "even}",
             "timeline(year 2).policy.plan.pacing", "found pacing: even", "expected pacing: asap with mode: capacity"),
    on_small("UnknownNoticeMode", "policy:\n  notice: {planned: surprise}\n", "surprise", "policy.notice.planned",
             "'surprise'", "'unannounced' or 'prior'"),
    // unknown keys, with a suggestion when one is near
    on_small("UnknownTopLevelKey", "segmens: []\n", "segmens", "segmens", "'segmens'", "did you mean 'segments'?"),
    on_small("UnknownKeyInAnItem", "violations:\n  - {name: wage_arrears, detection_probabilty: 0.5}\n",
             "detection_probabilty", "violations.detection_probabilty", "'detection_probabilty'",
             "did you mean 'detection_probability'?"),
    on_small("UnknownKeyInATimelinePolicy", "timeline:\n  - {year: 2, policy: {notise: unannounced}}\n", "notise",
             "timeline(year 2).policy.notise", "'notise'", "did you mean 'notice'?"),
    on_small("UnknownSizeClassName", "segments:\n  - {name: shops, size_class: smal}\n", "{name: shops",
             "segments.shops.size_class", "'smal'", "did you mean 'small'?"),
    on_small("UnknownViolationInMultiplier", "segments:\n  - name: shops\n    onset_multiplier: {wage_arears: 2}\n",
             "2}", "segments.shops.onset_multiplier.wage_arears", "'wage_arears'", "did you mean 'wage_arrears'?"),
    on_small("DottedViolationNameUnderOnsetMultiplier",
             "segments:\n  - name: shops\n    onset_multiplier: {wage.arrears: 2}\n", "2}",
             "segments.shops.onset_multiplier.wage.arrears", "unknown violation type 'wage.arrears'",
             "did you mean 'wage_arrears'?"),  // was an internal error (exit 1), found by the fuzzer
    // negative or NaN rates
    on_small("NegativeComplaintRate", "complaints:\n  rate_per_exposed_worker_year: -0.01\n", "-0.01",
             "complaints.rate_per_exposed_worker_year", "'-0.01'", "a rate in [0, 1000] a year"),
    on_small("InfiniteRisk", "segments:\n  - {name: shops, risk: .inf}\n", ".inf", "segments.shops.risk", "'.inf'",
             "a multiplier in [0, 1000]"),
    on_small("NanMultiplier", "segments:\n  - name: shops\n    onset_multiplier: {wage_arrears: .NaN}\n", ".NaN",
             "segments.shops.onset_multiplier.wage_arrears", "'.NaN'", "a multiplier in [0, 1000]"),
    on_small("NanWithProvenance",
             "violations:\n  - name: wage_arrears\n    onset_rate_per_year: {value: .nan, source: x}\n", ".nan",
             "violations.wage_arrears.onset_rate_per_year", "'.nan'", "a rate in [0, 1000] a year"),
    // probabilities and shares outside [0, 1]
    on_small("NegativeConcealability", "violations:\n  - {name: hidden_hazard, concealability: -0.1}\n", "-0.1",
             "violations.hidden_hazard.concealability", "'-0.1'", "a probability in [0, 1]"),
    on_small("ConsentRefusalAboveOne", "policy:\n  notice: {consent_refusal_probability: 2}\n", "2}",
             "policy.notice.consent_refusal_probability", "'2'", "a probability in [0, 1]"),
    on_small("ExposedShareAboveOne", "violations:\n  - {name: wage_arrears, exposed_share: 1.5}\n", "1.5",
             "violations.wage_arrears.exposed_share", "'1.5'", "a share in [0, 1]"),
    on_small("ZeroInspectionTimeShare", "inspectorate: {inspection_time_share: 0}\n", "0}",
             "inspectorate.inspection_time_share", "'0'", "a share in (0, 1]"),
    // issue 15: every number has a finite upper bound
    on_small("OnsetRateNearTheLargestDouble", "violations:\n  - {name: wage_arrears, onset_rate_per_year: 1e308}\n",
             "1e308", "violations.wage_arrears.onset_rate_per_year", "'1e308'", "a rate in [0, 1000] a year"),
    on_small("WorkersBeyondAMillion", "segments:\n  - {name: shops, workers_per_entity: 2e6}\n", "2e6",
             "segments.shops.workers_per_entity", "'2e6'", "a number of workers in [0, 1000000]"),
    on_small("DurationBeyondACentury", "violations:\n  - {name: wage_arrears, mean_duration_days: 1e9}\n", "1e9",
             "violations.wage_arrears.mean_duration_days", "'1e9'", "days in (0, 36500] (100 years)"),
    // issue 12's keys
    on_small("FewerThanOneBreachPerFind", "violations:\n  - {name: wage_arrears, breaches_per_find: 0.5}\n", "0.5",
             "violations.wage_arrears.breaches_per_find", "'0.5'", "a mean number of breaches in [1, 100]"),
    on_small("UnknownFineBasis", "sanctions:\n  fine_basis: inspection\n", "inspection", "sanctions.fine_basis",
             "'inspection'", "expected 'find', 'breach' or 'visit'"),
    on_small("UnknownComplaintScope", "complaints:\n  scope: everything\n", "everything", "complaints.scope",
             "'everything'", "expected 'checklist' or 'complaint'"),
    on_small("UnknownExemptSector", "policy:\n  exempt_sectors: [trades]\n", "[trades]", "policy.exempt_sectors",
             "unknown sector 'trades'", "one of [trade, industry]"),
    on_small("UnknownMoratoriumSector", "policy:\n  moratorium: {active: true, sectors: [mining]}\n", "[mining]",
             "policy.moratorium.sectors", "unknown sector 'mining'", "one of [trade, industry]"),
    on_small("DeterrenceReferenceForAnUnknownClass",
             "sanctions:\n  general_deterrence:\n    reference_visits_per_entity_year: {small: 0.1, huge: 0.2}\n",
             "0.2}", "sanctions.general_deterrence.reference_visits_per_entity_year.huge", "unknown size class 'huge'",
             "expected one of"),
    on_small("DeterrenceReferenceMissingAClass",
             "sanctions:\n  general_deterrence:\n    reference_visits_per_entity_year: {small: 0.1}\n", "0.1}",
             "sanctions.general_deterrence.reference_visits_per_entity_year", "missing size class 'large'",
             "a reference rate for every size class"),
    // plausible ranges (issue 13): the range is checked like the value, at the range itself
    on_small("RangeLowAboveHigh", "complaints:\n  awareness: {value: 0.4, assumption: a guess, range: [0.6, 0.2]}\n",
             "[0.6, 0.2]", "complaints.awareness.range", "[0.6, 0.2]", "low <= high"),
    on_small("ProbabilityRangeBeyondOne",
             "violations:\n  - {name: wage_arrears, detection_probability: {value: 0.8, assumption: a, range: [0.5, "
             "1.2]}}\n",
             "[0.5, 1.2]", "violations.wage_arrears.detection_probability.range", "[0.5, 1.2]",
             "a range within the key's values, a probability in [0, 1]"),
    on_small("NegativeRangeOfARate",
             "complaints:\n  rate_per_exposed_worker_year: {value: 0.02, assumption: a, range: [-0.01, 0.03]}\n",
             "[-0.01", "complaints.rate_per_exposed_worker_year.range", "[-0.01, 0.03]", "a rate in [0, 1000] a year"),
    on_small("RangeOfAWholeNumberBeyondItsValues",
             "inspectorate:\n  inspectors: {value: 10, assumption: a, range: [-5, 20]}\n", "[-5, 20]",
             "inspectorate.inspectors.range", "[-5, 20]", "a whole number in [0, 10000000]"),
    on_small("RangeWithoutTheValue", "complaints:\n  awareness: {value: 0.4, assumption: a guess, range: [0.5, 0.7]}\n",
             "[0.5, 0.7]", "complaints.awareness.range", "[0.5, 0.7]", "a range that holds the value 0.4"),
    on_small("RangeOfOneNumber", "complaints:\n  awareness: {value: 0.4, assumption: a guess, range: [0.4]}\n", "[0.4]",
             "complaints.awareness.range", "a list", "[low, high], two numbers"),
    on_small("WordInARange", "complaints:\n  awareness: {value: 0.4, assumption: a guess, range: [low, 0.6]}\n", "low,",
             "complaints.awareness.range", "'low'", "a number"),
    on_small("RangeWithoutAReason", "complaints:\n  awareness: {value: 0.4, range: [0.2, 0.6]}\n", "[0.2, 0.6]",
             "complaints.awareness.range", "a range without its reason",
             "'source', 'assumption' or 'calibrated' beside it"),
    on_small("RangeOnAWord", "policy:\n  notice: {complaint: {value: prior, assumption: a, range: [0, 1]}}\n", "[0, 1]",
             "policy.notice.complaint.range", "a key that is not a number", "ranges on numbers only"),
    on_small("RangeOnARunSetting", "simulation:\n  years: {value: 3, assumption: a, range: [2, 4]}\n", "[2, 4]",
             "simulation.years.range", "[2, 4]", "no range (a setting is chosen, not uncertain)"),
    on_small("RangeAndDistribution",
             "complaints:\n  awareness: {value: 0.4, assumption: a, range: [0.2, 0.6],\n    distribution: {shape: "
             "uniform, low: 0.2, high: 0.6}}\n",
             "{shape: uniform", "complaints.awareness.distribution", "both", "either 'range' or 'distribution'"),
    on_small(
        "UnknownDistribution",
        "complaints:\n  awareness: {value: 0.4, assumption: a, distribution: {shape: beta, low: 0.2, high: 0.6}}\n",
        "beta", "complaints.awareness.distribution.shape", "'beta'", "'uniform', 'triangular' or 'lognormal'"),
    on_small("DistributionWithoutAShape",
             "complaints:\n  awareness: {value: 0.4, assumption: a, distribution: {low: 0.2, high: 0.6}}\n",
             "{low: 0.2", "complaints.awareness.distribution.shape", "missing",
             "a shape, 'uniform', 'triangular' or 'lognormal'"),
    on_small("TriangularModeOutsideItsBounds",
             "complaints:\n  awareness: {value: 0.4, assumption: a,\n    distribution: {shape: triangular, low: 0.2, "
             "mode: 0.7, high: 0.6}}\n",
             "{shape: triangular", "complaints.awareness.distribution", "mode 0.7", "low <= mode <= high"),
    on_small("TriangularWithoutAMode",
             "complaints:\n  awareness: {value: 0.4, assumption: a, distribution: {shape: triangular, low: 0.2, high: "
             "0.6}}\n",
             "{shape: triangular", "complaints.awareness.distribution.mode", "missing", "low, mode, high"),
    on_small("LognormalWithALowKey",
             "complaints:\n  awareness: {value: 0.4, assumption: a, distribution: {shape: lognormal, median: 0.4, low: "
             "0.2, p95: 0.8}}\n",
             "low: 0.2", "complaints.awareness.distribution.low", "unknown key 'low'", "median, p05, p95"),
    on_small("LognormalMedianOffCentre",
             "complaints:\n  awareness: {value: 0.4, assumption: a, distribution: {shape: lognormal, median: 0.6, p05: "
             "0.2, p95: 0.8}}\n",
             "0.6, p05", "complaints.awareness.distribution.median", "found 0.6", "within 5% of sqrt(p05 x p95) = 0.4"),
    on_small("LognormalBeyondAProbability",
             "violations:\n  - name: wage_arrears\n    concealability: {value: 0.4, assumption: a,\n"
             "      distribution: {shape: lognormal, median: 0.4, p05: 0.2, p95: 0.8}}\n"
             "    detection_probability: {value: 0.6, assumption: a,\n"
             "      distribution: {shape: lognormal, median: 0.6, p05: 0.3, p95: 1.2}}\n",
             "{shape: lognormal, median: 0.6", "violations.wage_arrears.detection_probability.distribution",
             "[0.3, 1.2]", "a probability in [0, 1]"),
    // zero or negative durations
    on_small("ZeroInspectionDays", "size_classes:\n  - name: small\n    inspection_days: {mean: 0}\n", "0}",
             "size_classes.small.inspection_days.mean", "'0'", "days in (0, 365]"),
    on_small("NegativeMeanDuration", "violations:\n  - {name: wage_arrears, mean_duration_days: -30}\n", "-30",
             "violations.wage_arrears.mean_duration_days", "'-30'", "days in (0, 36500] (100 years)"),
    on_small("ZeroWorkingDays", "inspectorate: {working_days_per_year: 0}\n", "0}",
             "inspectorate.working_days_per_year", "'0'", "days in (0, 365]"),
    on_small("NegativeFollowUpDays", "sanctions: {follow_up_days: -1}\n", "-1", "sanctions.follow_up_days", "'-1'",
             "days in [0, 36500] (100 years)"),
    on_small("ZeroYears", "simulation: {years: 0}\n", "0}", "simulation.years", "'0'", "a whole number in [1, 200]"),
    // shares that must sum to 1
    on_small("InspectorSharesNotSummingToOne",
             "regions:\n  - {name: north, inspector_share: 0.7}\n  - {name: south, inspector_share: 0.7}\n",
             "- {name: north", "regions.*.inspector_share", "found 1.4", "shares that sum to 1"),
    on_small("ANewRegionBreaksTheSum", "regions:\n  - {name: east, entity_share: 0.2, inspector_share: 0}\n",
             "- {name: east", "regions.*.entity_share", "found 1.2", "shares that sum to 1"),
    // missing required keys
    on_small("SegmentWithoutEntities", "segments:\n  - {name: farms, size_class: small}\n", "{name: farms",
             "segments.farms.entities", "missing", "the number of entities"),
    on_small("ViolationWithoutOnsetRate", "violations:\n  - name: arrears_typo\n    mean_duration_days: 90\n",
             "name: arrears_typo", "violations.arrears_typo.onset_rate_per_year", "missing", "the onset rate"),
    on_small("ItemWithoutName", "violations:\n  - {onset_rate_per_year: 0.3}\n", "{onset", "violations", "missing",
             "each item to have a 'name'"),
    on_small("TimelineChangeWithoutYear", "timeline:\n  - {inspectors: 20}\n", "{inspectors", "timeline[0]", "missing",
             "each change to have a 'year'"),
    standalone("NoSizeClasses", "name: empty\nsegments: []\n", "name: empty", "size_classes", "missing",
               "at least one size class"),
    standalone("EmptyViolationList",
               "size_classes: [{name: micro}]\nsegments: [{name: s, size_class: micro, entities: 1}]\n"
               "violations: []\n",
               "[]", "violations", "missing", "at least one violation type"),
    // absurd sizes: the count is refused before anything is allocated
    on_small("TooManyEntitiesForTheLoader", "segments:\n  - {name: shops, entities: 10000000000000}\n",
             "10000000000000", "segments.shops.entities", "'10000000000000'", "a whole number in [0, 1000000000000]"),
    on_small("TooManyEntitiesForMemory", "segments:\n  - {name: shops, entities: 1000000000000}\n", "1000000000000",
             "segments.shops.entities", "found 1000000000000", "this process may use"),
    // control characters (terminal escape sequences) in names and titles; the message shows none
    on_small("EscapeSequenceInTheName", "name: \"evil\\e[2J\"\n", "\"evil", "name", "byte 0x1B at position 5",
             "a name without control characters"),
    on_small("TerminalTitleInTheTitle", "title: \"\\e]0;pwned\\a\"\n", "\"\\e]", "title", "byte 0x1B at position 1",
             "a name without control characters"),
    on_small("C1ControlInASegmentName", "segments:\n  - {name: \"sh\\u009Bops\", entities: 3}\n", "\"sh",
             "segments.name", "byte 0xC2 at position 3", "a name without control characters"),
    on_small("TabInARegionName", "regions:\n  - {name: \"north\\tx\", entity_share: 0}\n", "\"north", "regions.name",
             "byte 0x09 at position 6", "a name without control characters"),
    on_small("EscapeInAViolationName", "violations:\n  - {name: \"\\x1b[31mred\", onset_rate_per_year: 0}\n", "\"\\x1b",
             "violations.name", "byte 0x1B at position 1", "a name without control characters"),
    on_small("EscapeInAnExemptSizeClass", "policy: {exempt_size_classes: [\"\\e[2J\"]}\n", "\"\\e[2J",
             "policy.exempt_size_classes", "byte 0x1B", "a name without control characters"),
    // a name twice in one list: refused with both lines (across files, a later file updates an item)
    on_small("DuplicateSegmentName",
             "segments:\n  - {name: farms, size_class: small, entities: 5}\n  - {name: farms, size_class: large, "
             "entities: 9}\n",
             "{name: farms, size_class: large", "segments.farms", "duplicate name 'farms' (first at line 3)",
             "expected each name once in segments"),
    on_small("DuplicateRegionName",
             "regions:\n  - {name: north, entity_share: 0.5}\n  - {name: north, entity_share: 0.25}\n",
             "{name: north, entity_share: 0.25", "regions.north", "duplicate name 'north' (first at line 3)",
             "expected each name once in regions"),
    on_small("DuplicateSizeClassName", "size_classes:\n  - {name: micro}\n  - name: micro\n", "name: micro\n",
             "size_classes.micro", "duplicate name 'micro' (first at line 3)",
             "expected each name once in size_classes"),
    on_small("DuplicateViolationTypeName",
             "violations:\n  - {name: theft, onset_rate_per_year: 0.1}\n  - {name: theft, onset_rate_per_year: 0.2}\n",
             "{name: theft, onset_rate_per_year: 0.2", "violations.theft", "duplicate name 'theft' (first at line 3)",
             "expected each name once in violations"),
};

class BadScenario : public ::testing::TestWithParam<BadInput> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("inspectsim_bad_input_" + std::to_string(::getpid()) + "_" + GetParam().name);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

/// 1-based line and column of the first occurrence of `marker` in `text`.
std::pair<int, int> position_of(const std::string& text, const std::string& marker) {
  const std::size_t at = text.find(marker);
  if (at == std::string::npos) throw std::logic_error("marker not in the YAML: " + marker);
  const std::size_t line_start = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  return {static_cast<int>(line), static_cast<int>(at - line_start + 1)};
}

TEST_P(BadScenario, IsRefusedWithFileLineColumnKeyFoundAndAllowed) {
  const BadInput& c = GetParam();
  const std::string path = (dir_ / "bad.yaml").string();
  std::ofstream(path) << c.yaml;
  try {
    check_resources({load_scenario(path)}, 1);  // absurd sizes pass the loader and stop here, before allocating
    FAIL() << "no ScenarioError";
  } catch (const ScenarioError& e) {
    const std::string what = e.what();
    SCOPED_TRACE("what(): " + what);
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(what.rfind(path + ":", 0), 0u) << "the message starts with FILE:";
    EXPECT_GT(e.where().line, 0) << "no line";
    EXPECT_GT(e.where().column, 0) << "no column";
    EXPECT_NE(what.find(fmt::format(":{}:{}: ", e.where().line, e.where().column)), std::string::npos);
    if (*c.marker) {
      const auto [line, column] = position_of(c.yaml, c.marker);
      EXPECT_EQ(e.where().line, line) << "expected at '" << c.marker << "'";
      EXPECT_EQ(e.where().column, column) << "expected at '" << c.marker << "'";
    }
    EXPECT_EQ(e.key(), c.key);
    if (*c.key) {
      EXPECT_NE(what.find(std::string(": ") + c.key + ": "), std::string::npos) << "the key is missing";
    }
    EXPECT_NE(what.find(c.found), std::string::npos) << "the value found ('" << c.found << "') is missing";
    EXPECT_NE(what.find(c.allowed), std::string::npos) << "what is allowed ('" << c.allowed << "') is missing";
    EXPECT_NE(what.find("expected"), std::string::npos) << "the message does not say what was expected";
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, BadScenario, ::testing::ValuesIn(cases),
                         [](const ::testing::TestParamInfo<BadInput>& param) { return std::string(param.param.name); });

// ---- extends: cycles, missing files, things that are not files -----------------------------

class BadExtends : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("inspectsim_bad_extends_" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "sub");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& yaml) const {
    std::ofstream(dir_ / name) << yaml;
    return (dir_ / name).string();
  }
  /// Loads `top` and expects an error at the `extends:` value of `file` (line `line`).
  static void expect_extends_error(const std::string& top, const std::string& file, int line, const std::string& also) {
    try {
      load_scenario(top);
      FAIL() << "no ScenarioError";
    } catch (const ScenarioError& e) {
      const std::string what = e.what();
      SCOPED_TRACE("what(): " + what);
      EXPECT_EQ(e.where().file, file);
      EXPECT_EQ(e.where().line, line);
      EXPECT_EQ(e.where().column, 10) << "at the value of `extends: `";
      EXPECT_EQ(e.key(), "extends");
      EXPECT_NE(what.find("expected"), std::string::npos);
      EXPECT_NE(what.find(also), std::string::npos);
    }
  }
  fs::path dir_;
};

TEST_F(BadExtends, AFileExtendingItself) {
  const std::string path = write("self.yaml", "name: self\nextends: self.yaml\n");
  expect_extends_error(path, path, 2, "without cycles");
}

TEST_F(BadExtends, ACycleThroughThreeFilesInTwoDirectories) {
  const std::string a = write("a.yaml", "extends: sub/b.yaml\n");
  const std::string b = write("sub/b.yaml", "extends: c.yaml\n");
  const std::string c = write("sub/c.yaml", "name: c\nextends: ../a.yaml\n");
  expect_extends_error(a, c, 2, "without cycles");
}

TEST_F(BadExtends, AMissingBaseTwoLevelsDown) {
  const std::string a = write("a.yaml", "extends: sub/b.yaml\n");
  const std::string b = write("sub/b.yaml", "# the base of b is gone\nextends: gone.yaml\n");
  expect_extends_error(a, b, 2, "no such scenario file");
}

TEST_F(BadExtends, ExtendsMustNameAFile) {
  const std::string a = write("a.yaml", "extends: sub\n");
  expect_extends_error(a, a, 1, "not a regular file");
  const std::string d = write("d.yaml", "extends: /dev/zero\n");  // would otherwise be read for ever
  expect_extends_error(d, d, 1, "not a regular file");
}

/// Writes chain0.yaml extending chain1.yaml ... extending chain{files-1}.yaml, which extends
/// tests/data/small.yaml; returns the first.
std::string write_chain(const fs::path& dir, int files) {
  for (int i = 0; i < files; ++i)
    std::ofstream(dir / fmt::format("chain{}.yaml", i))
        << "extends: " << (i + 1 < files ? fmt::format("chain{}.yaml", i + 1) : small) << "\n";
  return (dir / "chain0.yaml").string();
}

TEST_F(BadExtends, AChainOfSixtyFourFilesLoads) {
  EXPECT_EQ(load_scenario(write_chain(dir_, 63)).input_files.size(), 64u);  // with small.yaml at the end
}

TEST_F(BadExtends, ALongerChainIsRefusedWhereItPassesTheLimit) {
  const std::string top = write_chain(dir_, 64);
  expect_extends_error(top, (dir_ / "chain63.yaml").string(), 1, "a chain of at most 64 bases");
}

TEST_F(BadExtends, AVeryDeepChainIsAnErrorNotACrash) {
  const std::string top = write_chain(dir_, 20'000);  // overflowed the stack before the limit
  expect_extends_error(top, (dir_ / "chain63.yaml").string(), 1, "a chain of at most 64 bases");
}

TEST_F(BadExtends, APathWithANulCharacterIsRefusedNotCut) {
  const std::string real = write("real.yaml", "extends: " + small + "\n");
  try {
    load_scenario(real + std::string("\0x", 2));
    FAIL() << "the path was cut at the NUL and loaded";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("real.yaml\\x00x: expected the path of a YAML file, found a NUL character"),
              std::string::npos)
        << e.what();
  }
  const std::string top = write("top.yaml", "extends: \"real.yaml\\0x\"\n");
  expect_extends_error(top, top, 1, "found a NUL character");
}

TEST_F(BadExtends, ExtendsMustBeOnePath) {
  const std::string a = write("a.yaml", "extends: [b.yaml, c.yaml]\n");
  try {
    load_scenario(a);
    FAIL() << "no ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().line, 1);
    EXPECT_EQ(e.key(), "extends");
    EXPECT_NE(std::string(e.what()).find("expected the path of a base scenario"), std::string::npos) << e.what();
  }
}

// ---- --set values get the same checks, located at the --set ---------------------------------

TEST(BadOverride, AStructureWhereAKeyBelongsIsAnErrorNotACrash) {
  try {
    testing::small_scenario({{"policy", "{[a]: 1}"}});
    FAIL() << "no ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().file, "--set policy={[a]: 1}");
    EXPECT_NE(std::string(e.what()).find("expected a key name, found a list"), std::string::npos) << e.what();
  }
}

TEST(BadOverride, TooManyEntitiesNameTheOverride) {
  const Scenario s = testing::small_scenario({{"segments.factories.entities", "900000000000"}});
  try {
    check_resources({s}, 1);
    FAIL() << "no ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.where().file, "--set segments.factories.entities=900000000000");
    EXPECT_EQ(e.key(), "segments.factories.entities");
    EXPECT_NE(std::string(e.what()).find("GB"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace inspectsim
