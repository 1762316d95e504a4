// Report destinations: regular files whole or absent, FIFOs and devices written in place,
// inputs never overwritten, and failures that name the user's path and the system's reason.

#include "inspectsim/report/output_file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>

#include "test_support.hpp"

namespace inspectsim {
namespace {

namespace fs = std::filesystem;

class OutputFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("inspectsim_output_file_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& path) { return testing::read_file(path); }
  static void write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }
  static bool is_character_device(const fs::path& path) { return fs::is_character_file(fs::symlink_status(path)); }

  /// A device node like /dev/null (1,3) or /dev/full (1,7) in the test's directory, or none
  /// where this process may not make one.
  bool make_device(const fs::path& path, unsigned minor) const {
    return ::mknod(path.c_str(), S_IFCHR | 0666, ::makedev(1, minor)) == 0;
  }

  fs::path dir_;
};

TEST_F(OutputFile, AFifoIsWrittenInPlaceAndStaysAFifo) {
  const fs::path fifo = dir_ / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto reader = std::async(std::launch::async, [&] { return read(fifo); });
  write_output(fifo.string(), "a report\n");
  EXPECT_EQ(reader.get(), "a report\n");
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo))) << "the FIFO was replaced by a file";
  EXPECT_EQ(check_output_path(fifo.string()), OutputKind::stream);
}

TEST_F(OutputFile, ADeviceIsWrittenInPlaceAndKeepsItsNode) {
  const fs::path null = dir_ / "null";
  if (!make_device(null, 3)) GTEST_SKIP() << "cannot make a device node here";
  write_output(null.string(), "discarded\n");
  EXPECT_TRUE(is_character_device(null)) << "the device node was replaced by a file";
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1) << "a temporary file was left";
}

TEST_F(OutputFile, AFullDeviceGivesThePathAndTheReason) {
  const fs::path full = dir_ / "full";
  if (!make_device(full, 7)) GTEST_SKIP() << "cannot make a device node here";
  try {
    write_output(full.string(), "text\n");
    FAIL() << "no error writing to a full device";
  } catch (const OutputWriteError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write '" + full.string() + "': No space left on device");
  }
  EXPECT_TRUE(is_character_device(full));
}

/// In a child process: writes 100 kB where files may hold 4 kB, prints the error, exits 3.
[[noreturn]] void write_with_a_small_file_size_limit(const std::string& path) {
  std::signal(SIGXFSZ, SIG_IGN);
  const rlimit limit{4096, 4096};  // room for the message, which gtest reads from a file
  ::setrlimit(RLIMIT_FSIZE, &limit);
  try {
    write_output(path, std::string(100000, 'x'));
  } catch (const OutputWriteError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    std::exit(3);
  }
  std::exit(0);
}

TEST_F(OutputFile, AFailedWriteNamesTheUsersPathAndTheReasonAndLeavesNothing) {
  const fs::path target = dir_ / "report.csv";
  write(target, "the old report\n");
  // A file size limit stands in for a full disk: the temporary file cannot be written whole.
  EXPECT_EXIT(write_with_a_small_file_size_limit(target.string()), ::testing::ExitedWithCode(3),
              "cannot write '.*/report.csv': File too large \\(in its temporary file .*, now removed\\)");
  EXPECT_EQ(read(target), "the old report\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1) << "a temporary file was left";
}

TEST_F(OutputFile, ALinkToAReportStaysALink) {
  write(dir_ / "r1.json", "old\n");
  fs::create_symlink("r1.json", dir_ / "latest.json");
  write_output((dir_ / "latest.json").string(), "new\n");
  EXPECT_TRUE(fs::is_symlink(dir_ / "latest.json"));
  EXPECT_EQ(read(dir_ / "r1.json"), "new\n");
}

TEST_F(OutputFile, AnInputIsRefusedByAnyOfItsNames) {
  const fs::path scenario = dir_ / "scenario.yaml";
  write(scenario, "name: x\n");
  fs::create_symlink("scenario.yaml", dir_ / "link.yaml");
  fs::create_hard_link(scenario, dir_ / "hard.yaml");
  for (const fs::path& output : {scenario, dir_ / "link.yaml", dir_ / "hard.yaml", dir_ / "." / "scenario.yaml"}) {
    SCOPED_TRACE(output.string());
    try {
      check_output_path(output.string(), {"other.yaml", scenario.string()});
      FAIL() << "an input was accepted as the output";
    } catch (const OutputPathError& e) {
      EXPECT_NE(std::string(e.what()).find("found the input '" + scenario.string() + "'"), std::string::npos)
          << e.what();
    }
  }
  EXPECT_EQ(check_output_path((dir_ / "report.json").string(), {scenario.string()}), OutputKind::file);
}

TEST_F(OutputFile, PathsNoReportCanGoToAreRefused) {
  EXPECT_THROW(check_output_path(""), OutputPathError);
  EXPECT_THROW(check_output_path(std::string("report.json\0x", 13)), OutputPathError);
  EXPECT_THROW(check_output_path(dir_.string()), OutputPathError);
  EXPECT_THROW(check_output_path((dir_ / "missing" / "report.json").string()), OutputPathError);
  EXPECT_THROW(write_output(dir_.string(), "text"), OutputPathError);
}

}  // namespace
}  // namespace inspectsim
