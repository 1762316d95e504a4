// Sweeps: --vary parsing, the grid, common random numbers across points, resuming, and the
// replications split over processes (a Cluster, as MPI ranks use it) giving the same numbers.

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "test_support.hpp"

namespace inspectsim {
namespace {

using testing::global;
using testing::source_path;
using testing::with_threads;

std::vector<std::string> values(const std::string& text) { return parse_vary(text).values; }

TEST(Sweep, ParsesListsAndRanges) {
  EXPECT_EQ(values("policy.notice=unannounced,prior"), (std::vector<std::string>{"unannounced", "prior"}));
  EXPECT_EQ(values("inspectors=250:1000:250"), (std::vector<std::string>{"250", "500", "750", "1000"}));
  EXPECT_EQ(values("inspectors=5:12:3"), (std::vector<std::string>{"5", "8", "11"}))
      << "the stop is kept only on a step";
  EXPECT_EQ(values("complaints.awareness=0.1:0.5:0.1"), (std::vector<std::string>{"0.1", "0.2", "0.3", "0.4", "0.5"}));
  EXPECT_EQ(values("inspectors=7"), (std::vector<std::string>{"7"}));
  EXPECT_EQ(parse_vary("inspectors=1:2:1").key, "inspectors");
}

void expect_vary_error(const std::string& text, const std::string& part) {
  try {
    parse_vary(text);
    ADD_FAILURE() << text << " was accepted";
  } catch (const ScenarioError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("--vary " + text), std::string::npos) << message;
    EXPECT_NE(message.find(part), std::string::npos) << message;
  }
}

TEST(Sweep, RefusesBadVaryWithTheOptionAndWhatWasExpected) {
  expect_vary_error("inspectors", "expected KEY=VALUES");
  expect_vary_error("=1,2", "expected KEY=VALUES");
  expect_vary_error("inspectors=", "expected values");
  expect_vary_error("inspectors=1,,2", "none empty");
  expect_vary_error("inspectors=10:1:1", "START <= STOP and STEP > 0");
  expect_vary_error("inspectors=1:10:0", "STEP > 0");
  expect_vary_error("inspectors=1:10", "START:STOP:STEP");
  expect_vary_error("inspectors=a:b:c", "found 'a:b:c'");
  expect_vary_error("inspectors=1:100000000:1", "at most");
  expect_vary_error("inspectors=-9223372036854775807:9223372036854775807:1", "at most");  // no overflow
  EXPECT_EQ(parse_vary("x=9223372036854775806:9223372036854775807:2").values,
            std::vector<std::string>{"9223372036854775806"});
}

TEST(Sweep, GridIsTheProductLastAxisFastest) {
  const std::vector<SweepPoint> grid =
      expand_grid({parse_vary("inspectors=5,10,15"), parse_vary("policy.notice=unannounced,prior")});
  ASSERT_EQ(grid.size(), 6u);
  const std::vector<std::pair<std::string, std::string>> expected{{"5", "unannounced"},  {"5", "prior"},
                                                                  {"10", "unannounced"}, {"10", "prior"},
                                                                  {"15", "unannounced"}, {"15", "prior"}};
  for (std::size_t p = 0; p < grid.size(); ++p) {
    EXPECT_EQ(grid[p].index, p);
    ASSERT_EQ(grid[p].settings.size(), 2u);
    EXPECT_EQ(grid[p].settings[0].key, "inspectors");
    EXPECT_EQ(grid[p].settings[0].value, expected[p].first);
    EXPECT_EQ(grid[p].settings[1].key, "policy.notice");
    EXPECT_EQ(grid[p].settings[1].value, expected[p].second);
  }
  EXPECT_THROW(expand_grid({}), ScenarioError);
  EXPECT_THROW(expand_grid({parse_vary("inspectors=1,2"), parse_vary("inspectors=3")}), ScenarioError);
  EXPECT_THROW(expand_grid({parse_vary("inspectors=1:2000:1"), parse_vary("complaints.awareness=0:1:0.001")}),
               ScenarioError);
}

TEST(Sweep, BadKeyOrValueFailsBeforeRunningAndNamesTheVary) {
  const std::string small = source_path("tests/data/small.yaml");
  for (const auto& [vary, part] : std::vector<std::pair<std::string, std::string>>{
           {"polcy.notice=prior", "unknown key 'polcy'"},
           {"inspectors=5,many", "inspectorate.inspectors"},
           {"policy.notice=sometimes", "expected 'unannounced' or 'prior'"}}) {
    SweepSpec spec{small, {}, {parse_vary(vary)}};
    try {
      load_sweep_scenarios(spec, expand_grid(spec.axes));
      ADD_FAILURE() << vary << " was accepted";
    } catch (const ScenarioError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("--vary " + vary), std::string::npos) << message;
      EXPECT_NE(message.find(part), std::string::npos) << message;
    }
  }
}

