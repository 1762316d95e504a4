// The sweep's output file in the library: one writer at a time, resume of whole rows, and
// streams (FIFOs, devices) written but never read back.

#include "inspectsim/report/sweep_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_support.hpp"

namespace inspectsim {
namespace {

namespace fs = std::filesystem;

class SweepFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("inspectsim_sweep_file_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string read(const std::string& name) const { return testing::read_file(dir_ / name); }
  /// A row as resume reads it: the point's prefix, then anything.
  std::string row(std::size_t p) const {
    return sweep_row_prefix(layout_, grid_[p], scenarios_.base(p, grid_[p])) + "1,2,3\n";
  }
  std::size_t start(const std::string& name, bool resume) {
    SweepFile file((dir_ / name).string(), resume);
    return file.start(header_, layout_, grid_, scenarios_);
  }

  fs::path dir_;
  SweepSpec spec_{testing::source_path("tests/data/small.yaml"), {}, {parse_vary("inspectors=5,10,15")}};
  std::vector<SweepPoint> grid_ = expand_grid(spec_.axes);
  DesignScenarios scenarios_ = load_sweep_scenarios(spec_, grid_);
  SweepLayout layout_{ReportFormat::csv, spec_.axes, {}};
  std::string header_ = sweep_header(layout_, grid_, scenarios_);
};

TEST_F(SweepFileTest, AFreshFileGetsTheHeader) {
  std::ofstream(dir_ / "s.csv") << "old text\n";
  EXPECT_EQ(start("s.csv", false), 0u);
  EXPECT_EQ(read("s.csv"), header_);
}

TEST_F(SweepFileTest, ResumeKeepsWholeRowsAndDropsACutOne) {
  const std::string rows = row(0) + row(1);
  std::ofstream(dir_ / "s.csv") << header_ << rows << row(2).substr(0, 5);
  EXPECT_EQ(start("s.csv", true), 2u);
  EXPECT_EQ(read("s.csv"), header_ + rows);
}

TEST_F(SweepFileTest, OneWriterAtATime) {
  SweepFile first((dir_ / "s.csv").string());
  try {
    SweepFile second((dir_ / "s.csv").string());
    FAIL() << "two sweeps opened one file";
  } catch (const OutputPathError& e) {
    EXPECT_NE(std::string(e.what()).find("another inspectsim sweep is writing it"), std::string::npos) << e.what();
  }
}

TEST_F(SweepFileTest, AFifoIsNotResumedAndNotWaitedFor) {
  const fs::path fifo = dir_ / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // No reader: opening it to write would wait for ever; the refusal comes first.
  EXPECT_THROW(SweepFile(fifo.string(), true), std::invalid_argument);
  EXPECT_TRUE(fs::is_fifo(fifo));
}

}  // namespace
}  // namespace inspectsim
