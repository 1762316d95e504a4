// Report destinations: checks before a run, and writes that leave a file whole or absent.

#include "inspectsim/report/output_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace inspectsim {

namespace fs = std::filesystem;

OutputPathError::OutputPathError(const std::string& path, const std::string& problem)
    : std::invalid_argument(fmt::format("{}: {}", path, problem)) {}

namespace {

bool is_stream(const struct stat& st) { return S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode); }

const char* kind_of(const struct stat& st) {
  if (S_ISDIR(st.st_mode)) return "a directory";
  if (S_ISSOCK(st.st_mode)) return "a socket";
  if (S_ISBLK(st.st_mode)) return "a block device";
  if (S_ISFIFO(st.st_mode)) return "a FIFO";
  if (S_ISCHR(st.st_mode)) return "a character device";
  return "a regular file";
}

/// The file behind `path`, links followed, so that a rename replaces the file and keeps the link.
fs::path real_path(const std::string& path) {
  std::error_code ec;
  const fs::path real = fs::weakly_canonical(fs::path(path), ec);
  return ec ? fs::path(path) : real;
}

void refuse_inputs(const std::string& path, const std::vector<std::string>& inputs) {
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (fs::equivalent(path, input, ec))
      throw OutputPathError(path, fmt::format("expected a file other than the run's inputs, found the input '{}' "
                                              "(writing the report would destroy it)",
                                              input));
  }
}

void check_directory(const std::string& path) {
  const fs::path real = real_path(path);
  const fs::path directory = real.has_parent_path() ? real.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(directory, ec))
    throw OutputPathError(
        path, fmt::format("expected a file in an existing directory, found no directory '{}'", directory.string()));
  if (::access(directory.c_str(), W_OK) != 0)
    throw OutputPathError(path, fmt::format("expected a writable directory, found '{}' not writable ({})",
                                            directory.string(), std::strerror(errno)));
}

/// Writes all of `text` to `fd`; returns 0 or the errno of the failure.
int write_all(int fd, const std::string& text) {
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    written += static_cast<std::size_t>(n);
  }
  return 0;
}

void write_stream(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) throw OutputWriteError(fmt::format("cannot open '{}' for writing: {}", path, std::strerror(errno)));
  int error = write_all(fd, text);
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error != 0) throw OutputWriteError(fmt::format("cannot write '{}': {}", path, std::strerror(error)));
}

/// Writes the temporary file, on disk before the rename: even a power cut leaves either the old
/// file or the new one. Returns 0 or the errno of the failure.
int write_durably(const fs::path& temp, const std::string& text) {
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return errno;
  int error = write_all(fd, text);
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  return error;
}

void write_whole_file(const std::string& path, const std::string& text) {
  const fs::path target = real_path(path);
  const fs::path temp = target.parent_path() / fmt::format(".{}.tmp.{}", target.filename().string(), ::getpid());
  if (const int error = write_durably(temp, text); error != 0) {
    ::unlink(temp.c_str());
    throw OutputWriteError(fmt::format("cannot write '{}': {} (in its temporary file '{}', now removed)", path,
                                       std::strerror(error), temp.string()));
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    throw OutputWriteError(fmt::format("cannot move the report into '{}': {}", path, std::strerror(error)));
  }
  if (const int dir = ::open(target.parent_path().empty() ? "." : target.parent_path().c_str(), O_RDONLY | O_CLOEXEC);
      dir >= 0) {
    ::fsync(dir);  // the rename itself on disk
    ::close(dir);
  }
}

}  // namespace

OutputKind check_output_path(const std::string& path, const std::vector<std::string>& inputs) {
  if (path.empty()) throw OutputPathError(path, "expected a file name, found an empty path");
  if (path.find('\0') != std::string::npos)
    throw OutputPathError(path.c_str(), "expected a file name, found a NUL character in it");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (is_stream(st)) {
      if (::access(path.c_str(), W_OK) != 0)
        throw OutputPathError(
            path, fmt::format("expected a writable {}, found it not writable ({})", kind_of(st), std::strerror(errno)));
      return OutputKind::stream;
    }
    if (S_ISDIR(st.st_mode)) throw OutputPathError(path, "expected a file name, found a directory");
    if (!S_ISREG(st.st_mode))
      throw OutputPathError(
          path, fmt::format("expected a regular file, a FIFO or a character device, found {}", kind_of(st)));
    refuse_inputs(path, inputs);
  }
  check_directory(path);
  return OutputKind::file;
}

void write_output(const std::string& path, const std::string& text) {
  if (check_output_path(path) == OutputKind::stream)
    write_stream(path, text);
  else
    write_whole_file(path, text);
}

}  // namespace inspectsim
