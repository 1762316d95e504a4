// Reports: JSON, CSV and the terminal table carry the summary's numbers; numbers read well;
// files are written whole or not at all.

#include "inspectsim/report/report.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace inspectsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.push_back("");  // getline drops a trailing empty cell
  return cells;
}

/// A JSON estimate matches a summary estimate: NaN is written as null.
void expect_estimate(const json& j, const Estimate& e, const std::string& unit, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_TRUE(j.is_object());
  ASSERT_TRUE(j.contains("mean"));
  ASSERT_TRUE(j.contains("ci95"));
  ASSERT_TRUE(j["ci95"].is_array());
  ASSERT_EQ(j["ci95"].size(), 2u);
  if (!unit.empty()) {
    EXPECT_EQ(j.value("unit", ""), unit);
  }
  const auto check = [](const json& v, double expected) {
    if (std::isnan(expected)) {
      EXPECT_TRUE(v.is_null()) << v;
    } else {
      ASSERT_TRUE(v.is_number()) << v;
      EXPECT_DOUBLE_EQ(v.get<double>(), expected);
    }
  };
  check(j["mean"], e.mean);
  check(j["ci95"][0], e.ci_low);
  check(j["ci95"][1], e.ci_high);
}

/// One tiny run and one tiny comparison, shared by the suite (a run takes a moment).
class Report : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::vector<Override> tiny{{"simulation.replications", "3"}, {"simulation.years", "1"}};
    run_ = std::make_unique<RunResult>(run_experiment(testing::small_scenario(tiny)));
    std::vector<Override> unannounced = tiny;
    unannounced.push_back({"policy.notice", "unannounced"});
    comparison_ = std::make_unique<CompareResult>(
        compare_experiments(testing::small_scenario(tiny), testing::small_scenario(unannounced)));
  }
  static void TearDownTestSuite() {
    run_.reset();
    comparison_.reset();
  }

  /// A fresh directory per test, for the file-writing tests.
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("inspectsim_report_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) out.push_back(e.path().filename().string());
    return out;
  }

  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  fs::path dir_;

  static std::unique_ptr<RunResult> run_;
  static std::unique_ptr<CompareResult> comparison_;
};

std::unique_ptr<RunResult> Report::run_;
std::unique_ptr<CompareResult> Report::comparison_;

// ---- JSON ---------------------------------------------------------------------------------

TEST_F(Report, RunJsonHasTheRunAndEveryMetric) {
  const RunResult& run = *run_;
  const json j = json::parse(run_json(run));
  EXPECT_EQ(j.at("scenario"), run.scenario.name);
  EXPECT_EQ(j.at("seed").get<unsigned long long>(), run.scenario.simulation.seed);
  EXPECT_EQ(j.at("replications").get<int>(), 3);
  EXPECT_EQ(j.at("years").get<int>(), 1);

  const auto& global = global_metrics();
  ASSERT_TRUE(j.at("metrics").is_object());
  EXPECT_EQ(j["metrics"].size(), global.size());
  for (std::size_t i = 0; i < global.size(); ++i) {
    ASSERT_TRUE(j["metrics"].contains(global[i].name)) << global[i].name;
    expect_estimate(j["metrics"][global[i].name], run.summary.global[i], global[i].unit, global[i].name);
  }

  ASSERT_TRUE(j.at("by_violation").is_object());
  EXPECT_EQ(j["by_violation"].size(), run.scenario.violations.size());
  for (std::size_t k = 0; k < run.scenario.violations.size(); ++k) {
    const std::string& type = run.scenario.violations[k].name;
    ASSERT_TRUE(j["by_violation"].contains(type)) << type;
    const auto& metrics = violation_metrics();
    EXPECT_EQ(j["by_violation"][type].size(), metrics.size());
    for (std::size_t i = 0; i < metrics.size(); ++i)
      expect_estimate(j["by_violation"][type][metrics[i].name], run.summary.by_violation[k][i], metrics[i].unit,
                      type + "." + metrics[i].name);
  }

  ASSERT_TRUE(j.at("yearly").is_array());
  ASSERT_EQ(j["yearly"].size(), static_cast<std::size_t>(run.scenario.simulation.years));
  for (std::size_t y = 0; y < j["yearly"].size(); ++y) {
    EXPECT_EQ(j["yearly"][y].at("year").get<std::size_t>(), y + 1);
    const auto& metrics = yearly_metrics();
    for (std::size_t i = 0; i < metrics.size(); ++i)
      expect_estimate(j["yearly"][y].at(metrics[i].name), run.summary.yearly[y][i], metrics[i].unit, metrics[i].name);
  }
}

