#pragma once
/// @file
/// The file a sweep (or any design: uncertainty, sensitivity) appends its rows to, shared by the
/// command line and Python.
///
/// A regular file is locked for the life of the SweepFile, so that two sweeps never write it at
/// once. Whole lines are appended, each on disk before the next point starts, so a kill or a
/// power loss leaves at most one cut line at the end, which a resume drops. A FIFO or a character
/// device is written as a stream: no lock, and no resume (it cannot be read back).

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "inspectsim/report/output_file.hpp"
#include "inspectsim/report/sweep_report.hpp"

namespace inspectsim {

class SweepFile {
 public:
  /// Opens `path` for the sweep, creating a regular file if there is none; `resume`: to continue
  /// the rows it holds. Throws OutputPathError when it cannot be opened or another sweep is
  /// writing it, std::invalid_argument when `resume` and it cannot be read back (a FIFO or a
  /// device).
  explicit SweepFile(std::string path, bool resume = false);
  ~SweepFile();
  SweepFile(const SweepFile&) = delete;
  SweepFile& operator=(const SweepFile&) = delete;

  /// Writes `header` to a fresh file and returns 0; or, when resuming, keeps the header and the
  /// whole rows of an interrupted run of the same sweep and returns how many points they hold.
  /// Throws std::invalid_argument saying what differs when the file holds another sweep.
  std::size_t start(const std::string& header, const SweepLayout& layout, const std::vector<SweepPoint>& grid,
                    const DesignScenarios& scenarios);

  /// As start, for any design's rows: when resuming, `keep_bytes(text)` says how much of the
  /// file's text to keep (the header and whole rows of this design; less than the header: start
  /// afresh), throwing std::invalid_argument when the file holds another design. Returns whether
  /// anything was kept.
  bool start(const std::string& header, const std::function<std::size_t(const std::string&)>& keep_bytes);

  /// Appends whole lines, on disk before it returns. Throws OutputWriteError.
  void append(const std::string& lines);

  const std::string& path() const { return path_; }

 private:
  std::string read_all();
  void truncate(std::size_t bytes);
  [[noreturn]] void fail(const char* what) const;

  std::string path_;
  int fd_ = -1;
  bool stream_ = false;
  bool resume_ = false;
};

}  // namespace inspectsim