TEST(Sweep, InspectorsIsTheTotalSplitOverRegionsByShare) {
  const std::string yaml =
      "regions:\n  - {name: north, entity_share: 0.5, inspector_share: 0.75}\n"
      "  - {name: south, entity_share: 0.5, inspector_share: 0.25}\n";
  const Scenario s = testing::small_with(yaml, {{"inspectors", "40"}});
  EXPECT_EQ(s.base_policy.inspectors, 40);
  const Model model = build_model(s);
  for (const YearRules& year : model.years) EXPECT_EQ(year.inspectors_by_region, (std::vector<int>{30, 10}));
}

/// A small, quick sweep over the inspector count and the notice rule.
struct SmallSweep {
  SweepSpec spec{source_path("tests/data/small.yaml"),
                 {{"simulation.replications", "3"}, {"simulation.years", "2"}},
                 {parse_vary("inspectors=5,15"), parse_vary("policy.notice=unannounced,prior")}};
  std::vector<SweepPoint> grid = expand_grid(spec.axes);
  DesignScenarios scenarios = load_sweep_scenarios(spec, grid);

  /// Every point's scenario, loaded.
  std::vector<Scenario> loaded() const {
    std::vector<Scenario> out;
    for (std::size_t p = 0; p < grid.size(); ++p) out.push_back(scenarios.base(p, grid[p]));
    return out;
  }

  std::vector<RunResult> run(SweepOptions options = {}) {
    std::vector<RunResult> results;
    options.run.threads = 2;
    options.on_point = [&](const SweepPoint& p, const RunResult& r) {
      EXPECT_EQ(p.index, options.first_point + results.size()) << "points arrive in order";
      results.push_back(r);
    };
    run_sweep(scenarios, grid, options);
    return results;
  }
};

TEST(Sweep, EachPointIsTheRunOfItsSettingsOnTheSameStreams) {
  SmallSweep sweep;
  const std::vector<RunResult> results = sweep.run();
  ASSERT_EQ(results.size(), 4u);
  for (std::size_t p = 0; p < results.size(); ++p) {
    std::vector<Override> overrides = sweep.spec.common;
    for (const Override& o : sweep.grid[p].settings) overrides.push_back(o);
    const RunResult alone = run_experiment(testing::small_scenario(overrides), with_threads(1));
    EXPECT_EQ(run_json(alone), run_json(results[p])) << "point " << p;
  }
  // Common random numbers: the notice rule alone changes between points 2 and 3, and with
  // unannounced visits nothing is concealed.
  EXPECT_EQ(global(results[2].summary, "concealed").mean, 0);
  EXPECT_GT(global(results[3].summary, "concealed").mean, 0);
}

TEST(Sweep, ResumingSkipsFinishedPointsAndGivesTheSameRows) {
  SmallSweep sweep;
  const std::vector<RunResult> all = sweep.run();
  SweepOptions from_two;
  from_two.first_point = 2;
  const std::vector<RunResult> rest = sweep.run(from_two);
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(run_json(rest[0]), run_json(all[2]));
  EXPECT_EQ(run_json(rest[1]), run_json(all[3]));
}

