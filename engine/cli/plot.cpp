#include "plot.hpp"

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "common.hpp"
#include "inspectsim/report/output_file.hpp"

extern char** environ;

namespace inspectsim::cli {

namespace {

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

/// A temporary file holding `text`, removed when this goes out of scope.
class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    std::string pattern = (std::filesystem::temp_directory_path() / "inspectsim-plot-XXXXXX").string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0)
      throw OutputWriteError(fmt::format("cannot make a temporary file for --plot: {}", std::strerror(errno)));
    path_ = pattern;
    std::size_t written = 0;
    while (written < text.size()) {
      const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        const int error = errno;
        ::close(fd);
        throw OutputWriteError(fmt::format("cannot write the temporary file for --plot: {}", std::strerror(error)));
      }
      written += static_cast<std::size_t>(n);
    }
    ::close(fd);
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

void check_plot_option(const std::string& plot, const std::vector<std::string>& inputs) {
  if (plot.empty()) return;
  const std::string ext = lower_extension(plot);
  if (ext != ".svg" && ext != ".png" && ext != ".pdf")
    throw UsageError(fmt::format("--plot {}: expected a file name ending in .svg, .png or .pdf, found '{}'", plot,
                                 ext.empty() ? "no extension" : ext));
  try {
    inspectsim::check_output_path(plot, inputs);
  } catch (const OutputPathError& e) {
    throw UsageError(fmt::format("--plot {}", e.what()));
  }
}

void write_plot_from_file(const std::string& result_path, const std::string& plot,
                          const std::vector<std::string>& metrics) {
  std::string python_path = INSPECTSIM_PYTHON_DIR;
  if (const char* old = std::getenv("PYTHONPATH"); old && *old) python_path += std::string(":") + old;
  ::setenv("PYTHONPATH", python_path.c_str(), 1);
  std::vector<std::string> args{"python3", "-m", "inspectsim", "plot", result_path, "-o", plot};
  if (!metrics.empty()) args.push_back(fmt::format("--metrics={}", fmt::join(metrics, ",")));
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(stdout);  // what the command printed comes before anything the plotter says
  pid_t pid = 0;
  if (const int error = ::posix_spawn(&pid, INSPECTSIM_PYTHON, nullptr, nullptr, argv.data(), environ); error != 0)
    throw OutputWriteError(fmt::format("--plot {}: cannot run {} -m inspectsim plot: {} (is python3 installed?)", plot,
                                       INSPECTSIM_PYTHON, std::strerror(error)));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw OutputWriteError(fmt::format("--plot {}: {}", plot, std::strerror(errno)));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw OutputWriteError(fmt::format("--plot {}: no chart written ({} -m inspectsim plot {} {})", plot,
                                       INSPECTSIM_PYTHON, WIFEXITED(status) ? "exited with" : "was stopped by signal",
                                       WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status)));
}

void write_plot(const std::string& result, const std::string& plot, const std::vector<std::string>& metrics) {
  const TempFile file(result);
  write_plot_from_file(file.path(), plot, metrics);
}

}  // namespace inspectsim::cli
