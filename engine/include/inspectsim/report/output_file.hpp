#pragma once
/// @file
/// Where a report goes. A regular file is written through a temporary file and a rename, so it
/// is whole or absent; a FIFO or a character device (/dev/null, a pipe from `>(...)`) is written
/// directly. Paths are checked before a long run: a directory, a missing or read-only directory,
/// a socket, or one of the run's own input files is refused.

#include <stdexcept>
#include <string>
#include <vector>

namespace inspectsim {

/// An output path that cannot be used (bad usage; exit 2 in the command line).
/// The message reads "PATH: expected ..., found ...".
class OutputPathError : public std::invalid_argument {
 public:
  OutputPathError(const std::string& path, const std::string& problem);
};

/// Writing a report failed (a full disk, an I/O error): the message names the user's path and
/// the operating system's reason.
class OutputWriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What an output path names.
enum class OutputKind {
  file,    ///< a regular file, or none yet: replaced whole through a temporary file
  stream,  ///< a FIFO or a character device: written directly, never replaced
};

/// Checks `path` before anything is computed. `inputs` are the files the run reads (a scenario
/// and its `extends:` chain); writing over one of them is refused. Throws OutputPathError.
OutputKind check_output_path(const std::string& path, const std::vector<std::string>& inputs = {});

/// Writes `text` to `path`: a regular file whole or not at all, a FIFO or a character device
/// directly. Throws OutputPathError for a path no report can go to, OutputWriteError when
/// writing fails.
void write_output(const std::string& path, const std::string& text);

}  // namespace inspectsim