TEST(Sweep, OutputFileResumesAtTheLastWholeRow) {
  SmallSweep sweep;
  const std::vector<RunResult> results = sweep.run();
  for (const ReportFormat format : {ReportFormat::csv, ReportFormat::json, ReportFormat::table}) {
    const SweepLayout layout{format, sweep.spec.axes, {}};
    const std::string header = sweep_header(layout, sweep.grid, sweep.scenarios);
    std::string text = header;
    std::vector<std::size_t> row_ends;
    for (std::size_t p = 0; p < results.size(); ++p) {
      const std::string row = sweep_row(layout, sweep.grid[p], results[p]);
      ASSERT_EQ(row.find('\n'), row.size() - 1) << "one line per point";
      text += row;
      row_ends.push_back(text.size());
    }
    // Cut anywhere: the whole rows before the cut count, the cut one is dropped.
    for (std::size_t cut = 0; cut <= text.size(); cut += 37) {
      const SweepResume r = resume_sweep_output(text.substr(0, cut), layout, header, sweep.grid, sweep.scenarios);
      const std::size_t whole = static_cast<std::size_t>(
          std::count_if(row_ends.begin(), row_ends.end(), [&](std::size_t e) { return e <= cut; }));
      EXPECT_EQ(r.points_done, cut < header.size() ? 0 : whole) << "cut at " << cut;
      EXPECT_EQ(r.keep_bytes, whole == 0 ? (cut < header.size() ? 0 : header.size()) : row_ends[whole - 1])
          << "cut at " << cut;
    }
    // Another sweep's file is refused.
    const SweepLayout other{format, {parse_vary("inspectors=5,16"), sweep.spec.axes[1]}, {}};
    const std::vector<SweepPoint> other_grid = expand_grid(other.axes);
    const std::string other_header = sweep_header(other, other_grid, sweep.scenarios);
    EXPECT_THROW(resume_sweep_output(text, other, other_header, other_grid, sweep.scenarios), std::invalid_argument);
    std::string swapped = header + sweep_row(layout, sweep.grid[1], results[1]);
    EXPECT_THROW(resume_sweep_output(swapped, layout, header, sweep.grid, sweep.scenarios), std::invalid_argument);
  }
}