TEST_F(Report, RunJsonOfASummaryWithNanWritesNull) {
  // JSON has no NaN: a metric undefined in every replication must still parse.
  RunResult run = *run_;
  run.summary.global[0] = Estimate{std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(),
                                   std::numeric_limits<double>::quiet_NaN(), 0, 0};
  const json j = json::parse(run_json(run));
  EXPECT_TRUE(j["metrics"][global_metrics()[0].name]["mean"].is_null());
}

TEST_F(Report, CompareJsonHasBaseVariantAndDifference) {
  const CompareResult& c = *comparison_;
  const json j = json::parse(compare_json(c));
  ASSERT_TRUE(j.contains("base"));
  ASSERT_TRUE(j.contains("variant"));
  ASSERT_TRUE(j.contains("difference"));
  EXPECT_EQ(j["base"].at("metrics").size(), global_metrics().size());
  EXPECT_EQ(j["variant"].at("metrics").size(), global_metrics().size());
  EXPECT_EQ(j["difference"].size(), global_metrics().size());
  const auto& global = global_metrics();
  for (std::size_t i = 0; i < global.size(); ++i) {
    expect_estimate(j["base"]["metrics"][global[i].name], c.base.summary.global[i], global[i].unit,
                    "base " + global[i].name);
    expect_estimate(j["variant"]["metrics"][global[i].name], c.variant.summary.global[i], global[i].unit,
                    "variant " + global[i].name);
    expect_estimate(j["difference"][global[i].name], c.difference.global[i], global[i].unit,
                    "difference " + global[i].name);
  }
  // Notice differs between the two, so the report must not be of one scenario twice.
  EXPECT_NE(j["base"]["metrics"]["concealed"]["mean"], j["variant"]["metrics"]["concealed"]["mean"]);
}

// ---- CSV ----------------------------------------------------------------------------------

TEST_F(Report, RunCsvHasAHeaderAndOneRowPerMetricScope) {
  const RunResult& run = *run_;
  const std::vector<std::string> lines = lines_of(run_csv(run));
  ASSERT_FALSE(lines.empty());
  const std::vector<std::string> header = split_csv(lines[0]);
  EXPECT_EQ(header, (std::vector<std::string>{"scope", "metric", "unit", "mean", "ci_low", "ci_high"}));

  const Scenario& s = run.scenario;
  const std::size_t expected_rows = global_metrics().size() + s.violations.size() * violation_metrics().size() +
                                    s.size_classes.size() * size_class_metrics().size() +
                                    static_cast<std::size_t>(s.simulation.years) * yearly_metrics().size();
  EXPECT_EQ(lines.size() - 1, expected_rows);

  std::size_t all = 0, violation = 0, size_class = 0, year = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> cells = split_csv(lines[i]);
    ASSERT_EQ(cells.size(), header.size()) << "row " << i << ": " << lines[i];
    const std::string& scope = cells[0];
    all += scope == "all";
    violation += scope.rfind("violation:", 0) == 0;
    size_class += scope.rfind("size_class:", 0) == 0;
    year += scope.rfind("year:", 0) == 0;
  }
  EXPECT_EQ(all, global_metrics().size());
  EXPECT_EQ(violation, s.violations.size() * violation_metrics().size());
  EXPECT_EQ(size_class, s.size_classes.size() * size_class_metrics().size());
  EXPECT_EQ(year, static_cast<std::size_t>(s.simulation.years) * yearly_metrics().size());

  // The first row is the first global metric, with the summary's mean.
  const std::vector<std::string> first = split_csv(lines[1]);
  EXPECT_EQ(first[1], global_metrics()[0].name);
  EXPECT_EQ(first[2], global_metrics()[0].unit);
  EXPECT_NEAR(std::stod(first[3]), run.summary.global[0].mean, 1e-9 * std::abs(run.summary.global[0].mean));
}

