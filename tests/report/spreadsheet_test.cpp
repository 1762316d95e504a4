// Spreadsheets: a workbook's bytes are a whole .xlsx (a zip with a sheet per part of the report),
// made without leaving temporary files. The cells' values are read back in
// bindings/tests/test_spreadsheet.py (openpyxl).

#include "inspectsim/report/spreadsheet.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "inspectsim/report/report.hpp"
#include "test_support.hpp"

namespace inspectsim {
namespace {

namespace fs = std::filesystem;

/// Files and directories in `directory`.
std::size_t entries(const fs::path& directory) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(directory)) ++n;
  return n;
}

bool is_zip(const std::string& bytes) { return bytes.size() > 1000 && bytes.compare(0, 4, "PK\x03\x04") == 0; }

/// Zip entry names are stored as plain text in the archive's headers.
bool has_part(const std::string& bytes, const std::string& name) { return bytes.find(name) != std::string::npos; }

class Spreadsheet : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    run_ = new RunResult(run_experiment(testing::small_scenario(
        {{"simulation.replications", "2"}, {"simulation.years", "1"}, {"simulation.warmup_years", "0"}})));
  }
  static void TearDownTestSuite() { delete run_; }
  static RunResult* run_;
};

RunResult* Spreadsheet::run_ = nullptr;

TEST_F(Spreadsheet, RunWorkbookHasASheetPerPartAndLeavesNoTemporaryFiles) {
  // A private TMPDIR, so that other tests' workbooks made meanwhile do not count.
  const fs::path tmp = fs::temp_directory_path() / ("inspectsim_spreadsheet_test_" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  ::setenv("TMPDIR", tmp.c_str(), 1);
  const std::string bytes = run_xlsx(*run_);
  const std::size_t left = entries(tmp);
  if (old)
    ::setenv("TMPDIR", saved.c_str(), 1);
  else
    ::unsetenv("TMPDIR");
  fs::remove_all(tmp);
  EXPECT_TRUE(is_zip(bytes));
  for (const char* part : {"xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet4.xml"})
    EXPECT_TRUE(has_part(bytes, part)) << part;
  EXPECT_FALSE(has_part(bytes, "xl/worksheets/sheet5.xml"));
  EXPECT_EQ(left, 0u);
}

TEST_F(Spreadsheet, RenderGivesTheWorkbookForXlsx) {
  EXPECT_EQ(parse_report_format("xlsx"), ReportFormat::xlsx);
  EXPECT_TRUE(is_zip(render(*run_, ReportFormat::xlsx)));
}

TEST_F(Spreadsheet, SweepWorkbookNeedsOneResultPerPoint) {
  const std::vector<SweepAxis> axes{parse_vary("inspectors=4,8")};
  const std::vector<SweepPoint> grid = expand_grid(axes);
  EXPECT_THROW(sweep_xlsx(axes, grid, {*run_}), std::invalid_argument);
  EXPECT_TRUE(is_zip(sweep_xlsx(axes, grid, {*run_, *run_})));
}

}  // namespace
}  // namespace inspectsim