/// The message of the std::invalid_argument `resume` throws, or "" when it throws none.
template <typename Resume>
std::string refusal(Resume resume) {
  try {
    resume();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(Sweep, ResumeRefusesAFileOfAnotherSweepAndSaysWhatDiffers) {
  SmallSweep sweep;
  for (const ReportFormat format : {ReportFormat::csv, ReportFormat::json, ReportFormat::table}) {
    SCOPED_TRACE(static_cast<int>(format));
    const SweepLayout layout{format, sweep.spec.axes, {}};
    const std::string header = sweep_header(layout, sweep.grid, sweep.scenarios);
    EXPECT_NE(header.find(sweep_fingerprint(layout, sweep.grid, sweep.scenarios).text()), std::string::npos);
    const auto resume = [&](const std::string& file, const DesignScenarios& scenarios) {
      return refusal([&] {
        resume_sweep_output(file, layout, sweep_header(layout, sweep.grid, scenarios), sweep.grid, scenarios);
      });
    };
    EXPECT_EQ(resume(header, sweep.scenarios), "");

    // One number of the scenario changed: the same header text but for the fingerprint.
    std::vector<Scenario> changed = sweep.loaded();
    changed[3].violations[0].detection_probability *= 0.5;
    EXPECT_NE(resume(header, changed).find("it holds another sweep: the scenario ("), std::string::npos)
        << resume(header, changed);

    SweepLayout other_metrics = layout;
    other_metrics.table_metrics = {"coverage"};
    const std::string message = refusal([&] {
      resume_sweep_output(header, other_metrics, sweep_header(other_metrics, sweep.grid, sweep.scenarios), sweep.grid,
                          sweep.scenarios);
    });
    EXPECT_NE(message.find("the options ("), std::string::npos) << message;

    std::string older_engine = header;
    const std::size_t at = older_engine.find(std::string("engine=") + engine_version());
    ASSERT_NE(at, std::string::npos);
    older_engine.replace(at, 7 + std::string(engine_version()).size(), "engine=0.0.1");
    EXPECT_NE(resume(older_engine, sweep.scenarios).find("the engine version (0.0.1 in the file, "), std::string::npos)
        << resume(older_engine, sweep.scenarios);
  }
}

TEST(Sweep, TheFingerprintIsFoundPastATitleThatLooksLikeOne) {
  const SweepFingerprint f{"0123456789abcdef", "fedcba9876543210", "0.1.0"};
  const SweepFingerprint read =
      SweepFingerprint::parse("Sweep of scenario=x options=y (a.yaml)\nmean; fingerprint " + f.text() + "\n");
  EXPECT_EQ(read.text(), f.text());
  EXPECT_EQ(SweepFingerprint::parse("{\"sweep\":{\"fingerprint\":\"" + f.text() + "\"}}").engine, "0.1.0");
  EXPECT_THROW(SweepFingerprint::parse("point,inspectors,seed\n"), std::invalid_argument);
}

TEST(Sweep, ScenarioFingerprintsFollowEveryNumberButNotFilesOrNotes) {
  const Scenario a = testing::small_scenario();
  Scenario b = a;
  b.file = "elsewhere.yaml";
  b.description = "another description";
  b.provenance.clear();
  EXPECT_EQ(scenario_fingerprint(a), scenario_fingerprint(b));
  b.sanctions.follow_up_days += 1e-9;
  EXPECT_NE(scenario_fingerprint(a), scenario_fingerprint(b));
  Scenario c = a;
  c.policy_by_year.back().plan.pacing = PlanPacing::even;
  EXPECT_NE(scenario_fingerprint(a), scenario_fingerprint(c));
}

using testing::ThreadCluster;

TEST(Sweep, ReplicationsSplitOverProcessesGiveTheSameNumbers) {
  SmallSweep sweep;
  const std::vector<RunResult> one = sweep.run();
  for (const int ranks : {2, 3, 5}) {  // 5 ranks, 3 replications: points run two at a time
    ThreadCluster cluster(ranks);
    std::vector<std::vector<RunResult>> by_rank(static_cast<std::size_t>(ranks));
    std::vector<std::thread> threads;
    for (int r = 0; r < ranks; ++r)
      threads.emplace_back([&, r] {
        const Cluster c = cluster.rank(r);
        SweepOptions options;
        options.run.cluster = &c;
        options.run.threads = 1;
        by_rank[static_cast<std::size_t>(r)] = SmallSweep{}.run(options);
      });
    for (std::thread& t : threads) t.join();
    for (int r = 0; r < ranks; ++r) {
      ASSERT_EQ(by_rank[static_cast<std::size_t>(r)].size(), one.size());
      for (std::size_t p = 0; p < one.size(); ++p)
        EXPECT_EQ(run_json(by_rank[static_cast<std::size_t>(r)][p]), run_json(one[p]))
            << ranks << " ranks, rank " << r << ", point " << p;
    }
  }
}

TEST(Sweep, BlocksOfReplicationsJoinIntoTheWholeRun) {
  const Scenario s = testing::small_scenario({{"simulation.replications", "5"}, {"simulation.years", "2"}});
  const RunResult whole = run_experiment(s, with_threads(2));
  std::vector<Metrics> joined = run_replication_block(s, 0, 2, with_threads(1));
  for (Metrics& m : run_replication_block(s, 2, 3, with_threads(2))) joined.push_back(std::move(m));
  EXPECT_EQ(run_json(summarise_run(s, joined)), run_json(whole));
}

TEST(Sweep, MetricsTravelBetweenProcessesExactly) {
  const RunResult run = run_experiment(
      testing::small_scenario({{"simulation.replications", "2"}, {"simulation.years", "2"}}), with_threads(1));
  std::vector<double> values;
  for (const Metrics& m : run.replications) append_metrics_values(m, values);
  std::size_t position = 0;
  std::vector<Metrics> back;
  while (position < values.size()) back.push_back(metrics_from_values(values, position));
  EXPECT_EQ(run_json(summarise_run(run.scenario, back)), run_json(run));
}

}  // namespace
}  // namespace inspectsim