TEST_F(Report, CompareCsvHasTwelveColumnsInEveryRow) {
  const std::vector<std::string> lines = lines_of(compare_csv(*comparison_));
  ASSERT_GT(lines.size(), 1u);
  const std::size_t columns = split_csv(lines[0]).size();
  EXPECT_EQ(columns, 12u);
  EXPECT_EQ(lines.size(), lines_of(run_csv(comparison_->base)).size());
  for (std::size_t i = 1; i < lines.size(); ++i) EXPECT_EQ(split_csv(lines[i]).size(), columns) << lines[i];
}

// ---- table --------------------------------------------------------------------------------

TEST_F(Report, RunTableNamesEveryGlobalMetric) {
  const std::string table = run_table(*run_);
  for (const MetricInfo& m : global_metrics()) EXPECT_NE(table.find(m.name), std::string::npos) << m.name;
  EXPECT_NE(table.find(run_->scenario.title), std::string::npos);
  const std::string compared = compare_table(*comparison_);
  for (const MetricInfo& m : global_metrics()) EXPECT_NE(compared.find(m.name), std::string::npos) << m.name;
}

TEST_F(Report, RenderDispatchesOnTheFormat) {
  EXPECT_EQ(render(*run_, parse_report_format("json")), run_json(*run_));
  EXPECT_EQ(render(*run_, parse_report_format("csv")), run_csv(*run_));
  EXPECT_EQ(render(*run_, parse_report_format("table")), run_table(*run_));
  EXPECT_EQ(render(*comparison_, ReportFormat::json), compare_json(*comparison_));
  EXPECT_THROW(parse_report_format("xml"), std::invalid_argument);
}

// ---- numbers ------------------------------------------------------------------------------

TEST_F(Report, FormatNumberGroupsThousandsAndRounds) {
  EXPECT_EQ(format_number(1234567), "1,234,567");
  EXPECT_EQ(format_number(1000), "1,000");
  EXPECT_EQ(format_number(-2500), "-2,500");
  EXPECT_EQ(format_number(0.12345), "0.1235");
  EXPECT_EQ(format_number(std::numeric_limits<double>::quiet_NaN()), "n/a");
  EXPECT_EQ(format_number(0), "0");
}

TEST_F(Report, FormatNumberGroupsValuesThatRoundToAThousand) {
  // 999.96 is shown to one decimal below 1,000, and rounds up to a number that needs grouping.
  EXPECT_EQ(format_number(999.96), "1,000");
  EXPECT_EQ(format_number(-999.96), "-1,000");
}

// ---- files --------------------------------------------------------------------------------

TEST_F(Report, WriteOutputWritesTheWholeTextAndNoTemporary) {
  std::string text;
  for (int i = 0; i < 100'000; ++i) text += "line " + std::to_string(i) + ",\n";  // about a megabyte
  const fs::path target = dir_ / "report.csv";
  write_output(target.string(), text);
  EXPECT_EQ(read(target), text);
  EXPECT_EQ(entries(), std::vector<std::string>{"report.csv"});

  write_output(target.string(), "short\n");  // replaces, never appends
  EXPECT_EQ(read(target), "short\n");
  EXPECT_EQ(entries(), std::vector<std::string>{"report.csv"});
}

TEST_F(Report, WriteOutputThrowsForAnUnwritableDirectoryAndLeavesNothing) {
  EXPECT_THROW(write_output("/proc/nonexistent/x", "text"), std::exception);
  EXPECT_FALSE(fs::exists("/proc/nonexistent"));

  // A directory that exists but is not writable: the error comes before anything is made.
  const fs::path locked = dir_ / "locked";
  fs::create_directories(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
  const bool enforced = ::access(locked.c_str(), W_OK) != 0;  // root ignores permissions
  if (enforced) {
    EXPECT_THROW(write_output((locked / "x.json").string(), "text"), std::exception);
  }
  fs::permissions(locked, fs::perms::owner_all);
  EXPECT_TRUE(fs::is_empty(locked)) << "a failed write left a file behind";
}

TEST_F(Report, WriteOutputRemovesTheTemporaryWhenTheRenameFails) {
  // The target is a directory: the rename fails, the temporary is removed, the directory stays.
  const fs::path target = dir_ / "out";
  fs::create_directories(target / "inside");
  EXPECT_THROW(write_output(target.string(), "text"), std::exception);
  EXPECT_TRUE(fs::is_directory(target / "inside"));
  EXPECT_EQ(entries(), std::vector<std::string>{"out"});
}

}  // namespace
}  // namespace inspectsim
