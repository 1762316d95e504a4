// A sweep's output file: locked, appended line by line, each line on disk before the next.

#include "inspectsim/report/sweep_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace inspectsim {

SweepFile::SweepFile(std::string path, bool resume) : path_(std::move(path)), resume_(resume) {
  stream_ = check_output_path(path_) == OutputKind::stream;
  if (resume_ && stream_)
    throw std::invalid_argument("it is a FIFO or a device, which cannot be read back; expected a regular file");
  // A FIFO opens write-only (it waits for its reader, as a shell redirection does).
  fd_ = ::open(path_.c_str(), (stream_ ? O_WRONLY : O_RDWR | O_CREAT) | O_CLOEXEC, 0644);
  if (fd_ < 0) throw OutputPathError(path_, fmt::format("cannot open it for writing: {}", std::strerror(errno)));
  if (!stream_ && ::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    fd_ = -1;
    throw OutputPathError(path_, "another inspectsim sweep is writing it; expected a file no other sweep uses");
  }
}

SweepFile::~SweepFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t SweepFile::start(const std::string& header, const SweepLayout& layout, const std::vector<SweepPoint>& grid,
                             const DesignScenarios& scenarios) {
  if (resume_) {
    const SweepResume r = resume_sweep_output(read_all(), layout, header, grid, scenarios);
    if (r.keep_bytes >= header.size()) {
      truncate(r.keep_bytes);
      return r.points_done;
    }
  }
  if (!stream_) truncate(0);
  append(header);
  return 0;
}

bool SweepFile::start(const std::string& header, const std::function<std::size_t(const std::string&)>& keep_bytes) {
  if (resume_) {
    const std::size_t keep = keep_bytes(read_all());
    if (keep >= header.size()) {
      truncate(keep);
      return true;
    }
  }
  if (!stream_) truncate(0);
  append(header);
  return false;
}

std::string SweepFile::read_all() {
  std::string text;
  char buffer[1 << 16];
  if (::lseek(fd_, 0, SEEK_SET) < 0) fail("read");
  for (ssize_t n; (n = ::read(fd_, buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("read");
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

void SweepFile::truncate(std::size_t bytes) {
  if (::ftruncate(fd_, static_cast<off_t>(bytes)) != 0 || ::lseek(fd_, 0, SEEK_END) < 0) fail("shorten");
}

void SweepFile::append(const std::string& lines) {
  std::size_t written = 0;
  while (written < lines.size()) {
    const ssize_t n = ::write(fd_, lines.data() + written, lines.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("write");
    written += static_cast<std::size_t>(n);
  }
  if (!stream_ && ::fdatasync(fd_) != 0) fail("write");
}

void SweepFile::fail(const char* what) const {
  throw OutputWriteError(fmt::format("cannot {} '{}': {}", what, path_, std::strerror(errno)));
}

}  // namespace inspectsim
